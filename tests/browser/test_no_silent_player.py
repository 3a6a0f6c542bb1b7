"""The pictures mode where a language has no voice (so, prs) offers a call instead of a silent
player; in ti (a voice, but no clip made yet on the browser tests' site, where no worker runs) the
same fallback: axe-core clean and reflowing at 320 px, in LTR, RTL and Ethiopic script."""

import pytest

from tests.browser.test_accessibility import STEP, assert_accessible_at_every_width

pytestmark = pytest.mark.browser

PATHS = ["bilder/", "bilder/1/", "bilder/1/kort/", f"{STEP}/"]


@pytest.mark.parametrize("language", ["so", "prs", "ti"])
@pytest.mark.parametrize("path", PATHS)
def test_call_instead_of_silence_has_no_axe_violations_and_reflows(page, site_url, language, path):
    response = page.goto(f"{site_url}/{language}/{path}")
    assert response.status == 200
    if path.startswith("bilder/"):
        links = page.locator(".no-audio a[href^='tel:']")
        assert links.count() >= 1 and links.first.is_visible()
        assert page.locator(".tiles audio, .clip--big").count() == 0
    assert_accessible_at_every_width(page)
