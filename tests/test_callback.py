"""Call-back with nothing but a phone number (issue 11 item 2, issue 12 item 8).

A person who cannot read writes only a number, in the digits they know, and is called back in
the language of the page they came from; a repeat for a number with an open request joins that
request; the limits that protect the queue count per client, never per number.
"""

import re

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.models import Case, Status
from forms.validators import ascii_digits, normalise_phone

from .helpers import elements
from .intake_helpers import FORM_PATHS, form_token

EASTERN_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULLWIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks, settings):
    settings.INTAKE_RATE_LIMITS = {"address": (1000, 600), "session": (1000, 600)}

    def send(url_language="sv", client_=None, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return (client_ or client).post(
                f"/{url_language}/{FORM_PATHS['callback']}", {"form_token": form_token(), **data}
            )

    return send


@pytest.mark.parametrize("language", ["sv", "ar", "so", "ti"])
@pytest.mark.parametrize(
    "written", ["070-123 45 67", "٠٧٠-١٢٣ ٤٥ ٦٧"], ids=["latin", "eastern-arabic"]
)
def test_only_a_phone_number_is_needed(client, post, language, written):
    response = post(language, phone=written)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.phone == "+46701234567"
    assert case.language == language  # the language of the page the person came from
    assert case.details["interpreter"] == ("no" if language == "sv" else "yes")
    assert case.details["time_of_day"] == "any"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert case.reference in receipt.content.decode()


def test_what_is_answered_is_kept_over_the_defaults(post):
    post("ar", phone="070-123 45 67", language="sv", interpreter="yes", time_of_day="morning")
    case = Case.objects.get()
    assert (case.language, case.details["interpreter"], case.details["time_of_day"]) == (
        "sv",
        "yes",
        "morning",
    )


def test_the_form_marks_everything_but_the_number_optional(client):
    html = client.get(f"/so/{FORM_PATHS['callback']}").content.decode()
    with translation.override("so"):
        optional = translation.gettext("optional")
    phone_label = html[html.index('for="id_phone"') :]
    assert optional not in phone_label[: phone_label.index("</label>")]
    for name in ("language", "interpreter", "time_of_day"):
        assert all("required" not in radio for radio in elements(html, "input", name=name))
        legend = html[html.index(f'id="id_{name}"') :]
        assert f"({optional})" in legend[: legend.index("</legend>")]


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("۰۸-۱۲۳ ۴۵۶ ۷۸", "+46812345678"),
        ("０７０－１２３ ４５ ６７", "+46701234567"),
        ("＋４６ ７０ １２３ ４５ ６７", "+46701234567"),
        ("+٤٦ ٧٠ ١٢٣ ٤٥ ٦٧", "+46701234567"),
        ("٠٠٤٦٧٠١٢٣٤٥٦٧", "+46701234567"),
        ("08.123.456.78", "+46812345678"),
        ("(۰۸) ۱۲۳ ۴۵۶ ۷۸", "+46812345678"),
    ],
)
def test_every_script_and_way_of_writing_a_number(written, e164):
    assert normalise_phone(written) == e164


def test_digits_of_every_script_become_ascii():
    import sys
    import unicodedata

    decimal_digits = [
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Nd"
    ]
    assert len(decimal_digits) > 600
    for char in decimal_digits:
        assert ascii_digits(char) == str(unicodedata.decimal(char))
    assert ascii_digits("²①") == "²①"  # digit-like but not decimal: refused later, not read


@settings(max_examples=200, deadline=None)
@given(
    number=st.sampled_from(["701234567", "812345678", "31123456", "40123456"]),
    prefix=st.sampled_from(["0", "+46", "+46 ", "0046", "0046 ", "+46 (0)"]),
    separator=st.sampled_from([" ", "-", ".", "–", " - ", "/", "\u00a0"]),
    script=st.sampled_from([None, EASTERN_ARABIC, PERSIAN, FULLWIDTH]),
    cuts=st.lists(st.integers(min_value=1, max_value=8), max_size=4, unique=True),
)
def test_any_grouping_in_any_script_reads_as_the_same_number(
    number, prefix, separator, script, cuts
):
    grouped = number
    for cut in sorted((c for c in cuts if c < len(number)), reverse=True):
        grouped = grouped[:cut] + separator + grouped[cut:]
    written = prefix + grouped
    if script is not None:
        written = written.translate(script)
    assert normalise_phone(written) == "+46" + number


def _error_codes(html: str) -> list[str]:
    return re.findall(r'class="field__error-item" data-error-code="([a-z_]+)"', html)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("", "phone_required"),
        ("12", "phone_invalid"),
        ("07²-123", "phone_invalid"),
        ("hello", "phone_invalid"),
        ("+46 70 123 45 67 89 01 23 45", "phone_too_long"),
        ("1" * 60, "phone_max_length"),
    ],
)
@pytest.mark.parametrize("language", ["sv", "ar", "so", "ti"])
def test_wrong_numbers_get_a_message_and_a_pictogram_in_the_visitors_language(
    post, language, written, code
):
    response = post(language, phone=written)
    assert response.status_code == 200
    html = response.content.decode()
    assert Case.objects.count() == 0
    assert _error_codes(html) == [code]
    error = html[html.index(f'data-error-code="{code}"') :]
    error = error[: error.index("</p>")]
    assert 'class="pictogram pictogram--error' in error  # the picture beside the text
    from pictures.templatetags.pictures_tags import pictogram_named

    with translation.override(language):
        phone = pictogram_named("phone")
    assert f'src="{phone.src}"' in error  # the phone pictogram of the library
    # the summary at the top carries the same code and picture
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert f'data-error-code="{code}"' in summary and "pictogram--error" in summary


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(phone=st.text(max_size=50))
def test_any_text_as_a_number_is_a_message_never_a_500(post, phone):
    response = post("ar", phone=phone)
    assert response.status_code in (200, 302)


def test_the_page_offers_a_tel_link_to_the_site_phone(client):
    from pages.models import SiteDetails

    details = SiteDetails.for_language("ar")
    html = client.get(f"/ar/{FORM_PATHS['callback']}").content.decode()
    links = elements(html, "a", **{"class": "call-us__link"})
    assert len(links) == 1
    digits = re.sub(r"[^0-9+]", "", details.phone)
    assert links[0]["href"] == f"tel:{digits}"
    assert f'<bdi dir="ltr">{details.phone}</bdi>' in html


def test_asking_again_for_an_open_request_joins_it(client, post):
    from django.test import Client

    first = post("ti", phone="070-123 45 67")
    case = Case.objects.get()
    # the same number, written another way, from another browser and address
    other = Client(REMOTE_ADDR="192.0.2.7")
    again = post("ti", client_=other, phone="٠٧٠ ١٢٣ ٤٥ ٦٧")
    assert again.status_code == 302
    assert Case.objects.count() == 1
    assert again["Location"].split("?")[0] == first["Location"]
    case.refresh_from_db()
    assert case.details["asked_again"] == 1
    page = other.get(again["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("ti"):
        assert translation.gettext("We already have your request") in html
        assert translation.gettext("We will call you. You do not need to ask again.") in html
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in html
    # once the case is closed, asking again is a new request
    case.set_status(Status.CLOSED)
    case.save()
    assert post("ti", phone="070-123 45 67").status_code == 302
    assert Case.objects.count() == 2


def test_a_suspected_spam_case_is_not_joined(post):
    post(phone="070-123 45 67", website="http://spam.example")  # a bot used the number
    post(phone="070-123 45 67")  # the real person
    assert Case.objects.filter(suspected_spam=False).count() == 1
    assert Case.objects.count() == 2


def test_no_one_can_lock_a_victims_number(db, settings):
    """Many posts with a victim's number from many clients: nobody is refused, no queue floods;
    the victim asking from their own phone is answered with the open request."""
    from django.test import Client

    settings.INTAKE_RATE_LIMITS = {"address": (3, 600), "session": (3, 600)}
    victim = "070-123 45 67"
    for n in range(8):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{n}")
        response = attacker.post(
            f"/sv/{FORM_PATHS['callback']}", {"form_token": form_token(), "phone": victim}
        )
        assert response.status_code == 302
    assert Case.objects.count() == 1
    person = Client(REMOTE_ADDR="203.0.113.5")
    response = person.post(
        f"/so/{FORM_PATHS['callback']}", {"form_token": form_token(), "phone": victim}
    )
    assert response.status_code == 302
    assert person.get(response["Location"]).status_code == 200


def test_the_queue_is_protected_per_address(db, settings):
    """Different numbers from one address hit the address limit (the session limit is covered
    in test_intake_queue.py)."""
    from django.test import Client

    settings.INTAKE_RATE_LIMITS = {"address": (2, 600), "session": (100, 600)}
    statuses = []
    for n in range(3):
        fresh_browser = Client(REMOTE_ADDR="192.0.2.50")  # no session: only the address counts
        statuses.append(
            fresh_browser.post(
                f"/sv/{FORM_PATHS['callback']}",
                {"form_token": form_token(), "phone": f"070-123 45 6{n}"},
            ).status_code
        )
    assert statuses == [302, 302, 429]
