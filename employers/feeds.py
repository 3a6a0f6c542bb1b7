"""An Atom feed of the newest recruitment offers, one per language."""

from django.http import HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .choices import OfferStatus

FEED_SIZE = 30


def offer_feed(index_page, request) -> HttpResponse:
    index_url = request.build_absolute_uri(index_page.get_url(request))
    feed = Atom1Feed(
        title=_("Recruitment offers: %(title)s") % {"title": index_page.title},
        link=index_url,
        feed_url=request.build_absolute_uri(),
        description=index_page.search_description,
        language=translation.get_language(),
        feed_guid=index_url,
    )
    offers = (
        index_page.offers()
        .filter(status__in=[OfferStatus.OPEN, OfferStatus.FULL])
        .order_by("-first_published_at")[:FEED_SIZE]
    )
    for offer in offers:
        url = request.build_absolute_uri(offer.get_url(request))
        feed.add_item(
            title=offer.title,
            link=url,
            unique_id=url,
            description=offer.summary,
            pubdate=offer.first_published_at,
            updateddate=offer.last_published_at,
            categories=[offer.get_sector_display()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
