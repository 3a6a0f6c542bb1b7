"""Site chrome: the organisation's name and the footer, in the language being rendered."""

from django import template
from django.conf import settings
from django.utils import translation

from etablering.languages import get_language
from pages.models import SiteDetails
from pages.translations import localized_links

register = template.Library()


def _details(context):
    request = context.get("request")
    language_code = translation.get_language()
    cache = getattr(request, "_site_details", None) if request is not None else None
    if cache is None or cache[0] != language_code:
        cache = (language_code, SiteDetails.for_language(language_code))
        if request is not None:
            request._site_details = cache
    return cache[1]


@register.simple_tag(takes_context=True)
def site_name(context):
    details = _details(context)
    return details.organisation_name if details else settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("components/site_footer.html", takes_context=True)
def site_footer(context):
    details = _details(context)
    request = context.get("request")
    pages = [details.contact_page, details.accessibility_page] if details else []
    links = localized_links([p for p in pages if p], request) if request else {}
    return {
        "details": details,
        "footer_links": [links[p.pk] for p in pages if p and p.pk in links],
        "interface_language": get_language(translation.get_language() or "sv"),
    }
