"""Facts drawn from the published content, remembered by each app process until the content
changes: which site a host name belongs to, which page an address leads to, a page's language
versions, the steps of the chain, the footer's details, the pictogram library.

Every change that can show on a public page bumps one shared number, the content generation
(``page_cache.GENERATION_KEY`` in the shared cache: Redis in production): a page published,
unpublished, moved or deleted, a snippet or a site saved, a view restriction changed. The
middleware below reads that number once per request to a public page, and whatever is remembered
here is kept under it; a process that sees another number forgets everything it remembered. So
the processes need agree on nothing but that one number, which they share, and a fact from before
a change is never used after it, whichever process (or the admin) made the change.

Only GET and HEAD requests to public pages (under a language prefix) use the memory, never the
admin, previews or forms, so nothing computed inside a transaction that might be rolled back is
kept. Outside such a request (the shell, tasks, tests that call models directly) nothing is
remembered and every fact is read afresh.

What is remembered is either immutable, or (model instances) kept pickled and handed out as a
fresh copy on each use (``remember_copies``), so no two requests ever share a mutable object.
"""

import contextvars
import pickle
import threading

from .page_cache import LANGUAGE_PREFIXES, generation

# A bound on memory. When it is reached everything is forgotten and remembered anew, so that a
# flood of addresses that lead nowhere cannot crowd out the pages people read. The largest facts
# (a page's language versions with their recordings) are about 8 KB pickled, most far less:
# some tens of MB per process at worst.
MAX_ENTRIES = 5_000

_current_generation = contextvars.ContextVar("content_generation", default=None)
_lock = threading.Lock()
_entries: dict = {}
_entries_generation: int | None = None


def current_generation() -> int | None:
    """The content generation this request runs under; None outside a public page request."""
    return _current_generation.get()


def _entries_of(generation_number: int) -> dict:
    global _entries, _entries_generation
    with _lock:
        if generation_number != _entries_generation:
            _entries, _entries_generation = {}, generation_number
        return _entries


def remember(key, compute):
    """compute(), remembered under `key` until the content changes. The value must be treated as
    immutable by everyone who gets it."""
    generation_number = _current_generation.get()
    if generation_number is None:
        return compute()
    entries = _entries_of(generation_number)
    try:
        return entries[key]
    except KeyError:
        pass
    value = compute()
    if _entries_generation == generation_number:
        if len(entries) >= MAX_ENTRIES:
            entries.clear()
        entries[key] = value
    return value


def remember_copies(key, compute):
    """compute() (model instances, say), remembered pickled; each call gets its own copy."""
    if _current_generation.get() is None:
        return compute()
    data = remember(key, lambda: pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL))
    return pickle.loads(data)  # noqa: S301 - bytes this process pickled itself, never input


def site_of(request) -> int | None:
    """The id of the Wagtail site a request is for, for the key of a fact that holds addresses
    (page URLs are relative within the request's own site, absolute elsewhere)."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site is not None else None


def uses_memory(request) -> bool:
    return request.method in ("GET", "HEAD") and request.path.startswith(LANGUAGE_PREFIXES)


class ContentMemoMiddleware:
    """Reads the content generation at the start of a public page request (see the module's
    docstring); outermost of the middlewares that read content, so they all share it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not uses_memory(request):
            return self.get_response(request)
        token = _current_generation.set(generation())
        try:
            return self.get_response(request)
        finally:
            _current_generation.reset(token)
