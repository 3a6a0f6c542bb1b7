"""The three reading levels of Swedish: standard, lättläst (easy to read) and SFI level.

Every information page stores each level in its own fields (``intro``/``body``,
``easy_intro``/``easy_body``, ``sfi_intro``/``sfi_body``). The level is part of the URL: the
standard level at the page's own URL, the others at ``lattlast/`` and ``sfi-niva/`` below it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReadingLevel:
    code: str
    url_segment: str  # "" for the standard level
    field_prefix: str
    label: Promise
    description: Promise
    lix_limit: int  # LIX above this warns the editor
    # Which levels to show, in order, when this one is missing.
    nearest: tuple[str, ...]

    def field(self, name: str) -> str:
        return f"{self.field_prefix}{name}"


STANDARD = ReadingLevel(
    code="standard",
    url_segment="",
    field_prefix="",
    label=_("Standard"),
    description=_("The full text."),
    lix_limit=45,
    nearest=("easy", "sfi"),
)
EASY = ReadingLevel(
    code="easy",
    url_segment="lattlast",
    field_prefix="easy_",
    label=_("Easy to read"),
    description=_("Short sentences and common words."),
    lix_limit=30,
    nearest=("sfi", "standard"),
)
SFI = ReadingLevel(
    code="sfi",
    url_segment="sfi-niva",
    field_prefix="sfi_",
    label=_("SFI level"),
    description=_("Simple Swedish for people who are learning Swedish."),
    lix_limit=40,
    nearest=("easy", "standard"),
)

LEVELS = (STANDARD, EASY, SFI)
BY_CODE = {level.code: level for level in LEVELS}
BY_URL_SEGMENT = {level.url_segment: level for level in LEVELS if level.url_segment}
RESERVED_SLUGS = frozenset(BY_URL_SEGMENT)

SFI_COURSES = [
    ("A", _("SFI course A")),
    ("B", _("SFI course B")),
    ("C", _("SFI course C")),
    ("D", _("SFI course D")),
]
