"""Search per language and level, and the sitemap of every page in every language."""

import re

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from etablering.languages import SOURCE_LANGUAGE

from .levels import BY_CODE, STANDARD, reading_at
from .models import LeveledPage
from .translations import view_language_links, with_level
from .view_restrictions import any_view_restriction_exists

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


_WORD = re.compile(r"[^\W_]+")


def _clean_query(raw: str) -> str:
    """What the visitor typed, trimmed to a sane length, for showing back to them."""
    cleaned = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def _search_terms(query: str) -> str:
    """Only the words: quotes, brackets and operators (AND, NEAR, *) mean syntax to full-text
    engines such as SQLite's FTS5, and a visitor's punctuation must never become syntax."""
    return " ".join(word.lower() for word in _WORD.findall(query))


def _page_number(raw: str) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if number > 0 else 1


def _result(page, leveled, level_code, request):
    url = page.get_url(request)  # no page type builds its URL its own way
    intro = page.search_description
    if leveled is not None:
        content, _stand_in = leveled.resolve_level(level_code)
        if content is not None:
            url = with_level(url, content.level.code)
            intro = content.intro or intro
    return {"title": page.title, "url": url, "intro": intro}


@require_GET
def search(request):
    query = _clean_query(request.GET.get("q", ""))
    level_param = request.GET.get("niva", "")
    level_code = level_param if level_param in BY_CODE else STANDARD.code
    language_code = translation.get_language() or SOURCE_LANGUAGE
    context = {
        "search_query": query,
        "requested_level": BY_CODE[level_code],
        "level_param": level_code if level_code != STANDARD.code else "",
        "error": "",
        "language_links": view_language_links(request),
    }
    terms = _search_terms(query)
    if terms:
        try:
            locale = Locale.objects.get_for_language(language_code)  # kept in memory
        except Locale.DoesNotExist:
            locale = None
        pages = Page.objects.live()
        if any_view_restriction_exists():  # else .public() would ask the database for nothing
            pages = pages.public()
        pages = pages.filter(locale=locale) if locale else pages.none()
        hits = list(pages.search(terms, operator="and"))
        paginator = Paginator(hits, RESULTS_PER_PAGE)
        try:
            results = paginator.page(_page_number(request.GET.get("sida")))
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
        leveled = LeveledPage.levels_in_bulk(results.object_list)
        results.object_list = [
            _result(page, leveled.get(page.pk), level_code, request) for page in results.object_list
        ]
        context.update(paginator=paginator, results=results)
    elif "q" in request.GET:
        context["error"] = _("Write one or more words to search for.")
        context["search_query"] = ""
    with reading_at(level_code):  # the header, footer and search form keep the level
        return TemplateResponse(request, "pages/search.html", context).render()


@require_GET
def sitemap(request):
    """Every live page in every language and reading level, with hreflang alternates."""
    pages = Page.objects.live().public().exclude(depth=1).specific().select_related("locale")
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    entries = []
    for versions in by_key.values():
        urls = {}
        for page in versions:
            relative = page.get_url(request)
            url = request.build_absolute_uri(relative) if relative else None
            if url:
                urls[page] = url
        for page, url in urls.items():
            levels = page.available_levels if isinstance(page, LeveledPage) else [STANDARD]
            for level in levels:
                alternates = [
                    {
                        "language": other.locale.language_code,
                        "url": with_level(other_url, level.code),
                    }
                    for other, other_url in urls.items()
                    if not isinstance(other, LeveledPage) or level in other.available_levels
                ]
                entries.append(
                    {
                        "url": with_level(url, level.code),
                        "lastmod": page.last_published_at,
                        "alternates": alternates if len(alternates) > 1 else [],
                    }
                )
    body = render_to_string("pages/sitemap.xml", {"entries": entries})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
