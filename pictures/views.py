"""The pictures-and-sound mode of the chain and the glossary."""

from dataclasses import dataclass

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from etablering.content_memo import remember, site_of
from etablering.languages import LANGUAGES, SOURCE_LANGUAGE, get_language
from forms.models import Channel, ContactPage
from pages.levels import LEVEL_PARAMETER, level_from_parameter, reading_at
from pages.models import ChainOverviewPage, ChainStepPage
from pages.translations import view_language_links

from .lookup import PictogramView, clip_url, glossary, pictogram_library
from .models import LanguageNameClip


@dataclass(frozen=True)
class StepTile:
    number: int
    title: str
    line: str
    language: str  # the language of title and line (Swedish where not translated)
    picto: PictogramView | None
    clip: str
    mode_url: str
    card_url: str
    page_url: str


def _nav_pictograms(language):
    """The pictograms of the mode's own navigation, by demo key name, from the library."""
    from .demo import pictogram_key

    library = pictogram_library(language)
    return {
        name: library.get(str(pictogram_key(name)))
        for name in ("back", "next", "phone", "steps", "language", "listen")
    }


def chain_tiles(language: str, request) -> tuple[StepTile, ...]:
    """The chain's steps in order, in ``language`` where translated, with pictogram and clip
    (remembered until the content changes: etablering/content_memo.py)."""
    return remember(
        ("chain-tiles", language, site_of(request)),
        lambda: tuple(_chain_tiles(language, request)),
    )


def _chain_tiles(language: str, request) -> list[StepTile]:
    overview = (
        ChainOverviewPage.objects.live().filter(locale__language_code=SOURCE_LANGUAGE).first()
    )
    if overview is None:
        return []
    source_steps = list(
        ChainStepPage.objects.child_of(overview).live().order_by("path").select_related("pictogram")
    )
    translated = {
        step.translation_key: step
        for step in ChainStepPage.objects.live()
        .filter(
            translation_key__in=[s.translation_key for s in source_steps],
            locale__language_code=language,
        )
        .select_related("pictures_clip")
    }
    library = pictogram_library(language)
    tiles = []
    for number, source in enumerate(source_steps, start=1):
        step = translated.get(source.translation_key, source)
        step_language = language if step is not source else SOURCE_LANGUAGE
        picto = library.get(str(source.pictogram.translation_key)) if source.pictogram else None
        tiles.append(
            StepTile(
                number=number,
                title=step.title,
                line=step.pictures_line or source.pictures_line,
                language=step_language,
                picto=picto,
                clip=clip_url(step.pictures_clip) if step is not source or language == "sv" else "",
                mode_url=reverse("pictures_step", args=[number]),
                card_url=reverse("pictures_card", args=[number]),
                page_url=step.get_url(request) or "",
            )
        )
    return tiles


def language_choices(request) -> list[dict]:
    clips = remember(
        ("language-name-clips",),
        lambda: {
            row.language: clip_url(row.audio)
            for row in LanguageNameClip.objects.select_related("audio")
        },
    )
    current = translation.get_language()
    choices = []
    for language in LANGUAGES:
        with translation.override(language.code):
            url = reverse("pictures_mode")
        choices.append(
            {
                "language": language,
                "url": url,
                "clip": clips.get(language.code, ""),
                "current": language.code == current,
            }
        )
    return choices


def contact_url(language: str, request) -> str:
    """The call-me-back form in the language, else in Swedish."""
    return remember(
        ("callback-url", language, site_of(request)), lambda: _contact_url(language, request)
    )


def _contact_url(language: str, request) -> str:
    pages = {
        page.locale.language_code: page
        for page in ContactPage.objects.live()
        .filter(channel=Channel.CALLBACK, locale__language_code__in={language, SOURCE_LANGUAGE})
        .select_related("locale")
    }
    page = pages.get(language) or pages.get(SOURCE_LANGUAGE)
    return page.get_url(request) if page else ""


def _base_context(request):
    language = translation.get_language() or SOURCE_LANGUAGE
    return language, {
        "language_links": view_language_links(request),
        "mode_language": get_language(language),
        "languages": language_choices(request),
        "nav": _nav_pictograms(language),
        "contact_url": contact_url(language, request),
    }


@require_GET
def pictures_mode(request):
    language, context = _base_context(request)
    context["tiles"] = chain_tiles(language, request)
    return TemplateResponse(request, "pictures/mode.html", context)


def _tile(request, language, number):
    tiles = chain_tiles(language, request)
    if not 1 <= number <= len(tiles):
        raise Http404
    return tiles, tiles[number - 1]


@require_GET
def pictures_step(request, number):
    language, context = _base_context(request)
    tiles, tile = _tile(request, language, number)
    context.update(
        tile=tile,
        step_count=len(tiles),
        previous_tile=tiles[number - 2] if number > 1 else None,
        next_tile=tiles[number] if number < len(tiles) else None,
    )
    return TemplateResponse(request, "pictures/step.html", context)


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG (segno): no inline style, so the CSP allows it."""
    import segno

    return segno.make(url, error="m").svg_inline(
        scale=4, svgclass="qr", lineclass=None, omitsize=True
    )


@require_GET
def pictures_card(request, number):
    """A printable one-page card of a step: its pictogram, short line and a QR code that opens
    the step in the pictures-and-sound mode, where it can be heard."""
    from django.utils.safestring import mark_safe

    language, context = _base_context(request)
    tiles, tile = _tile(request, language, number)
    target = request.build_absolute_uri(tile.mode_url)
    context.update(
        tile=tile,
        step_count=len(tiles),
        qr_target=target,
        qr=mark_safe(qr_svg(target)),  # noqa: S308 - generated by segno from an escaped URL
    )
    return TemplateResponse(request, "pictures/card.html", context)


@require_GET
def glossary_index(request):
    language = translation.get_language() or SOURCE_LANGUAGE
    terms = list(glossary(language).values())
    library = pictogram_library(language)
    context = {
        "language_links": view_language_links(request),
        "mode_language": get_language(language),
        "terms": [{"term": term, "picto": library.get(term.pictogram_key)} for term in terms],
    }
    return _at_readers_level(request, "pictures/glossary_index.html", context)


@require_GET
def glossary_term(request, slug):
    language = translation.get_language() or SOURCE_LANGUAGE
    term = next((t for t in glossary(language).values() if t.slug == slug), None)
    if term is None:
        raise Http404
    context = {
        "language_links": view_language_links(request),
        "mode_language": get_language(language),
        "term": term,
        "picto": pictogram_library(language).get(term.pictogram_key),
    }
    return _at_readers_level(request, "pictures/glossary_term.html", context)


def _at_readers_level(request, template, context):
    """The glossary, reached from a text at a reading level (?niva=), keeps the reader at that
    level in every link it has to pages and to other terms (pages/levels.py)."""
    with reading_at(level_from_parameter(request.GET.get(LEVEL_PARAMETER))):
        return TemplateResponse(request, template, context).render()


@csrf_exempt  # see pictures/understanding.py: signed token, same-origin check, rate limit
@require_POST
def understanding(request):
    from wagtail.models import Page

    from .models import Understanding
    from .understanding import count_answer, rate_limited, read_token, same_origin

    context = {"language_links": view_language_links(request), "back_url": ""}
    token = read_token(request.POST.get("token", ""))
    answer = request.POST.get("answer", "")
    page = Page.objects.filter(pk=token[0]).live().first() if token else None
    if page is not None:
        context["back_url"] = page.get_url(request) or ""
    if not same_origin(request) or page is None or answer not in Understanding.values:
        context["problem"] = "invalid"
        return TemplateResponse(request, "pictures/understanding_thanks.html", context, status=400)
    if rate_limited(request):
        context["problem"] = "too_many"
        return TemplateResponse(request, "pictures/understanding_thanks.html", context, status=429)
    count_answer(page.pk, token[1], token[2], answer)
    context["answer"] = answer
    return TemplateResponse(request, "pictures/understanding_thanks.html", context)
