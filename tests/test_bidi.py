"""One filter isolates numbers, e-mail addresses and codes (etablering/bidi.py); the browser
test (tests/browser/test_bidi.py) reads the rendered digit order."""

from django.template import Context, Template
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from etablering.bidi import LRI, PDI, isolate_html, isolate_text

RTL_WORDS = st.sampled_from(["الهاتف:", "تلفن", "شماره", "نجيب", "Ring", "Telefon:", "ስልኪ"])
DIGITS = st.text(alphabet="0123456789", min_size=2, max_size=4)
SEPARATORS = st.sampled_from([" ", "-", " – ", ".", "/", ":", "\u00a0"])


@given(
    before=RTL_WORDS,
    after=RTL_WORDS,
    groups=st.lists(DIGITS, min_size=2, max_size=5),
    separator=SEPARATORS,
    plus=st.booleans(),
)
def test_a_number_in_groups_is_isolated_whole_in_any_text(before, after, groups, separator, plus):
    number = ("+" if plus else "") + separator.join(groups)
    html = isolate_html(f"{before} {number} {after}")
    assert f'<bdi dir="ltr">{number}</bdi>' in html
    assert html.count("<bdi") == 1
    assert isolate_text(f"{before} {number} {after}") == f"{before} {LRI}{number}{PDI} {after}"


def test_what_is_isolated_and_what_is_not():
    assert isolate_html("kontakt@example.org") == '<bdi dir="ltr">kontakt@example.org</bdi>'
    assert isolate_html("KAMA37UT") == '<bdi dir="ltr">KAMA37UT</bdi>'
    assert isolate_html("Morning, 8–11") == 'Morning, <bdi dir="ltr">8–11</bdi>'
    assert isolate_html("Mån–fre 08.00 – 16.30") == 'Mån–fre <bdi dir="ltr">08.00 – 16.30</bdi>'
    for plain in ("Svenska", "Nej", "I 3 steg", "år 2026. 3 personer", "SFI"):
        assert isolate_html(plain) == plain
    assert "<b>" not in isolate_html("<b>Ring 08-1</b>")  # plain text is escaped


def test_rich_text_is_changed_in_its_text_only_and_only_once():
    html = mark_safe(
        '<p>Ring <a href="tel:0812345678" title="08-123 456 78">08-123 456 78</a> &amp; '
        "<code>1 2</code></p>"
    )
    once = isolate_html(html)
    assert once == (
        '<p>Ring <a href="tel:0812345678" title="08-123 456 78">'
        '<bdi dir="ltr">08-123 456 78</bdi></a> &amp; <code>1 2</code></p>'
    )
    assert isolate_html(once) == once


def test_the_filter_uses_unicode_isolates_where_autoescaping_is_off():
    template = Template(
        "{% load bidi %}{{ ref|isolate }}|{% autoescape off %}{{ ref|isolate }}{% endautoescape %}"
    )
    assert template.render(Context({"ref": "KAMA37UT"})) == (
        f'<bdi dir="ltr">KAMA37UT</bdi>|{LRI}KAMA37UT{PDI}'
    )
