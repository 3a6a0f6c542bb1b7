"""The offer listing: filters, sorting and pages from a plain GET form.

Every value comes from the address, so a filtered listing can be shared and works without
JavaScript. A value the listing does not know is ignored with a message, never an error.
"""

import re
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from etablering.params import page_number, parse_int
from forms.forms import SECTORS

from .choices import OfferStatus

PER_PAGE = 10
CURRENT = ""  # the default: open and full offers; closed ones leave the listing
STATUS_FILTERS = {
    CURRENT: (OfferStatus.OPEN, OfferStatus.FULL),
    "open": (OfferStatus.OPEN,),
    "full": (OfferStatus.FULL,),
    "closed": (OfferStatus.CLOSED,),
    "all": (OfferStatus.OPEN, OfferStatus.FULL, OfferStatus.CLOSED),
}
SORTS = {
    "start": ("start_date", "title"),
    "deadline": ("application_deadline", "start_date"),
    "newest": ("-first_published_at",),
}
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def _month(value):
    match = _MONTH.fullmatch(value)
    if not match:
        return None
    year = parse_int(match.group(1), minimum=2000, maximum=2100)
    month = parse_int(match.group(2), minimum=1, maximum=12)
    if year is None or month is None:
        return None
    return date(year, month, 1)


def offer_listing(index_page, request) -> dict:
    params = request.GET
    messages = []
    all_offers = index_page.offers()
    offers = all_offers

    sector = params.get("sector", "")
    if sector and sector not in dict(SECTORS):
        messages.append(
            _("There is no sector called “%(value)s”. Showing all sectors.")
            % {"value": sector[:40]}
        )
        sector = ""
    if sector:
        offers = offers.filter(sector=sector)

    # One query for what the filters offer: the places and start months of all offers.
    places_and_starts = list(all_offers.order_by().values_list("place", "start_date"))
    places = sorted({place for place, _start in places_and_starts})
    place = params.get("place", "")
    if place and place not in places:
        messages.append(
            _("There are no offers in “%(value)s”. Showing all places.") % {"value": place[:40]}
        )
        place = ""
    if place:
        offers = offers.filter(place=place)

    status = params.get("status", CURRENT)
    if status not in STATUS_FILTERS:
        messages.append(_("Unknown status. Showing open and full offers."))
        status = CURRENT
    offers = offers.filter(status__in=STATUS_FILTERS[status])

    start = params.get("start", "")
    start_month = _month(start) if start else None
    if start and start_month is None:
        messages.append(
            _("“%(value)s” is not a month. Write it like 2027-03.") % {"value": start[:20]}
        )
        start = ""
    if start_month:
        offers = offers.filter(
            start_date__year=start_month.year, start_date__month=start_month.month
        )

    sort = params.get("sort", "start")
    if sort not in SORTS:
        messages.append(_("Unknown order. Sorted by start date."))
        sort = "start"
    offers = offers.order_by(*SORTS[sort])

    paginator = Paginator(offers, PER_PAGE, allow_empty_first_page=True)
    raw_page = params.get("sida", "1")
    number = page_number(raw_page)
    if number is None and parse_int(raw_page.removeprefix("-")) is not None:
        number = 1  # zero or a negative number
        messages.append(_("Page numbers start at 1. Showing the first page."))
    elif number is None:
        number = 1
        messages.append(
            _("“%(value)s” is not a page number. Showing the first page.")
            % {"value": raw_page[:20]}
        )
    elif number > paginator.num_pages:
        messages.append(
            _("There are only %(count)s pages. Showing the last one.")
            % {"count": paginator.num_pages}
        )
        number = paginator.num_pages
    page = paginator.page(number)

    chosen = {"sector": sector, "place": place, "status": status, "start": start, "sort": sort}
    kept = {
        key: value
        for key, value in chosen.items()
        if value and not (key == "sort" and value == "start")
    }
    months = sorted({start.replace(day=1) for _place, start in places_and_starts if start})
    return {
        "offers_page": page,
        "result_count": paginator.count,
        "filter_messages": messages,
        "chosen": chosen,
        "sectors": SECTORS,
        "places": places,
        "months": [(m.strftime("%Y-%m"), m) for m in months],
        "page_query": urlencode(kept),
        "is_filtered": bool(kept),
    }
