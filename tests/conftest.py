import pytest
from django.test import Client
from wagtail.models import Page

from pages.demo.loader import DemoLoader, translation_key


def pytest_collection_finish(session):
    """When browser tests will run, their site gets a place (tests/browser/conftest.py)."""
    if any(item.get_closest_marker("browser") for item in session.items):
        from tests.browser.conftest import SitePreparation

        SitePreparation.prepare(session.config._tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo content, loaded once per session; the browser
    tests' site starts from a copy of it."""
    from django.db import connection

    from tests.browser.conftest import SitePreparation

    with django_db_blocker.unblock():
        if connection.vendor != "sqlite" and SitePreparation.workdir is not None:
            SitePreparation.start(SitePreparation.workdir)  # loads beside this session's demo
        DemoLoader().run()
        SitePreparation.copy_from_session(connection)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and cached pages never leak from one test into the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def client(db):
    return Client(HTTP_HOST="testserver")


@pytest.fixture
def demo_page(db):
    """The demo page with a key from content/sv.toml, in a language (Swedish by default)."""

    def get(key, language_code="sv"):
        return (
            Page.objects.filter(
                translation_key=translation_key(key), locale__language_code=language_code
            )
            .specific()
            .get()
        )

    return get
