"""The material library and the colleague directory: listings from a plain GET form.

Like the offer listing (employers/listing.py), every value comes from the address, so a filtered
listing can be shared and works without JavaScript; a value the listing does not know is ignored
with a message, never an error.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Collection, CollectionViewRestriction

from etablering.languages import BY_CODE
from etablering.params import page_number

from .choices import City, DocumentType, ThemeCode

PER_PAGE = 10


def restricted_collection_ids() -> set[int]:
    """Collections with a view restriction, and every collection below them."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    )
    ids: set[int] = set()
    for collection in restricted:
        ids.update(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return ids


def public_documents():
    """Documents anyone may download: none from a private collection."""
    from .models import PartnerDocument

    return (
        PartnerDocument.objects.exclude(collection_id__in=restricted_collection_ids())
        .exclude(city="")
        .prefetch_related("themes")
    )


def _choice(params, name, choices, messages, unknown_message):
    value = params.get(name, "")
    if value and value not in dict(choices):
        messages.append(unknown_message % {"value": value[:40]})
        return ""
    return value


def document_listing(request) -> dict:
    params = request.GET
    messages: list[str] = []
    all_documents = public_documents()
    documents = all_documents

    city = _choice(
        params,
        "city",
        City.choices,
        messages,
        _("There is no city called “%(value)s”. Showing all cities."),
    )
    theme = _choice(
        params,
        "theme",
        ThemeCode.choices,
        messages,
        _("There is no theme called “%(value)s”. Showing all themes."),
    )
    used_languages = sorted(set(all_documents.values_list("language", flat=True)) - {""})
    language_choices = [
        (code, BY_CODE[code].name_local) for code in used_languages if code in BY_CODE
    ]
    language = _choice(
        params,
        "language",
        language_choices,
        messages,
        _("There are no documents in the language “%(value)s”. Showing all languages."),
    )
    document_type = _choice(
        params,
        "type",
        DocumentType.choices,
        messages,
        _("There is no type of document called “%(value)s”. Showing all types."),
    )
    if city:
        documents = documents.filter(city=city)
    if theme:
        documents = documents.filter(themes__code=theme)
    if language:
        documents = documents.filter(language=language)
    if document_type:
        documents = documents.filter(document_type=document_type)
    documents = documents.distinct().order_by("-date", "title")

    paginator = Paginator(documents, PER_PAGE, allow_empty_first_page=True)
    raw_page = params.get("sida", "1")
    number = page_number(raw_page)
    if number is None:
        messages.append(
            _("“%(value)s” is not a page number. Showing the first page.")
            % {"value": raw_page[:20]}
        )
        number = 1
    elif number > paginator.num_pages:
        messages.append(
            _("There are only %(count)s pages. Showing the last one.")
            % {"count": paginator.num_pages}
        )
        number = paginator.num_pages
    chosen = {"city": city, "theme": theme, "language": language, "type": document_type}
    kept = {key: value for key, value in chosen.items() if value}
    return {
        "documents_page": paginator.page(number),
        "result_count": paginator.count,
        "filter_messages": messages,
        "chosen": chosen,
        "city_choices": City.choices,
        "theme_choices": ThemeCode.choices,
        "language_choices": language_choices,
        "type_choices": DocumentType.choices,
        "page_query": urlencode(kept),
        "is_filtered": bool(kept),
    }


def serve_document_page(library, request, document_id):
    """A document's own page: its summary and the download, in a stated format and size.
    Private documents have no public page (404: their existence is not revealed)."""
    document = public_documents().filter(pk=document_id).first()
    if document is None:
        raise Http404
    context = library.get_context(request)
    context.update(document=document, document_language=BY_CODE.get(document.language))
    return TemplateResponse(request, "partners/document_page.html", context)


def colleague_listing(request) -> dict:
    from .models import Colleague

    params = request.GET
    messages: list[str] = []
    city = _choice(
        params,
        "city",
        City.choices,
        messages,
        _("There is no city called “%(value)s”. Showing all cities."),
    )
    theme = _choice(
        params,
        "theme",
        ThemeCode.choices,
        messages,
        _("There is no theme called “%(value)s”. Showing all themes."),
    )
    colleagues = Colleague.objects.filter(offers_to_meet=True).prefetch_related("themes")
    if city:
        colleagues = colleagues.filter(city=city)
    if theme:
        colleagues = colleagues.filter(themes__code=theme)
    chosen = {"city": city, "theme": theme}
    return {
        "colleagues": colleagues.distinct(),
        "filter_messages": messages,
        "chosen": chosen,
        "city_choices": City.choices,
        "theme_choices": ThemeCode.choices,
        "is_filtered": bool(city or theme),
    }


def partner_contact_page(locale_id):
    """The partner contact page in this language, else in Swedish (one query each)."""
    from forms.models import Channel, ContactPage

    pages = ContactPage.objects.live().filter(channel=Channel.PARTNER).select_related("locale")
    return (
        pages.filter(locale_id=locale_id).first()
        or pages.filter(locale__language_code="sv").first()
    )
