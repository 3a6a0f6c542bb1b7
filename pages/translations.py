"""Where a page exists in other languages: the language switcher, hreflang and freshness notices."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from etablering.content_memo import remember_copies, site_of
from etablering.languages import LANGUAGES, SOURCE_LANGUAGE, Language
from etablering.wagtail_internals import relevant_site_root_paths

from .levels import BY_CODE


@dataclass(frozen=True)
class LanguageLink:
    language: Language
    url: str
    translated: bool  # False: the link shows the Swedish page with a notice
    current: bool
    has_audio: bool = False  # this page can be listened to in that language


def live_translations(page, queryset=None) -> dict[str, Page]:
    """Every live language version of a page (itself included), by language code.

    Each carries ``snapshot``: when wagtail-localize last took the Swedish text that translations
    are made from (None for translations made by hand). One query; ``queryset`` (of the page's
    own type, say) may add what else the caller needs from each version.
    """
    snapshot = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale__language_code=SOURCE_LANGUAGE
    ).values("last_updated_at")[:1]
    pages = (
        (Page.objects.all() if queryset is None else queryset)
        .filter(translation_key=page.translation_key)
        .live()
        .annotate(snapshot=Subquery(snapshot))
    )
    return {locale_code(p.locale_id): p for p in pages}


def _relative_path(page, request) -> str | None:
    for root in relevant_site_root_paths(page, request):
        if page.url_path.startswith(root.root_path):
            return page.url_path[len(root.root_path) :]
    return None


def _url_under_language(page, language_code: str, request) -> str | None:
    """The page's own path, served under another language's prefix (the fallback URL)."""
    relative = _relative_path(page, request)
    if relative is None:
        return None
    with translation.override(language_code):
        return reverse("wagtail_serve", args=(relative,))


def with_level(url: str, level_code: str) -> str:
    segment = BY_CODE[level_code].url_segment
    return f"{url}{segment}/" if segment else url


def language_links(page, request, level_code: str, translations=None) -> list[LanguageLink]:
    """One link per site language to this page (at this level) in that language.

    Languages without a translation get the Swedish page under their own prefix, where it is
    served with a notice in their language.
    """
    translations = translations if translations is not None else live_translations(page)
    source = translations.get(SOURCE_LANGUAGE, page)
    current = translation.get_language()
    links = []
    for language in LANGUAGES:
        target = translations.get(language.code)
        if target is not None:
            url = target.get_url(request)
        else:
            url = _url_under_language(source, language.code, request)
        if url is None:
            continue
        links.append(
            LanguageLink(
                language=language,
                url=with_level(url, level_code),
                translated=target is not None,
                current=language.code == current,
            )
        )
    return links


def view_language_links(request) -> list[LanguageLink]:
    """Language links for pages that are not Wagtail pages (search, errors): the same address
    under each language's prefix, query string kept; the start page where the path has no
    language version."""
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for language in LANGUAGES:
        url = translate_url(path, language.code)
        if url == path and language.code != current:
            with translation.override(language.code):
                url = reverse("wagtail_serve", args=("",))
        links.append(
            LanguageLink(
                language=language, url=url, translated=True, current=language.code == current
            )
        )
    return links


def outdated_translations(pages=None):
    """Translated pages whose Swedish page was published after the translation's snapshot.

    The snapshot is wagtail-localize's ``TranslationSource.last_updated_at``; a translation made by
    hand is compared with its own last publication. The same rule as the public notice
    (``source_changed_since_translation``), as one query.
    """
    pages = Page.objects.all() if pages is None else pages
    source_published = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=SOURCE_LANGUAGE
    ).values("last_published_at")[:1]
    snapshot = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale__language_code=SOURCE_LANGUAGE
    ).values("last_updated_at")[:1]
    return (
        pages.exclude(locale__language_code=SOURCE_LANGUAGE)
        .annotate(
            source_published_at=Subquery(source_published),
            based_on=Coalesce(Subquery(snapshot), F("last_published_at")),
        )
        .filter(source_published_at__gt=F("based_on"))
        .select_related("locale")
        .order_by("-source_published_at")
    )


def source_changed_since_translation(page, translations=None):
    """When the Swedish page changed after this translation was made; None if it is up to date.

    The rule of ``outdated_translations``, applied to the versions ``live_translations`` found.
    """
    language = locale_code(page.locale_id)
    if language == SOURCE_LANGUAGE:
        return None
    translations = translations if translations is not None else live_translations(page)
    source, this = translations.get(SOURCE_LANGUAGE), translations.get(language, page)
    if source is None or source.last_published_at is None:
        return None
    based_on = getattr(source, "snapshot", None) or this.last_published_at
    if based_on is None or source.last_published_at <= based_on:
        return None
    return source.last_published_at


_LOCALE_CODES: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """The language code of a locale id; a Locale row never changes its language once made."""
    if locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("id", "language_code"))
    return _LOCALE_CODES.get(locale_id, SOURCE_LANGUAGE)


@dataclass(frozen=True)
class LocalizedLink:
    page: Page  # the version shown: the translation, or the Swedish page where there is none
    url: str
    language_code: str  # the language that version is written in


def localized_links(pages, request, language_code: str | None = None) -> dict[int, LocalizedLink]:
    """For each page (by pk): its version in a language, with URL and the language it is in.

    Untranslated pages are linked under the language's prefix, where they are served in Swedish
    with a notice. One query for all pages.
    """
    language_code = language_code or translation.get_language()
    pages = [page for page in pages if page is not None]
    return remember_copies(
        ("localized-links", language_code, site_of(request), tuple(page.pk for page in pages)),
        lambda: _localized_links(pages, request, language_code),
    )


LINK_FIELDS = (
    "id",
    "title",
    "url_path",
    "translation_key",
    "locale_id",
    "live",
    "depth",
    "path",
    "content_type_id",  # whether the page has reading levels (levels.has_levels), without a query
)


def localized_links_by_id(page_ids, language_code: str) -> dict[int, LocalizedLink]:
    """localized_links() for pages known only by their ids (links in rich text), without a
    request (site-relative URLs). One query finds the pages and their versions in the language
    together."""
    ids = frozenset(int(page_id) for page_id in page_ids)
    if not ids:
        return {}
    return remember_copies(
        ("localized-links-by-id", language_code, ids),
        lambda: _localized_links_by_id(ids, language_code),
    )


def _localized_links_by_id(ids, language_code: str) -> dict[int, LocalizedLink]:
    rows = Page.objects.filter(
        Q(pk__in=ids)
        | Q(
            translation_key__in=Page.objects.filter(pk__in=ids).values("translation_key"),
            locale__language_code=language_code,
            live=True,
        )
    ).only(*LINK_FIELDS)
    pages, translated = [], {}
    for row in rows:
        if row.pk in ids and row.live:  # never a link to a page that is not published
            pages.append(row)
        if row.live and locale_code(row.locale_id) == language_code:
            translated[row.translation_key] = row
    return _localized_links(pages, None, language_code, translated)


def _localized_links(pages, request, language_code: str, translated=None):
    elsewhere = [page for page in pages if locale_code(page.locale_id) != language_code]
    if translated is None and elsewhere:
        translated = {
            p.translation_key: p
            for p in Page.objects.filter(
                translation_key__in=[page.translation_key for page in elsewhere],
                locale__language_code=language_code,
            ).live()
        }
    translated = dict(translated or {})
    translated.update((page.translation_key, page) for page in pages if page not in elsewhere)
    result = {}
    for page in pages:
        target = translated.get(page.translation_key)
        if target is not None:
            result[page.pk] = LocalizedLink(target, target.get_url(request), language_code)
        else:
            url = _url_under_language(page, language_code, request)
            if url is not None:
                result[page.pk] = LocalizedLink(page, url, locale_code(page.locale_id))
    return result
