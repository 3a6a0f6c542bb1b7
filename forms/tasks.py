"""Background work for the intake queue (django-tasks).

Sending is idempotent: a worker first claims the case's notification (one UPDATE that only one
worker can win), sends, then marks it sent. A worker that dies after claiming leaves a claim
that expires, and the sweep sends the mail again later; a mail is never sent twice while it is
claimed or after it is marked sent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import Case
from .notifications import team_notification, visitor_receipt

logger = logging.getLogger(__name__)


def _claim(case_id, sent_field: str, claimed_field: str) -> bool:
    now = timezone.now()
    claimable = Q(**{f"{claimed_field}__isnull": True}) | Q(
        **{f"{claimed_field}__lt": now - timedelta(seconds=settings.INTAKE_CLAIM_TIMEOUT_SECONDS)}
    )
    return bool(
        Case.objects.filter(Q(pk=case_id) & Q(**{f"{sent_field}__isnull": True}) & claimable)
        .exclude(suspected_spam=True)
        .update(**{claimed_field: now})
    )


def _send_once(case_id, sent_field, claimed_field, build_message, kind) -> bool:
    if not _claim(case_id, sent_field, claimed_field):
        return False  # sent already, or another worker is sending it now
    case = Case.objects.select_related("team", "page").get(pk=case_id)
    try:
        build_message(case).send(fail_silently=False)
    except Exception as error:
        Case.objects.filter(pk=case_id).update(**{claimed_field: None})
        # The error's text can hold an address: log only its type and the reference.
        logger.warning(
            "%s for case %s failed (%s); will retry", kind, case.reference, type(error).__name__
        )
        raise RuntimeError(f"{kind} for case {case.reference} failed") from None
    Case.objects.filter(pk=case_id).update(**{sent_field: timezone.now(), claimed_field: None})
    _log(case, f"intake.{kind}_sent")
    return True


def _log(case, action):
    from wagtail.log_actions import log

    log(instance=case, action=action)


@task()
def notify_team(case_id: int) -> bool:
    """E-mail the case's team that a new case has arrived."""
    return _send_once(
        case_id,
        "notification_sent_at",
        "notification_claimed_at",
        team_notification,
        "notification",
    )


@task()
def send_receipt(case_id: int) -> bool:
    """E-mail the visitor a receipt with the case reference (never the message)."""
    return _send_once(case_id, "receipt_sent_at", "receipt_claimed_at", visitor_receipt, "receipt")


def stale_cases(now=None):
    """Cases whose notification or receipt has not gone out within ten minutes."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.INTAKE_SWEEP_AFTER_SECONDS)
    active = Case.objects.filter(suspected_spam=False, created_at__lt=cutoff)
    return (
        active.filter(notification_sent_at__isnull=True),
        active.filter(receipt_sent_at__isnull=True).exclude(email=""),
    )


@task()
def sweep_unsent() -> dict:
    """Queue again every notification and receipt not sent within ten minutes.

    Queued every few minutes by the scheduler (settings.PERIODIC_TASKS,
    etablering/background/scheduler.py), whether or not the last sweep finished."""
    notifications, receipts = stale_cases()
    counts = {"notifications": 0, "receipts": 0}
    for case_id in notifications.values_list("pk", flat=True):
        notify_team.enqueue(case_id)
        counts["notifications"] += 1
    for case_id in receipts.values_list("pk", flat=True):
        send_receipt.enqueue(case_id)
        counts["receipts"] += 1
    return counts


@task()
def purge_expired() -> dict:
    """Delete closed cases and spam past their retention period (see ``retention.py``).
    Queued daily by the scheduler."""
    from .retention import purge_expired_cases

    return purge_expired_cases()
