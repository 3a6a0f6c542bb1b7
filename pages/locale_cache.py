"""Wagtail looks up the active Locale row once per rich-text page link, routed page and chooser,
a query each time. A Locale row never changes its id or language code, so the rows are kept in
process memory, and dropped when any Locale is saved or deleted. (Wagtail calls the lookup from
code we cannot pass a row to: the manager's method is replaced, in etablering/wagtail_internals.)"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale

from etablering.wagtail_internals import replace_locale_lookup

_BY_LANGUAGE: dict[str, Locale] = {}


def _remembered(manager, language_code, uncached):
    locale = _BY_LANGUAGE.get(language_code)
    if locale is None:
        locale = uncached(manager, language_code)
        _BY_LANGUAGE[language_code] = locale
    return locale


def _forget(**kwargs):
    _BY_LANGUAGE.clear()


def install():
    replace_locale_lookup(_remembered)
    post_save.connect(_forget, sender=Locale, dispatch_uid="locale-cache-save")
    post_delete.connect(_forget, sender=Locale, dispatch_uid="locale-cache-delete")
