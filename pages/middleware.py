"""A public page request's Wagtail site, and the root paths page URLs are built from, as the
content memory (etablering/content_memo.py) remembers them: no query for either."""

from wagtail.models import Site

from etablering.content_memo import current_generation, remember, remember_copies
from etablering.wagtail_internals import set_request_site


class KnownSiteMiddleware:
    """Sets what Wagtail would otherwise look up for the request (``Site.find_for_request`` and
    ``Site.get_site_root_paths``), set where Wagtail reads them (etablering/wagtail_internals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if current_generation() is not None:
            key = ("site", request.get_host(), request.get_port())
            set_request_site(
                request,
                remember_copies(key, lambda: Site.find_for_request(request)),
                remember(("site-root-paths",), Site.get_site_root_paths),
            )
        return self.get_response(request)
