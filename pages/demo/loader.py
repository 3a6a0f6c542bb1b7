"""Demo content: the Swedish pages from ``content/sv.toml`` and their translations.

Idempotent: a page that exists (same translation key and language) is never touched, so a second
run changes nothing and destroys nothing an editor made. Translations are made the way editors
make them, with wagtail-localize (a translation source, string translations, ``save_target``), so
they open in the translation editor and are flagged when the Swedish page changes.
"""

import re
import time
import tomllib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import (
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments.extract import extract_segments

from employers.models import EmployerPage, EmployerSectionPage, OfferIndexPage, OfferPage
from etablering.languages import LANGUAGES, SOURCE_LANGUAGE
from forms.models import ContactPage, Team
from pictures import demo as pictures_demo

from .. import phrases, speech
from ..levels import LEVELS
from ..models import ChainOverviewPage, ChainStepPage, HomePage, InformationPage, SiteDetails

CONTENT_DIR = Path(__file__).resolve().parent / "content"
NAMESPACE = uuid.UUID("5b1f6a52-8f0c-4a4e-9d7e-3c2f0f6a9e11")
OFFER_FACTS = (
    "kind",
    "sector",
    "place",
    "places",
    "start_date",
    "application_deadline",
    "language_level",
    "status",
)
PAGE_TYPES = {
    "contact": ContactPage,
    "employer_section": EmployerSectionPage,
    "employer_page": EmployerPage,
    "offer_index": OfferIndexPage,
    "offer": OfferPage,
    "home": HomePage,
    "chain_overview": ChainOverviewPage,
    "chain_step": ChainStepPage,
    "information": InformationPage,
}
TRANSLATED_LEVELS = ("standard", "easy")  # the SFI level is Swedish in every language
_ELEMENT = re.compile(r"<(h2|h3|p|ul|ol)>(.*?)</\1>", re.DOTALL)
_PAGE_LINK = re.compile(r'<a href="page:([a-z0-9-]+)">')


def translation_key(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def block_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


class DemoContentError(Exception):
    """The demo content files do not fit together (e.g. a translation lost a paragraph)."""


def _strings_by_path(instance) -> dict[str, list]:
    strings: dict[str, list] = {}
    for segment in extract_segments(instance):
        if hasattr(segment, "string"):
            strings.setdefault(segment.path, []).append(segment.string)
    return strings


def load_toml(language_code: str) -> dict:
    path = CONTENT_DIR / f"{language_code}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    skipped: int = 0

    def __str__(self):
        lines = [f"Created {len(self.created)}, left {self.skipped} existing untouched."]
        lines += [f"  + {item}" for item in self.created]
        return "\n".join(lines)


class DemoLoader:
    def __init__(self, stdout=None):
        self.report = Report()
        self.pages_by_key: dict[str, Page] = {}
        self.teams: dict[str, Team] = {}
        self.source = load_toml(SOURCE_LANGUAGE)
        self.stdout = stdout

    # Building field values ----------------------------------------------------------------------

    def link_html(self, html: str, resolve_links: bool) -> str:
        def replace(match):
            page = self.pages_by_key.get(match.group(1)) if resolve_links else None
            if page is None:
                return '<a href="#">'
            return f'<a linktype="page" id="{page.pk}">'

        return _PAGE_LINK.sub(replace, html)

    def stream(self, page_key: str, level: str, level_data: dict, resolve_links: bool) -> list:
        """A body in StreamField's JSON form, with block ids that are the same every run."""
        blocks = []
        if "responsible" in level_data:
            blocks.append(
                {
                    "type": "facts",
                    "id": block_id(page_key, level, "facts"),
                    "value": {
                        "responsible": level_data["responsible"],
                        "bring": [
                            {
                                "type": "item",
                                "value": item,
                                "id": block_id(page_key, level, "bring", str(i)),
                            }
                            for i, item in enumerate(level_data.get("bring", []))
                        ],
                        "duration": level_data["duration"],
                        "next": level_data["next"],
                    },
                }
            )
        rich_text: list[str] = []

        def flush():
            if rich_text:
                blocks.append(
                    {
                        "type": "paragraph",
                        "id": block_id(page_key, level, "text", str(len(blocks))),
                        "value": self.link_html("\n".join(rich_text), resolve_links),
                    }
                )
                rich_text.clear()

        for match in _ELEMENT.finditer(level_data.get("body", "")):
            tag, inner = match.groups()
            if tag == "h2":
                flush()
                blocks.append(
                    {
                        "type": "heading",
                        "id": block_id(page_key, level, "h2", str(len(blocks))),
                        "value": inner.strip(),
                    }
                )
            else:
                rich_text.append(match.group(0).strip())
        flush()
        return blocks

    def page_fields(self, data: dict, resolve_links: bool, levels=None) -> dict:
        fields = {"title": data["title"], "search_description": data.get("search_description", "")}
        if data["type"] == "contact":
            fields.update(intro=data["intro"], next_steps=data["next_steps"])
            if levels is None:  # the Swedish source: the form and team are shared by translations
                fields.update(channel=data["channel"], team=self.teams.get(data.get("team")))
            return fields
        if data["type"] == "offer":
            fields.update(
                occupation=data["occupation"],
                summary=data["summary"],
                commitment=data["commitment"],
                body=self.link_html(
                    "\n".join(line.strip() for line in data["body"].strip().splitlines()),
                    resolve_links,
                ),
            )
            if levels is None:  # the facts of the offer are the same in every language
                fields.update(
                    {name: data.get(name) for name in OFFER_FACTS},
                    team=self.teams.get(data.get("team")),
                )
            return fields
        for level in LEVELS:
            if levels is not None and level.code not in levels:
                continue
            level_data = data.get(level.code)
            if not level_data:
                continue
            fields[level.field("intro")] = level_data.get("intro", "")
            fields[level.field("body")] = self.stream(
                data["key"], level.code, level_data, resolve_links
            )
        if levels is None:
            fields["sfi_course"] = data.get("sfi_course", "")
        if data["type"] == "chain_step":  # pictogram and short line of the pictures mode
            fields.update(pictures_demo.step_fields(data["key"], data.get("language", "sv")))
        if data["type"] == "home" and data.get("entrances"):
            fields["entrances"] = [
                {
                    "type": "entrance",
                    "id": block_id(data["key"], "entrance", str(i)),
                    "value": {
                        "title": entrance["title"],
                        "text": entrance["text"],
                        "page": self.pages_by_key[self.source_entrance_links[data["key"]][i]].pk
                        if resolve_links
                        and self.source_entrance_links[data["key"]][i] in self.pages_by_key
                        else None,
                    },
                }
                for i, entrance in enumerate(data["entrances"])
            ]
        return fields

    @property
    def source_entrance_links(self):
        return {
            page["key"]: [entrance["link"] for entrance in page.get("entrances", [])]
            for page in self.source.get("pages", [])
        }

    # Swedish source pages -----------------------------------------------------------------------

    def ensure_locales(self):
        for language in LANGUAGES:
            Locale.objects.get_or_create(language_code=language.code)

    def existing(self, key: str, language_code: str):
        return (
            Page.objects.filter(
                translation_key=translation_key(key), locale__language_code=language_code
            )
            .specific()
            .first()
        )

    def home_parent(self, site: Site):
        """The root node, and Wagtail's untouched welcome page if it is still the site root."""
        root = Page.get_first_root_node()
        welcome = site.root_page
        if (
            welcome.specific_class is Page
            and welcome.slug == "home"
            and not welcome.get_children().exists()
        ):
            return root, welcome
        return root, None

    @transaction.atomic
    def load_source_pages(self):
        sv = Locale.objects.get(language_code=SOURCE_LANGUAGE)
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        created_now: list[tuple[Page, dict]] = []
        for data in self.source.get("pages", []):
            page = self.existing(data["key"], SOURCE_LANGUAGE)
            if page is not None:
                self.pages_by_key[data["key"]] = page
                self.report.skipped += 1
                continue
            model = PAGE_TYPES[data["type"]]
            page = model(
                locale=sv,
                translation_key=translation_key(data["key"]),
                slug=data["slug"] or "hem",
                **self.page_fields(data, resolve_links=False),
            )
            if data["type"] == "home":
                root, welcome = self.home_parent(site)
                root.add_child(instance=page)
                site.root_page = page
                site.site_name = "Etablering Stockholm"
                site.save()
                if welcome is not None:
                    welcome.delete()
            else:
                parent = self.pages_by_key[data["parent"]]
                parent.add_child(instance=page)
            self.pages_by_key[data["key"]] = page
            created_now.append((page, data))
        # Second pass: links between pages, now that every page exists. Only pages made in this
        # run are touched.
        for page, data in created_now:
            for name, value in self.page_fields(data, resolve_links=True).items():
                setattr(page, name, value)
            page.save_revision().publish()
            self.report.created.append(f"sv: {page.title}")
        self.ensure_site_details(sv)

    def ensure_site_details(self, locale):
        details_data = self.source.get("site_details")
        if not details_data or SiteDetails.objects.filter(locale=locale).exists():
            return
        SiteDetails.objects.create(
            locale=locale,
            translation_key=translation_key("site-details"),
            contact_page=self.pages_by_key.get("contact"),
            accessibility_page=self.pages_by_key.get("accessibility"),
            **details_data,
        )
        self.report.created.append(f"{locale.language_code}: site details")

    # Translations -------------------------------------------------------------------------------

    def load_translations(self):
        for language in LANGUAGES:
            if language.code == SOURCE_LANGUAGE:
                continue
            data = load_toml(language.code)
            if not data:
                continue
            locale = Locale.objects.get(language_code=language.code)
            for page_data in data.get("pages", []):
                self.translate_page(page_data, locale)
            self.translate_site_details(data.get("site_details"), locale)

    @transaction.atomic
    def translate_page(self, page_data: dict, locale):
        key = page_data["key"]
        source_page = self.pages_by_key.get(key)
        if source_page is None or self.existing(key, locale.language_code) is not None:
            self.report.skipped += 1
            return
        source_data = next(p for p in self.source["pages"] if p["key"] == key)
        merged = {**page_data, "type": source_data["type"], "language": locale.language_code}
        translated = type(source_page)(
            **self.page_fields(merged, resolve_links=True, levels=TRANSLATED_LEVELS)
        )
        translated.slug = source_page.slug
        translation_source, _created = TranslationSource.get_or_create_from_instance(source_page)
        translation, _created = Translation.objects.get_or_create(
            source=translation_source, target_locale=locale
        )
        self.import_strings(translation_source, locale, source_page, translated)
        translation.save_target(publish=True)
        self.report.created.append(f"{locale.language_code}: {page_data['title']}")

    def import_strings(self, translation_source, locale, source_instance, translated_instance):
        """Pair each source string with the string at the same place in the translated text.

        Rich text yields several strings under one path (one per paragraph or list item), so the
        strings are paired by path and then by order; a translation must keep the structure.
        """
        source_strings = _strings_by_path(source_instance)
        for path, translated_strings in _strings_by_path(translated_instance).items():
            originals = source_strings.get(path, [])
            if len(originals) != len(translated_strings):
                raise DemoContentError(
                    f"{locale.language_code}: {translated_instance.title!r} has "
                    f"{len(translated_strings)} text parts at {path}, the Swedish page "
                    f"{len(originals)}. Keep the same paragraphs and list items."
                )
            context, _created = TranslationContext.objects.get_or_create(
                object_id=translation_source.object_id, path=path
            )
            for original, translated in zip(originals, translated_strings, strict=True):
                if original.data == translated.data:
                    continue
                StringTranslation.objects.update_or_create(
                    translation_of=String.from_value(translation_source.locale, original),
                    locale=locale,
                    context=context,
                    defaults={
                        "data": translated.data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    },
                )

    def translate_site_details(self, details_data, locale):
        if not details_data or SiteDetails.objects.filter(locale=locale).exists():
            return
        source = SiteDetails.objects.filter(
            translation_key=translation_key("site-details"), locale__language_code=SOURCE_LANGUAGE
        ).first()
        if source is None:
            return
        translated = source.copy_for_translation(locale)
        for name, value in details_data.items():
            setattr(translated, name, value)
        translated.contact_page = source.contact_page
        translated.accessibility_page = source.accessibility_page
        translated.save()
        self.report.created.append(f"{locale.language_code}: site details")

    def ensure_teams(self):
        self.teams = {}
        for data in self.source.get("teams", []):
            team, created = Team.objects.get_or_create(
                name=data["name"], defaults={"notification_email": data["notification_email"]}
            )
            self.teams[team.name] = team
            if created:
                self.report.created.append(f"team: {team.name}")

    def generate_speech(self):
        """Synthetic speech for the chain steps in Swedish (all three levels), made here rather
        than by the worker so that the demo has audio at once. Publishing also queues speech for
        every page in every language with a voice, which the worker makes in the background."""
        missing = speech.missing_programs()
        if missing:
            self.report.created.append(
                f"speech: unavailable ({', '.join(missing)} not installed), demo has no audio"
            )
            return
        started = time.monotonic()
        results = Counter()
        steps = ChainStepPage.objects.live().filter(locale__language_code=SOURCE_LANGUAGE)
        for step in steps:
            results.update(speech.ensure_clips(step).values())
        made = results.get("generated", 0)
        if made:
            self.report.created.append(
                f"sv: synthetic speech for the chain steps, {made} clips "
                f"in {time.monotonic() - started:.1f} s"
            )

    def ensure_spoken_phrases(self):
        """A row for every interface phrase in every language (``migrate`` makes them too); the
        worker speaks them in the languages with a voice (pages/phrases.py)."""
        counts = phrases.sync_rows()
        if counts["created"]:
            self.report.created.append(
                f"spoken phrases: {counts['created']} rows, speech queued for {counts['queued']}"
            )

    def run(self) -> Report:
        self.ensure_locales()
        self.ensure_teams()
        pictures_demo.load_before_pages(self.report.created)
        self.load_source_pages()
        self.load_translations()
        pictures_demo.load_after_pages(self.report.created)
        self.ensure_spoken_phrases()
        self.generate_speech()
        from partners.demo import load_partner_demo  # the partners section builds on these pages

        load_partner_demo(self)
        return self.report
