"""Spoken interface phrases in templates (pages/phrases.py).

``{% spoken "nav.back" %}`` renders a small labelled play control with every source of the
phrase's clip in the active language, or nothing at all where there is no playable clip (never a
silent player). Parts are joined with dots, so a template can build the key from what it has:
``{% spoken form.channel field.name %}`` plays ``callback.phone``, ``{% spoken "error" code %}``
plays ``error.phone_required``. ``id=`` gives the control an element id (a link's
``data-voice`` plays it on focus); ``language=`` another language than the active one.

``{% spoken_clip "nav.back" as clip %}`` gives the clip itself (or None), for a template that
must know beforehand whether there is one.
"""

from django import template
from django.template.loader import get_template
from django.utils import translation

from .. import phrases

register = template.Library()


def _key(parts) -> str:
    return ".".join(str(part) for part in parts if part not in (None, ""))


def _clip(context, key: str, language: str | None):
    """The clip, read once per language and request even where the content memory is not used
    (a form sent with errors is a POST)."""
    language = language or translation.get_language() or "sv"
    request = context.get("request")
    if request is None:
        return phrases.clip(key, language)
    read = request.__dict__.setdefault("_spoken_clips", {})
    if language not in read:
        read[language] = phrases.clips(language)
    return read[language].get(key)


@register.simple_tag(takes_context=True)
def spoken_clip(context, *parts, language=None):
    return _clip(context, _key(parts), language)


@register.simple_tag(takes_context=True)
def spoken(context, *parts, language=None, id=None):  # noqa: A002 - the element's id
    key = _key(parts)
    clip = _clip(context, key, language)
    if clip is None:
        return ""
    active = translation.get_language()
    return get_template("components/spoken.html").render(
        {
            "clip": clip,
            "text": phrases.text(key, clip.language),
            "element_id": id or "",
            "other_language": clip.language if clip.language != active else "",
        }
    )
