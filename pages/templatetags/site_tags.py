"""Site chrome: the organisation's name and the footer, in the language being rendered.

Both come from the site details and two footer pages, which change rarely: they are kept in the
cache per language (Redis in production) and dropped whenever a page is published, unpublished
or moved, or the site details are saved (``pages/signals.py``).
"""

import re
import unicodedata

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from etablering.content_memo import remember
from etablering.languages import LANGUAGES, get_language
from pages.levels import has_levels
from pages.models import SiteDetails
from pages.translations import localized_links

register = template.Library()
CACHE_TIMEOUT = 3600


def chrome_cache_key(language_code: str) -> str:
    return f"site-chrome:{language_code}"


def forget_site_chrome():
    cache.delete_many([chrome_cache_key(language.code) for language in LANGUAGES])


def _site_chrome(context) -> dict:
    """Read by the title and the footer of every page: once per process until the content
    changes (etablering/content_memo.py), else from the shared cache."""
    language_code = translation.get_language() or "sv"
    return remember(("site-chrome", language_code), lambda: _shared_chrome(context, language_code))


def _shared_chrome(context, language_code: str) -> dict:
    request = context.get("request")
    key = chrome_cache_key(language_code)
    chrome = cache.get(key)
    if chrome is None:
        details = SiteDetails.for_language(language_code)
        pages = [details.contact_page, details.accessibility_page] if details else []
        links = localized_links([p for p in pages if p], request)
        chrome = {
            "details": {
                name: getattr(details, name)
                for name in ("organisation_name", "phone", "email", "address", "opening_hours")
            }
            if details
            else None,
            "footer_links": [
                {
                    "url": link.url,
                    "title": link.page.title,
                    "language_code": link.language_code,
                    "has_levels": has_levels(link.page),
                }
                for link in (links[p.pk] for p in pages if p and p.pk in links)
            ],
        }
        cache.set(key, chrome, CACHE_TIMEOUT)
    return chrome


@register.filter
def tel_href(phone) -> str:
    """A phone number as written (08-123 456 78, +46 8 …) as a ``tel:`` address."""
    digits = "".join(
        str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char
        for char in str(phone or "")
    )
    return "tel:" + re.sub(r"[^0-9+]", "", digits)


@register.simple_tag(takes_context=True)
def site_phone(context) -> str:
    """The organisation's phone number as people dial it, '' before the details are entered."""
    details = _site_chrome(context)["details"]
    return details["phone"] if details else ""


@register.simple_tag(takes_context=True)
def site_name(context):
    details = _site_chrome(context)["details"]
    return details["organisation_name"] if details else settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("components/site_footer.html", takes_context=True)
def site_footer(context):
    chrome = _site_chrome(context)
    return {
        **chrome,
        "interface_language": get_language(translation.get_language() or "sv"),
    }
