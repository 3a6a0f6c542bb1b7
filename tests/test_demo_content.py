"""Demo content: complete, idempotent, from the seeds, without the seeds' real people."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from etablering.languages import LANGUAGES
from pages.demo.loader import DemoLoader
from pages.demo.structure import structure_problems
from pages.levels import LEVELS
from pages.models import ChainStepPage, LeveledPage

SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
CONTENT = settings.BASE_DIR / "pages" / "demo" / "content"
CHAIN_KEYS = [
    "home",
    "chain",
    "step-entry",
    "step-orientation",
    "step-skills",
    "step-sfi",
    "step-matching",
    "step-network",
    "step-internship",
    "step-employment",
]


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES if language.code != "sv"])
def test_translation_file_fits_the_swedish_source(code):
    assert (CONTENT / f"{code}.toml").exists()
    assert structure_problems(code) == []


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_home_chain_steps_and_contact_pages_exist_in_every_language(demo_page, code):
    for key in CHAIN_KEYS:
        page = demo_page(key, code)
        assert page.live


ISSUE_2_PAGE_TYPES = [m for m in LeveledPage.__subclasses__() if m._meta.app_label == "pages"]


def test_every_swedish_page_exists_at_all_three_levels(db):
    for page in ISSUE_2_PAGE_TYPES:
        for instance in page.objects.filter(locale__language_code="sv"):
            assert [level.code for level in instance.available_levels] == [
                level.code for level in LEVELS
            ], instance.title


def test_swedish_levels_are_within_their_lix_limits(db):
    for model in LeveledPage.__subclasses__():
        for page in model.objects.filter(locale__language_code="sv"):
            for level in LEVELS:
                assert page.readability(level.code).lix <= level.lix_limit, (page.title, level.code)


def test_the_chain_has_at_least_eight_ordered_steps_with_facts(demo_page):
    steps = ChainStepPage.objects.child_of(demo_page("chain")).live()
    assert steps.count() >= 8
    for step in steps:
        for level in LEVELS:
            facts = [b for b in getattr(step, level.field("body")) if b.block_type == "facts"]
            assert len(facts) == 1, (step.title, level.code)
            assert facts[0].value["responsible"] and facts[0].value["duration"]


def test_a_second_run_changes_nothing(db):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    report = DemoLoader().run()
    assert report.created == []
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def test_a_second_run_keeps_an_editors_changes(demo_page):
    page = demo_page("contact")
    page.title = "Ring oss"
    page.save_revision().publish()
    DemoLoader().run()
    assert demo_page("contact").title == "Ring oss"


def _seed_contacts():
    text = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    emails = set(re.findall(r"E-post\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]+)", text))
    emails |= set(re.findall(r"[A-Za-z0-9]+@[a-z]+\.[a-z]+\.[a-z]+", text))
    phones = {re.sub(r"\D", "", p) for p in re.findall(r"Telefonnummer\s*([\d -]{8,})", text)}
    names = set(re.findall(r"Kontaktperson:?\s*([A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+)", text))
    return emails, phones, names


@pytest.mark.skipif(not SEEDS.exists(), reason="the seeds are beside the repository, in ../shared")
def test_demo_content_names_no_person_email_or_phone_from_the_seeds():
    emails, phones, names = _seed_contacts()
    assert emails and phones and names, "the seeds name contact people; the check must see them"
    content = "\n".join(path.read_text(encoding="utf-8") for path in Path(CONTENT).glob("*.toml"))
    digits = re.sub(r"\D", "", content)
    for email in emails:
        assert email.lower() not in content.lower()
    for phone in phones:
        assert phone not in digits
    for name in names:
        assert name not in content


def test_ensure_admin_creates_one_account_with_a_printed_password(db, capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "intake-admin")
    call_command("ensure_admin")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="intake-admin")
    password = re.search(r"password: (\S+)", out).group(1)
    assert user.check_password(password)
    call_command("ensure_admin")
    assert "nothing changed" in capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_three_teams_and_a_contact_page_per_channel(demo_page):
    from forms.models import Channel, ContactPage, Team

    assert Team.objects.count() >= 3
    swedish = ContactPage.objects.filter(locale__language_code="sv")
    assert {page.channel for page in swedish} == {choice.value for choice in Channel}
    assert all(page.team is not None for page in swedish)
    for page in ContactPage.objects.filter(locale__language_code="ti"):
        source = page.get_translation(swedish.first().locale)
        assert (page.channel, page.team_id) == (source.channel, source.team_id)
