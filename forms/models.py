"""The contact channel: teams, intake cases and their notes, and the contact page type.

A case is the source of truth: it is stored before anything else happens, and every notification
and receipt is derived from it (see ``tasks.py``).
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from etablering.languages import BY_CODE
from pages.models import LanguageContextMixin

REFERENCE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud


class Channel(models.TextChoices):
    QUESTION = "question", _("Question")
    CALLBACK = "callback", _("Call me back")
    EMPLOYER = "employer", _("Employer's recruitment inquiry")
    PARTNER = "partner", _("Partner or colleague request")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


# Where a case may go from each status. Closed cases can be reopened; spam can be taken back.
TRANSITIONS = {
    Status.NEW: {Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSED, Status.SPAM},
    Status.ASSIGNED: {Status.NEW, Status.IN_PROGRESS, Status.CLOSED, Status.SPAM},
    Status.IN_PROGRESS: {Status.ASSIGNED, Status.CLOSED, Status.SPAM},
    Status.CLOSED: {Status.IN_PROGRESS},
    Status.SPAM: {Status.NEW},
}


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")
    NOT_SAID = "not_said", _("I do not want to say")


class Team(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("e.g. Jobbtorg Kista, SFI, employer team"),
    )
    notification_email = models.EmailField(
        _("notification address"),
        help_text=_("New cases for this team are announced here (a shared mailbox)."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive teams get no new cases.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


def new_reference() -> str:
    return "K" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(7))


class Case(models.Model):
    """One contact from a visitor. Its string form is its reference only: no personal data."""

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    suspected_spam = models.BooleanField(_("suspected spam"), default=False, db_index=True)
    spam_reasons = models.CharField(_("why it looks like spam"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, db_index=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "intake.ContactPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.ForeignKey(
        "employers.OfferPage",
        verbose_name=_("recruitment offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text=_("The offer an employer answered, if any."),
    )
    # What the visitor told us. Only the fields their channel asks for are filled.
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    message = models.TextField(_("message"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(_("first handled"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    notification_sent_at = models.DateTimeField(null=True, blank=True)
    notification_claimed_at = models.DateTimeField(null=True, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    receipt_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.reference

    @classmethod
    def create_from_submission(cls, **fields) -> tuple["Case", bool]:
        """Store a submission once. A replayed form (same token) returns the case it made."""
        token = fields["submission_token"]
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return cls.objects.create(reference=new_reference(), **fields), True
            except IntegrityError:
                existing = cls.objects.filter(submission_token=token).first()
                if existing is not None:
                    return existing, False
        raise RuntimeError("could not find a free case reference")

    def set_status(self, status, now=None):
        now = now or timezone.now()
        if status != Status.NEW and self.first_response_at is None:
            self.first_response_at = now
        self.closed_at = now if status in {Status.CLOSED, Status.SPAM} else None
        self.status = status

    @property
    def language_name(self) -> str:
        """The language in its own script, e.g. ትግርኛ; the code for another language."""
        language = BY_CODE.get(self.language)
        return language.name_local if language else self.language


class CaseNote(models.Model):
    case = models.ForeignKey(Case, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.case.reference} {self.created_at:%Y-%m-%d %H:%M}"


class ContactPage(LanguageContextMixin, Page):
    """A page with one of the contact forms; editors word the page, the form is fixed."""

    channel = models.CharField(
        _("form"),
        max_length=20,
        choices=Channel.choices,
        help_text=_("Which form this page shows. The same in every language."),
    )
    intro = models.TextField(
        _("introduction"),
        help_text=_("Who this form is for and what happens when you send it. Short sentences."),
    )
    next_steps = models.TextField(
        _("what happens next"),
        help_text=_(
            "Shown on the receipt after sending, e.g. 'We call you within two working days.'"
        ),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The team that gets the cases from this page."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("channel"),
        FieldPanel("intro"),
        FieldPanel("next_steps"),
        FieldPanel("team"),
        HelpPanel(
            content=_(
                "The form's questions, help texts and error messages are part of the site and "
                "are translated with it."
            )
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("channel", overridable=False),
        SynchronizedField("team", overridable=False),
    ]
    parent_page_types = ["pages.HomePage", "pages.InformationPage"]
    subpage_types = []
    template = "forms/contact_page.html"

    class Meta:
        verbose_name = _("contact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.language_context(request))
        return context

    def route(self, request, path_components):
        from .views import receipt_route

        return receipt_route(self, request, path_components) or super().route(
            request, path_components
        )

    def serve(self, request, *args, **kwargs):
        from .views import serve_contact_page

        return serve_contact_page(self, request, *args, **kwargs)
