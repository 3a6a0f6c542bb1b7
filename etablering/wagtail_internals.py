"""Every private attribute of Wagtail, django-treebeard, modelsearch and Django that the site
relies on, in one place.

Each function names the private thing it touches, the version it was written against and why no
public API does the job. ``tests/test_wagtail_internals.py`` proves each assumption against the
installed packages (an upgrade that changes one fails there, loudly, before a page breaks), and
checks that no other module of ours reaches into a private attribute of theirs.

Written against: Wagtail 8.0.1, django-treebeard 5.3.1, modelsearch 1.3.2, Django 5.2.
"""

from contextlib import contextmanager

from django.utils.functional import empty

# --- The request: what Wagtail caches on it --------------------------------------------------
# Wagtail 8.0.1 ``Site.find_for_request`` returns ``request._wagtail_site`` when it is set, and
# ``Page._get_site_root_paths(request)`` returns ``request._wagtail_cached_site_root_paths``.
# Setting both from the content memory saves two queries per public request; Wagtail has no
# public hook for either.


def set_request_site(request, site, site_root_paths):
    """Tell Wagtail the request's site and the site root paths, so that it looks up neither."""
    request._wagtail_site = site
    request._wagtail_cached_site_root_paths = site_root_paths


def request_site(request):
    """The site Wagtail has already found for this request, or None (no query either way).
    ``Site.find_for_request`` would look it up when it is not known yet."""
    return getattr(request, "_wagtail_site", None)


# Wagtail 8.0.1 ``Page.route_for_request`` (used by ``wagtail.views.serve``) returns
# ``request._wagtail_route_for_request`` when it is set. pages/serve.py routes from the home page
# of the visitor's language with its fields deferred; there is no public way to hand Wagtail's
# serve view a route found otherwise.


def set_request_route(request, find_route):
    """Route the request with ``find_route()`` unless Wagtail has a route for it already."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = find_route()


def relevant_site_root_paths(page, request):
    """Wagtail 8.0.1 ``Page._get_relevant_site_root_paths``: the site roots a page lies under,
    cached on the request. The public ``get_url_parts`` gives only the URL in the active
    language, not the page's path below the root that pages/translations.py serves under other
    language prefixes."""
    return page._get_relevant_site_root_paths(request)


# --- The page tree ---------------------------------------------------------------------------
# django-treebeard 5.3.1 ``MP_Node.get_parent`` returns ``self._cached_parent_obj`` when it is set.
# pages/models.py finds every page on a URL's path in one query and links them, so that
# breadcrumbs and ``get_parent()`` need no query per level.


def set_known_parent(page, parent):
    page._cached_parent_obj = parent


def known_parent(page):
    """The parent already linked to this page (None: not known; get_parent() would query)."""
    return getattr(page, "_cached_parent_obj", None)


# --- Locales ---------------------------------------------------------------------------------
# Wagtail 8.0.1 looks up the active ``Locale`` with ``LocaleManager.get_for_language``, one query
# per rich-text link, routed page and chooser, from code of Wagtail's own that we cannot pass a
# cached row to; pages/locale_cache.py replaces the method on the manager class.


def replace_locale_lookup(cached):
    """Make ``Locale.objects.get_for_language`` call ``cached(manager, code, uncached)``."""
    from wagtail.models.i18n import LocaleManager

    uncached = getattr(LocaleManager.get_for_language, "uncached", LocaleManager.get_for_language)

    def get_for_language(manager, language_code):
        return cached(manager, language_code, uncached)

    get_for_language.uncached = uncached
    LocaleManager.get_for_language = get_for_language


# --- Search ----------------------------------------------------------------------------------
# modelsearch 1.3.2 ``PostgresIndex.add_items`` reads the text-search configuration from
# ``self.backend.config`` (one per backend, set from settings). Pages in eleven languages need
# one configuration per language; the backend has no per-object option.


@contextmanager
def search_configuration(backend, config):
    """Index with ``config`` (a PostgreSQL text-search configuration) inside the block."""
    default = backend.config
    backend.config = config
    try:
        yield
    finally:
        backend.config = default


# --- Images and documents --------------------------------------------------------------------
# Wagtail 8.0.1 computes an image's or document's file hash and an image's size only on upload
# through its forms; files written by our code (a rebuilt SVG, a demo pictogram) need the same.


def refresh_file_hash(instance):
    """Wagtail's ``_set_file_hash`` (images and documents): the hash duplicate checks use."""
    instance._set_file_hash()


def read_image_file_metadata(image):
    """Wagtail's ``AbstractImage._set_image_file_metadata``: width, height, size and hash."""
    image._set_image_file_metadata()


# --- Django ----------------------------------------------------------------------------------
# Django 5.2 ``FieldFile._committed`` is False while a file assigned to a field is not yet written
# to storage (its content is still in the upload); there is no public flag for it.


def file_is_stored(field_file):
    return getattr(field_file, "_committed", True)


# Django 5.2 ``HttpRequest.read()`` and the multipart parser read ``request._stream``; a body
# read ahead (to cap a chunked upload) must be handed on there. ``LazyObject._wrapped`` set to
# ``empty`` makes a lazy object build itself again (django.conf.settings does the same).


def replace_request_body(request, stream):
    request._stream = stream


def reset_lazy_object(lazy):
    lazy._wrapped = empty
