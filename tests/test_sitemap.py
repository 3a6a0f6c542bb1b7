"""sitemap.xml lists every page in every language and level with hreflang alternates."""

from defusedxml import ElementTree as ET
from wagtail.models import Page

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_live_page_in_every_locale_and_level(client, demo_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    locations = {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}
    for page in Page.objects.live().exclude(depth=1):
        assert f"http://testserver{page.url}" in locations
    step = demo_page("step-entry")
    assert f"http://testserver{step.url}lattlast/" in locations
    assert f"http://testserver{demo_page('step-entry', 'ti').url}sfi-niva/" in locations


def test_sitemap_entries_carry_their_translations(client, demo_page):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    step_url = f"http://testserver{demo_page('step-entry').url}"
    entry = next(
        u for u in root.findall("s:url", NS) if u.findtext("s:loc", namespaces=NS) == step_url
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert alternates["ar"] == f"http://testserver{demo_page('step-entry', 'ar').url}"
    assert len(alternates) == 11


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
