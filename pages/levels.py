"""The three reading levels of Swedish: standard, lättläst (easy to read) and SFI level.

Every information page stores each level in its own fields (``intro``/``body``,
``easy_intro``/``easy_body``, ``sfi_intro``/``sfi_body``). The level is part of the URL: the
standard level at the page's own URL, the others at ``lattlast/`` and ``sfi-niva/`` below it.
"""

from contextlib import contextmanager
from contextvars import ContextVar
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


# The reading level the visitor is reading at, while a page at that level is rendered. Every
# internal link to a page that has reading levels keeps it (``keep_level``): next and previous
# steps, the chain overview, entrances and "read more" links, links in rich text, the glossary,
# the header and the footer — as the language switcher does.
_CURRENT_LEVEL: ContextVar[str] = ContextVar("reading_level", default=STANDARD.code)
# The glossary and the search are not pages with levels: they carry it in the address (?niva=sfi).
LEVEL_PARAMETER = "niva"


def current_level() -> str:
    return _CURRENT_LEVEL.get()


@contextmanager
def reading_at(level_code: str):
    """Render with ``level_code`` as the visitor's reading level."""
    token = _CURRENT_LEVEL.set(level_code if level_code in BY_CODE else STANDARD.code)
    try:
        yield
    finally:
        _CURRENT_LEVEL.reset(token)


def level_from_parameter(value) -> str:
    """The level named by ``?niva=`` (its code); the standard level for anything else."""
    return value if isinstance(value, str) and value in BY_CODE else STANDARD.code


def has_levels(target) -> bool:
    """True for a page (or page class) that is served at each reading level."""
    if target is None or target is False:
        return False
    if target is True:
        return True
    klass = target if isinstance(target, type) else getattr(target, "specific_class", None)
    klass = klass or type(target)
    return bool(getattr(klass, "serves_reading_levels", False))


def keep_level(url: str, target=True) -> str:
    """``url`` at the visitor's current reading level where ``target`` (the page linked to, its
    class, or True) has levels; the glossary's own links carry the level as ``?niva=``."""
    level = BY_CODE[current_level()]
    if not url or not level.url_segment:
        return url
    if target == "glossary":
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}{LEVEL_PARAMETER}={level.code}"
    if not has_levels(target) or "?" in url or "#" in url:
        return url
    if url.rstrip("/").endswith("/" + level.url_segment):
        return url
    return f"{url}{level.url_segment}/" if url.endswith("/") else url
