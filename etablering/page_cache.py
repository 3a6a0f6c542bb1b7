"""The public-page cache: whole responses for anonymous visitors, served without the database.

What is cached: a successful GET of a public page (anything under a language prefix such as
``/sv/`` or ``/ar/…/lattlast/``) without a query string, requested without a session or messages
cookie, whose response sets no cookie, uses no CSRF token and does not forbid caching. The path
holds the language and the reading level, so each language and level is its own entry. Forms,
the search with a query, previews and the admin never qualify: a form's CSRF token is found by
``CSRF_COOKIE_NEEDS_UPDATE``, ``no-store`` responses (receipts, forms) are refused, and admin,
preview and document URLs are outside the language prefixes.

Invalidation is by generation: every entry's key holds the current generation number, and any
change that can show on a page (publish, unpublish, move or delete of a page, a saved snippet such
as the site details) bumps the number, so no stale entry is ever found again (they expire on their
own). One publish drops every page, which is right for a site whose pages show each other's titles
in menus, listings and language switchers.

A cached page carries the Content-Security-Policy nonce of the response it was made from. On a hit,
that nonce is replaced in the body by this response's fresh nonce, which the CSP middleware (outside
this one) puts in the header, so no two responses share a nonce.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from .languages import LANGUAGES

GENERATION_KEY = "page-cache:generation"
# Set by background work that changes what pages show many times in a row (the worker linking
# the clips it makes): the generation moves once, WORKER_DELAY seconds after the first change.
PENDING_KEY = "page-cache:pending"
LANGUAGE_PREFIXES = tuple(f"/{language.code}/" for language in LANGUAGES)
REFUSING_CACHE_CONTROL = ("private", "no-store", "no-cache")
CACHE_STATUS_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.PAGE_CACHE["ALIAS"]]


def generation() -> int:
    # A first generation (none yet, or the cache lost it) starts from the clock, so that it
    # never meets the number of an earlier one whose entries may still be in the cache.
    cache = page_cache()
    values = cache.get_many([GENERATION_KEY, PENDING_KEY])
    pending = values.get(PENDING_KEY)
    if pending is not None and time.time() - pending >= settings.PAGE_CACHE["WORKER_DELAY"]:
        # Whoever reads first after the delay moves the number on (two readers at once move it
        # twice, which costs nothing). Every change marked was committed before its mark.
        cache.delete(PENDING_KEY)
        _next_generation()
        values = {}
    if GENERATION_KEY in values:
        return values[GENERATION_KEY]
    return cache.get_or_set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def _next_generation() -> None:
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted)
        generation()


def forget_all_pages(**kwargs) -> None:
    """Make every cached page unreachable (signal receiver: takes any arguments).

    The number moves on at once and again when the change is committed: a request that read the
    new number before the commit may have stored what it saw of the database then."""
    _next_generation()
    transaction.on_commit(_next_generation)


def forget_all_pages_soon() -> None:
    """Make every cached page unreachable within WORKER_DELAY seconds: for background work that
    changes what pages show many times in a row (a worker linking clip after clip), which would
    otherwise empty the page cache every second. Called after the change is committed; the
    first mark stands until a reader moves the generation on, so no change waits longer."""
    if not settings.PAGE_CACHE["WORKER_DELAY"]:
        forget_all_pages()
        return
    transaction.on_commit(lambda: page_cache().add(PENDING_KEY, time.time(), timeout=None))


def cache_key(request, generation_number: int) -> str:
    """Short and safe for any cache, whatever bytes the path holds. The scheme is part of it: a
    page holds absolute addresses (hreflang alternates, canonical), http:// ones when it was
    made for an HTTP request, https:// ones for HTTPS. The host was checked before
    (etablering.middleware.ValidHostMiddleware)."""
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    address = address.encode("utf-8", "surrogateescape")
    return f"page:{generation_number}:{hashlib.sha256(address).hexdigest()}"


def request_may_use_cache(request) -> bool:
    if not settings.PAGE_CACHE["SECONDS"]:
        return False
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if not request.path.startswith(LANGUAGE_PREFIXES):
        return False
    cookies = request.COOKIES
    return not (settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies)


def response_may_be_cached(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it belongs to this visitor only
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in REFUSING_CACHE_CONTROL)


class PageCacheMiddleware:
    """Serves and stores public pages (see the module's docstring). Sits inside the CSP
    middleware and outside the session, locale, CSRF and authentication middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_may_use_cache(request):
            return self.get_response(request)
        from .content_memo import current_generation

        cache = page_cache()
        key = cache_key(request, current_generation() or generation())
        entry = cache.get(key)
        if entry is not None:
            return self.from_entry(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and response_may_be_cached(request, response):
            patch_cache_control(response, max_age=0, s_maxage=settings.PAGE_CACHE["SECONDS"])
            cache.set(key, self.to_entry(request, response), settings.PAGE_CACHE["SECONDS"])
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def to_entry(request, response) -> dict:
        return {
            "content": response.content,
            "headers": dict(response.items()),
            "nonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
        }

    @staticmethod
    def from_entry(request, entry) -> HttpResponse:
        content = entry["content"]
        if entry["nonce"] and hasattr(request, "csp_nonce"):
            content = content.replace(entry["nonce"].encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content if request.method == "GET" else b"")
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(content))
        response[CACHE_STATUS_HEADER] = "hit"
        return response
