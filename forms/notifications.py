"""The e-mails a case causes: the team's notification and the visitor's receipt.

Neither carries the visitor's message or contact details: the team reads the case in the admin,
and a receipt only confirms the reference. Each has a Message-ID made from the case reference, so a
mail that is sent again is recognisably the same mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from etablering.languages import SOURCE_LANGUAGE


def _message_id(case, kind: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{kind}.{case.reference}@{domain}>"


def team_notification(case) -> EmailMessage:
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("cases:edit", args=[case.pk])
    with translation.override(SOURCE_LANGUAGE):
        context = {"case": case, "admin_url": admin_url}
        subject = render_to_string("forms/emails/team_subject.txt", context).strip()
        body = render_to_string("forms/emails/team_body.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[case.team.notification_email] if case.team else settings.INTAKE_FALLBACK_RECIPIENTS,
        headers={"Message-ID": _message_id(case, "notify")},
    )


def visitor_receipt(case) -> EmailMessage:
    language = case.language if case.language in dict(settings.LANGUAGES) else SOURCE_LANGUAGE
    with translation.override(language):
        context = {"case": case, "next_steps": case.page.next_steps if case.page else ""}
        subject = render_to_string("forms/emails/receipt_subject.txt", context).strip()
        body = render_to_string("forms/emails/receipt_body.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[case.email],
        headers={"Message-ID": _message_id(case, "receipt")},
    )
