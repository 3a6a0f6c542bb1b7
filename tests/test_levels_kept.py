"""The reader stays at the reading level they chose (issue 11 item 6).

Every internal link on a chain step, the chain overview and the glossary, read at easy-to-read
or SFI level, leads to that level wherever the page linked to has it: next and previous step,
the overview's steps, entrances and "read more" links, links in rich text, glossary links, the
header and the footer (pages/levels.py ``keep_level``).
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from pages.levels import BY_CODE, reading_at

OVERVIEW = "fran-nyanland-till-nyanstalld/"
STEP = "fran-nyanland-till-nyanstalld/gemensam-ingang-och-en-egen-plan/"
# Switchers link to the other levels and languages on purpose; they are checked elsewhere.
SWITCHERS = re.compile(
    r'<nav class="level-switcher".*?</nav>|<nav class="language-switcher.*?</nav>', re.S
)
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


def internal_links(html: str) -> list[str]:
    html = SWITCHERS.sub("", html)
    links = []
    for href in HREF.findall(html):
        href = unescape(href)
        if href.startswith("/") and not href.startswith(("/media/", "/static/", "//")):
            links.append(href)
    return links


@pytest.fixture
def has_level(client):
    """Whether the page at a path is served at a level (its level URL answers 200)."""
    known = {}

    def check(path: str, level) -> bool:
        if path not in known:
            response = client.get(f"{path}{level.url_segment}/")
            known[path] = response.status_code == 200
        return known[path]

    return check


def assert_level_kept(client, has_level, start: str, level, glossary=False):
    response = client.get(start)
    assert response.status_code == 200, start
    links = internal_links(response.content.decode())
    assert links, start
    checked = 0
    for href in links:
        parts = urlsplit(href)
        if "/ord/" in parts.path:  # the glossary carries the level in its address
            assert parse_qs(parts.query).get("niva") == [level.code], (start, href)
            checked += 1
            continue
        if parts.path.rstrip("/").endswith("/" + level.url_segment):
            checked += 1
            continue
        if parts.query or not parts.path.endswith("/"):
            continue  # the search, downloads: not pages with levels
        assert not has_level(parts.path, level), f"{start}: {href} loses the level"
    assert checked, f"no link on {start} kept the level"
    return links


@pytest.mark.parametrize("language", ["sv", "ar"])
@pytest.mark.parametrize("level_code", ["easy", "sfi"])
def test_every_link_on_a_step_the_overview_and_the_glossary_keeps_the_level(
    client, has_level, language, level_code
):
    level = BY_CODE[level_code]
    step_links = assert_level_kept(
        client, has_level, f"/{language}/{STEP}{level.url_segment}/", level
    )
    # the step's next/previous and the overview link are among them, at the level
    assert any(STEP not in link and OVERVIEW in link for link in step_links)
    assert_level_kept(client, has_level, f"/{language}/{OVERVIEW}{level.url_segment}/", level)
    glossary_links = assert_level_kept(
        client, has_level, f"/{language}/ord/?niva={level.code}", level
    )
    term = next(link for link in glossary_links if re.search(r"/ord/[^/?]+/", link))
    assert_level_kept(client, has_level, term, level)


def test_glossary_links_in_sfi_text_carry_the_level(client):
    html = client.get(f"/sv/{STEP}sfi-niva/").content.decode()
    glossary = re.findall(r'class="glossary-link" href="([^"]+)"', html)
    assert glossary
    assert all(unescape(href).endswith("?niva=sfi") for href in glossary)


def test_at_the_standard_level_links_stay_plain(client):
    html = client.get(f"/sv/{STEP}").content.decode()
    for href in internal_links(html):
        assert "lattlast" not in href and "sfi-niva" not in href and "niva=" not in href


def test_rich_text_links_keep_the_level(db):
    from wagtail.rich_text import expand_db_html

    from pages.models import ChainOverviewPage

    overview = ChainOverviewPage.objects.filter(locale__language_code="sv").first()
    html = f'<p><a linktype="page" id="{overview.pk}">the chain</a></p>'
    with reading_at("easy"):
        assert 'lattlast/"' in expand_db_html(html)
    assert "lattlast" not in expand_db_html(html)


def test_the_glossary_ignores_a_level_it_does_not_know(client):
    response = client.get("/sv/ord/?niva=²")
    assert response.status_code == 200
    terms = re.findall(r'href="(/sv/ord/[^"/?]+/[^"]*)"', response.content.decode())
    assert terms and all("niva" not in href for href in terms)
