from django import template
from django.utils import translation

from ..lookup import clip_sources, pictogram_for

register = template.Library()


@register.simple_tag
def pictogram_view(pictogram, language=None):
    """The pictogram (a Pictogram or its id) with its meaning in ``language`` (the active
    language by default)."""
    return pictogram_for(pictogram, language or translation.get_language() or "sv")


@register.simple_tag
def audio_sources(media):
    """(address, type) of each file of a clip whose file exists, else () (no play control
    without audio)."""
    return clip_sources(media)


@register.inclusion_tag("pictures/no_audio.html", takes_context=True)
def call_instead(context, explain=False):
    """Where a text cannot be heard: the call-back link and a ``tel:`` link to the site's phone,
    with the phone pictogram, instead of a silent player. ``explain`` adds one sentence saying
    that there is no voice in this language yet (content pages in so and prs). No query on a
    warm page: every value is remembered (content memory, site chrome)."""
    from pages.templatetags.site_tags import _site_chrome

    from ..demo import pictogram_key
    from ..lookup import pictogram_library
    from ..views import contact_url

    language = translation.get_language() or "sv"
    request = context.get("request")
    details = _site_chrome(context)["details"] or {}
    return {
        "explain": explain,
        "contact_url": contact_url(language, request) if request is not None else "",
        "phone": details.get("phone", ""),
        "phone_picto": pictogram_library(language).get(str(pictogram_key("phone"))),
        "language": language,
    }


@register.simple_tag
def pictures_entrance():
    """The link to the pictures-and-sound mode in the active language, with its pictogram."""
    from django.urls import reverse

    from ..demo import pictogram_key
    from ..lookup import pictogram_library

    language = translation.get_language() or "sv"
    picto = pictogram_library(language).get(str(pictogram_key("listen")))
    return {"picto": picto, "url": reverse("pictures_mode")}


@register.simple_tag(takes_context=True)
def glossary_richtext(context, value):
    """Rich text; in easy-to-read and SFI-level text with the first occurrence of each glossary
    term linked to its explanation (pictures/glossary.py)."""
    from wagtail.templatetags.wagtailcore_tags import richtext

    return _glossary_linked(context, richtext(value))


@register.simple_tag(takes_context=True)
def glossary_text(context, value):
    """Plain text (a step's facts) with glossary terms linked as in the text around it."""
    from django.utils.html import escape

    return _glossary_linked(context, escape(value or ""))


def _glossary_linked(context, html):
    from django.utils.safestring import mark_safe

    from ..glossary import LINKED_LEVELS, GlossaryLinker

    content = context.get("content")
    request = context.get("request")
    level = getattr(getattr(content, "level", None), "code", "")
    if request is None or level not in LINKED_LEVELS:
        return html
    language = getattr(context.get("content_language"), "code", None) or "sv"
    linker = getattr(request, "_glossary_linker", None)
    if linker is None or linker.language != language:
        linker = GlossaryLinker(language)
        request._glossary_linker = linker
    return mark_safe(linker.link(html))  # noqa: S308 - escaped rich text, escaped explanations


@register.simple_tag
def understanding_form(page, level_code, language_code):
    """What the "Did you understand this page?" form needs: its signed token and the answers
    with their face pictograms."""
    from ..demo import pictogram_key
    from ..lookup import pictogram_library
    from ..models import Understanding
    from ..understanding import make_token

    library = pictogram_library(translation.get_language() or "sv")
    faces = {"yes": "happy", "partly": "neutral", "no": "sad"}
    return {
        "token": make_token(page.pk, level_code, language_code),
        "answers": [
            {
                "value": value,
                "label": label,
                "picto": library.get(str(pictogram_key(faces[value]))),
            }
            for value, label in Understanding.choices
        ],
    }


@register.simple_tag
def pictogram_named(name, language=None):
    """A pictogram of the library by its name in the starter set (``phone``, ``clock`` …), in
    ``language`` (the active language by default); None where the library lacks it."""
    from ..demo import pictogram_key
    from ..lookup import pictogram_library

    if not name:
        return None
    library = pictogram_library(language or translation.get_language() or "sv")
    return library.get(str(pictogram_key(name)))
