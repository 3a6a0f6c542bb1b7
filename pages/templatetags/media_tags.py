"""Audio and video in templates: only clips whose file is in storage are shown."""

from django import template

register = template.Library()


@register.filter
def playable(clip, media_type="audio"):
    """The clip when it can be played (right type, file in storage); else None."""
    if clip is None or getattr(clip, "type", None) != media_type:
        return None
    return clip if clip.file_exists() else None


@register.simple_tag
def media_id(prefix, value):
    """A stable element id for a clip on the page."""
    return f"{prefix}-{getattr(value, 'pk', value)}"


@register.filter
def language_name(code):
    """A language's name in its own script, e.g. "العربية" for "ar"."""
    from etablering.languages import BY_CODE

    language = BY_CODE.get(code)
    return language.name_local if language else code
