"""Small things that each stop someone (issue 11 item 7)."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from etablering.languages import LANGUAGES
from pictures.glossary import GlossaryLinker


@pytest.mark.parametrize("header", ["fa-AF", "fa-af,fa;q=0.8,en;q=0.5", "prs", "prs-AF"])
def test_afghan_persian_in_accept_language_leads_to_dari(client, header):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code in (301, 302)
    assert response["Location"].startswith("/prs/")


def test_iranian_persian_stays_persian(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fa-IR")["Location"].startswith("/fa/")


# What the start pages said before (issue 11 item 7): listening "is coming soon".
COMING_SOON = re.compile(
    r"Snart kan du|Soon you|قريبًا يمكنك|به ?زودی|به‌زودی|Dhowaan waxaad|ኣብ ቀረባ እዋን|Незабаром"
    r"|Snart kan du|Wkrótce"
)


@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
def test_the_start_page_does_not_say_listening_is_coming_soon(client, language):
    for level in ("", "lattlast/", "sfi-niva/"):
        html = client.get(f"/{language}/{level}").content.decode()
        main = html[html.index('id="main-content"') :]
        assert not COMING_SOON.search(main), (language, level, COMING_SOON.search(main))


def test_a_terms_full_stop_is_never_left_alone_after_its_explanation(db):
    linker = GlossaryLinker("sv")
    html = linker.link("<p>Du skriver in dig hos Arbetsförmedlingen. Sedan får du en plan.</p>")
    assert 'class="glossary-link"' in html
    # the full stop follows the link, before the explanation that opens as a block
    assert re.search(r'</a>\.<span class="glossary-note"', html), html


def test_glossary_terms_in_the_step_facts_are_linked_like_in_the_text(db):
    from types import SimpleNamespace

    from etablering.languages import get_language
    from pages.levels import SFI

    request = RequestFactory().get("/sv/")
    facts = {
        "responsible": "Arbetsförmedlingen",
        "bring": ["Ditt personnummer"],
        "duration": "Två veckor",
        "next": "Du börjar på SFI.",
    }
    context = {
        "value": facts,
        "request": request,
        "content": SimpleNamespace(level=SFI),
        "content_language": get_language("sv"),
        "interface_language": get_language("sv"),
    }
    html = render_to_string("pages/blocks/step_facts.html", context)
    linked = re.findall(r'class="glossary-link" href="([^"]+)"', html)
    assert len(linked) == 3, html  # Arbetsförmedlingen, personnummer, SFI
    standard = render_to_string(
        "pages/blocks/step_facts.html",
        {**context, "content": SimpleNamespace(level=SimpleNamespace(code="standard"))},
    )
    assert "glossary-link" not in standard  # as in the text: only easy-to-read and SFI level
