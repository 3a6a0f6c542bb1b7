"""The glossary: term pages, and first occurrences linked in easy-to-read and SFI-level text."""

import re

import pytest
from django.utils import translation

from pictures.glossary import GlossaryLinker
from pictures.models import GlossaryTerm

STEP = "/sv/fran-nyanland-till-nyanstalld/gemensam-ingang-och-en-egen-plan/"


def linked_words(html):
    return re.findall(r'<a class="glossary-link" href="[^"]+" data-note="[^"]+">([^<]+)</a>', html)


@pytest.mark.django_db
def test_the_demo_glossary_has_25_terms_in_every_language():
    for code in ("sv", "en", "ar", "prs", "fa", "so", "ti", "uk", "da", "nb", "pl"):
        assert GlossaryTerm.objects.filter(locale__language_code=code).count() >= 25


@pytest.mark.django_db
def test_first_occurrence_only_whole_words_any_case_with_swedish_endings():
    with translation.override("sv"):
        html = GlossaryLinker("sv").link(
            "<p>Tolken kommer. En tolk till. Ditt personnummer. Personnumret igen. "
            "Stolken och tolkarbete är inga termer.</p>"
        )
    assert linked_words(html) == ["Tolken", "personnummer"]
    assert 'href="/sv/ord/tolk/"' in html
    assert "Stolken" in html and ">Stolken<" not in html


@pytest.mark.django_db
def test_never_inside_links_or_headings():
    with translation.override("sv"):
        html = GlossaryLinker("sv").link(
            '<h3>SFI</h3><p><a href="/x">Läs om SFI</a></p><p>Du läser SFI.</p>'
        )
    assert html.startswith('<h3>SFI</h3><p><a href="/x">Läs om SFI</a></p><p>Du läser <a ')
    assert linked_words(html) == ["SFI"]


@pytest.mark.django_db
def test_sfi_level_links_terms_and_standard_text_does_not(client):
    sfi = client.get(f"{STEP}sfi-niva/").content.decode()
    standard = client.get(STEP).content.decode()
    assert linked_words(sfi)
    assert len(linked_words(sfi)) == len({w.casefold() for w in linked_words(sfi)})
    assert 'class="glossary-note"' in sfi and " hidden" in sfi
    assert not linked_words(standard)


@pytest.mark.django_db
def test_easy_text_in_arabic_links_the_swedish_name_to_the_arabic_explanation(client, demo_page):
    html = client.get(demo_page("home", "ar").url + "lattlast/").content.decode()
    assert ">Arbetsförmedlingen</a>" in html
    assert "مكتب العمل الحكومي" in html
    assert 'href="/ar/ord/arbetsformedlingen/?niva=easy"' in html  # the level is kept


@pytest.mark.django_db
def test_term_page_and_index_in_the_visitors_language(client):
    html = client.get("/ti/ord/personnummer/").content.decode()
    assert "ንዓኻ ጥራይ ዘሎ ቁጽሪ" in html
    assert 'alt="መንነት ካርድን ናይ ውልቀ ቁጽርን"' in html
    index = client.get("/uk/ord/").content.decode()
    assert index.count('<li><a href="/uk/ord/') >= 25
    assert client.get("/sv/ord/finns-inte/").status_code == 404


@pytest.mark.django_db
def test_an_edited_term_shows_at_once(client):
    term = GlossaryTerm.objects.get(locale__language_code="sv", slug="tolk")
    client.get("/sv/ord/tolk/")
    term.explanation = "En person som översätter när vi pratar."
    term.save()
    assert "En person som översätter när vi pratar." in client.get("/sv/ord/tolk/").content.decode()


@pytest.mark.django_db
def test_linking_costs_no_query_once_the_glossary_is_cached(client, django_assert_max_num_queries):
    url = f"{STEP}sfi-niva/"
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
