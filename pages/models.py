"""Page types of the site. Every content page holds three reading levels (see ``levels.py``)."""

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField

from etablering.content_memo import remember_copies
from etablering.languages import LANGUAGES, SOURCE_LANGUAGE, get_language
from etablering.wagtail_internals import known_parent, request_site, set_known_parent

from . import speech
from .blocks import ContentStreamBlock, EntranceBlock, StepStreamBlock
from .levels import (
    BY_CODE,
    BY_URL_SEGMENT,
    LEVELS,
    RESERVED_SLUGS,
    SFI_COURSES,
    STANDARD,
    reading_at,
)
from .media import MediaFile
from .panels import ReadabilityPanel
from .readability import Readability, measure, plain_text
from .translations import (
    LocalizedLink,
    language_links,
    live_translations,
    locale_code,
    localized_links,
    localized_links_by_id,
    source_changed_since_translation,
    with_level,
)
from .view_restrictions import any_view_restriction_exists


def _group_by_value(mapping: dict) -> dict:
    groups: dict = {}
    for key, value in mapping.items():
        groups.setdefault(value, []).append(key)
    return groups


@dataclass(frozen=True)
class LevelContent:
    """One reading level of a page, ready for the template."""

    level: Any  # levels.ReadingLevel
    intro: str
    body: Any  # StreamValue


def _stream_text(stream) -> str:
    """The readable text of a content stream, one block per line."""
    lines = []
    for block in stream:
        if block.block_type == "heading":
            lines.append(str(block.value))
        elif block.block_type == "paragraph":
            lines.append(plain_text(block.value.source))
        elif block.block_type == "facts":
            value = block.value
            lines.append(value["responsible"])
            lines.extend(value["bring"])
            lines.append(value["duration"])
            lines.append(value["next"])
        elif block.block_type == "figure" and block.value.get("caption"):
            lines.append(block.value["caption"])
    return "\n".join(lines)


def level_tabs(extra_content_panels=()):
    """The editor's tabs: one per reading level, each with its LIX, then promote and settings."""
    tabs = []
    for level in LEVELS:
        # TitleFieldPanel fills the slug (in the Promote tab) from the title, as Wagtail's own
        # page editor does: a new page's first publish never fails on a field out of sight
        panels = [] if level is not STANDARD else [TitleFieldPanel("title"), *extra_content_panels]
        panels += [ReadabilityPanel(level.code)]
        if level.code == "sfi":
            panels.append(FieldPanel("sfi_course"))
        panels += [
            FieldPanel(level.field("intro")),
            FieldPanel(level.field("body")),
            FieldPanel(level.field("audio")),
        ]
        tabs.append(ObjectList(panels, heading=level.label))
    tabs.append(ObjectList(Page.promote_panels, heading=_("Promote")))
    tabs.append(ObjectList(Page.settings_panels, heading=_("Settings")))
    return TabbedInterface(tabs)


class LanguageContextMixin:
    """What every page template needs to know about languages: the page's own language, whether
    it stands in for a missing translation, the language switcher and whether it is out of date.
    (Every page type of the site has it, so it also answers Wagtail's view-restriction question
    without the database while no restriction exists: see view_restrictions.py.)"""

    def get_view_restrictions(self):
        if not any_view_restriction_exists():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def swedish_version(self):
        """This page in Swedish, the source language (itself when it is Swedish); None when the
        Swedish page is not live."""
        if locale_code(self.locale_id) == SOURCE_LANGUAGE:
            return self

        def read():
            swedish = type(self).objects.filter(
                translation_key=self.translation_key, locale__language_code=SOURCE_LANGUAGE
            )
            return swedish.live().first()

        return remember_copies(
            ("swedish-version", self._meta.label_lower, self.translation_key), read
        )

    def get_live_translations(self):
        return remember_copies(
            ("translations", self._meta.label_lower, self.translation_key),
            lambda: live_translations(self),
        )

    def language_context(self, request, level_code=STANDARD.code) -> dict:
        interface_language = translation.get_language() or SOURCE_LANGUAGE
        page_language = locale_code(self.locale_id)
        translations = self.get_live_translations()
        return {
            "page_language": get_language(page_language),
            "is_language_fallback": page_language != interface_language,
            "language_links": language_links(self, request, level_code, translations),
            "source_changed_on": source_changed_since_translation(self, translations),
        }


AUDIO_HELP = _(
    "A person reading this level's text aloud, in this page's language (SFI level: Swedish). "
    "Leave empty and a synthetic voice reads it, where the language has one."
)


def _recording_field(verbose_name):
    """The recording of one reading level."""
    return models.ForeignKey(
        MediaFile,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=AUDIO_HELP,
    )


class LeveledPage(LanguageContextMixin, Page):
    """A page whose text exists at up to three reading levels, each at its own URL.

    The SFI level is Swedish in every language version (it is for people learning Swedish), so it
    is synchronised from the Swedish page rather than translated.
    """

    serves_reading_levels = True  # links to it keep the visitor's level (levels.keep_level)

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One to three sentences: what this page is about and who it is for."),
    )
    body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("text"),
        help_text=_("The standard text: plain Swedish as authorities write it (LIX at most 45)."),
    )
    easy_intro = models.TextField(
        _("introduction (easy to read)"),
        blank=True,
        help_text=_(
            "Easy to read: short sentences, common words. Leave empty if there is no easy version."
        ),
    )
    easy_body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("text (easy to read)"),
        help_text=_("One message per sentence, common words, numbered steps (LIX at most 30)."),
    )
    sfi_course = models.CharField(
        _("SFI course"),
        max_length=1,
        choices=SFI_COURSES,
        blank=True,
        help_text=_("The SFI course (A–D) a reader of the SFI level needs."),
    )
    sfi_intro = models.TextField(
        _("introduction (SFI level)"),
        blank=True,
        help_text=_("Simple Swedish for learners. Always Swedish, in every language version."),
    )
    sfi_body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("text (SFI level)"),
        help_text=_("For learners of Swedish: everyday words, short sentences (LIX at most 40)."),
    )

    audio = _recording_field(_("recording"))
    easy_audio = _recording_field(_("recording (easy to read)"))
    sfi_audio = _recording_field(_("recording (SFI level)"))
    has_video = models.BooleanField(default=False, editable=False)
    has_pictogram_block = models.BooleanField(default=False, editable=False)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("easy_intro"),
        index.SearchField("easy_body"),
        index.SearchField("sfi_intro"),
        index.SearchField("sfi_body"),
    ]
    override_translatable_fields = [
        SynchronizedField("sfi_course", overridable=False),
        SynchronizedField("sfi_intro", overridable=False),
        SynchronizedField("sfi_body", overridable=False),
        SynchronizedField("sfi_audio", overridable=False),
    ]
    edit_handler = level_tabs()

    class Meta:
        abstract = True

    LEVEL_FIELDS = tuple(level.field(name) for level in LEVELS for name in ("intro", "body"))

    @classmethod
    def levels_in_bulk(cls, pages) -> dict[int, "LeveledPage"]:
        """The reading levels of those of `pages` (base Page objects) that have them, in one query
        whatever their page types: each as an unsaved object of its own type holding only the
        levels' introductions and texts, enough for resolve_level()."""
        models_by_pk = {}
        for page in pages:
            model = page.specific_class
            if model is not None and issubclass(model, cls):
                models_by_pk[page.pk] = model
        if not models_by_pk:
            return {}
        parts = [
            model.objects.filter(pk__in=pks).order_by().values_list("pk", *cls.LEVEL_FIELDS)
            for model, pks in _group_by_value(models_by_pk).items()
        ]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        levels = {}
        for pk, *fields in rows:
            levels[pk] = models_by_pk[pk](pk=pk, **dict(zip(cls.LEVEL_FIELDS, fields, strict=True)))
        return levels

    # Reading levels ---------------------------------------------------------------------------

    def get_cached_paths(self):
        """Every level's address, for the CDN purge (wagtail.contrib.frontend_cache)."""
        return ["/"] + [f"/{level.url_segment}/" for level in LEVELS if level.url_segment]

    def level_content(self, code: str) -> LevelContent | None:
        level = BY_CODE[code]
        intro = getattr(self, level.field("intro"))
        body = getattr(self, level.field("body"))
        if not intro.strip() and not len(body):
            return None
        return LevelContent(level=level, intro=intro, body=body)

    @cached_property
    def available_levels(self):
        return [level for level in LEVELS if self.level_content(level.code) is not None]

    def resolve_level(self, code: str) -> tuple[LevelContent | None, bool]:
        """The content to show for a requested level, and whether it is a stand-in."""
        wanted = self.level_content(code)
        if wanted is not None:
            return wanted, False
        for other in BY_CODE[code].nearest:
            content = self.level_content(other)
            if content is not None:
                return content, True
        return None, True

    def level_language(self, code: str) -> str:
        """The language a level is written in: SFI level is always Swedish."""
        return SOURCE_LANGUAGE if code == "sfi" else locale_code(self.locale_id)

    def readability(self, code: str) -> Readability:
        level = BY_CODE[code]
        text = (
            getattr(self, level.field("intro"))
            + "\n"
            + _stream_text(getattr(self, level.field("body")))
        )
        return measure(text)

    def speech_text(self, code: str) -> str:
        """The exact text a synthetic voice reads for a level: title (not at the SFI level, which
        is Swedish under every language's title), introduction and text."""
        if self.level_content(code) is None:
            return ""
        level = BY_CODE[code]
        parts = [] if code == "sfi" else [self.title]
        parts.append(getattr(self, level.field("intro")))
        parts.append(_stream_text(getattr(self, level.field("body"))))
        return "\n".join(part.strip() for part in parts if part and part.strip())

    # Audio, video and the formats of each language -------------------------------------------

    def save(self, *args, **kwargs):
        block_types = {
            block.block_type for level in LEVELS for block in getattr(self, level.field("body"))
        }
        self.has_video = "video" in block_types
        self.has_pictogram_block = "pictogram" in block_types
        return super().save(*args, **kwargs)

    def has_pictograms(self) -> bool:
        """Whether this language version shows pictograms (read from flags kept on save, so the
        format matrix needs no query of its own)."""
        return self.has_pictogram_block

    @cached_property
    def _translations_with_media(self):
        """Every live language version with its recordings, in the one query that the language
        switcher makes anyway (texts left out: only the recordings and the video flag count)."""
        heavy = [level.field(name) for level in LEVELS for name in ("intro", "body")]
        queryset = (
            type(self)
            .objects.select_related(*(level.field("audio") for level in LEVELS))
            .defer(*heavy, "search_description")
        )
        return remember_copies(
            ("translations-with-media", self._meta.label_lower, self.translation_key),
            lambda: live_translations(self, queryset),
        )

    def get_live_translations(self):
        return self._translations_with_media

    def media_formats(self, level_code: str) -> tuple[MediaFile | None, list[dict]]:
        """The playable recording of a level of this page, and per site language which formats
        this page has: text, audio, pictograms, video. No query beyond the language switcher's."""
        versions = self._translations_with_media

        def playable(version, code):
            clip = getattr(version, BY_CODE[code].field("audio"))
            language_code = version.level_language(code)
            if clip is None or clip.type != "audio" or clip.language not in ("", language_code):
                return None
            return clip if clip.file_exists() else None

        formats = []
        for language in LANGUAGES:
            version = versions.get(language.code)
            # A language's audio is its own: the SFI level is Swedish in every language.
            codes = [
                level.code
                for level in LEVELS
                if language.code == SOURCE_LANGUAGE or level.code != "sfi"
            ]
            row = {
                "language": language,
                "text": version is not None,
                "audio": version is not None and any(playable(version, code) for code in codes),
                "pictograms": version is not None and version.has_pictograms(),
                "video": version is not None and version.has_video,
            }
            row["cells"] = (row["text"], row["audio"], row["pictograms"], row["video"])  # in order
            formats.append(row)
        own = versions.get(locale_code(self.locale_id))
        return (playable(own, level_code) if own is not None else None), formats

    def get_level_url(self, code: str, request=None) -> str:
        return with_level(self.get_url(request), code)

    # Routing and serving ---------------------------------------------------------------------

    def route(self, request, path_components):
        if len(path_components) == 1 and path_components[0] in BY_URL_SEGMENT and self.live:
            return RouteResult(self, kwargs={"level": BY_URL_SEGMENT[path_components[0]].code})
        return super().route(request, path_components)

    def serve(self, request, *args, level=STANDARD.code, **kwargs):
        # Rendered here, at the level: every internal link on the page keeps it (levels.py).
        with reading_at(level):
            response = super().serve(request, *args, level=level, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context(self, request, *args, level=STANDARD.code, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        content, level_is_stand_in = self.resolve_level(level)
        language_context = self.language_context(request, level)
        recording, formats = self.media_formats(content.level.code if content else level)
        with_audio = {row["language"].code for row in formats if row["audio"]}
        language_context["language_links"] = [
            replace(link, has_audio=link.language.code in with_audio)
            for link in language_context["language_links"]
        ]
        context.update(
            language_context,
            recording=recording,
            formats=formats,
            requested_level=BY_CODE[level],
            content=content,
            level_is_stand_in=level_is_stand_in,
            level_links=[
                {
                    "level": available,
                    "url": self.get_level_url(available.code, request),
                    "current": content is not None and available.code == content.level.code,
                }
                for available in self.available_levels
            ],
            content_language=get_language(
                self.level_language(content.level.code) if content else locale_code(self.locale_id)
            ),
        )
        return context

    def clean(self):
        super().clean()
        # A child with a level's slug could never be reached: the level's URL would win.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of a reading level. Choose another slug.")
                    % {"slug": self.slug}
                }
            )
        if not any(self.level_content(level.code) for level in LEVELS):
            raise ValidationError(_("Write the text of at least one reading level."))


class HomePage(LeveledPage):
    """The start page of one language: entrances by situation and the chain."""

    heard_first = True  # its speech goes before the rest (pages/speech.py queue())
    entrances = StreamField(
        [("entrance", EntranceBlock())],
        blank=True,
        verbose_name=_("entrances by situation"),
        help_text=_("Up to six entrances, e.g. 'I have just arrived', 'I am an employer'."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.ChainOverviewPage",
        "pages.InformationPage",
        "intake.ContactPage",
        "employers.EmployerSectionPage",
        "partners.PartnersIndexPage",
    ]
    edit_handler = level_tabs([FieldPanel("entrances")])

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page in one query, and serve the Swedish page under this language's prefix
        when no translation exists."""
        try:
            page, remaining = self.deepest_page_on_path(path_components)
            if page is None:
                if remaining and remaining[0] not in RESERVED_SLUGS:
                    raise Http404  # no page of that name (Wagtail would ask the database again)
                return super(HomePage, self.loaded_whole()).route(request, path_components)
            return page.specific.route(request, remaining)
        except Http404:
            source_home = self.source_home_for(request)
            if source_home is None or source_home.pk == self.pk:
                raise
            return source_home.route(request, path_components)

    def source_home_for(self, request):
        """The Swedish home page: the site's root page, which Wagtail has already loaded for
        this request, when it is Swedish (no query); else looked up."""
        site = request_site(request)
        root = site.root_page if site is not None else None
        if root is not None and locale_code(root.locale_id) == SOURCE_LANGUAGE:
            return root.specific_deferred  # its own fields load only if they are read
        return self.source_home

    def loaded_whole(self):
        """This home page with all its fields (pages/serve.py routes from one whose own fields
        are left unloaded, to be loaded only if it is the page served)."""
        if not self.get_deferred_fields():
            return self
        return type(self).objects.get(pk=self.pk)

    def deepest_page_on_path(self, path_components):
        """The deepest page below this one whose address is a start of the path (None: no such
        page), with the rest of the path.

        Wagtail walks the tree one query per path segment; every ancestor's address is known
        beforehand, so one query finds them all, and the content memory remembers the answer
        until the content changes. The rest of the path goes to that page's own ``route``
        (reading levels, receipts, feeds), exactly as Wagtail would have passed it.
        """
        if not path_components:
            return None, []
        page, remaining = remember_copies(
            ("path", self.pk, tuple(path_components)),
            lambda: self._deepest_page_on_path(path_components),
        )
        top = page
        while top is not None and known_parent(top) is not None:
            top = known_parent(top)
        if top is not None:
            set_known_parent(top, self)  # each page on the path knows its parent: no query
        return page, remaining

    def _deepest_page_on_path(self, path_components):
        prefixes = [
            self.url_path + "/".join(path_components[:n]) + "/"
            for n in range(1, len(path_components) + 1)
        ]
        found = {p.url_path: p for p in Page.objects.filter(url_path__in=prefixes)}
        page, parent_path, matched = None, self.path, 0
        for prefix in prefixes:
            child = found.get(prefix)
            if child is None or child.path[: -Page.steplen] != parent_path:
                break
            if page is not None:
                set_known_parent(child, page)
            page, parent_path, matched = child, child.path, matched + 1
        return page, path_components[matched:]

    @cached_property
    def source_home(self):
        return self.swedish_version()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The stored values (page ids), not the blocks': their pages would cost a query of their
        # own before the query that finds their versions in the visitor's language.
        entrances = [child["value"] for child in self.entrances.raw_data]
        links = localized_links_by_id(
            [entrance["page"] for entrance in entrances if entrance.get("page")],
            translation.get_language() or SOURCE_LANGUAGE,
        )
        context["entrances"] = [
            {"title": entrance["title"], "text": entrance["text"], "link": links[entrance["page"]]}
            for entrance in entrances
            if entrance.get("page") in links
        ]
        context["chain_overview"] = remember_copies(
            ("chain-overview", self.pk),
            lambda: ChainOverviewPage.objects.child_of(self).live().first(),
        )
        return context


class InformationPage(LeveledPage):
    """Information on one subject, e.g. SFI, support for people who cannot read, contact details."""

    parent_page_types = ["pages.HomePage", "pages.InformationPage"]
    subpage_types = ["pages.InformationPage", "intake.ContactPage"]

    class Meta:
        verbose_name = _("information page")


class ChainOverviewPage(LeveledPage):
    """The whole establishment chain as a numbered sequence of its steps."""

    heard_first = True  # its speech goes before the rest (pages/speech.py queue())
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ChainStepPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("chain overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = self.swedish_version() or self  # the Swedish steps define the chain everywhere
        steps = ChainStepPage.live_steps_under(source.path)
        links = localized_links(steps, request)
        context["steps"] = [links[step.pk] for step in steps if step.pk in links]
        return context


class ChainStepPage(LeveledPage):
    """One step of the establishment chain: what happens, who helps, what to bring, how long."""

    heard_first = True  # its speech goes before the rest (pages/speech.py queue())
    body = StreamField(
        StepStreamBlock(),
        blank=True,
        verbose_name=_("text"),
        help_text=_("The standard text, with the step facts (LIX at most 45)."),
    )
    easy_body = StreamField(
        StepStreamBlock(),
        blank=True,
        verbose_name=_("text (easy to read)"),
        help_text=_("The easy-to-read text, with the step facts (LIX at most 30)."),
    )
    sfi_body = StreamField(
        StepStreamBlock(),
        blank=True,
        verbose_name=_("text (SFI level)"),
        help_text=_("The SFI-level text, with the step facts (LIX at most 40)."),
    )

    pictogram = models.ForeignKey(
        "pictures.Pictogram",
        verbose_name=_("pictogram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The picture of this step in the pictures-and-sound mode."),
    )
    pictures_line = models.CharField(
        _("short line"),
        max_length=90,
        blank=True,
        help_text=_(
            "One short sentence for the pictures-and-sound mode, e.g. 'You learn Swedish at SFI.' "
            "It is also what the step's clip says."
        ),
    )
    pictures_clip = models.ForeignKey(
        "pages.MediaFile",
        verbose_name=_("clip of the short line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the short line, spoken in this language."),
    )

    parent_page_types = ["pages.ChainOverviewPage"]
    subpage_types = []
    override_translatable_fields = LeveledPage.override_translatable_fields + [
        SynchronizedField("pictogram", overridable=False),
        SynchronizedField("pictures_clip"),
    ]
    edit_handler = level_tabs(
        [FieldPanel("pictogram"), FieldPanel("pictures_line"), FieldPanel("pictures_clip")]
    )

    class Meta:
        verbose_name = _("chain step")

    def has_pictograms(self) -> bool:
        return self.pictogram_id is not None or super().has_pictograms()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        overview = self.get_parent()  # known from routing: no query
        pages = [self.previous_step, self.next_step, overview]
        if context["is_language_fallback"]:  # link the visitor's language versions
            links = localized_links(pages, request)
        else:
            language = locale_code(self.locale_id)
            links = {p.pk: LocalizedLink(p, p.get_url(request), language) for p in pages if p}
        context.update(
            step_number=self.step_number,
            step_count=len(self.step_siblings),
            previous_link=links.get(self.previous_step.pk) if self.previous_step else None,
            next_link=links.get(self.next_step.pk) if self.next_step else None,
            overview_link=links.get(overview.pk),
        )
        return context

    @cached_property
    def step_siblings(self) -> list[Page]:
        """The live steps of this chain in order, as plain pages: the step numbers and the links
        to the previous and next step need no more than title, URL and language."""
        return ChainStepPage.live_steps_under(self.path[: -self.steplen])

    @classmethod
    def live_steps_under(cls, overview_path: str) -> list[Page]:
        """The live steps of the chain whose overview has this tree path, in order, as plain
        pages (title, URL, language and summary are all that step lists show), remembered until
        the content changes."""

        def read():
            depth = len(overview_path) // Page.steplen + 1
            steps = Page.objects.filter(path__startswith=overview_path, depth=depth)
            return list(steps.live().type(cls).order_by("path"))

        return remember_copies(("chain-steps", overview_path), read)

    @property
    def step_number(self):
        for number, step in enumerate(self.step_siblings, start=1):
            if step.pk == self.pk:
                return number
        return None

    @property
    def next_step(self):
        number = self.step_number
        if number is None or number >= len(self.step_siblings):
            return None
        return self.step_siblings[number]

    @property
    def previous_step(self):
        number = self.step_number
        if not number or number < 2:
            return None
        return self.step_siblings[number - 2]


class SiteDetails(TranslatableMixin, models.Model):
    """The organisation's contact details, one set per language (opening hours are words)."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        help_text=_("Shown at the top of every page, e.g. Etablering Stockholm."),
    )
    phone = models.CharField(
        _("phone number"), max_length=40, help_text=_("As people dial it, e.g. 08-123 456 78.")
    )
    email = models.EmailField(
        _("e-mail address"), help_text=_("A shared address that someone reads every day.")
    )
    address = models.TextField(_("visiting address"), help_text=_("One line per address line."))
    opening_hours = models.TextField(
        _("opening hours"), help_text=_("In words, one line per day or group of days.")
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The accessibility statement, linked from the footer of every page."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("contact_page"),
        FieldPanel("accessibility_page"),
        HelpPanel(content=_("Shown in the footer of every page in this language.")),
    ]
    override_translatable_fields = [
        SynchronizedField("phone", overridable=False),
        SynchronizedField("email", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site details")
        verbose_name_plural = _("site details")

    def __str__(self):
        return f"{self.organisation_name} ({self.locale})"

    @classmethod
    def for_language(cls, language_code: str):
        """The details in this language, else in Swedish; None before any are entered."""
        rows = {
            row.locale.language_code: row
            for row in cls.objects.filter(
                locale__language_code__in={language_code, SOURCE_LANGUAGE}
            ).select_related("locale", "contact_page", "accessibility_page")
        }
        return rows.get(language_code) or rows.get(SOURCE_LANGUAGE)


def _register_speech():
    """Each reading level of every page is read aloud, in the level's language."""
    for level in LEVELS:
        speech.register(
            LeveledPage,
            text=lambda page, code=level.code: page.speech_text(code),
            field=level.field("audio"),
            language=lambda page, code=level.code: page.level_language(code),
            name=level.code,
        )


_register_speech()


class SpokenPhrase(models.Model):
    """One interface phrase (pages/phrases.py) spoken in one language: the clip that plays
    beside it for people who cannot read. Rows exist for every phrase in every language; the
    clip is a recording from the workspace or synthetic speech where the language has a voice."""

    heard_first = True  # the pictures mode needs them: queued before bulk speech work

    key = models.CharField(_("phrase"), max_length=80, editable=False)
    language = models.CharField(
        _("language"),
        max_length=8,
        editable=False,
        choices=[(language.code, language.name_local) for language in LANGUAGES],
    )
    audio = models.ForeignKey(
        MediaFile,
        verbose_name=_("audio clip"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a recording of the meaning, in this language."),
    )

    class Meta:
        verbose_name = _("spoken phrase")
        verbose_name_plural = _("spoken phrases")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="one_phrase_per_language")
        ]

    def __str__(self):
        return f"{self.text or self.key} ({self.language})"

    @property
    def text(self) -> str:
        """What the clip says: the phrase's interface text in the row's language."""
        from . import phrases

        return phrases.text(self.key, self.language)
