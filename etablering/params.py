"""Numbers and ids read from requests: the one parser for every query parameter, form value,
path segment or header that names a number (a page of a listing, an offer, a colleague, a
document, a byte range).

Only ASCII digits count, within bounds. Python's ``str.isdigit()`` accepts '²' and '①', which
``int()`` refuses; ``int()`` itself accepts Arabic-Indic and fullwidth digits, spaces, signs and
underscores, and refuses more than 4,300 digits; a database refuses ids beyond 64 bits. None of
that reaches a view: anything that is not plain digits within the bounds is ``None`` here, and
the caller turns it into its listing's "not a valid value" message or a 404.
"""

import re

from django import forms
from django.http import Http404

# The largest id a BigAutoField holds.
MAX_ID = 2**63 - 1
# No listing has a million pages; a larger number is not a page number.
MAX_PAGE_NUMBER = 1_000_000
# Byte offsets in a Range header: no file is a petabyte.
MAX_BYTE_OFFSET = 2**50
# More characters than any number within the bounds above needs (leading zeros allowed).
MAX_LENGTH = 32
# The digits 0 to 9 of ASCII and nothing else (no str.isdigit(): it says yes to '²' and '①').
ASCII_NUMBER = re.compile(rf"[0-9]{{1,{MAX_LENGTH}}}")


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The integer ``value`` spells in ASCII digits (0-9 only, nothing else), if it lies within
    [minimum, maximum]; else None. Accepts str or int; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        if ASCII_NUMBER.fullmatch(value) is None:
            return None
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def object_id(value) -> int | None:
    """A database id (1 or more) named in a request, or None."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def object_id_or_404(value) -> int:
    number = object_id(value)
    if number is None:
        raise Http404("Not an id")
    return number


def page_number(value) -> int | None:
    """A listing's page number (1 or more) named in a request, or None."""
    return parse_int(value, minimum=1, maximum=MAX_PAGE_NUMBER)


class IdField(forms.Field):
    """A form's hidden id (an offer, a colleague): its value is object_id() of what was posted,
    None for anything else (an id no longer valid is no error the visitor could mend)."""

    widget = forms.HiddenInput

    def to_python(self, value):
        return None if value in self.empty_values else object_id(value)
