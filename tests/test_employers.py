"""Employers: support pages, the offer listing with its filters, offers, feed and inquiries."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from employers.choices import OfferStatus
from employers.models import EmployerPage, OfferIndexPage, OfferPage
from employers.reports import offers_near_deadline
from forms.models import Case

from .helpers import elements
from .intake_helpers import VALID, form_token

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index(demo_page):
    return demo_page("offers")


def listed(html):
    """The offers in the result list, in order."""
    return re.findall(r'<h3 id="offer-\d+"><a href="([^"]+)">', html)


def offer_at(url):
    language, rest = url.strip("/").split("/", 1)
    return OfferPage.objects.get(locale__language_code=language, url_path__endswith=f"/{rest}/")


def result_count(html):
    return int(re.search(r'id="results-heading" role="status">(\d+)', html).group(1))


def test_employer_section_lists_support_pages_and_leads_to_an_inquiry(client, demo_page):
    section = demo_page("employers")
    html = client.get(section.url).content.decode()
    for page in EmployerPage.objects.child_of(section).live():
        assert page.url in html
    inquiry = demo_page("contact-employer")
    assert inquiry.url in html
    assert demo_page("offers").url in html


@pytest.mark.parametrize("code", ["sv", "en"])
def test_every_support_page_ends_with_the_way_to_an_inquiry(client, demo_page, code):
    section = demo_page("employers", code)
    pages = EmployerPage.objects.child_of(section).live()
    assert pages.count() >= 8
    inquiry_url = demo_page("contact-employer", code).url
    for page in pages:
        html = client.get(page.url).content.decode()
        assert html.rindex(inquiry_url) > html.index("page__body"), page.title


def test_default_listing_leaves_out_closed_offers(client, index):
    html = client.get(index.url).content.decode()
    current = index.offers().filter(status__in=[OfferStatus.OPEN, OfferStatus.FULL])
    assert result_count(html) == current.count() >= 8
    closed = index.offers().filter(status=OfferStatus.CLOSED)
    assert closed.exists()
    for offer in closed:
        assert offer.url not in html


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "care"},
        {"status": "closed"},
        {"status": "all", "sector": "construction"},
        {"sector": "transport", "status": "open"},
    ],
)
def test_filters_and_their_combinations(client, index, params):
    html = client.get(index.url, params).content.decode()
    expected = index.offers()
    status = params.get("status", "")
    statuses = {"": ["open", "full"], "all": ["open", "full", "closed"]}.get(status, [status])
    expected = expected.filter(status__in=statuses)
    if "sector" in params:
        expected = expected.filter(sector=params["sector"])
    assert result_count(html) == expected.count()
    assert sorted(listed(html)) == sorted(o.url for o in expected)[:10]
    for name, value in params.items():  # the filters stay chosen in the form
        assert re.search(rf'name="{name}".*?value="{value}" selected', html, re.S)


def test_place_and_start_month_filters(client, index):
    offer = index.offers().filter(status=OfferStatus.OPEN).first()
    html = client.get(
        index.url, {"place": offer.place, "start": offer.start_date.strftime("%Y-%m")}
    ).content.decode()
    assert offer.url in listed(html)
    for url in listed(html):
        other = offer_at(url)
        assert other.place == offer.place
        assert (other.start_date.year, other.start_date.month) == (
            offer.start_date.year,
            offer.start_date.month,
        )


def test_sorting_by_deadline(client, index):
    html = client.get(index.url, {"sort": "deadline"}).content.decode()
    urls = listed(html)
    deadlines = [offer_at(u).application_deadline for u in urls]
    known = [d for d in deadlines if d]
    assert known == sorted(known)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sector": "astronauts"}, "There is no sector called “%(value)s”. Showing all sectors."),
        ({"start": "2027-13"}, "“%(value)s” is not a month. Write it like 2027-03."),
        ({"start": "mars"}, "“%(value)s” is not a month. Write it like 2027-03."),
        ({"sida": "-3"}, "Page numbers start at 1. Showing the first page."),
        ({"sida": "x"}, "“%(value)s” is not a page number. Showing the first page."),
        ({"sida": "999", "status": "all"}, "There are only %(count)s pages. Showing the last one."),
        ({"status": "<script>"}, "Unknown status. Showing open and full offers."),
        ({"sort": "price"}, "Unknown order. Sorted by start date."),
    ],
)
def test_bad_filter_values_get_a_normal_page_with_an_explanation(client, index, params, message):
    response = client.get(index.url, params)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    with translation.override("sv"):
        start = translation.gettext(message).split("%(")[0]
    assert start in html
    assert "<script>" not in response.content.decode().split("</header>", 1)[1].split("<footer")[0]


def test_pagination_edges(client, index):
    every = index.offers().count()
    assert every >= 12
    first = client.get(index.url, {"status": "all"}).content.decode()
    second = client.get(index.url, {"status": "all", "sida": "2"}).content.decode()
    assert len(listed(first)) == 10 and len(listed(second)) == every - 10
    assert not set(listed(first)) & set(listed(second))
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "status=all&amp;sida=2" in first  # the filters are kept in the page links


def test_empty_result_says_what_to_do(client, index):
    html = client.get(index.url, {"start": "2030-01"}).content.decode()
    assert result_count(html) == 0
    with translation.override("sv"):
        assert (
            translation.gettext(
                "No offers match these filters. Choose fewer filters, "
                "or ask us: we may have something that is not listed yet."
            )
            in html
        )


def test_closed_offer_keeps_its_address_with_a_notice(client, index):
    offer = index.offers().filter(status=OfferStatus.CLOSED).first()
    response = client.get(offer.url)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("sv"):
        assert (
            translation.gettext(
                "This offer is closed. You can no longer take part, but we may have similar offers."
            )
            in html
        )
        assert translation.gettext("I am interested") not in html


@pytest.mark.parametrize("key_status", [OfferStatus.OPEN, OfferStatus.CLOSED])
def test_structured_data_is_valid_and_matches_the_page(client, index, key_status):
    offer = index.offers().filter(status=key_status).first()
    html = client.get(offer.url).content.decode()
    raw = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert (
        data["@type"]
        == {"programme": "EducationalOccupationalProgram", "candidates": "Service"}[offer.kind]
    )
    assert data["name"] == offer.title and data["description"] == offer.summary
    assert data["url"].endswith(offer.url)
    if offer.kind == "programme":
        assert data["startDate"] == offer.start_date.isoformat()
        assert data["maximumEnrollment"] == offer.places
    statuses = {p["name"]: p["value"] for p in data["additionalProperty"]}
    assert statuses["status"] == offer.status


@pytest.mark.parametrize("code", ["sv", "en"])
def test_atom_feed_of_new_offers_per_language(client, demo_page, code):
    index = demo_page("offers", code)
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == code
    entries = feed.findall(f"{ATOM}entry")
    current = index.offers().filter(status__in=[OfferStatus.OPEN, OfferStatus.FULL])
    assert len(entries) == current.count()
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert links == {f"http://testserver{offer.url}" for offer in current}
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag


def test_interested_opens_the_prefilled_inquiry_and_the_case_names_the_offer(
    client, index, django_capture_on_commit_callbacks
):
    offer = index.offers().filter(status=OfferStatus.OPEN).first()
    offer_html = client.get(offer.url).content.decode()
    link = next(a["href"] for a in elements(offer_html, "a") if "?offer=" in a.get("href", ""))
    form_page = client.get(link).content.decode()
    assert offer.title in unescape(form_page)
    assert elements(form_page, "input", name="offer")[0]["value"] == str(offer.pk)
    data = {**VALID["employer"], "offer": str(offer.pk), "form_token": form_token()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link.split("?")[0], data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.offer_id == offer.pk
    assert case.channel == "employer" and "offer" not in case.details


def test_an_unknown_offer_number_is_ignored(client, demo_page):
    html = client.get(demo_page("contact-employer").url + "?offer=99999999").content.decode()
    assert elements(html, "input", name="offer")[0].get("value") in (None, "")


def test_offer_validation_for_editors(index):
    offer = index.offers().filter(status=OfferStatus.OPEN).first()
    offer.application_deadline = offer.start_date + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert "application_deadline" in error.value.message_dict
    offer.application_deadline = None
    with pytest.raises(ValidationError):
        offer.full_clean()  # an open offer needs a deadline
    offer.status = OfferStatus.CLOSED
    offer.full_clean()  # a closed one does not
    offer.places = 0
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert "places" in error.value.message_dict


def test_editors_see_offers_near_their_deadline(client, index):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    today = timezone.localdate()
    soon = index.offers().filter(status=OfferStatus.OPEN).first()
    OfferPage.objects.filter(pk=soon.pk).update(application_deadline=today + timedelta(days=3))
    later = index.offers().filter(status=OfferStatus.OPEN).exclude(pk=soon.pk).first()
    OfferPage.objects.filter(pk=later.pk).update(application_deadline=today + timedelta(days=60))
    near = list(offers_near_deadline())
    assert soon.pk in [o.pk for o in near] and later.pk not in [o.pk for o in near]
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "x" * 16)
    client.force_login(editor)
    html = client.get(reverse("offers_near_deadline")).content.decode()
    assert soon.title in html and later.title not in html


def test_offer_index_is_the_only_parent_of_offers():
    assert OfferPage.parent_page_types == ["employers.OfferIndexPage"]
    assert OfferIndexPage.subpage_types == ["employers.OfferPage"]
