"""Rendering helpers for the one accessible field pattern of the contact forms."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from etablering.languages import BY_CODE

register = template.Library()

# Pictures that carry the meaning of a choice for people who cannot read (decorative for screen
# readers: the text label says the same).
PICTURES = {
    (
        "time_of_day",
        "morning",
    ): '<path d="M4 18h16M7 18a5 5 0 0 1 10 0M12 6v3M5 10l2 2M19 10l-2 2"/>',
    (
        "time_of_day",
        "midday",
    ): '<circle cx="12" cy="12" r="4"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2"/>',  # noqa: E501
    ("time_of_day", "afternoon"): '<path d="M4 18h16M7 18a5 5 0 0 1 10 0M12 13v-3M9 11l3-3 3 3"/>',
    ("time_of_day", "any"): '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/>',
    ("interpreter", "yes"): '<path d="M3 5h10v7H8l-3 3v-3H3zM11 12h10v7h-2v3l-3-3h-5z"/>',
    ("interpreter", "no"): '<path d="M4 5h16v10h-9l-4 4v-4H4z"/>',
}


@register.simple_tag
def field_widget(field, hint_id, error_id):
    described_by = []
    if field.help_text:
        described_by.append(hint_id)
    if field.errors:
        described_by.append(error_id)
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def choice_lang(field_name, value):
    """A language's own name is marked up in that language."""
    language = BY_CODE.get(str(value)) if field_name == "language" else None
    if language is None:
        return ""
    return format_html(' lang="{}" dir="{}"', language.code, language.direction)


@register.simple_tag
def choice_picture(field_name, value):
    paths = PICTURES.get((field_name, str(value)))
    if not paths:
        return ""
    return mark_safe(  # noqa: S308 - constant SVG from this module
        '<svg class="choice__picture" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'width="48" height="48" fill="none" stroke="currentColor" stroke-width="1.8" '
        f'stroke-linecap="round" stroke-linejoin="round">{paths}</svg>'
    )


@register.filter
def is_choice_group(field):
    return field.widget_type == "radioselect"


# The pictogram (by its name in the pictogram library's demo set, pictures/demo/pictograms.toml)
# shown beside an error, by the error's code or the field it belongs to; "question" otherwise.
ERROR_PICTURES = {
    "phone": "phone",
    "language": "language",
    "interpreter": "interpreter",
    "time_of_day": "clock",
    "name": "sign",
    "email": "email",
    "message": "letter",
    "form_expired": "clock",
    "too_many_requests": "clock",
}
DEFAULT_ERROR_PICTURE = "question"


def error_code(field_name: str, code: str | None) -> str:
    """An error's stable name: the field and the kind of error, e.g. ``phone_required``,
    ``phone_invalid``, ``phone_too_long``, ``time_of_day_invalid_choice``."""
    return f"{field_name}_{code or 'invalid'}" if field_name else code or "invalid"


@register.simple_tag
def field_errors(field):
    """A field's errors as ``{"message", "code"}``, in order (the code names the pictogram and,
    later, the spoken clip: forms/fields/error_media.html)."""
    errors = field.form.errors.as_data().get(field.name, [])
    return [
        {
            "message": " ".join(str(m) for m in error.messages),
            "code": error_code(field.name, error.code),
        }
        for error in errors
    ]


@register.simple_tag
def error_picture_name(code):
    if code in ERROR_PICTURES:
        return ERROR_PICTURES[code]
    field = max((f for f in ERROR_PICTURES if code.startswith(f + "_")), key=len, default="")
    return ERROR_PICTURES.get(field, DEFAULT_ERROR_PICTURE)
