"""What editors get: help texts everywhere, translation with wagtail-localize, site details per
language, a report of out-of-date translations, and the WCAG checker in the userbar."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from pages.models import LeveledPage, SiteDetails
from pages.translations import with_level

OWN_MODELS = list(apps.get_app_config("pages").get_models())


def _blocks(block):
    yield block
    if isinstance(block, ImageBlock):  # Wagtail's own block: its parts carry Wagtail's texts
        return
    for child in getattr(block, "child_blocks", {}).values():
        yield from _blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from _blocks(block.child_block)


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m.__name__)
def test_every_field_and_block_has_a_help_text(model):
    # Fields that Wagtail or wagtailmedia define (Page, AbstractMedia) carry their own texts.
    base_fields = {
        field.name
        for base in model.__mro__[1:]
        if hasattr(base, "_meta") and base.__module__.split(".")[0] in {"wagtail", "wagtailmedia"}
        for field in base._meta.get_fields()
    }
    for field in model._meta.get_fields():
        if field.name in base_fields or not getattr(field, "editable", False) or field.auto_created:
            continue
        if field.name in {"locale", "translation_key"}:
            continue
        assert field.help_text, f"{model.__name__}.{field.name} has no help text"
        if isinstance(field, StreamField):
            for block in _blocks(field.stream_block):
                if block is field.stream_block or isinstance(block, blocks.ListBlock):
                    continue
                field_help = getattr(getattr(block, "field", None), "help_text", "")
                assert getattr(block.meta, "help_text", "") or field_help, (
                    f"{model.__name__}.{field.name}: block {block.name or block} has no help text"
                )


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.org", "x" * 16)
    client.force_login(user)
    return user


def test_editor_translates_a_page_with_wagtail_localize(client, editor, demo_page):
    source = demo_page("sfi")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[source.pk]),
        {"locales": [Locale.objects.get(language_code="so").pk]},
    )
    assert response.status_code == 302
    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale__language_code="so"
    )
    translated = source.get_translation(Locale.objects.get(language_code="so"))
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
    assert editor_page.status_code == 200
    assert translation.get_progress()[0] > 10  # the segments the translator fills in
    assert not translated.live  # nothing untranslated is published under /so/


def test_out_of_date_translations_are_listed_for_editors(client, editor, demo_page):
    url = reverse("outdated_translations")
    assert demo_page("step-sfi", "pl").title not in client.get(url).content.decode()
    source = demo_page("step-sfi")
    source.intro += " Ändrad."
    source.save_revision().publish()
    html = client.get(url).content.decode()
    assert demo_page("step-sfi", "pl").title in html
    assert demo_page("step-sfi", "ar").title in html
    assert demo_page("step-entry", "pl").title not in html


def test_report_is_not_for_visitors(client, db):
    response = client.get(reverse("outdated_translations"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_site_details_are_edited_per_language(client, editor):
    listing = client.get(reverse("wagtailsnippets_pages_sitedetails:list"))
    assert listing.status_code == 200
    swedish = SiteDetails.objects.get(locale__language_code="sv")
    assert (
        client.get(reverse("wagtailsnippets_pages_sitedetails:edit", args=[swedish.pk])).status_code
        == 200
    )
    arabic = SiteDetails.for_language("ar")
    assert arabic.locale.language_code == "ar"
    assert arabic.phone == swedish.phone
    assert "Etablering Stockholm" in client.get("/ar/").content.decode()


def test_every_leveled_page_type_opens_in_the_editor(client, editor, demo_page):
    for key in ["home", "chain", "step-entry", "sfi"]:
        page = demo_page(key)
        assert isinstance(page, LeveledPage)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200


def test_a_new_leveled_page_fills_its_slug_from_its_title(client, editor, demo_page):
    """The slug sits in the Promote tab: the title field fills it (Wagtail's slug sync), so an
    editor's first publish of a new page does not fail on a field they cannot see."""
    concrete = [
        model
        for model in apps.get_models()
        if issubclass(model, LeveledPage) and not model._meta.abstract and model is not LeveledPage
    ]
    checked = []
    for model in concrete:
        parents = (
            parent
            for parent_model in model.allowed_parent_page_models()
            for parent in parent_model.objects.filter(locale__language_code="sv")
            if model.can_create_at(parent)  # e.g. one chain overview per chain: none to add
        )
        parent = next(parents, None)
        if parent is None:
            continue
        checked.append(model)
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        response = client.get(url)
        assert response.status_code == 200, model
        # attribute values hold ">" (data-action="focus->w-sync#check"), never "<"
        title = re.search(r'<input[^<]*?name="title"[^<]*', response.content.decode()).group(0)
        assert "w-sync" in title and 'data-w-sync-target-value="#id_slug"' in title, model
    assert len(checked) >= 3, checked  # information page, step, SFI page at least


def test_userbar_checks_wcag_a_and_aa(client, editor, demo_page):
    html = client.get(demo_page("step-entry").url).content.decode()
    assert "wagtail-userbar" in html
    assert "wcag22aa" in html


def test_footer_is_cached_but_follows_every_change(
    client, demo_page, django_assert_max_num_queries
):
    client.get("/sv/")
    contact = demo_page("contact")
    contact.title = "Ring eller skriv till oss"
    contact.save_revision().publish()
    assert "Ring eller skriv till oss" in client.get("/sv/").content.decode()
    details = SiteDetails.objects.get(locale__language_code="sv")
    details.opening_hours = "Vardagar klockan 8–17"
    details.save()
    footer = client.get("/sv/").content.decode().rsplit("<footer", 1)[1]
    assert "Vardagar klockan 8–17" in re.sub(r"<[^>]+>", "", footer)  # digits isolated in <bdi>


@pytest.mark.parametrize(
    ("key", "language", "level"),
    [
        ("home", "sv", "standard"),
        ("home", "ar", "standard"),
        ("home", "ar", "easy"),
        ("step-entry", "sv", "standard"),
        ("step-entry", "ar", "sfi"),
        ("chain", "ar", "standard"),
        ("sfi", "so", "standard"),  # the Swedish page standing in for a translation
        ("offers", "ar", "standard"),  # the offer listing, in Swedish under /ar/
        ("contact", "ti", "standard"),
    ],
)
def test_pages_need_at_most_twelve_queries(
    client, demo_page, django_assert_max_num_queries, key, language, level
):
    """Uncached (not from the page cache): the budget is twelve queries for any page."""
    try:
        page = demo_page(key, language)
        url = page.url
    except Page.DoesNotExist:  # untranslated: served under the language's prefix
        url = demo_page(key).url.replace("/sv/", f"/{language}/", 1)
    url = with_level(url, level)
    # The first request after a change: routing, the page, its links, the pictogram library, the
    # glossary and the spoken phrases of the language (each one query, then remembered).
    limit = 12
    client.get(url)  # the process's own caches are warm, as in a running server
    caches["pages"].clear()  # but this page is not in the page cache
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
