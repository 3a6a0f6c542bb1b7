"""The demo cases: only on request, only on a database without real cases, only invented data."""

import pytest
from django.core.management import CommandError, call_command

from forms.models import Case, Channel, Status
from forms.validators import luhn_valid, normalise_phone

pytestmark = pytest.mark.django_db
FLAG = "--yes-this-is-a-demo"


def test_refuses_without_the_flag():
    with pytest.raises(CommandError, match="yes-this-is-a-demo"):
        call_command("create_demo_cases")
    assert Case.objects.count() == 0


def test_refuses_when_there_are_cases_it_did_not_make():
    Case.objects.create(
        reference="KAAAAAAA",
        submission_token="a-real-one",
        channel=Channel.CALLBACK,
        language="sv",
        phone="+46701740600",
    )
    with pytest.raises(CommandError, match="not made by this command"):
        call_command("create_demo_cases", FLAG)
    assert Case.objects.count() == 1


def test_creates_cases_of_every_channel_and_a_second_run_adds_nothing():
    call_command("create_demo_cases", FLAG)
    cases = list(Case.objects.select_related("team"))
    assert len(cases) == 60
    assert {case.channel for case in cases} == set(Channel.values)
    assert {case.status for case in cases} >= {
        Status.NEW,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.CLOSED,
    }
    assert any(case.suspected_spam for case in cases)
    assert {case.language for case in cases} >= {"sv", "ar", "so", "ti", "prs", "fa", "uk", "en"}
    assert {case.team.name for case in cases} == {
        "Jobbtorg Kista",
        "Arbetsgivarteamet",
        "Partnerkoordinator",
    }
    assert all(case.details["demo"] is True for case in cases)
    assert all(case.notification_sent_at for case in cases)  # nothing is mailed
    assert all(case.first_response_at for case in cases if case.status != Status.NEW)
    assert all(case.closed_at for case in cases if case.status == Status.CLOSED)
    assert len({case.reference for case in cases}) == 60
    for case in cases:
        if case.channel == Channel.CALLBACK:
            assert case.details["interpreter"] in {"yes", "no"}
            assert case.details["time_of_day"] in {"morning", "midday", "afternoon", "any"}
        if case.channel == Channel.EMPLOYER:
            assert luhn_valid(case.details["organisation_number"].replace("-", ""))
            assert {"organisation", "sector", "people", "when"} <= set(case.details)

    call_command("create_demo_cases", FLAG)
    assert Case.objects.count() == 60


def test_no_real_looking_personal_data():
    call_command("create_demo_cases", FLAG)
    cases = Case.objects.all()
    emails = [case.email for case in cases if case.email]
    phones = [case.phone for case in cases if case.phone]
    assert emails and phones
    assert all(email.endswith("example.org") for email in emails)
    assert all(phone.startswith("+46701740") for phone in phones)
    assert all(normalise_phone(phone) == phone for phone in phones)  # what the forms store
