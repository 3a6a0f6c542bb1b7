"""schema.org data for an offer, fitting its kind.

A tailored programme is an ``EducationalOccupationalProgram`` (training that leads to a job); a
group of ready-trained candidates is a ``Service`` that an employer can use to recruit.
"""

import json

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from .choices import OfferKind, OfferStatus


def offer_data(offer, request) -> dict:
    url = request.build_absolute_uri(offer.get_url(request))
    provider = {"@type": "GovernmentOrganization", "name": settings.WAGTAIL_SITE_NAME}
    place = {
        "@type": "Place",
        "name": offer.place,
        "address": {"@type": "PostalAddress", "addressRegion": offer.place, "addressCountry": "SE"},
    }
    common = {
        "@context": "https://schema.org",
        "name": offer.title,
        "description": offer.summary,
        "url": url,
        "inLanguage": offer.locale.language_code,
        "provider": provider,
        "areaServed": place,
    }
    if offer.kind == OfferKind.PROGRAMME:
        data = {
            "@type": "EducationalOccupationalProgram",
            **common,
            "occupationalCategory": offer.occupation,
            "startDate": offer.start_date.isoformat(),
            "maximumEnrollment": offer.places,
            "programPrerequisites": offer.get_language_level_display(),
            "educationalProgramMode": "workplace",
        }
        if offer.application_deadline:
            data["applicationDeadline"] = offer.application_deadline.isoformat()
    else:
        data = {
            "@type": "Service",
            **common,
            "serviceType": offer.occupation,
            "category": offer.get_sector_display(),
            "audience": {"@type": "BusinessAudience", "name": strip_tags(offer.commitment)[:200]},
        }
    data["additionalProperty"] = [
        {"@type": "PropertyValue", "name": "status", "value": offer.status},
        {"@type": "PropertyValue", "name": "places", "value": offer.places},
    ]
    if offer.status == OfferStatus.CLOSED:
        data["additionalProperty"].append(
            {"@type": "PropertyValue", "name": "closed", "value": True}
        )
    return data


def offer_json_ld(offer, request) -> str:
    """The data as a JSON string safe to place inside a <script> element."""
    text = json.dumps(offer_data(offer, request), ensure_ascii=False, default=str)
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(escaped)  # noqa: S308 - JSON with <, > and & escaped
