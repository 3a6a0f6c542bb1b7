"""Page types: where they may be created, how they render in every script, languages and levels."""

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from employers.models import EmployerSectionPage
from forms.models import ContactPage
from pages.models import ChainOverviewPage, ChainStepPage, HomePage, InformationPage
from partners.models import PartnersIndexPage

from .helpers import elements, html_lang_dir

RTL = {"ar", "prs", "fa"}
PAGE_KEYS = {
    "home": HomePage,
    "chain": ChainOverviewPage,
    "step-entry": ChainStepPage,
    "sfi": InformationPage,
}


class TestCreationRules(WagtailPageTestCase):
    def test_parents_and_children(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ChainOverviewPage,
                InformationPage,
                ContactPage,
                EmployerSectionPage,
                PartnersIndexPage,
            },
        )
        self.assertAllowedParentPageTypes(ChainOverviewPage, {HomePage})
        self.assertAllowedSubpageTypes(ChainOverviewPage, {ChainStepPage})
        self.assertAllowedParentPageTypes(ChainStepPage, {ChainOverviewPage})
        self.assertAllowedSubpageTypes(ChainStepPage, set())
        self.assertAllowedParentPageTypes(InformationPage, {HomePage, InformationPage})
        self.assertAllowedSubpageTypes(InformationPage, {InformationPage, ContactPage})
        self.assertAllowedParentPageTypes(ContactPage, {HomePage, InformationPage})
        self.assertAllowedSubpageTypes(ContactPage, set())


def test_only_one_chain_overview_per_home(demo_page):
    home = demo_page("home")
    assert not ChainOverviewPage.can_create_at(home)


def test_a_page_needs_text_at_some_level(demo_page):
    page = InformationPage(title="Tom", slug="tom")
    with pytest.raises(ValidationError):
        demo_page("home").add_child(instance=page)


@pytest.mark.parametrize("slug", ["lattlast", "sfi-niva"])
def test_a_child_cannot_take_a_reading_levels_address(demo_page, slug):
    page = InformationPage(title="Krock", slug=slug, intro="Text.")
    with pytest.raises(ValidationError) as error:
        demo_page("home").add_child(instance=page)
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize("key", PAGE_KEYS)
@pytest.mark.parametrize("code", ["sv", "ar", "ti"])
def test_every_page_type_renders_with_lang_dir_and_hreflang(client, demo_page, key, code):
    source = demo_page(key, "sv")
    assert isinstance(source, PAGE_KEYS[key])
    translated = key != "sfi"  # the demo leaves the SFI page in Swedish only
    page = demo_page(key, code) if translated else source
    url = page.url if translated else f"/{code}{source.url[3:]}"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang_dir(html) == (code, "rtl" if code in RTL else "ltr")
    article = elements(html, "article")[0]
    assert article["lang"] == (code if translated else "sv")
    alternates = {
        link["hreflang"]: link["href"] for link in elements(html, "link", rel="alternate")
    }
    assert alternates["sv"] == f"http://testserver{source.url}"
    assert alternates["x-default"] == alternates["sv"]
    if translated:
        assert alternates[code] == f"http://testserver{page.url}"
        assert len(alternates) == 12  # eleven languages and x-default
    else:
        assert set(alternates) == {"sv", "x-default"}


def test_language_switcher_names_each_language_in_its_own_script(client, demo_page):
    html = client.get(demo_page("step-entry", "sv").url).content.decode()
    links = {a["hreflang"]: a for a in elements(html, "a") if "hreflang" in a}
    assert set(links) == {"sv", "en", "ar", "prs", "fa", "so", "ti", "uk", "da", "nb", "pl"}
    assert links["ar"]["href"] == demo_page("step-entry", "ar").url
    assert links["ar"]["dir"] == "rtl"
    assert links["sv"]["aria-current"] == "true"
    for name in ["Svenska", "العربية", "دری", "ትግርኛ", "Українська", "Norsk bokmål", "Soomaali"]:
        assert f">{name}</a>" in html or f">{name} <svg" in html  # the mark of audio
    assert "flag" not in html.lower()


def test_language_switcher_keeps_the_reading_level(client, demo_page):
    html = client.get(demo_page("step-entry").url + "lattlast/").content.decode()
    links = {a["hreflang"]: a["href"] for a in elements(html, "a") if "hreflang" in a}
    assert links["en"] == demo_page("step-entry", "en").url + "lattlast/"


def test_untranslated_page_is_served_in_swedish_with_a_notice(client, demo_page):
    sfi = demo_page("sfi")
    assert not InformationPage.objects.filter(
        translation_key=sfi.translation_key, locale__language_code="ar"
    ).exists()
    response = client.get("/ar" + sfi.url[3:])
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang_dir(html) == ("ar", "rtl")
    assert elements(html, "article")[0]["lang"] == "sv"
    assert elements(html, "article")[0]["dir"] == "ltr"
    with translation.override("ar"):
        notice = translation.gettext(
            "This page is not yet translated into your language. Here it is in %(language)s."
        ) % {"language": "Svenska"}
    assert notice in html


def test_switcher_leads_untranslated_languages_to_the_swedish_page(client, demo_page):
    sfi = demo_page("sfi")
    html = client.get(sfi.url).content.decode()
    links = {a["hreflang"]: a["href"] for a in elements(html, "a") if "hreflang" in a}
    assert links["ti"] == "/ti" + sfi.url[3:]
    assert client.get(links["ti"]).status_code == 200


def test_translation_says_when_the_swedish_page_changed(client, demo_page):
    source = demo_page("step-sfi")
    translated = demo_page("step-sfi", "uk")
    message = "The Swedish page changed on %(date)s. This translation may be out of date."
    before = client.get(translated.url).content.decode()
    with translation.override("uk"):
        marker = translation.gettext(message).split("%(date)s")[-1].strip()
    assert marker and marker not in before

    source.intro = source.intro + " Ny mening."
    source.save_revision().publish()
    source.refresh_from_db()
    after = client.get(translated.url).content.decode()
    with translation.override("uk"):
        shown = date_filter(timezone.localtime(source.last_published_at), "j F Y")
        notice = translation.gettext(message) % {"date": shown}
    assert notice in after


@pytest.mark.parametrize(
    ("suffix", "level_text_field"),
    [("", "intro"), ("lattlast/", "easy_intro"), ("sfi-niva/", "sfi_intro")],
)
def test_each_level_has_its_own_url(client, demo_page, suffix, level_text_field):
    page = demo_page("step-skills")
    html = client.get(page.url + suffix).content.decode()
    assert getattr(page, level_text_field)[:60] in html.replace("&#x27;", "'")
    current = [a for a in elements(html, "a") if a.get("aria-current") == "page"]
    assert current and current[0]["href"] == page.url + suffix


def test_sfi_level_is_swedish_in_every_language_and_shows_its_course(client, demo_page):
    page = demo_page("step-entry", "ar")
    html = client.get(page.url + "sfi-niva/").content.decode()
    content = [div for div in elements(html, "div") if div.get("class") == "page__content"][0]
    assert content["lang"] == "sv"
    assert demo_page("step-entry").sfi_intro[:40] in html


def test_missing_level_falls_back_to_the_nearest_with_a_notice(client, demo_page):
    page = demo_page("contact")
    page.easy_intro = ""
    page.easy_body = []
    page.save_revision().publish()
    html = client.get(page.url + "lattlast/").content.decode()
    assert page.sfi_intro[:40] in html  # easy falls back to SFI level first
    with translation.override("sv"):
        notice = translation.gettext(
            "This page has no “%(wanted)s” version. You are reading the “%(shown)s” version."
        ) % {
            "wanted": translation.gettext("Easy to read"),
            "shown": translation.gettext("SFI level"),
        }
    assert notice in html
    switcher = html[html.index('class="level-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert 'href="' + page.url + 'sfi-niva/" aria-current="page"' in switcher
    assert page.url + "lattlast/" not in switcher


@pytest.mark.parametrize("bad", ["lattlast/extra/", "niva-x/", "sfi-niva/sfi-niva/"])
def test_unknown_level_is_a_404(client, demo_page, bad):
    assert client.get(demo_page("step-entry").url + bad).status_code == 404


def test_chain_overview_lists_every_step_in_order(client, demo_page):
    overview = demo_page("chain", "ar")
    html = client.get(overview.url).content.decode()
    steps = list(ChainStepPage.objects.child_of(demo_page("chain")).live().order_by("path"))
    assert len(steps) >= 8
    positions = [
        html.index(demo_page_title)
        for demo_page_title in [
            demo_page(step_key, "ar").title
            for step_key in [
                "step-entry",
                "step-orientation",
                "step-skills",
                "step-sfi",
                "step-matching",
                "step-network",
                "step-internship",
                "step-employment",
            ]
        ]
    ]
    assert positions == sorted(positions)
    assert "<ol" in html


def test_step_says_which_step_it_is_and_links_the_next(client, demo_page):
    page = demo_page("step-skills")
    html = client.get(page.url).content.decode()
    with translation.override("sv"):
        assert (
            translation.gettext("Step %(number)s of %(count)s") % {"number": 3, "count": 8} in html
        )
    next_links = [a for a in elements(html, "a") if a.get("rel") == "next"]
    assert next_links[0]["href"] == demo_page("step-sfi").url
