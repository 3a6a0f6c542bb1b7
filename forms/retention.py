"""Personal data: how long cases are kept, and everything stored about one person.

Closed cases are deleted ``INTAKE_RETENTION_DAYS["closed"]`` days after closing (default 90),
suspected spam ``INTAKE_RETENTION_DAYS["spam"]`` days after it arrived (default 30). Deleting a
case deletes its notes and its history in Wagtail's log.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import Case, CaseNote, Status
from .validators import normalise_phone


def expired_cases(now=None):
    now = now or timezone.now()
    days = settings.INTAKE_RETENTION_DAYS
    closed = Q(status=Status.CLOSED, closed_at__lt=now - timedelta(days=days["closed"]))
    spam = (Q(status=Status.SPAM) | Q(suspected_spam=True)) & Q(
        created_at__lt=now - timedelta(days=days["spam"])
    )
    return Case.objects.filter(closed | spam)


def _log_entries(case_ids):
    content_type = ContentType.objects.get_for_model(Case)
    return ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in case_ids]
    )


@transaction.atomic
def delete_cases(cases) -> dict:
    ids = list(cases.values_list("pk", flat=True))
    notes = CaseNote.objects.filter(case_id__in=ids).count()
    log_entries, _ = _log_entries(ids).delete()
    deleted, _ = Case.objects.filter(pk__in=ids).delete()
    return {"cases": len(ids), "notes": notes, "log_entries": log_entries}


def purge_expired_cases(now=None) -> dict:
    return delete_cases(expired_cases(now))


def cases_about(phone: str = "", email: str = ""):
    """Every case that names this phone number (any common format) or e-mail address."""
    condition = Q(pk__in=[])
    if phone:
        condition |= Q(phone=normalise_phone(phone))
    if email:
        condition |= Q(email__iexact=email.strip())
    return Case.objects.filter(condition)


def export_person(phone: str = "", email: str = "") -> dict:
    """Everything stored about a person, for a request under GDPR article 15."""
    cases = cases_about(phone, email).select_related("team").prefetch_related("notes")
    exported = []
    for case in cases:
        exported.append(
            {
                "reference": case.reference,
                "channel": case.channel,
                "status": case.status,
                "received": case.created_at.isoformat(),
                "language": case.language,
                "team": case.team.name if case.team else None,
                "name": case.name,
                "phone": case.phone,
                "email": case.email,
                "message": case.message,
                "details": case.details,
                "gender": case.gender,
                "notes": [
                    {"written": note.created_at.isoformat(), "text": note.text}
                    for note in case.notes.all()
                ],
                "history": [
                    {"when": entry.timestamp.isoformat(), "action": entry.action}
                    for entry in _log_entries([case.pk]).order_by("timestamp")
                ],
            }
        )
    return {"phone": phone, "email": email, "cases": exported}


def erase_person(phone: str = "", email: str = "") -> dict:
    """Delete everything stored about a person (GDPR article 17)."""
    return delete_cases(cases_about(phone, email))
