"""LIX, the Swedish readability index, and what editors see while editing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from pages.readability import lix, measure, plain_text


def test_lix_of_a_short_easy_text():
    # 7 words, 2 sentences, 1 long word (Stockholm): 7/2 + 100 * 1/7 = 17.79
    assert lix("Jag heter Anna. Jag bor i Stockholm.") == 17.8


def test_lix_of_a_bureaucratic_sentence():
    # 4 words, 1 sentence, 4 long words: 4/1 + 100 * 4/4 = 104
    assert lix("Arbetsförmedlingen hjälper nyanlända arbetssökande.") == 104.0


def test_each_list_item_and_paragraph_ends_a_sentence():
    text = plain_text("<p>Ta med pass</p><ul><li>Betyg</li><li>Intyg från arbete</li></ul>")
    result = measure(text)
    assert (result.words, result.sentences, result.long_words) == (7, 3, 0)


def test_numbers_and_addresses_are_not_long_words_or_sentence_ends():
    result = measure("Ring 0812345678 eller skriv till kontakt@example.org i dag.")
    assert result.sentences == 1
    assert result.long_words == 2  # kontakt, example


def test_empty_text_has_no_score():
    assert lix("") == 0.0
    assert measure("   ").words == 0


@pytest.mark.django_db
def test_editor_sees_lix_of_each_level_and_a_warning_when_too_hard(client, demo_page):
    User = get_user_model()
    editor = User.objects.create_superuser("redaktor", "redaktor@example.org", "x" * 16)
    client.force_login(editor)
    page = demo_page("contact")
    page.easy_intro = (
        "Arbetsförmedlingens etableringsuppdrag omfattar kompetenskartläggning, "
        "samhällsorientering, arbetsmarknadsutbildning och validering av utländska "
        "utbildningsbevis för nyanlända invandrare."
    )
    page.easy_body = []
    page.save_revision()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    with translation.override("sv"):  # the admin's default language
        warning = translation.gettext(
            "This text is harder to read than this level allows: use shorter sentences and "
            "shorter words."
        )
        score = translation.gettext(
            "Readability (LIX): %(lix)s. Aim for at most %(limit)s at this level."
        )
    assert warning != "" and html.count(warning) == 1  # only the easy level is too hard
    assert html.count(score.split("%(lix)s")[0]) == 3
    assert 'data-lix-limit="30"' in html
