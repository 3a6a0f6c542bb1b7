from django.utils import translation

from .languages import LANGUAGES, get_language


def language_context():
    """The language being rendered, for ``<html lang dir>`` and the language list."""
    language = get_language(translation.get_language() or "sv")
    return {"interface_language": language, "site_languages": LANGUAGES}


def site_language(request):
    return language_context()
