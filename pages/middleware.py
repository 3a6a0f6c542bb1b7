"""A public page request's Wagtail site, and the root paths page URLs are built from, as the
content memory (etablering/content_memo.py) remembers them: no query for either."""

from wagtail.models import Site

from etablering.content_memo import current_generation, remember, remember_copies


class KnownSiteMiddleware:
    """Sets what Wagtail would otherwise look up for the request (``Site.find_for_request`` and
    ``Site.get_site_root_paths``, cached on the request under the names Wagtail reads)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if current_generation() is not None:
            key = ("site", request.get_host(), request.get_port())
            request._wagtail_site = remember_copies(key, lambda: Site.find_for_request(request))
            request._wagtail_cached_site_root_paths = remember(
                ("site-root-paths",), Site.get_site_root_paths
            )
        return self.get_response(request)
