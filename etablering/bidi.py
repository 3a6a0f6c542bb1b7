"""Numbers, e-mail addresses and codes that read the right way in every direction.

In a right-to-left paragraph (Arabic, Persian, Dari) the spaces and dashes between the digit
groups of "08-123 456 78" take the paragraph's direction, so the groups show in reverse order
("78 456 123-08"). The cure is to isolate each such run as left-to-right: ``<bdi dir="ltr">``
in HTML, the Unicode isolates U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE in
plain text (e-mails). This module finds the runs; the template filter ``isolate``
(etablering/templatetags/bidi.py) is the one way templates use it.

What is isolated:
- a whole value that is one left-to-right code (no space, no right-to-left letter; a digit, @ or
  / in it, or capitals only), such as a case reference KAMA37UT, an e-mail or web address;
- inside any text: e-mail addresses and numbers written in groups — phone numbers
  (08-123 456 78, +46 70 123 45 67, (08) 12 34 56), dates (2026-12-01, 1.12.2026), times and
  opening hours (8–11, 08.00 – 16.30, 9:00).
"""

import html
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LRI, PDI = "\u2066", "\u2069"
_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]"
_SPACE = "[ \u00a0\u202f]"
_DASH = "[\\-\u2010-\u2014\u2212]"
_SEPARATOR = f"(?:{_SPACE}?{_DASH}{_SPACE}?|[./:]|{_SPACE})"
_GROUP = f"(?:\\({_DIGIT}+\\){_SPACE}?)?{_DIGIT}+"
_NUMBER = f"(?:\\+{_SPACE}?)?{_GROUP}(?:{_SEPARATOR}{_GROUP})+|\\+{_DIGIT}+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
LTR_RUN = re.compile(f"(?<![\\w+@.-])(?:{_EMAIL}|{_NUMBER})(?![\\w@])")
_RTL_CLASSES = {"R", "AL"}
# Text inside these elements is left alone (already isolated, or not text to read).
_SKIP_ELEMENTS = {"bdi", "script", "style", "textarea", "code", "pre", "title"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def is_ltr_token(text: str) -> bool:
    """True for a value that is one left-to-right code: no space, no right-to-left letter, and a
    digit, an @ or a / in it, or capitals only (a case reference such as KAMA37UT or KCDEFHJK,
    an e-mail or web address, a number). A plain word (Svenska, Nej) is left as it is."""
    text = text.strip()
    if not text or any(char.isspace() for char in text):
        return False
    if any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text):
        return False
    if any(char.isdecimal() or char in "@/" for char in text):
        return True
    return len(text) >= 4 and text.isascii() and text.isalpha() and text.isupper()


def _pieces(text: str, whole: bool = True):
    """(piece, is_ltr_run) in order; ``whole``: the text is a whole value, not part of one."""
    if whole and is_ltr_token(text):
        yield text, True
        return
    position = 0
    for match in LTR_RUN.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def isolate_text(text: str) -> str:
    """Plain text (an e-mail) with every left-to-right run between U+2066 and U+2069."""
    return "".join(f"{LRI}{piece}{PDI}" if ltr else piece for piece, ltr in _pieces(str(text)))


def _isolate_plain_to_html(text: str, whole: bool = True) -> str:
    return "".join(
        f'<bdi dir="ltr">{escape(piece)}</bdi>' if ltr else escape(piece)
        for piece, ltr in _pieces(text, whole)
    )


def isolate_html(value) -> SafeString:
    """HTML with every left-to-right run of its text in ``<bdi dir="ltr">``.

    A plain string is escaped first; safe HTML (rich text) is changed in its text only, never
    in tags or attributes, and not inside ``<bdi>``, ``<code>``, ``<pre>`` or scripts."""
    if not isinstance(value, SafeString):
        return mark_safe(_isolate_plain_to_html(str(value)))  # noqa: S308 - escaped above
    out = []
    skipping = []
    for part in _TAG.split(str(value)):
        if part.startswith("<"):
            out.append(part)
            match = _TAG_NAME.match(part)
            if match:
                closing, name = match.group(1) == "/", match.group(2).lower()
                if name in _SKIP_ELEMENTS:
                    if closing:
                        if skipping:
                            skipping.pop()
                    elif not part.endswith("/>"):
                        skipping.append(name)
        elif part and not skipping:
            out.append(_isolate_plain_to_html(html.unescape(part), whole=False))
        else:
            out.append(part)
    return mark_safe("".join(out))  # noqa: S308 - text parts escaped, tags kept as they were
