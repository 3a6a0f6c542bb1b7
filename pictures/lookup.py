"""What templates need from the pictogram library, per language, from the cache.

The whole library of one language is small (a few hundred rows), so it is read once, turned into
plain values (meaning, image address, the clip's sources) and cached until an editor changes a
pictogram (signals.py bumps the version). A page that shows pictograms costs no query once
the cache is warm.
"""

from dataclasses import dataclass

from django.core.cache import cache

from etablering.content_memo import current_generation, remember
from etablering.languages import SOURCE_LANGUAGE
from etablering.page_cache import generation

from .signals import GLOSSARY_VERSION_KEY

CACHE_SECONDS = 3600
RASTER_RENDITION = "max-480x480"


@dataclass(frozen=True)
class PictogramView:
    key: str  # the translation key, the same in every language
    meaning: str
    language: str
    src: str
    width: int
    height: int
    audio: tuple[tuple[str, str], ...]  # (address, type) per source, Opus first; () for none
    attribution: str


def _version() -> str:
    """The library's version: an editor's change to a pictogram or term (signals.py), and any
    change to the content (the content generation: the task worker links a clip it made to a
    pictogram or term without a save, and moves the generation)."""
    version = cache.get(GLOSSARY_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(GLOSSARY_VERSION_KEY, version, timeout=None)
    return f"{version}.{current_generation() or generation()}"


def clip_sources(media) -> tuple[tuple[str, str], ...]:
    """(address, type) of each file of a clip whose file exists, Opus first and the MP3 fallback
    (``MediaFile.sources``), else (). Never a play button without audio."""
    if media is None or not media.file:
        return ()
    try:
        if not media.file.storage.exists(media.file.name):
            return ()
        return tuple(media.sources)
    except (OSError, ValueError):
        return ()


def _image_source(image) -> tuple[str, int, int]:
    try:
        if (image.file.name or "").lower().endswith(".svg"):
            return image.file.url, image.width or 72, image.height or 72
        rendition = image.get_rendition(RASTER_RENDITION)
        return rendition.url, rendition.width, rendition.height
    except (OSError, ValueError):
        return "", 0, 0


def _preferred(rows, language):
    """One row per translation key: the language's own, else the Swedish one."""
    chosen = {}
    for row in rows:
        key = str(row.translation_key)
        code = row.locale.language_code
        if key not in chosen or code == language:
            chosen[key] = row
    return chosen


def pictogram_library(language: str) -> dict[str, PictogramView]:
    """Every pictogram in a language (Swedish where it has none), by translation key. In a page
    request, read once per process until the content changes (etablering/content_memo.py)."""
    return remember(("pictogram-library", language), lambda: _shared_library(language))


def _shared_library(language: str) -> dict[str, PictogramView]:
    cache_key = f"pictures:library:{_version()}:{language}"
    library = cache.get(cache_key)
    if library is not None:
        return library
    from .models import Pictogram

    rows = Pictogram.objects.filter(
        locale__language_code__in={language, SOURCE_LANGUAGE}
    ).select_related("image", "audio", "locale")
    library = {}
    for key, row in _preferred(rows, language).items():
        src, width, height = _image_source(row.image)
        if not src:
            continue  # a pictogram whose file is gone is left out, never shown broken
        library[key] = PictogramView(
            key=key,
            meaning=row.meaning,
            language=row.locale.language_code,
            src=src,
            width=width,
            height=height,
            audio=clip_sources(row.audio),
            attribution=row.attribution,
        )
    cache.set(cache_key, library, CACHE_SECONDS)
    return library


def _translation_keys_by_id() -> dict[int, str]:
    """Every pictogram row's translation key by its id, so that a page's pictogram (a foreign
    key) is found in the library without loading the row."""
    return remember(("pictogram-keys",), _shared_translation_keys)


def _shared_translation_keys() -> dict[int, str]:
    cache_key = f"pictures:keys:{_version()}"
    keys = cache.get(cache_key)
    if keys is None:
        from .models import Pictogram

        keys = {pk: str(key) for pk, key in Pictogram.objects.values_list("pk", "translation_key")}
        cache.set(cache_key, keys, CACHE_SECONDS)
    return keys


def pictogram_for(pictogram, language: str) -> PictogramView | None:
    """The pictogram in a language (its meaning translated), from any language's row.
    `pictogram` is a Pictogram or a Pictogram's id."""
    if pictogram is None:
        return None
    if isinstance(pictogram, int):
        key = _translation_keys_by_id().get(pictogram)
    else:
        key = str(pictogram.translation_key)
    return pictogram_library(language).get(key) if key else None


@dataclass(frozen=True)
class TermView:
    key: str  # the translation key, the same in every language
    term: str
    forms: tuple[str, ...]  # the words that link to the term: its own and the Swedish ones
    slug: str
    explanation: str
    language: str
    pictogram_key: str
    audio: tuple[tuple[str, str], ...]


def glossary(language: str) -> dict[str, TermView]:
    """Every term in a language (Swedish where it has none), by translation key, sorted by term.

    A term is found by its words in the language and by its Swedish words, since texts in every
    language keep Swedish names (Arbetsförmedlingen, SFI) and SFI-level text is Swedish.
    """
    return remember(("glossary", language), lambda: _shared_glossary(language))


def _shared_glossary(language: str) -> dict[str, TermView]:
    cache_key = f"pictures:glossary:{_version()}:{language}"
    terms = cache.get(cache_key)
    if terms is not None:
        return terms
    from .models import GlossaryTerm

    rows = list(
        GlossaryTerm.objects.filter(
            locale__language_code__in={language, SOURCE_LANGUAGE}
        ).select_related("locale", "audio", "pictogram")
    )
    swedish = {
        str(row.translation_key): row.forms
        for row in rows
        if row.locale.language_code == SOURCE_LANGUAGE
    }
    chosen = _preferred(rows, language)
    terms = {
        key: TermView(
            key=key,
            term=row.term,
            forms=tuple(dict.fromkeys([*row.forms, *swedish.get(key, [])])),
            slug=row.slug,
            explanation=row.explanation,
            language=row.locale.language_code,
            pictogram_key=str(row.pictogram.translation_key) if row.pictogram else "",
            audio=clip_sources(row.audio),
        )
        for key, row in sorted(chosen.items(), key=lambda item: item[1].term.casefold())
    }
    cache.set(cache_key, terms, CACHE_SECONDS)
    return terms
