"""Search on PostgreSQL stems each language as that language inflects its words (make
test-postgres runs these; SQLite's full-text search has no stemming)."""

import re

import pytest
from django.db import connection
from django.test import Client

from pages.search_backend import config_for_language

pytestmark = pytest.mark.services


@pytest.fixture(autouse=True)
def postgresql(db):
    assert connection.vendor == "postgresql", "run with make test-postgres (DATABASE_URL)"


def results(language, query):
    return Client(HTTP_HOST="testserver").get(f"/{language}/sok/", {"q": query}).content.decode()


def test_each_language_has_its_configuration():
    assert config_for_language("sv") == "swedish"
    assert config_for_language("ar") == "arabic"
    assert config_for_language("so") == "simple"


def test_swedish_inflections_find_the_page(demo_page):
    # "arbetsgivarna" (the employers) is not written on the employer page; "arbetsgivare" is.
    html = results("sv", "arbetsgivarna")
    assert demo_page("employers").title in html


@pytest.mark.parametrize(
    ("language", "config"), [("sv", "swedish"), ("ar", "arabic"), ("so", "simple")]
)
def test_each_page_is_indexed_with_its_languages_configuration(demo_page, language, config):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    home = demo_page("home", language)
    get_search_backend().add(home)  # as publishing does
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(type(home)), object_id=str(home.pk)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s, %s)::text", [config, home.title])
        expected = cursor.fetchone()[0]
    assert re.sub(r"(\d)[A-D]", r"\1", str(entry.title)) == expected  # weights aside
