"""Pictograms, safe SVG uploads and the pictures-and-sound mode of the chain."""

import re
import tomllib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Locale

from etablering.languages import LANGUAGES
from pictures.models import Pictogram
from pictures.svg import svg_problem

STEPS = tomllib.loads((settings.BASE_DIR / "pictures/demo/steps.toml").read_text())
SAFE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72">'
    b'<circle cx="36" cy="36" r="30" fill="#fff"/></svg>'
)
UNSAFE = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "event handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "external link": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://example.org/x.png"/></svg>'
    ),
    "javascript url": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>'
    ),
    "entity": b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    "foreign object": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'
    ),
    "external style": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/a.css);</style></svg>',
    "not svg": b"hello",
}


def test_a_plain_svg_is_safe():
    assert svg_problem(SAFE) is None


@pytest.mark.parametrize("kind", UNSAFE)
def test_an_unsafe_svg_is_refused_with_a_reason(kind):
    assert svg_problem(UNSAFE[kind])


@pytest.mark.django_db
def test_the_image_upload_form_refuses_an_svg_with_script_and_keeps_a_safe_one():
    from wagtail.models import Collection

    form_class = get_image_form(get_image_model())
    root = Collection.get_first_root_node().pk  # there are several collections (partners)
    bad = form_class(
        data={"title": "Bad", "collection": root},
        files={"file": SimpleUploadedFile("bad.svg", UNSAFE["script"], "image/svg+xml")},
    )
    assert not bad.is_valid()
    assert "<script>" in bad.errors["file"][0]
    good = form_class(
        data={"title": "Good", "collection": root},
        files={"file": SimpleUploadedFile("good.svg", SAFE, "image/svg+xml")},
    )
    assert good.is_valid(), good.errors


@pytest.mark.django_db
def test_a_pictogram_needs_a_meaning_and_a_safe_image():
    image = Pictogram.objects.filter(locale__language_code="sv").first().image
    pictogram = Pictogram(
        locale=Locale.objects.get(language_code="sv"), meaning="", image=image, attribution="x"
    )
    with pytest.raises(ValidationError) as error:
        pictogram.full_clean()
    assert "meaning" in error.value.message_dict
    bad_image = get_image_model()(title="bad", width=10, height=10)
    bad_image.file.save("bad.svg", SimpleUploadedFile("bad.svg", UNSAFE["event handler"]))
    pictogram = Pictogram(
        locale=Locale.objects.get(language_code="sv"),
        meaning="Bad",
        image=bad_image,
        attribution="x",
    )
    with pytest.raises(ValidationError) as error:
        pictogram.full_clean()
    assert "(onload)" in str(error.value.message_dict["image"])


@pytest.mark.django_db
def test_the_starter_set_has_forty_pictograms_with_a_meaning_in_every_language():
    for language in LANGUAGES:
        meanings = Pictogram.objects.filter(locale__language_code=language.code)
        assert meanings.count() >= 40
        assert not meanings.filter(meaning="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
def test_pictures_mode_shows_every_step_in_order_in_every_language(client, language):
    html = client.get(f"/{language}/bilder/").content.decode()
    lines = [step["line"][language] for step in STEPS.values()]
    positions = [html.find(f'<span class="tile__line">{line}</span>') for line in lines]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert html.count('class="pictogram pictogram--tile"') == len(lines)


@pytest.mark.django_db
def test_pictogram_alt_text_is_the_meaning_in_the_visitors_language(client):
    html = client.get("/ar/bilder/4/").content.decode()
    assert 'alt="المدرسة و SFI"' in html  # the school pictogram of the SFI step, in Arabic
    assert 'alt="Skola och SFI"' not in html


@pytest.mark.django_db
def test_language_chooser_has_each_name_in_its_script_and_a_play_control(client):
    html = client.get("/sv/bilder/").content.decode()
    for language in LANGUAGES:
        assert f'hreflang="{language.code}"' in html
        assert f"<span>{language.name_local}</span>" in html
        assert f'<audio id="name-{language.code}"' in html  # espeak-ng clips from the demo


@pytest.mark.django_db
def test_no_play_control_without_audio_behind_it(client, demo_page):
    html = client.get("/sv/bilder/1/").content.decode()
    assert "clip--big" in html  # the synthesiser has spoken the demo step's short line
    from pages.media import MediaFile

    step = demo_page("step-entry")
    step.pictures_clip = MediaFile.objects.create(title="gone", type="audio", file="media/gone.wav")
    step.save_revision().publish()
    assert "clip--big" not in client.get("/sv/bilder/1/").content.decode()


@pytest.mark.django_db
def test_step_view_has_back_next_and_contact_and_stops_at_the_end(client):
    html = client.get("/sv/bilder/1/").content.decode()
    assert 'href="/sv/bilder/"' in html
    assert 'href="/sv/bilder/2/" rel="next"' in html
    assert "/sv/kontakt/bli-uppringd/" in html
    assert 'rel="next"' not in client.get("/sv/bilder/8/").content.decode()
    assert client.get("/sv/bilder/9/").status_code == 404
    assert client.get("/sv/bilder/0/").status_code == 404


@pytest.mark.django_db
def test_home_page_links_to_the_pictures_mode_and_shows_the_licence(client):
    html = client.get("/ti/").content.decode()
    assert 'href="/ti/bilder/"' in html
    mode = client.get("/ti/bilder/").content.decode()
    assert "CC BY-SA 4.0" in mode


@pytest.mark.django_db
def test_every_page_links_the_print_stylesheet(client):
    html = client.get("/sv/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*print[^"]*\.css" media="print">', html)


@pytest.mark.django_db
def test_pictures_mode_needs_few_queries(client, django_assert_max_num_queries):
    client.get("/ar/bilder/")
    with django_assert_max_num_queries(8):
        assert client.get("/ar/bilder/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_each_step_has_a_printable_card_with_a_qr_code_to_its_pictures_page(client, language):
    response = client.get(f"/{language}/bilder/3/kort/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0' in html and 'class="qr"' in html
    assert f"http://testserver/{language}/bilder/3/" in html
    assert STEPS["step-skills"]["line"][language] in html
    assert 'class="pictogram pictogram--big"' in html
    assert " style=" not in html.split("<main", 1)[1]  # the CSP forbids inline styles
    assert client.get(f"/{language}/bilder/9/kort/").status_code == 404


def test_a_step_page_shows_its_pictogram_and_the_way_to_the_pictures_mode(client, demo_page):
    step = demo_page("step-entry", "ar")
    html = client.get(step.url).content.decode()
    figure = html[html.index('class="pictogram-block step-pictogram"') :]
    alt = re.search(r'<img class="pictogram[^"]*" [^>]*alt="([^"]*)"', figure).group(1)
    assert alt and alt == step.pictogram.localized.meaning
    assert step.pictures_line in figure
    assert 'href="/ar/bilder/1/"' in html
