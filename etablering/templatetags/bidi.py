"""``{{ value|isolate }}``: the one way templates make numbers, e-mail addresses, dates,
opening hours and case references read the right way in right-to-left languages
(etablering/bidi.py). In HTML it isolates with ``<bdi dir="ltr">``; where autoescaping is off
(the plain-text e-mails) with the Unicode isolates U+2066 … U+2069."""

from django import template

from etablering.bidi import isolate_html, isolate_text

register = template.Library()


@register.filter(needs_autoescape=True)
def isolate(value, autoescape=True):
    if value is None or value == "":
        return value
    return isolate_html(value) if autoescape else isolate_text(value)
