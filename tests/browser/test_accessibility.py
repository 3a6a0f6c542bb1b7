"""axe-core (WCAG 2.0/2.1/2.2 A and AA) in Chromium on every page template, in LTR, RTL and
Ethiopic script, at desktop width and at 320 px; and the basics of keyboard use."""

import tomllib

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from etablering.context_processors import language_context

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()
with (settings.BASE_DIR / "pages" / "demo" / "content" / "sv.toml").open("rb") as demo_file:
    DEMO_SLUGS = {page["key"]: page["slug"] for page in tomllib.load(demo_file)["pages"]}
CHAIN = "fran-nyanland-till-nyanstalld"
STEP = f"{CHAIN}/gemensam-ingang-och-en-egen-plan"
TEMPLATES = {
    "home": "",
    "chain overview": f"{CHAIN}/",
    "chain step": f"{STEP}/",
    "chain step, easy to read": f"{STEP}/lattlast/",
    "chain step, SFI level": f"{STEP}/sfi-niva/",
    "information page": "tillganglighet/",
    "search with results": "sok/?q=plan",
    "search without results": "sok/?q=qqqqzzz",
    "not found": "finns-inte/",
    "question form": "kontakt/stall-en-fraga/",
    "callback form": "kontakt/bli-uppringd/",
    "employer form": "kontakt/rekrytera/",
    "partner form": "kontakt/partner/",
    "employer section": "arbetsgivare/",
    "employer support page": f"arbetsgivare/{DEMO_SLUGS['emp-training']}/",
    "offer listing": "arbetsgivare/erbjudanden/",
    "offer listing without results": "arbetsgivare/erbjudanden/?start=2030-01",
    "offer": f"arbetsgivare/erbjudanden/{DEMO_SLUGS['offer-01']}/",
    "pictures mode": "bilder/",
    "pictures mode step": "bilder/3/",
    "step card": "bilder/3/kort/",
    "glossary": "ord/",
    "glossary term": "ord/personnummer/",
}
FORMS = [path for name, path in TEMPLATES.items() if name.endswith(" form")]
# The partners section, in the languages of its readers (partners/): document 1 is a public one.
PARTNER_TEMPLATES = {
    "partners section": "partner/",
    "partner city": "partner/kopenhamn/",
    "partner project": "partner/kopenhamn/feriejobb/",
    "partner theme": "partner/samarbete-med-arbetsgivare/",
    "material library": "partner/material/",
    "material library, unknown filter": "partner/material/?city=oslo&type=poem",
    "material library, no results": "partner/material/?city=warsaw&type=handbook_chapter",
    "document page": "partner/material/1/",
    "colleague directory": "partner/traffa-en-kollega/?city=trondheim",
    "event listing": "partner/studiebesok-och-seminarier/",
    "past event with report": "partner/studiebesok-och-seminarier/evenemang-6/",
    "coming event": "partner/studiebesok-och-seminarier/evenemang-7/",
    "handbook contents": "partner/handbok/",
    "handbook chapter": "partner/handbok/processen-for-att-lara-av-andra/",
    "whole handbook": "partner/handbok/hela-handboken/",
    "colleague request form": "kontakt/partner/?colleague=1",
}
PARTNER_LANGUAGES = ["sv", "en", "da", "nb", "pl"]
LANGUAGES = ["sv", "ar", "ti"]
WIDTHS = [1280, 320]


def assert_no_violations(tab):
    results = AXE.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def assert_accessible_at_every_width(tab):
    """axe at each of WIDTHS (desktop, then 320 px) on the page as it stands, and nothing
    scrolls sideways at either. One page load serves both widths: the layout is CSS alone,
    so the page laid out again at 320 px is the page a phone loads."""
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        assert_no_violations(tab)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{overflow} px scroll sideways at {width} px"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_page_template_has_no_axe_violations_and_reflows(page, site_url, template, language):
    response = page.goto(f"{site_url}/{language}/{TEMPLATES[template]}")
    assert response.status == (404 if template == "not found" else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible_at_every_width(page)


@pytest.mark.parametrize("language", PARTNER_LANGUAGES)
@pytest.mark.parametrize("template", PARTNER_TEMPLATES)
def test_partner_template_has_no_axe_violations_and_reflows(page, site_url, template, language):
    response = page.goto(f"{site_url}/{language}/{PARTNER_TEMPLATES[template]}")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible_at_every_width(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_open_has_no_axe_violations(page, site_url, language):
    page.goto(f"{site_url}/{language}/{STEP}/")
    page.locator(".language-switcher summary").click()
    assert_no_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_has_no_axe_violations(page, site_url, language):
    with translation.override(language):
        html = render_to_string("500.html", language_context())
    page.goto(f"{site_url}/robots.txt")
    page.set_content(html.replace('href="/static/', f'href="{site_url}/static/'))
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_no_violations(page)


def test_keyboard_skip_link_leads_to_the_content(page, site_url):
    page.goto(f"{site_url}/sv/{STEP}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_opens_the_language_switcher_and_changes_language(page, site_url):
    page.goto(f"{site_url}/sv/{STEP}/")
    page.locator(".language-switcher summary").focus()
    page.keyboard.press("Enter")
    link = page.locator('.language-switcher a[hreflang="ar"]')
    assert link.is_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/ar/**")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_no_function_needs_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/sv/")
    tab.locator(".language-switcher summary").click()
    tab.locator('.language-switcher a[hreflang="en"]').click()
    assert tab.url.startswith(f"{site_url}/en/")
    tab.fill("#site-search-q", "plan")
    tab.locator(".site-header button[type=submit]").click()
    assert "/en/sok/?q=plan" in tab.url
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form", FORMS)
def test_form_with_errors_shown_has_no_axe_violations(page, site_url, form, language):
    page.goto(f"{site_url}/{language}/{form}")
    page.locator(".contact-form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert page.locator(".field__error").count() >= 1
    assert_accessible_at_every_width(page)


def test_callback_by_keyboard_alone_reaches_a_receipt(page, site_url):
    page.goto(f"{site_url}/ar/kontakt/bli-uppringd/")
    page.locator("#id_phone").focus()
    page.keyboard.type("070-123 45 67")
    page.keyboard.press("Tab")  # into the language group: arrow keys choose within it
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # interpreter
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # time of day
    page.keyboard.press("Space")
    page.wait_for_timeout(3200)  # a person takes longer than the spam time trap
    page.locator("#id_phone").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".receipt")
    reference = page.locator(".receipt__reference").inner_text()
    assert reference.startswith("K") and len(reference) == 8
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pictures_mode_works_by_keyboard_alone(page, site_url, language):
    """Tab reaches the language names, every step tile and the way back; Enter follows a tile."""
    page.goto(f"{site_url}/{language}/bilder/")
    reached = set()
    wanted = {"/ti/bilder/", f"/{language}/bilder/8/"}
    for _ in range(400):  # every native audio control holds several stops of its own
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('href') || ''"))
        if wanted <= reached:
            break
    assert wanted <= reached
    page.locator(f'a[href="/{language}/bilder/2/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/bilder/2/")
    assert page.locator('a[rel="next"]').get_attribute("href") == f"/{language}/bilder/3/"
    assert_no_violations(page)


SFI_STEP = f"{STEP}/sfi-niva/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_disclosure_works_by_keyboard_with_javascript(page, site_url, language):
    page.goto(f"{site_url}/{language}/{SFI_STEP}")
    button = page.locator("button.glossary-link").first
    note = page.locator(f"#{button.get_attribute('aria-controls')}")
    assert button.get_attribute("aria-expanded") == "false" and note.is_hidden()
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and note.is_visible()
    assert_no_violations(page)
    page.keyboard.press("Space")
    assert note.is_hidden()


def test_glossary_term_is_a_plain_link_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/ar/{SFI_STEP}")
    link = tab.locator("a.glossary-link").first
    assert tab.locator("button.glossary-link").count() == 0
    link.click()
    tab.wait_for_url("**/ar/ord/**")
    assert tab.locator("h1").count() == 1
    context.close()  # axe needs JavaScript: these templates are checked with it above


def test_did_you_understand_answers_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/ti/{STEP}/lattlast/")
    tab.locator('button[name="answer"][value="partly"]').click()
    tab.wait_for_url("**/ti/forstod/")
    assert tab.locator("html").get_attribute("lang") == "ti"
    assert tab.locator("h1").count() == 1
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_answer_thanks_page_has_no_axe_violations(page, site_url, language):
    page.goto(f"{site_url}/{language}/{STEP}/lattlast/")
    assert_accessible_at_every_width(page)  # the page with the question and its faces
    page.locator('button[name="answer"][value="yes"]').click()
    page.wait_for_url(f"**/{language}/forstod/")
    assert_accessible_at_every_width(page)
