"""The choices of a recruitment offer, shared by the model, the listing and the feed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    PROGRAMME = "programme", _("Tailored training programme")
    CANDIDATES = "candidates", _("Group of trained candidates")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")


class LanguageLevel(models.TextChoices):
    SFI_C = "sfi-c", _("SFI course C (everyday Swedish)")
    SFI_D = "sfi-d", _("SFI course D (Swedish at work)")
    SAS_BASIC = "sas-grund", _("Swedish as a second language, basic level")
    B1 = "b1", _("Independent (CEFR B1)")
    B2 = "b2", _("Good (CEFR B2)")
