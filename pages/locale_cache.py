"""Wagtail looks up the active Locale row once per rich-text page link, routed page and chooser,
a query each time. A Locale row never changes its id or language code, so the rows are kept in
process memory, and dropped when any Locale is saved or deleted."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

_BY_LANGUAGE: dict[str, Locale] = {}
_uncached_get_for_language = LocaleManager.get_for_language


def _cached_get_for_language(manager, language_code):
    locale = _BY_LANGUAGE.get(language_code)
    if locale is None:
        locale = _uncached_get_for_language(manager, language_code)
        _BY_LANGUAGE[language_code] = locale
    return locale


def _forget(**kwargs):
    _BY_LANGUAGE.clear()


def install():
    LocaleManager.get_for_language = _cached_get_for_language
    post_save.connect(_forget, sender=Locale, dispatch_uid="locale-cache-save")
    post_delete.connect(_forget, sender=Locale, dispatch_uid="locale-cache-delete")
