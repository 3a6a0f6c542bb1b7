"""Languages: prefixes, the redirect from /, <html lang dir> everywhere, and the languages
Django lacks."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import get_language_info

from etablering.languages import LANGUAGES
from etablering.views import server_error

from .helpers import html_lang_dir

RTL = {"ar", "prs", "fa"}


@pytest.mark.parametrize(
    ("code", "name", "bidi"),
    [("prs", "دری", True), ("so", "Soomaali", False), ("ti", "ትግርኛ", False)],
)
def test_django_knows_the_languages_it_lacked(code, name, bidi):
    info = get_language_info(code)
    assert info["name_local"] == name
    assert info["bidi"] is bidi


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_every_language_activates(code):
    with translation.override(code):
        assert translation.get_language() == code
        assert translation.get_language_bidi() is (code in RTL)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ar,en;q=0.8", "/ar/"),
        ("ti-ER", "/ti/"),
        ("prs", "/prs/"),
        ("nb-NO,nb;q=0.9", "/nb/"),
        ("de-DE,de;q=0.9", "/sv/"),
        ("", "/sv/"),
    ],
)
def test_root_sends_visitors_to_their_language(client, db, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_home_page_has_lang_and_dir_of_its_language(client, db, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert html_lang_dir(response.content.decode()) == (code, "rtl" if code in RTL else "ltr")


@pytest.mark.parametrize("code", ["sv", "ar", "ti"])
def test_not_found_page_is_in_the_visitors_language(client, db, code):
    response = client.get(f"/{code}/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html_lang_dir(html) == (code, "rtl" if code in RTL else "ltr")
    with translation.override(code):
        assert translation.gettext("Page not found") in html


def test_unknown_language_prefix_is_a_404_in_the_visitors_language(client, db):
    response = client.get("/xx/om-oss/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    assert response.status_code == 404
    assert html_lang_dir(response.content.decode()) == ("ar", "rtl")


@pytest.mark.parametrize("code", ["sv", "ar", "ti"])
def test_server_error_page_needs_no_database_and_has_lang_dir(code, db, django_assert_num_queries):
    request = RequestFactory().get(f"/{code}/")
    with translation.override(code), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert html_lang_dir(html) == (code, "rtl" if code in RTL else "ltr")
    with translation.override(code):
        assert translation.gettext("Something went wrong") in html


def test_settings_list_every_language_in_its_own_script():
    assert dict(settings.LANGUAGES) == {
        "sv": "Svenska",
        "en": "English",
        "ar": "العربية",
        "prs": "دری",
        "fa": "فارسی",
        "so": "Soomaali",
        "ti": "ትግርኛ",
        "uk": "Українська",
        "da": "Dansk",
        "nb": "Norsk bokmål",
        "pl": "Polski",
    }
