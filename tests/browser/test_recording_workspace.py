"""The recording workspace's recorder in Chromium with a fake microphone: record, listen back,
send; and axe finds nothing on the item page (in an RTL language too)."""

import re

import pytest

from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def microphone_browser(browser):
    """The session's Chromium: it runs with a fake microphone (tests/browser/conftest.py)."""
    return browser


@pytest.fixture
def admin_tab(microphone_browser, site_url, site_admin):
    context = microphone_browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site_url}/admin/login/")
    tab.fill("#id_username", site_admin["username"])
    tab.fill("#id_password", site_admin["password"])
    tab.press("#id_password", "Enter")
    tab.wait_for_url(f"{site_url}/admin/")
    yield tab
    context.close()


def first_item(tab, site_url, language):
    tab.goto(f"{site_url}/admin/recordings/language/{language}/?state=missing")
    href = tab.locator("#items a").first.get_attribute("href")
    return site_url + href


def test_record_listen_back_and_send(admin_tab, site_url):
    tab = admin_tab
    url = first_item(tab, site_url, "so")
    response = tab.goto(url)
    assert "microphone=(self)" in response.headers["permissions-policy"]
    assert_no_violations(tab)
    start, stop = tab.locator("[data-recorder-start]"), tab.locator("[data-recorder-stop]")
    start.click()  # the admin is in the user's language: find the controls by their role here
    stop.wait_for(state="visible")
    tab.wait_for_timeout(1500)
    stop.click()
    tab.locator("[data-recorder-preview]").wait_for(state="visible")
    assert start.is_visible() and not stop.is_visible()
    assert start.inner_text() == tab.locator("[data-recorder]").get_attribute("data-again-text")
    assert tab.eval_on_selector("[data-recorder-file]", "input => input.files.length") == 1
    assert_no_violations(tab)
    tab.locator("form[enctype] button[type=submit]").click()
    tab.wait_for_url(url)
    article = tab.locator("article[data-recording]").first
    assert article.get_attribute("data-state") in ("awaiting_review", "refused")
    if article.get_attribute("data-state") == "awaiting_review":
        assert tab.locator("article[data-recording] audio source").count() == 2


def test_item_page_in_a_right_to_left_language_has_no_axe_violations(admin_tab, site_url):
    tab = admin_tab
    tab.goto(first_item(tab, site_url, "ar"))
    text = tab.locator(".recordings__text")
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"
    assert_no_violations(tab)
    tab.goto(f"{site_url}/admin/recordings/")
    assert re.search(r"\d+ %", tab.locator("#coverage").inner_text())
    assert_no_violations(tab)
