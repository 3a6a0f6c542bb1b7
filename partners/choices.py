"""The fixed vocabularies of the exchange: cities, themes, document types, event kinds.

The codes are the ones the partner contact form already uses (forms/forms.py), so a request's city
and topic mean the same thing everywhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.TextChoices):
    STOCKHOLM = "stockholm", "Stockholm"
    COPENHAGEN = "copenhagen", _("Copenhagen")
    TRONDHEIM = "trondheim", "Trondheim"
    WARSAW = "warsaw", _("Warsaw")
    BIRMINGHAM = "birmingham", "Birmingham"


PARTNER_CITIES = [City.COPENHAGEN, City.TRONDHEIM, City.WARSAW, City.BIRMINGHAM]
HOST_CITY = City.STOCKHOLM
# The language each partner city writes in besides English (the demo translates into it).
CITY_LANGUAGES = {
    City.STOCKHOLM: "sv",
    City.COPENHAGEN: "da",
    City.TRONDHEIM: "nb",
    City.WARSAW: "pl",
    City.BIRMINGHAM: "en",
}


class ThemeCode(models.TextChoices):
    EMPLOYERS = "employers", _("Cooperation with employers")
    LANGUAGE = "language", _("Language and integration")
    AUTHORITIES = "authorities", _("Cooperation between authorities")
    MOTIVATION = "motivation", _("The job-seeker's motivation")


class DocumentType(models.TextChoices):
    PROGRAMME_PLAN = "programme_plan", _("Programme plan")
    COURSE_MODULE = "course_module", _("Course module")
    LEARNING_OBJECTIVES = "learning_objectives", _("Learning objectives")
    REPORT = "report", _("Report")
    PRESENTATION = "presentation", _("Presentation")
    HANDBOOK_CHAPTER = "handbook_chapter", _("Handbook chapter")


class EventKind(models.TextChoices):
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")


# The exchange's targets (seed 003): what the progress chart measures against.
TARGETS = {
    "meetings": 125,
    EventKind.STUDY_VISIT: 8,
    EventKind.WORKSHOP: 8,
    EventKind.SEMINAR: 4,
}
