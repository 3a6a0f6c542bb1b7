"""Wagtail's serve view, with the page found the site's own way first.

Wagtail loads the site's home page with every field of its type before it routes, and its
translation with another query in every language but the home page's own. Here the home page in
the visitor's language comes from the content memory (etablering/content_memo.py), is asked to
route with its own fields left unloaded (HomePage.route finds the whole path in one remembered
lookup), and only the page that is served is loaded whole. Everything after routing (hooks,
view restrictions, serving) is Wagtail's own view, which finds the route on the request.
"""

from django.http import Http404
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from etablering.content_memo import remember_copies
from etablering.languages import SOURCE_LANGUAGE
from etablering.wagtail_internals import set_request_route

from .translations import locale_code


def home_in_active_language(site):
    """The site's home page in the active language (the home page itself where there is no live
    translation), as a plain page: what Wagtail's ``root_page.localized`` gives, in one query."""
    root, language = site.root_page, translation.get_language() or SOURCE_LANGUAGE
    if locale_code(root.locale_id) == language:
        return root

    def translated_home():
        translations = Page.objects.filter(
            translation_key=root.translation_key, locale__language_code=language
        )
        return translations.live().first() or root

    return remember_copies(("home", root.pk, language), translated_home)


def route_for_request(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    path_components = [component for component in path.split("/") if component]
    try:
        return home_in_active_language(site).specific_deferred.route(request, path_components)
    except Http404:
        return None


def serve(request, path):
    set_request_route(request, lambda: route_for_request(request, path))
    return wagtail_serve(request, path)
