"""A CDN in front of the site is purged after a change, in the background, with every address
where the changed page is shown."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    return PURGED


def test_publishing_purges_every_level_and_the_parent(
    cdn, demo_page, django_capture_on_commit_callbacks
):
    step = demo_page("step-entry")
    with django_capture_on_commit_callbacks(execute=True):
        step.save_revision().publish()
    full = step.get_full_url()
    assert {full, full + "lattlast/", full + "sfi-niva/"} <= set(cdn)
    assert demo_page("chain").get_full_url() in cdn


def test_swedish_page_is_purged_where_it_stands_in_for_a_translation(
    cdn, demo_page, django_capture_on_commit_callbacks
):
    from pages.models import InformationPage

    untranslated = next(
        page
        for page in InformationPage.objects.live().filter(locale__language_code="sv")
        if not page.get_translations().filter(locale__language_code="so").exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        untranslated.save_revision().publish()
    relative = untranslated.get_url()
    assert any(url.endswith(relative.replace("/sv/", "/so/", 1)) for url in cdn)


def test_moving_purges_the_old_address(cdn, demo_page, django_capture_on_commit_callbacks):
    step, home = demo_page("step-entry"), demo_page("home")
    old = step.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        step.move(home, pos="last-child")
    assert old in cdn


def test_nothing_is_purged_without_a_cdn(demo_page, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo_page("step-entry").save_revision().publish()
    assert PURGED == []
    assert not [c for c in callbacks if "purge" in repr(c)]
