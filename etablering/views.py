"""Site-wide views: robots.txt and the error pages, in the visitor's language and direction."""

from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from pages.translations import view_language_links

from .context_processors import language_context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/sok/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    context = {"language_links": view_language_links(request)}
    return HttpResponse(template.render(context, request), status=404)


def server_error(request):
    """A 500 page that needs no database: only the active language and static files."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render(language_context()))


def csrf_failure(request, reason=""):
    """A form sent with a missing or old security token: say what to do, in their language."""
    template = loader.get_template("403_csrf.html")
    context = {"language_links": view_language_links(request)}
    return HttpResponseForbidden(template.render(context, request))


def bad_request(request, exception=None):
    """Malformed requests, e.g. a form larger than the site accepts."""
    template = loader.get_template("400.html")
    context = {"language_links": view_language_links(request)}
    return HttpResponseBadRequest(template.render(context, request))
