"""The transnational partners section (seed 003, TransNet; seed 000, Copenhagen).

Pages: the section (``PartnersIndexPage``), a page per city with its projects below it, a page per
theme, the material library, the colleague directory, exchange events and the handbook. Pages are
translatable with wagtail-localize. Documents are the site's own Wagtail document model
(``PartnerDocument``: summary, city, themes, language, type, date). Colleagues and the meetings
arranged with them are snippets that only the partner coordinators edit.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField

from etablering.params import object_id
from etablering.storage import private_storage
from pages.models import LanguageContextMixin

from .choices import City, DocumentType, EventKind, ThemeCode

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Theme(models.Model):
    """One of the four TransNet themes. The four rows are made by a migration; their names are
    interface strings, so they appear in the visitor's language."""

    code = models.CharField(
        _("theme"), max_length=20, choices=ThemeCode.choices, unique=True, help_text=_("Fixed.")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return str(self.get_code_display())


def themes_widget():
    return forms.CheckboxSelectMultiple


# Documents ----------------------------------------------------------------------------------------


class PartnerDocument(AbstractDocument):
    """A document in the material library. Which city may change it is decided by its collection
    (each city has one); ``city`` is what the library shows and filters by."""

    # Every document lives in the private storage, public or not: no URL reaches the files except
    # Wagtail's serve view, which checks the collection's privacy on every download. So nothing
    # has to move when a document changes collection, and there is no moment it is exposed.
    file = models.FileField(
        upload_to="documents",
        verbose_name=AbstractDocument._meta.get_field("file").verbose_name,  # Wagtail's "file"
        storage=private_storage,
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Two or three sentences: what the document is and who can use it."),
    )
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City.choices,
        blank=True,
        help_text=_("The partner city the document comes from."),
    )
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="documents",
        help_text=_("The themes the document is about."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the document is written in."),
    )
    document_type = models.CharField(
        _("type of document"),
        max_length=30,
        choices=DocumentType.choices,
        blank=True,
        help_text=_("e.g. programme plan, course module, report."),
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("When the document was written or updated.")
    )

    admin_form_fields = Document.admin_form_fields + (
        "summary",
        "city",
        "themes",
        "language",
        "document_type",
        "date",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def extension(self) -> str:
        return self.file_extension.lower()

    @property
    def format_name(self) -> str:
        from .uploads import FORMAT_NAMES

        return str(FORMAT_NAMES.get(self.extension, self.extension.upper()))


# Pages --------------------------------------------------------------------------------------------


class PartnerPage(LanguageContextMixin, Page):
    """What every page of the section has: an introduction and a text."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One to three sentences: what this page is about and who it is for."),
    )
    body = RichTextField(
        _("text"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Short paragraphs with informative headings."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.language_context(request))
        section = self.partner_section()
        context["section"] = section
        context["library"] = context["directory"] = None
        if section is not None:
            for child in (
                section.get_children()
                .live()
                .type(MaterialLibraryPage, ColleagueDirectoryPage)
                .specific()
            ):
                key = "library" if isinstance(child, MaterialLibraryPage) else "directory"
                context[key] = child
        return context

    def partner_section(self):
        if isinstance(self, PartnersIndexPage):
            return self
        return PartnersIndexPage.objects.ancestor_of(self).live().first()


class PartnersIndexPage(PartnerPage):
    """The partners section: the cities, the themes, the library, colleagues, events, handbook,
    and the exchange's progress against its targets."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "partners.CityPage",
        "partners.ThemePage",
        "partners.MaterialLibraryPage",
        "partners.ColleagueDirectoryPage",
        "partners.EventIndexPage",
        "partners.HandbookPage",
    ]
    max_count_per_parent = 1
    template = "partners/partners_index_page.html"

    class Meta:
        verbose_name = _("partners section")

    def get_context(self, request, *args, **kwargs):
        from .progress import exchange_progress

        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().specific().order_by("path")
        context["cities"] = [p for p in children if isinstance(p, CityPage)]
        context["themes"] = [p for p in children if isinstance(p, ThemePage)]
        context["sections"] = [p for p in children if not isinstance(p, (CityPage, ThemePage))]
        context["progress"] = exchange_progress()
        return context


class CityPage(PartnerPage):
    """A partner city (or Stockholm, the host): its organisation, projects, themes and contact.
    The city's group edits this page and creates pages below it, through moderation."""

    city = models.CharField(
        _("city"), max_length=20, choices=City.choices, help_text=_("Which city this page is.")
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("The partner organisation, e.g. the city's employment administration."),
    )
    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        help_text=_("The themes the city works on in the exchange."),
    )
    contact_role = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A role, not a person's name, e.g. 'Partner coordinator'."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("A shared mailbox that someone reads every week."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("city"), FieldPanel("organisation")]),
        FieldPanel("intro"),
        FieldPanel("themes", widget=themes_widget()),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email")], heading=_("Contact")
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("city", overridable=False),
        SynchronizedField("themes", overridable=False),
        SynchronizedField("contact_email", overridable=False),
    ]
    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = ["partners.ProjectPage"]
    template = "partners/city_page.html"

    class Meta:
        verbose_name = _("partner city")

    def get_context(self, request, *args, **kwargs):
        from .library import public_documents

        context = super().get_context(request, *args, **kwargs)
        context["projects"] = ProjectPage.objects.child_of(self).live().order_by("path")
        context["documents"] = public_documents().filter(city=self.city).order_by("-date")[:10]
        context["events"] = events_in(self.locale_id).filter(city=self.city)
        context["colleagues"] = Colleague.objects.filter(city=self.city, offers_to_meet=True)
        return context


class ProjectPage(PartnerPage):
    """A project or method of a city (e.g. Trondheim's mentor network), under the city's page."""

    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        help_text=_("The themes the project is about; it is shown on those theme pages."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("themes", widget=themes_widget()),
        FieldPanel("body"),
    ]
    override_translatable_fields = [SynchronizedField("themes", overridable=False)]
    parent_page_types = ["partners.CityPage"]
    subpage_types = []
    template = "partners/project_page.html"

    class Meta:
        verbose_name = _("partner project")

    @cached_property
    def city_page(self):
        return self.get_parent().specific


class ThemePage(PartnerPage):
    """One theme, gathering every city's projects, materials and events on it."""

    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The theme this page gathers."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("theme"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [SynchronizedField("theme", overridable=False)]
    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = []
    template = "partners/theme_page.html"

    class Meta:
        verbose_name = _("partner theme")

    def get_context(self, request, *args, **kwargs):
        from .library import public_documents

        context = super().get_context(request, *args, **kwargs)
        section = context["section"]
        cities = CityPage.objects.child_of(section).live() if section else CityPage.objects.none()
        context["cities"] = cities.filter(themes=self.theme).order_by("path")
        context["projects"] = (
            ProjectPage.objects.live()
            .filter(locale_id=self.locale_id, themes=self.theme)
            .order_by("path")
        )
        context["documents"] = public_documents().filter(themes=self.theme).order_by("-date")
        context["events"] = events_in(self.locale_id).filter(theme=self.theme)
        return context


class MaterialLibraryPage(PartnerPage):
    """Every public document, filtered with a plain GET form; each document has a page of its own
    below this one (``…/<id>/``) with its summary and the download."""

    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "partners/material_library_page.html"

    class Meta:
        verbose_name = _("material library")

    def route(self, request, path_components):
        if len(path_components) == 1 and self.live:
            document_id = object_id(path_components[0])
            if document_id is not None:
                return RouteResult(self, kwargs={"document_id": document_id})
        return super().route(request, path_components)

    def serve(self, request, *args, document_id=None, **kwargs):
        if document_id is not None:
            from .library import serve_document_page

            return serve_document_page(self, request, document_id)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .library import document_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(document_listing(request))
        return context


class ColleagueDirectoryPage(PartnerPage):
    """Colleagues in every city who offer to meet: role, city, themes, languages spoken."""

    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "partners/colleague_directory_page.html"

    class Meta:
        verbose_name = _("colleague directory")

    def get_context(self, request, *args, **kwargs):
        from .library import colleague_listing, partner_contact_page

        context = super().get_context(request, *args, **kwargs)
        context.update(colleague_listing(request))
        context["contact_page"] = partner_contact_page(self.locale_id)
        return context


class EventIndexPage(PartnerPage):
    """Study visits, workshops and seminars: upcoming first, then past ones with their reports."""

    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = ["partners.EventPage"]
    max_count_per_parent = 1
    template = "partners/event_index_page.html"

    class Meta:
        verbose_name = _("exchange events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live()
        today = timezone.localdate()
        context["upcoming"] = events.filter(start_date__gte=today).order_by("start_date")
        context["past"] = events.filter(start_date__lt=today).order_by("-start_date")
        return context


def events_in(locale_id):
    return EventPage.objects.live().filter(locale_id=locale_id).order_by("-start_date")


class EventPage(PartnerPage):
    """A study visit, workshop or seminar: before it the programme, after it a report and the
    materials."""

    kind = models.CharField(
        _("kind of event"),
        max_length=20,
        choices=EventKind.choices,
        help_text=_("Study visits go to a partner city; workshops and seminars are in Stockholm."),
    )
    city = models.CharField(
        _("city"), max_length=20, choices=City.choices, help_text=_("Where the event takes place.")
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The theme the event is about."),
    )
    start_date = models.DateField(_("date"), help_text=_("The first day."))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Empty for a one-day event.")
    )
    cancelled = models.BooleanField(
        _("cancelled"), default=False, help_text=_("A cancelled event does not count as held.")
    )
    programme = RichTextField(
        _("programme"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What happens when, who takes part."),
    )
    report = RichTextField(
        _("report"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("After the event: what we learned and what we will try."),
    )
    materials = StreamField(
        [("document", DocumentChooserBlock(label=_("document")))],
        blank=True,
        verbose_name=_("materials"),
        help_text=_("Documents from the event: programme, presentations, notes."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("city"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("cancelled")]),
        FieldPanel("intro"),
        FieldPanel("programme"),
        FieldPanel("report"),
        FieldPanel("materials"),
    ]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("kind", "city", "theme", "start_date", "end_date", "cancelled", "materials")
    ]
    parent_page_types = ["partners.EventIndexPage"]
    subpage_types = []
    template = "partners/event_page.html"

    class Meta:
        verbose_name = _("exchange event")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first.")})

    @property
    def is_past(self):
        return self.start_date < timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        from .library import public_documents

        context = super().get_context(request, *args, **kwargs)
        ids = [block.value.pk for block in self.materials if block.value is not None]
        context["material_documents"] = public_documents().filter(pk__in=ids)
        return context


class HandbookPage(PartnerPage):
    """The handbook: contents, the chapters as pages below, and the whole handbook on one
    printable page (``…/hela-handboken/``)."""

    WHOLE = "hela-handboken"

    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = ["partners.HandbookChapterPage"]
    max_count_per_parent = 1
    template = "partners/handbook_page.html"

    class Meta:
        verbose_name = _("handbook")

    def route(self, request, path_components):
        if path_components == [self.WHOLE] and self.live:
            return RouteResult(self, kwargs={"whole": True})
        return super().route(request, path_components)

    def serve(self, request, *args, whole=False, **kwargs):
        request.is_whole_handbook = whole
        return super().serve(request, *args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        if getattr(request, "is_whole_handbook", False):
            return "partners/handbook_whole.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = HandbookChapterPage.objects.child_of(self).live().order_by("path")
        context["whole_url"] = f"{self.get_url(request)}{self.WHOLE}/"
        return context


class HandbookChapterPage(PartnerPage):
    parent_page_types = ["partners.HandbookPage"]
    subpage_types = []
    template = "partners/handbook_chapter_page.html"

    class Meta:
        verbose_name = _("handbook chapter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        handbook = self.get_parent().specific
        chapters = list(HandbookChapterPage.objects.child_of(handbook).live().order_by("path"))
        number = next((n for n, c in enumerate(chapters, 1) if c.pk == self.pk), None)
        context.update(
            handbook=handbook,
            chapter_number=number,
            previous_chapter=chapters[number - 2] if number and number > 1 else None,
            next_chapter=chapters[number] if number and number < len(chapters) else None,
            whole_url=f"{handbook.get_url(request)}{HandbookPage.WHOLE}/",
        )
        return context


# Colleagues and meetings (snippets for the coordinators) ------------------------------------------


class Colleague(ClusterableModel):
    """A colleague who offers to meet. The public directory shows role, city, organisation,
    themes and languages; never an e-mail address or phone number (requests go through the
    partner coordinator)."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("As the colleague wants it shown.")
    )
    role = models.CharField(
        _("role"), max_length=200, help_text=_("e.g. Job coach for young people.")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Where the colleague works.")
    )
    city = models.CharField(
        _("city"), max_length=20, choices=City.choices, help_text=_("The colleague's city.")
    )
    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="colleagues",
        help_text=_("What the colleague can talk about."),
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        help_text=_("In their own names, comma-separated, e.g. 'Dansk, English'."),
    )
    offers_to_meet = models.BooleanField(
        _("offers to meet"), default=True, help_text=_("Shown in the directory only when ticked.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("organisation")]),
        FieldPanel("themes", widget=themes_widget()),
        FieldPanel("languages"),
        FieldPanel("offers_to_meet"),
    ]

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("colleague")
        verbose_name_plural = _("colleagues")

    def __str__(self):
        return f"{self.name} ({self.get_city_display()})"


class Meeting(models.Model):
    """A "Meet a Colleague" meeting the coordinator has arranged (the target is 125)."""

    colleague = models.ForeignKey(
        Colleague,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The partner-city colleague who meets someone from Stockholm."),
    )
    arranged_on = models.DateField(
        _("date of the meeting"), default=timezone.localdate, help_text=_("When they meet.")
    )
    panels = [FieldPanel("colleague"), FieldPanel("arranged_on")]

    class Meta:
        ordering = ["-arranged_on"]
        verbose_name = _("arranged meeting")
        verbose_name_plural = _("arranged meetings")

    def __str__(self):
        return f"{self.colleague} – {self.arranged_on:%Y-%m-%d}"
