"""The intake queue: no contact is lost, none is mailed twice, only intake staff see cases,
and personal data is kept only as long as needed."""

import json
import secrets
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forms.models import Case, CaseNote, Status, Team
from forms.retention import purge_expired_cases
from forms.tasks import notify_team, send_receipt, stale_cases, sweep_unsent

from .intake_helpers import FORM_PATHS, VALID, form_token


def make_case(**fields):
    defaults = {
        "submission_token": secrets.token_urlsafe(16),
        "channel": "callback",
        "language": "ar",
        "phone": "+46701234567",
        "team": Team.objects.get(name="Jobbtorg Kista"),
    }
    case, _created = Case.create_from_submission(**{**defaults, **fields})
    return case


@pytest.fixture
def users(db):
    User = get_user_model()
    intake = User.objects.create_user("intake", password="x" * 16)
    intake.groups.add(Group.objects.get(name="Intake"))
    editor = User.objects.create_user("editor", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    partner = User.objects.create_user("partner", password="x" * 16)
    partner.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return {"intake": intake, "editor": editor, "partner": partner}


class FailingMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class LeakyFailingMailBackend(FailingMailBackend):
    """A mail server whose error names the recipient, as SMTP errors do."""

    def send_messages(self, messages):
        raise OSError(f"recipient refused: {messages[0].to}")


def test_case_is_stored_when_the_mail_server_fails(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_intake_queue.FailingMailBackend"
    data = {**VALID["question"], "form_token": form_token()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sv/{FORM_PATHS['question']}", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.notification_sent_at is None and case.notification_claimed_at is None
    assert case.receipt_sent_at is None


def test_sweep_resends_what_was_not_sent_within_ten_minutes(db):
    case = make_case(email="visitor@example.org")
    assert case not in stale_cases()[0]
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    counts = sweep_unsent.call(reschedule=False)
    assert counts == {"notifications": 1, "receipts": 1}
    case.refresh_from_db()
    assert case.notification_sent_at and case.receipt_sent_at
    assert len(mail.outbox) == 2
    assert sweep_unsent.call(reschedule=False) == {"notifications": 0, "receipts": 0}


def test_a_notification_is_never_sent_twice(db):
    case = make_case()
    assert notify_team.call(case.pk) is True
    assert notify_team.call(case.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notify.{case.reference}@")


def test_a_claimed_notification_is_not_sent_by_a_second_worker(db):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(notification_claimed_at=timezone.now())
    assert notify_team.call(case.pk) is False
    Case.objects.filter(pk=case.pk).update(
        notification_claimed_at=timezone.now() - timedelta(minutes=6)
    )  # the claiming worker died: the claim expires
    assert notify_team.call(case.pk) is True
    assert len(mail.outbox) == 1


def test_no_personal_data_reaches_the_logs(db, settings, caplog):
    case = make_case(name="Hemlig Person", email="hemlig@example.org", message="hemligt")
    settings.EMAIL_BACKEND = "tests.test_intake_queue.LeakyFailingMailBackend"
    with caplog.at_level("DEBUG"), pytest.raises(RuntimeError) as error:
        send_receipt.call(case.pk)
    logged = caplog.text + str(error.value)
    assert case.reference in logged
    for secret in ("hemlig@example.org", "Hemlig Person", "hemligt", "+46701234567"):
        assert secret not in logged


def test_failed_sending_is_retried_later(db, settings):
    case = make_case(email="visitor@example.org")
    settings.EMAIL_BACKEND = "tests.test_intake_queue.FailingMailBackend"
    with pytest.raises(RuntimeError):
        send_receipt.call(case.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_receipt.call(case.pk) is True


def test_suspected_spam_is_never_mailed(db):
    case = make_case(suspected_spam=True, spam_reasons="honeypot filled", email="x@example.org")
    assert notify_team.call(case.pk) is False
    assert send_receipt.call(case.pk) is False
    assert case not in stale_cases()[0]


@pytest.mark.parametrize(
    ("who", "allowed"), [("intake", True), ("editor", False), ("partner", False), (None, False)]
)
def test_only_intake_staff_see_cases(client, users, who, allowed):
    case = make_case(name="Hemlig Person")
    if who:
        client.force_login(users[who])
    for url in [reverse("cases:index"), reverse("cases:edit", args=[case.pk])]:
        response = client.get(url)
        html = response.content.decode()
        assert (response.status_code == 200) is allowed, (who, url)
        assert ("Hemlig Person" in html or case.reference in html) is allowed
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("cases:index") in menu) is allowed


def test_nobody_adds_or_deletes_cases_in_the_admin(client, users):
    case = make_case()
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 16)
    client.force_login(admin)
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 200
    assert client.get("/admin/cases/new/").status_code in {302, 403, 404}
    assert client.post(f"/admin/cases/delete/{case.pk}/").status_code in {302, 403, 404}
    assert Case.objects.filter(pk=case.pk).exists()


def test_intake_filters_and_searches_the_queue(client, users):
    wanted = make_case(phone="+46812345678", language="ti")
    other = make_case(phone="+46701111111", channel="question", email="someone@example.org")
    client.force_login(users["intake"])
    by_phone = client.get(reverse("cases:index"), {"q": "08-123 456 78"}).content.decode()
    assert wanted.reference in by_phone and other.reference not in by_phone
    by_email = client.get(reverse("cases:index"), {"q": "SOMEONE@example.org"}).content.decode()
    assert other.reference in by_email and wanted.reference not in by_email
    by_reference = client.get(reverse("cases:index"), {"q": wanted.reference.lower()}).content
    assert wanted.reference in by_reference.decode()
    filtered = client.get(reverse("cases:index"), {"language": "ti", "channel": "callback"})
    assert wanted.reference in filtered.content.decode()
    assert other.reference not in filtered.content.decode()


def test_intake_handles_a_case_and_every_change_is_in_its_history(client, users):
    case = make_case()
    client.force_login(users["intake"])
    url = reverse("cases:edit", args=[case.pk])
    response = client.post(
        url,
        {
            "status": "in_progress",
            "team": case.team.pk,
            "assigned_to": users["intake"].pk,
            "new_note": "Ringde, bokade tolk till tisdag.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.first_response_at is not None
    assert case.assigned_to == users["intake"]
    assert CaseNote.objects.get(case=case).author == users["intake"]
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {"intake.status_changed", "intake.note_added"} <= actions
    history = client.get(reverse("cases:history", args=[case.pk]))
    assert history.status_code == 200


def test_a_closed_case_cannot_jump_back_to_new(client, users):
    case = make_case()
    case.set_status(Status.CLOSED)
    case.save()
    client.force_login(users["intake"])
    response = client.post(
        reverse("cases:edit", args=[case.pk]), {"status": "new", "team": case.team.pk}
    )
    assert response.status_code == 200  # the form again, with the error
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_retention_purges_closed_cases_and_spam_with_a_frozen_clock(db, time_machine):
    time_machine.move_to("2026-01-01 10:00 +01:00", tick=False)
    closed = make_case()
    closed.set_status(Status.CLOSED)
    closed.save()
    CaseNote.objects.create(case=closed, text="klart")
    spam = make_case(suspected_spam=True)
    open_case = make_case()
    time_machine.move_to("2026-01-31 11:00 +01:00", tick=False)  # 30 days: spam goes
    assert purge_expired_cases()["cases"] == 1
    assert not Case.objects.filter(pk=spam.pk).exists()
    time_machine.move_to("2026-03-31 09:00 +02:00", tick=False)  # 89 days: closed stays
    assert purge_expired_cases()["cases"] == 0
    time_machine.move_to("2026-04-02 11:00 +02:00", tick=False)  # 91 days: closed goes
    assert purge_expired_cases() == {"cases": 1, "notes": 1, "log_entries": 0}
    assert list(Case.objects.all()) == [open_case]
    assert not CaseNote.objects.exists()


def test_export_and_erase_reach_every_row_about_a_person(client, users):
    first = make_case(phone="+46701234567", message="Första")
    second = make_case(phone="+46701234567", channel="question", email="p@example.org")
    untouched = make_case(phone="+46709999999")
    CaseNote.objects.create(case=first, text="anteckning")
    client.force_login(users["intake"])
    client.post(
        reverse("cases:edit", args=[first.pk]), {"status": "assigned", "team": first.team.pk}
    )

    out = StringIO()
    call_command("export_personal_data", phone="070-123 45 67", stdout=out)
    exported = json.loads(out.getvalue())
    assert {c["reference"] for c in exported["cases"]} == {first.reference, second.reference}
    first_export = next(c for c in exported["cases"] if c["reference"] == first.reference)
    assert first_export["notes"][0]["text"] == "anteckning"
    assert first_export["message"] == "Första"
    assert any(h["action"] == "intake.status_changed" for h in first_export["history"])

    out = StringIO()
    call_command("erase_personal_data", phone="+46 70 123 45 67", yes=True, stdout=out)
    assert "Deleted 2 case(s), 1 note(s)" in out.getvalue()
    assert list(Case.objects.all()) == [untouched]
    assert not CaseNote.objects.exists()
    assert not ModelLogEntry.objects.filter(
        object_id__in=[str(first.pk), str(second.pk)], content_type__model="case"
    ).exists()


def test_cases_name_no_personal_data_in_their_string_form(db):
    case = make_case(name="Hemlig Person", email="hemlig@example.org")
    assert str(case) == case.reference


def test_rate_limit_gives_a_429_in_the_visitors_language(client, settings):
    settings.INTAKE_RATE_LIMITS = {"address": (2, 600), "session": (100, 600)}
    for n in range(2):
        data = {**VALID["callback"], "phone": f"070-123 45 6{n}", "form_token": form_token()}
        assert client.post(f"/ar/{FORM_PATHS['callback']}", data).status_code == 302
    data = {**VALID["callback"], "phone": "070-123 45 69", "form_token": form_token()}
    response = client.post(f"/ar/{FORM_PATHS['callback']}", data)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    from django.utils import translation

    with translation.override("ar"):
        title = translation.gettext("Please wait a moment")
    assert title in response.content.decode()
    assert Case.objects.count() == 2


def test_rate_limit_per_session(client, settings):
    """One browser is limited on its own (also behind an address it shares with a school)."""
    settings.INTAKE_RATE_LIMITS = {"address": (100, 600), "session": (2, 600)}
    for n, expected in enumerate((302, 302, 429)):
        data = {**VALID["callback"], "phone": f"070-123 45 6{n}", "form_token": form_token()}
        assert client.post(f"/sv/{FORM_PATHS['callback']}", data).status_code == expected
    assert Case.objects.count() == 2
