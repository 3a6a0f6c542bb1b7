"""``{{ url|at_level:page }}``: an internal link that keeps the visitor's reading level where the
page linked to has levels (pages/levels.py ``keep_level``). ``page`` may be a page, True (a page
known to have levels, such as the start page) or "glossary"."""

from django import template

from pages.levels import keep_level

register = template.Library()


@register.filter
def at_level(url, target=True):
    return keep_level(str(url or ""), target)


@register.simple_tag
def reading_level() -> str:
    """The code of the level being read (``standard``, ``easy``, ``sfi``)."""
    from pages.levels import current_level

    return current_level()
