"""The page cache: anonymous visitors get public pages without the database, per language and
level, never stale after a change, and never a page that belongs to someone else (a form's CSRF
token, an editor's userbar, a receipt)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Locale

from etablering.page_cache import CACHE_STATUS_HEADER
from pages.translations import with_level

NONCE = re.compile(r'nonce="([^"]+)"')


def get_twice(client, url):
    first = client.get(url)
    second = client.get(url)
    return first, second


def test_second_visit_comes_from_the_cache_without_the_database(
    client, demo_page, django_assert_num_queries
):
    url = demo_page("step-entry").url
    first = client.get(url)
    assert first[CACHE_STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second[CACHE_STATUS_HEADER] == "hit"
    assert NONCE.sub("", second.content.decode()) == NONCE.sub("", first.content.decode())
    assert "s-maxage=" in second["Cache-Control"]


def test_each_language_and_level_is_its_own_entry(client, demo_page):
    step = demo_page("step-entry")
    arabic = demo_page("step-entry", "ar")
    urls = [step.url, with_level(step.url, "easy"), arabic.url]
    for url in urls:
        client.get(url)
    pages = [client.get(url) for url in urls]
    assert all(page[CACHE_STATUS_HEADER] == "hit" for page in pages)
    langs = [re.search(r'<html lang="([^"]+)"', page.content.decode()).group(1) for page in pages]
    assert langs == ["sv", "sv", "ar"]
    assert step.easy_intro and pages[1].content != pages[0].content
    assert 'dir="rtl"' in pages[2].content.decode()


def test_every_hit_has_a_fresh_nonce_matching_its_header(client, demo_page):
    from employers.models import OfferPage

    url = OfferPage.objects.live().filter(locale__language_code="sv").first().url
    responses = [client.get(url) for _ in range(3)]
    nonces = []
    for response in responses:
        in_body = set(NONCE.findall(response.content.decode()))
        assert len(in_body) == 1
        nonce = in_body.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_publishing_a_change_shows_at_once(client, demo_page):
    step = demo_page("step-entry")
    get_twice(client, step.url)
    step.title = "Första dagen i Sverige"
    step.save_revision().publish()
    response = client.get(step.url)
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert "Första dagen i Sverige" in response.content.decode()


def test_a_change_shows_on_other_pages_that_link_to_it(client, demo_page):
    chain, step = demo_page("chain"), demo_page("step-entry")
    get_twice(client, chain.url)
    step.title = "Att komma till Sverige"
    step.save_revision().publish()
    assert "Att komma till Sverige" in client.get(chain.url).content.decode()


def test_unpublished_page_is_gone_from_the_cache(client, demo_page):
    step = demo_page("step-entry")
    url = step.url
    get_twice(client, url)
    step.unpublish()
    assert client.get(url).status_code == 404


def test_moved_page_redirects_from_its_old_address(client, demo_page):
    step, home = demo_page("step-entry"), demo_page("home")
    old_url = step.url
    get_twice(client, old_url)
    step.move(home, pos="last-child")
    new_url = type(step).objects.get(pk=step.pk).url
    assert client.get(old_url).url == new_url  # Wagtail's automatic redirect, not the cached page
    assert client.get(new_url).status_code == 200


def test_updated_translation_shows_at_once(client, demo_page):
    arabic = demo_page("step-entry", "ar")
    get_twice(client, arabic.url)
    arabic.title = "اليوم الأول"
    arabic.save_revision().publish()
    assert "اليوم الأول" in client.get(arabic.url).content.decode()


def test_saved_site_details_show_at_once(client, demo_page):
    from pages.models import SiteDetails

    get_twice(client, "/sv/")
    details = SiteDetails.objects.get(locale=Locale.objects.get(language_code="sv"))
    details.opening_hours = "Måndag till fredag klockan 9–16"
    details.save()
    text = re.sub(r"<[^>]+>", "", client.get("/sv/").content.decode())  # digits sit in <bdi>
    assert "Måndag till fredag klockan 9–16" in text


def test_pages_with_forms_are_never_cached(client):
    from forms.models import ContactPage

    url = ContactPage.objects.live().filter(locale__language_code="sv").first().url
    first, second = get_twice(client, url)
    assert CACHE_STATUS_HEADER not in second
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode())
        for r in (first, second)
    ]  # noqa: E501
    assert all(tokens)
    other_visitor = Client(HTTP_HOST="testserver").get(url)
    assert "csrfmiddlewaretoken" in other_visitor.content.decode()
    assert CACHE_STATUS_HEADER not in other_visitor
    assert "no-store" in other_visitor["Cache-Control"]


def test_an_editors_page_is_never_stored_nor_served_from_the_cache(client, demo_page):
    url = demo_page("step-entry").url
    client.get(url)  # an anonymous visit fills the cache
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.org", "x" * 16)
    client.force_login(editor)
    as_editor = client.get(url)
    assert CACHE_STATUS_HEADER not in as_editor
    assert "wagtail-userbar" in as_editor.content.decode()
    anonymous = Client(HTTP_HOST="testserver").get(url)
    assert anonymous[CACHE_STATUS_HEADER] == "hit"
    assert "wagtail-userbar" not in anonymous.content.decode()


@pytest.mark.parametrize("path", ["/sv/sok/?q=sfi", "/admin/login/", "/sitemap.xml"])
def test_searches_admin_and_non_page_urls_are_not_cached(client, path):
    get_twice(client, path)
    assert CACHE_STATUS_HEADER not in client.get(path)


def test_not_found_is_not_cached(client):
    client.get("/sv/finns-inte/")
    assert CACHE_STATUS_HEADER not in client.get("/sv/finns-inte/")


def test_turned_off_by_setting(client, demo_page, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "SECONDS": 0}
    url = demo_page("step-entry").url
    assert CACHE_STATUS_HEADER not in get_twice(client, url)[1]


def test_a_new_view_restriction_applies_at_once(client, demo_page):
    from wagtail.models import PageViewRestriction

    step = demo_page("step-entry")
    get_twice(client, step.url)
    PageViewRestriction.objects.create(
        page=demo_page("chain"), restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    response = client.get(step.url)
    assert CACHE_STATUS_HEADER not in response
    assert 'type="password"' in response.content.decode()
    PageViewRestriction.objects.all().delete()
    assert 'type="password"' not in client.get(step.url).content.decode()


def test_links_in_translated_text_lead_to_the_same_language(client, demo_page):
    html = client.get(demo_page("home", "ar").url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    links = re.findall(r'<a href="(/[^"]*)"', main)
    assert "/ar/fran-nyanland-till-nyanstalld/" in links
    assert [link for link in links if not link.startswith("/ar/")] == []
