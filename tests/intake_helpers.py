"""Filling in the contact forms as a visitor would."""

import re
import secrets
import time

from django.core import signing

from forms.antispam import TOKEN_SALT

FORM_PATHS = {
    "question": "kontakt/stall-en-fraga/",
    "callback": "kontakt/bli-uppringd/",
    "employer": "kontakt/rekrytera/",
    "partner": "kontakt/partner/",
}
VALID = {
    "question": {
        "name": "Amina",
        "contact_by": "email",
        "email": "amina@example.org",
        "message": "Hur anmäler jag mig till SFI?",
        "language": "sv",
    },
    "callback": {
        "phone": "070-123 45 67",
        "language": "ti",
        "interpreter": "yes",
        "time_of_day": "morning",
    },
    "employer": {
        "organisation": "Exempelbygg AB",
        "organisation_number": "556123-4567",
        "name": "Kim Exempel",
        "email": "kim@example.org",
        "sector": "construction",
        "people": "3",
        "when": "3_months",
        "message": "Vi söker två snickare och en målare.",
    },
    "partner": {
        "name": "Ola Nordmann",
        "email": "ola@example.org",
        "city": "trondheim",
        "organisation": "Trondheim kommune",
        "topic": "meet_colleague",
        "message": "Jeg vil gjerne møte en kollega som jobber med mentorer.",
        "language": "nb",
    },
}


def form_token(age_seconds: float = 30) -> str:
    """A token as the form page hands out, shown ``age_seconds`` ago."""
    return signing.dumps(
        {"t": time.time() - age_seconds, "n": secrets.token_urlsafe(16)}, salt=TOKEN_SALT
    )


def token_from_page(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def error_summary(html: str) -> list[tuple[str, str]]:
    block = html[html.index('class="error-summary"') :]
    block = block[: block.index("</div>")]
    return [
        (target, re.sub(r"<[^>]+>", "", text))
        for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', block)
    ]
