"""Loads the partners section's demo content (``demo_content.py``) into the demo site.

Called by the site's demo loader (pages/demo/loader.py) after the Swedish pages exist. Idempotent
like it: what exists (page by translation key and language, document by title, colleague by
name, user by username) is never touched. Translations are made with wagtail-localize, as
editors make them. Demo partner users get a password from ``DEMO_PARTNER_PASSWORD`` or a
generated one, printed once in the loader's report.
"""

import os
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, Locale
from wagtail_localize.models import Translation, TranslationSource

from pages.demo.loader import translation_key

from . import demo_content as content
from .choices import PARTNER_CITIES
from .models import (
    CityPage,
    Colleague,
    ColleagueDirectoryPage,
    EventIndexPage,
    EventPage,
    HandbookChapterPage,
    HandbookPage,
    MaterialLibraryPage,
    Meeting,
    PartnerDocument,
    PartnersIndexPage,
    ProjectPage,
    Theme,
    ThemePage,
)
from .pdf import simple_pdf
from .permissions import (
    CITY_NAMES,
    COORDINATORS,
    city_group_name,
    ensure_partner_setup,
    internal_collection_name,
)

SECTION_TYPES = {
    "library": MaterialLibraryPage,
    "directory": ColleagueDirectoryPage,
    "events": EventIndexPage,
    "handbook": HandbookPage,
}


class PartnerDemo:
    def __init__(self, site_loader):
        self.site = site_loader  # pages.demo.loader.DemoLoader: translation keys, string import
        self.report = site_loader.report
        self.themes = {theme.code: theme for theme in Theme.objects.all()}
        self.sv = Locale.objects.get(language_code="sv")

    # pages -----------------------------------------------------------------------------------

    def page(self, model, key, parent, slug, texts: dict, **facts):
        """The Swedish page with this key (made if missing), and its translations."""
        page = self.site.existing(key, "sv")
        if page is None:
            page = model(
                locale=self.sv,
                translation_key=translation_key(key),
                slug=slug,
                **texts["sv"],
                **{k: v for k, v in facts.items() if k != "themes"},
            )
            parent.add_child(instance=page)
            if "themes" in facts:
                page.themes.set([self.themes[code] for code in facts["themes"]])
            page.save_revision().publish()
            self.report.created.append(f"sv: {page.title}")
        else:
            self.report.skipped += 1
        for language, fields in texts.items():
            if language != "sv":
                self.translate(page, key, language, fields)
        return page

    @transaction.atomic
    def translate(self, source_page, key, language, fields):
        if self.site.existing(key, language) is not None:
            self.report.skipped += 1
            return
        locale, _created = Locale.objects.get_or_create(language_code=language)
        translated = type(source_page)(**{**self.copy_fields(source_page), **fields})
        translated.slug = source_page.slug
        translation_source, _created = TranslationSource.get_or_create_from_instance(source_page)
        translation, _created = Translation.objects.get_or_create(
            source=translation_source, target_locale=locale
        )
        self.site.import_strings(translation_source, locale, source_page, translated)
        translation.save_target(publish=True)
        self.report.created.append(f"{language}: {fields.get('title', source_page.title)}")

    @staticmethod
    def copy_fields(page):
        names = ["title", "intro", "body"]
        for extra in ("organisation", "contact_role", "programme", "report"):
            if hasattr(page, extra):
                names.append(extra)
        return {name: getattr(page, name) for name in names}

    def load_pages(self, home):
        data = content.SECTION
        section = self.page(
            PartnersIndexPage, data["key"], home, data["slug"], {"sv": data["sv"], "en": data["en"]}
        )
        pages = {}
        for city in content.CITIES:
            texts = {"sv": city["sv"], "en": city["en"]}
            if city.get("local"):
                texts[city["local"]] = city[city["local"]]
            pages[city["key"]] = self.page(
                CityPage,
                city["key"],
                section,
                city["slug"],
                texts,
                city=city["city"],
                themes=city["themes"],
                contact_email=city["contact_email"],
            )
        for project in content.PROJECTS:
            self.page(
                ProjectPage,
                project["key"],
                pages[project["parent"]],
                project["slug"],
                {"sv": project["sv"], "en": project["en"]},
                themes=project["themes"],
            )
        for theme in content.THEMES:
            self.page(
                ThemePage,
                theme["key"],
                section,
                theme["slug"],
                {"sv": theme["sv"], "en": theme["en"]},
                theme=self.themes[theme["theme"]],
            )
        for item in content.SECTIONS:
            pages[item["key"]] = self.page(
                SECTION_TYPES[item["type"]],
                item["key"],
                section,
                item["slug"],
                {"sv": item["sv"], "en": item["en"]},
            )
        for chapter in content.CHAPTERS:
            self.page(
                HandbookChapterPage,
                chapter["key"],
                pages["partners-handbook"],
                chapter["slug"],
                {"sv": chapter["sv"], "en": chapter["en"]},
            )
        return pages

    def load_events(self, index):
        today = timezone.localdate()
        documents = {d.title: d for d in PartnerDocument.objects.all()}
        for number, (kind, city, theme, days, sv_title, en_title, report) in enumerate(
            content.EVENTS, start=1
        ):
            start = today + timedelta(days=days)
            material = documents.get("Seminar summary: what motivates the job-seeker")
            self.page(
                EventPage,
                f"event-{number}",
                index,
                f"evenemang-{number}",
                {
                    "sv": {
                        "title": sv_title,
                        "programme": content.PROGRAMME["sv"],
                        "report": f"<p>{report}</p>" if report else "",
                    },
                    "en": {
                        "title": en_title,
                        "programme": content.PROGRAMME["en"],
                        "report": "<p>The Swedish report is being translated.</p>"
                        if report
                        else "",
                    },
                },
                kind=kind,
                city=city,
                theme=self.themes[theme],
                start_date=start,
                end_date=start + timedelta(days=1) if kind == "study_visit" else None,
                materials=[("document", material)] if material and kind == "seminar" else [],
            )

    # documents, colleagues, users -------------------------------------------------------------

    def collection(self, city, private):
        section = Collection.objects.get(name="Partners", depth=2)
        city_collection = next(c for c in section.get_children() if c.name == CITY_NAMES[city])
        if not private:
            return city_collection
        return next(
            c for c in city_collection.get_children() if c.name == internal_collection_name(city)
        )

    def load_documents(self):
        today = timezone.localdate()
        for title, city, themes, language, kind, days, private, summary in content.DOCUMENTS:
            if PartnerDocument.objects.filter(title=title).exists():
                continue
            pdf = simple_pdf(title, [summary, *content.DOCUMENT_BODY])
            document = PartnerDocument(
                title=title,
                city=city,
                language=language,
                document_type=kind,
                date=today - timedelta(days=days),
                summary=summary,
                collection=self.collection(city, private),
            )
            slug = slugify(title)[:50] or "document"
            document.file.save(f"{slug}.pdf", ContentFile(pdf), save=False)
            document.file_size = len(pdf)
            document.save()
            document.themes.set([self.themes[code] for code in themes])
            self.report.created.append(f"document: {title}")

    def load_colleagues(self):
        for name, role, city, organisation, themes, languages in content.COLLEAGUES:
            colleague, created = Colleague.objects.get_or_create(
                name=name,
                defaults={
                    "role": role,
                    "city": city,
                    "organisation": organisation,
                    "languages": languages,
                },
            )
            if created:
                colleague.themes.set([self.themes[code] for code in themes])
                self.report.created.append(f"colleague: {name}")
        if not Meeting.objects.exists():
            colleagues = list(Colleague.objects.exclude(city="stockholm"))
            today = timezone.localdate()
            Meeting.objects.bulk_create(
                Meeting(
                    colleague=colleagues[n % len(colleagues)],
                    arranged_on=today - timedelta(days=5 * n),
                )
                for n in range(content.MEETINGS)
            )
            self.report.created.append(f"{content.MEETINGS} arranged meetings")

    def load_users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PARTNER_PASSWORD")
        accounts = [(f"partner-{city}", city_group_name(city)) for city in PARTNER_CITIES]
        accounts.append(("partner-coordinator", COORDINATORS))
        for username, group_name in accounts:
            if User.objects.filter(username=username).exists():
                continue
            secret = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, password=secret, email=f"{username}@example.org"
            )
            user.groups.add(Group.objects.get(name=group_name))
            shown = "(from DEMO_PARTNER_PASSWORD)" if password else secret
            self.report.created.append(f"demo user {username} ({group_name}), password {shown}")

    def run(self, home):
        ensure_partner_setup()
        pages = self.load_pages(home)
        self.load_documents()
        self.load_events(pages["partners-events"])
        self.load_colleagues()
        self.load_users()


def load_partner_demo(site_loader):
    home = site_loader.existing("home", "sv")
    if home is None:
        return
    PartnerDemo(site_loader).run(home)
