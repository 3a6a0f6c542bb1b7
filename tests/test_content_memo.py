"""What app processes remember of the content (etablering/content_memo.py) is used only within a
public page request and is forgotten whenever the content changes."""

import re

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from etablering.content_memo import ContentMemoMiddleware, remember, remember_copies
from etablering.page_cache import forget_all_pages, generation
from pages.media import MediaFile
from pages.signals import may_show


def in_request(compute, path="/sv/", method="get"):
    """compute() as code running within a request to `path` does."""
    request = getattr(RequestFactory(), method)(path)
    result = {}

    def view(request):
        result["value"] = compute()

    ContentMemoMiddleware(view)(request)
    return result["value"]


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"calls": self.calls}


def test_a_fact_is_read_once_while_the_content_stays_the_same(db):
    count = Counter()
    assert in_request(lambda: remember("fact", count)) == {"calls": 1}
    assert in_request(lambda: remember("fact", count)) == {"calls": 1}
    assert count.calls == 1


def test_a_change_to_the_content_makes_every_fact_be_read_again(db):
    count = Counter()
    in_request(lambda: remember("fact", count))
    forget_all_pages()
    assert in_request(lambda: remember("fact", count)) == {"calls": 2}


@pytest.mark.parametrize(
    ("path", "method"),
    [("/admin/pages/", "get"), ("/sv/kontakt/", "post"), ("/healthz", "get")],
)
def test_nothing_is_remembered_outside_public_page_reads(db, path, method):
    count = Counter()
    in_request(lambda: remember("fact", count), path, method)
    in_request(lambda: remember("fact", count), path, method)
    assert count.calls == 2


def test_nothing_is_remembered_outside_a_request(db):
    count = Counter()
    remember("fact", count)
    remember("fact", count)
    assert count.calls == 2


def test_each_use_of_remembered_objects_gets_its_own_copy(db):
    first = in_request(lambda: remember_copies("objects", lambda: {"list": [1]}))
    first["list"].append(2)  # one request changing what it got...
    second = in_request(lambda: remember_copies("objects", lambda: {"list": [1]}))
    assert second == {"list": [1]}  # ...changes nothing for the next


@pytest.mark.parametrize("change", ["site saved", "media file deleted"])
def test_sites_and_media_files_are_content_too(db, change):
    before = generation()
    if change == "site saved":
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Etablering"
        site.save()
    else:
        next(clip for clip in MediaFile.objects.all() if may_show(clip)).delete()
    assert generation() != before


@pytest.mark.parametrize("key", ["step-entry", "chain"])
@pytest.mark.parametrize("language", ["sv", "ar"])
def test_a_chain_page_read_again_needs_only_its_own_row(
    client, demo_page, django_assert_num_queries, key, language
):
    url = demo_page(key, language).url + "?uncached=1"  # a query string passes the page cache
    client.get(url)
    with django_assert_num_queries(1):  # the page itself; the rest is remembered
        assert client.get(url).status_code == 200


def test_a_new_title_shows_at_once_where_other_pages_show_it(client, demo_page):
    """The next step links back to the step before it by title (remembered with the steps)."""
    step = demo_page("step-entry")
    following = step.get_next_siblings().live().first().specific
    url = following.url + "?uncached=1"
    assert step.title in client.get(url).content.decode()
    step.title = "Första mötet och din plan"
    step.save_revision().publish()
    assert "Första mötet och din plan" in client.get(url).content.decode()


def arabic_text_in_format_matrix(html: str) -> str:
    row = re.search(r'<th scope="row" lang="ar"[^>]*>[^<]*</th>\s*<td>(.*?)</td>', html, re.S)
    return "yes" if "✓" in row.group(1) else "no"


def test_an_unpublished_translation_leaves_the_format_matrix_at_once(client, demo_page):
    url = demo_page("step-entry").url + "?uncached=1"
    assert arabic_text_in_format_matrix(client.get(url).content.decode()) == "yes"
    demo_page("step-entry", "ar").unpublish()
    assert arabic_text_in_format_matrix(client.get(url).content.decode()) == "no"


def test_a_full_memory_starts_afresh_instead_of_growing(db, monkeypatch):
    monkeypatch.setattr("etablering.content_memo.MAX_ENTRIES", 2)
    count = Counter()

    def read_three_facts():
        for key in ("a", "b", "c"):
            remember(key, count)

    in_request(read_three_facts)
    assert count.calls == 3
    in_request(lambda: remember("a", count))  # "a" was forgotten when "c" came
    assert count.calls == 4
    in_request(lambda: remember("c", count))  # "c" is remembered
    assert count.calls == 4
