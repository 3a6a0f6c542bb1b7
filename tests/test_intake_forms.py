"""The four contact forms: happy paths, messages in the visitor's language, and bad input."""

import html as html_lib

import pytest
from django.core import mail
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.models import Case, Channel
from forms.validators import normalise_organisation_number, normalise_phone

from .helpers import elements, html_lang_dir
from .intake_helpers import FORM_PATHS, VALID, error_summary, form_token, token_from_page


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a form as a visitor and run what the transaction queues on commit."""

    def post(channel, url_language="sv", token=None, **changes):
        data = {**VALID[channel], "form_token": token or form_token(), **changes}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{url_language}/{FORM_PATHS[channel]}", data)

    return post


@pytest.mark.parametrize("channel", FORM_PATHS)
@pytest.mark.parametrize("language", ["sv", "ar"])
def test_each_form_becomes_a_case_with_a_receipt(client, send, channel, language):
    page = client.get(f"/{language}/{FORM_PATHS[channel]}")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert token_from_page(page.content.decode())
    response = send(channel, language)  # a token shown 30 seconds ago
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == channel
    assert case.team is not None
    assert case.status == "new" and not case.suspected_spam
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    html = receipt.content.decode()
    assert response["Location"].startswith(f"/{language}/")
    assert html_lang_dir(html) == (language, "rtl" if language == "ar" else "ltr")
    assert case.reference in html
    assert "no-store" in receipt["Cache-Control"]


def test_a_form_sent_faster_than_a_person_can_is_kept_as_suspected_spam(client, send):
    page = client.get(f"/sv/{FORM_PATHS['callback']}").content.decode()
    response = send("callback", token=token_from_page(page))
    assert response.status_code == 302  # the sender sees the ordinary receipt
    case = Case.objects.get()
    assert case.suspected_spam and "after the form was shown" in case.spam_reasons
    assert mail.outbox == []


def test_a_filled_honeypot_is_kept_as_suspected_spam_and_notifies_nobody(send):
    send("question", website="http://spam.example")
    case = Case.objects.get()
    assert case.suspected_spam and "honeypot" in case.spam_reasons
    assert mail.outbox == []


def test_callback_needs_only_a_phone_number_and_choices(send):
    send("callback", phone="08-123 456 78", language="so", interpreter="no", time_of_day="any")
    case = Case.objects.get()
    assert case.phone == "+46812345678"
    assert case.details == {"interpreter": "no", "time_of_day": "any"}
    assert case.language == "so"
    assert case.name == ""


def test_callback_choices_carry_pictures_and_own_script_language_names(client):
    html = client.get(f"/sv/{FORM_PATHS['callback']}").content.decode()
    labels = {label["for"]: label for label in elements(html, "label")}
    assert labels["id_language_6"].get("lang") == "ti"
    assert "ትግርኛ" in html
    assert html.count('class="choice__picture"') >= 6  # time of day and interpreter
    fieldsets = elements(html, "fieldset")
    assert len(fieldsets) >= 4  # each group of choices is a fieldset with a legend


def test_new_case_notifies_its_team_without_personal_data(send):
    send("question", message="Hemligt: mitt personnummer är 19900101-1234")
    case = Case.objects.get()
    notifications = [m for m in mail.outbox if case.team.notification_email in m.to]
    assert len(notifications) == 1
    body = notifications[0].body + notifications[0].subject
    assert case.reference in body
    assert "19900101" not in body and "amina@example.org" not in body
    assert f"/admin/cases/edit/{case.pk}/" in body
    case.refresh_from_db()
    assert case.notification_sent_at is not None


def test_receipt_mail_in_the_visitors_language_without_the_message(send):
    send("question", url_language="ar", message="سؤالي الخاص")
    case = Case.objects.get()
    receipts = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    assert len(receipts) == 1
    assert case.reference in receipts[0].body
    assert "سؤالي الخاص" not in receipts[0].body
    assert case.language == "sv"  # the language the visitor chose in the form
    send("question", url_language="ar", language="ar", email="layla@example.org")
    arabic = [m for m in mail.outbox if m.to == ["layla@example.org"]][0]
    with translation.override("ar"):
        greeting = translation.gettext("Hello,")
    assert arabic.body.startswith(greeting)


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_errors_are_in_the_visitors_language_with_a_linked_summary(client, send, language):
    response = send("callback", language, phone="12", interpreter="maybe", time_of_day="")
    assert response.status_code == 200
    html = response.content.decode()
    assert Case.objects.count() == 0
    summary = error_summary(html)
    with translation.override(language):
        expected = {
            "id_phone": translation.gettext(
                "This is not a phone number we can call. "
                "Check the number, for example 070-123 45 67."
            ),
            "id_interpreter": translation.gettext("Choose one of the options."),
        }
        title_prefix = translation.gettext("Error:")
    assert {target: html_lib.unescape(text) for target, text in summary} == expected
    phone_input = elements(html, "input", id="id_phone")[0]
    assert phone_input["aria-invalid"] == "true"
    assert "id_phone-error" in phone_input["aria-describedby"].split()
    assert "id_phone-hint" in phone_input["aria-describedby"].split()
    assert f"<title>{title_prefix}" in html


def test_question_needs_the_contact_the_visitor_chose(send):
    response = send("question", contact_by="phone", phone="", email="")
    assert [target for target, _ in error_summary(response.content.decode())] == ["id_phone"]
    assert Case.objects.count() == 0


def test_employer_organisation_number_is_checked_with_its_check_digit(send):
    response = send("employer", organisation_number="556123-4568")
    assert [target for target, _ in error_summary(response.content.decode())] == [
        "id_organisation_number"
    ]
    send("employer", organisation_number="165561234567")
    assert Case.objects.get().details["organisation_number"] == "556123-4567"


def test_form_fields_use_the_right_types_and_autocomplete(client):
    html = client.get(f"/sv/{FORM_PATHS['employer']}").content.decode()
    assert elements(html, "input", name="email")[0]["type"] == "email"
    assert elements(html, "input", name="email")[0]["autocomplete"] == "email"
    assert elements(html, "input", name="phone")[0]["type"] == "tel"
    assert elements(html, "input", name="organisation")[0]["autocomplete"] == "organization"
    assert not [i for i in elements(html, "input") if i.get("placeholder")]
    for field in elements(html, "input"):
        if field.get("type") not in {"hidden", "radio"} and field.get("name") != "website":
            assert elements(html, "label", **{"for": field["id"]}), field["name"]


@pytest.mark.parametrize(
    "message",
    [
        "ሰላም! ብኽብረትኩም ደውሉለይ። 🙂",
        "مرحبا، أحتاج مساعدة في التسجيل",
        "<script>alert('x')</script><b>fet</b>",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u200f\u202e reversed",
    ],
)
def test_any_script_and_markup_is_stored_as_written(client, send, message):
    send("question", message=message)
    assert Case.objects.get().message == message


def test_a_megabyte_message_gets_a_clear_error_not_a_500(send):
    response = send("question", message="x" * 1_000_000)
    assert response.status_code == 200
    assert [target for target, _ in error_summary(response.content.decode())] == ["id_message"]


def test_a_replayed_form_makes_one_case(send):
    token = form_token()
    first = send("callback", token=token)
    second = send("callback", token=token)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_an_expired_or_forged_token_keeps_the_answers_and_asks_again(send):
    response = send("callback", token="forged")
    assert response.status_code == 200
    html = response.content.decode()
    assert Case.objects.count() == 0
    assert 'value="070-123 45 67"' in html
    assert token_from_page(html) != "forged"


def test_wrong_csrf_token_gets_a_page_in_the_visitors_language(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/ar/{FORM_PATHS['callback']}", {**VALID["callback"]})
    assert response.status_code == 403
    html = response.content.decode()
    assert html_lang_dir(html) == ("ar", "rtl")
    with translation.override("ar"):
        assert translation.gettext("The form could not be sent") in html


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("070-123 45 67", "+46701234567"),
        ("0701234567", "+46701234567"),
        ("070 123 45 67", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("0046701234567", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
        ("(08) 123 456 78", "+46812345678"),
        ("08/12345678", "+46812345678"),
        ("031-12 34 56", "+4631123456"),
        ("+4687654321", "+4687654321"),
        ("+47 412 34 567", "+4741234567"),
    ],
)
def test_phone_numbers_in_every_common_swedish_format(written, e164):
    assert normalise_phone(written) == e164


@pytest.mark.parametrize(
    "written", ["", "12", "abc", "070-123", "+46 70 123 45 67 89 01 23", "9" * 50]
)
def test_impossible_phone_numbers_are_refused(written):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_phone(written)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_phone_normaliser_never_crashes_and_is_stable(text):
    from django.core.exceptions import ValidationError

    try:
        result = normalise_phone(text)
    except ValidationError:
        return
    assert result.startswith("+") and result[1:].isdigit() and len(result) <= 16
    assert normalise_phone(result) == result


@given(st.from_regex(r"0[1-9][0-9]{7,8}", fullmatch=True), st.sampled_from(["", " ", "-"]))
@settings(max_examples=200, deadline=None)
def test_swedish_numbers_with_and_without_country_code_agree(national, separator):
    from django.core.exceptions import ValidationError

    spaced = national[:3] + separator + national[3:]
    try:
        local = normalise_phone(spaced)
    except ValidationError:
        return
    assert normalise_phone("+46" + national[1:]) == local


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_organisation_number_normaliser_never_crashes(text):
    from django.core.exceptions import ValidationError

    try:
        result = normalise_organisation_number(text)
    except ValidationError:
        return
    assert len(result) == 11 and result[6] == "-"


def test_channels_are_the_four_of_the_issue():
    assert set(FORM_PATHS) == {choice.value for choice in Channel}


def test_an_oversized_request_gets_a_clear_page_not_a_500(client):
    data = {**VALID["question"], "form_token": form_token(), "message": "x" * (3 * 1024 * 1024)}
    response = client.post(f"/ar/{FORM_PATHS['question']}", data)
    assert response.status_code == 413  # refused before it is read (etablering/body_limit.py)
    html = response.content.decode()
    assert html_lang_dir(html) == ("ar", "rtl")
    with translation.override("ar"):
        assert translation.gettext("What you sent is too large") in html
    assert Case.objects.count() == 0
