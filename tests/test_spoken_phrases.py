"""Spoken interface phrases and language names: every text a non-reader needs can be heard."""

import re
from html import unescape
from itertools import product
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from etablering.languages import LANGUAGES
from pages import phrases, speech
from pages.media import MediaFile
from pages.models import SpokenPhrase
from pictures.models import LanguageNameClip

CODES = [language.code for language in LANGUAGES]
# What the issue names: navigation, "did you understand", the call-back page's prompts, choices,
# errors by code and the receipt's promise.
EXPECTED_KEYS = {
    "nav.choose_language",
    "nav.back",
    "nav.next_step",
    "nav.call_me_back",
    "understanding.question",
    "understanding.yes",
    "understanding.partly",
    "understanding.no",
    "callback.phone",
    "callback.interpreter",
    "callback.interpreter.yes",
    "callback.interpreter.no",
    "callback.time_of_day",
    "callback.time_of_day.morning",
    "callback.time_of_day.afternoon",
    "callback.time_of_day.any",
    "callback.received",
    "callback.asked_again",
    "error.phone_required",
    "error.phone_invalid",
}


def give_clip(key, language, synthetic=False):
    """A clip (Opus with its MP3 fallback) for one phrase in one language."""
    clip = MediaFile(title=f"{key} ({language})", type="audio", language=language)
    clip.synthetic = synthetic
    clip.file.save(f"phrase-{key}-{language}.opus", ContentFile(b"OggS test"), save=False)
    clip.mp3_file.save(f"phrase-{key}-{language}.mp3", ContentFile(b"ID3 test"), save=False)
    clip.save()
    row = SpokenPhrase.objects.get(key=key, language=language)
    row.audio = clip
    row.save()
    return clip


def callback_url(client, language):
    from forms.models import Channel, ContactPage

    page = ContactPage.objects.live().get(channel=Channel.CALLBACK, locale__language_code=language)
    return page.url


def audio_of(html, key):
    """The <audio> element of a phrase on the page, or None."""
    match = re.search(rf'<audio [^>]*data-phrase="{re.escape(key)}"[^>]*>.*?</audio>', html, re.S)
    return match.group(0) if match else None


# The registry and the rows ----------------------------------------------------------------------


def test_the_registry_lists_every_phrase_the_issue_names():
    assert set(phrases.phrases()) >= EXPECTED_KEYS


def test_each_phrase_is_the_text_the_interface_shows_in_each_language():
    from forms.forms import CallbackForm

    with translation.override("ar"):
        assert phrases.text("callback.interpreter", "ar") == str(
            CallbackForm.base_fields["interpreter"].label
        )
    assert phrases.text("nav.next_step", "sv") == "Nästa steg"
    assert phrases.text("understanding.question", "ti") == "ነዚ ገጽ ተረዲኡካ ድዩ?"
    assert phrases.text("no.such.phrase", "sv") == ""
    with pytest.raises(ValueError):
        phrases.register("nav.back", "Something else")


@pytest.mark.django_db
def test_every_phrase_has_a_row_in_every_language_after_the_demo_load():
    rows = set(SpokenPhrase.objects.values_list("key", "language"))
    assert rows == set(product(phrases.phrases(), CODES))
    assert set(LanguageNameClip.objects.values_list("language", flat=True)) == set(CODES)


@pytest.mark.django_db
def test_phrases_and_language_names_are_in_the_speech_registry_in_their_language():
    """What the recording workspace lists and the synthesiser speaks: each row, in its language."""
    row = SpokenPhrase.objects.get(key="nav.back", language="so")
    (registration,) = speech.registrations_for(row)
    assert registration.text(row) == "Dib u noqo"
    assert registration.language(row) == "so"
    assert registration.field == "audio"
    name = LanguageNameClip.objects.get(language="ti")
    (registration,) = speech.registrations_for(name)
    assert registration.text(name) == "ትግርኛ"
    assert registration.language(name) == "ti"
    assert SpokenPhrase in speech.registered_models()
    assert LanguageNameClip in speech.registered_models()


@pytest.mark.django_db
def test_rows_follow_the_registry_and_only_missing_speech_is_queued(settings, monkeypatch):
    SpokenPhrase.objects.filter(key="nav.back", language="sv").delete()
    SpokenPhrase.objects.create(key="retired.phrase", language="sv")
    clip = give_clip("nav.next_step", "sv")  # recorded: never replaced
    settings.SYNTHETIC_SPEECH_ON_PUBLISH = True
    queued = []
    monkeypatch.setattr(speech, "queue", queued.append)
    counts = phrases.sync_rows()
    assert counts["created"] == 1 and counts["deleted"] == 1
    assert not SpokenPhrase.objects.filter(key="retired.phrase").exists()
    languages = {row.language for row in queued}
    assert languages and languages <= {code for code in CODES if speech.voice_for(code)}
    assert ("nav.next_step", "sv") not in {(row.key, row.language) for row in queued}
    assert SpokenPhrase.objects.get(key="nav.next_step", language="sv").audio == clip


@pytest.mark.django_db
def test_a_phrase_is_spoken_in_a_language_with_a_voice_and_left_for_recording_in_one_without():
    if speech.missing_programs():
        pytest.fail("espeak-ng and sox are needed (make speech-deps)")
    row = SpokenPhrase.objects.get(key="nav.back", language="sv")
    assert speech.ensure_clips(row) == {"phrase": "generated"}
    row.refresh_from_db()
    assert row.audio.synthetic and row.audio.text_hash == speech.text_hash("Tillbaka")
    somali = SpokenPhrase.objects.get(key="nav.back", language="so")
    assert speech.ensure_clips(somali) == {"phrase": "no-voice"}
    assert somali.audio is None


@pytest.mark.django_db
def test_every_language_name_is_spoken_a_neighbour_voice_where_the_language_has_none():
    """The demo made them through the registry; Somali and Dari by a neighbouring voice."""
    names = {row.language: row.audio for row in LanguageNameClip.objects.select_related("audio")}
    assert all(clip is not None and clip.synthetic for clip in names.values()), names
    somali = LanguageNameClip.objects.get(language="so")
    assert speech.ensure_clips(somali) == {"language name": "unchanged"}


# The template tag -------------------------------------------------------------------------------


def render(source, language="sv", **context):
    with translation.override(language):
        return Template("{% load spoken_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_the_tag_plays_every_source_of_a_clip_and_says_what_it_plays():
    give_clip("nav.back", "ar", synthetic=True)
    html = render('{% spoken "nav.back" id="voice-back" %}', "ar")
    assert re.fullmatch(r"<audio [^>]*>(<source [^>]*>){2}</audio>\s*", html.strip())
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', html)
    assert [unescape(kind) for _src, kind in sources] == ['audio/ogg; codecs="opus"', "audio/mpeg"]
    assert sources[0][0].endswith(".opus") and sources[1][0].endswith(".mp3")
    assert 'id="voice-back"' in html and 'controls preload="none"' in html
    assert 'aria-label="استمع: رجوع (' in html  # "Listen: Back (synthetic voice)", in Arabic


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["no clip", "file gone", "another language"])
def test_the_tag_renders_nothing_without_a_playable_clip(case):
    if case == "file gone":
        clip = give_clip("nav.back", "ti")
        clip.file.storage.delete(clip.file.name)
        clip.forget_file_exists()
    elif case == "another language":
        give_clip("nav.back", "sv")
    assert render('{% spoken "nav.back" %}', "ti").strip() == ""
    assert render('{% spoken "no.such.phrase" %}', "ti").strip() == ""


@pytest.mark.django_db
def test_keys_built_from_parts():
    give_clip("callback.interpreter.yes", "so")
    html = render('{% spoken channel "interpreter" "yes" %}', "so", channel="callback")
    assert audio_of(html, "callback.interpreter.yes")


def test_every_phrase_a_template_names_is_registered():
    """A typo in a template would silently play nothing: every literal key must exist."""
    registered = set(phrases.phrases())
    named = set()
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        text = path.read_text()
        named |= set(re.findall(r'{% spoken "([a-z_.]+)"(?=\s*(?:%}|\w+=))', text))
        named |= set(re.findall(r'phrase="([a-z_.]+)"', text))
    assert named, "no template plays a phrase"
    assert named <= registered, named - registered


# On the pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["so", "ti"])
def test_the_call_back_page_offers_the_clips_that_exist(client, language):
    for key in ("callback.phone", "callback.interpreter.yes", "callback.time_of_day"):
        give_clip(key, language)
    url = callback_url(client, language)
    html = client.get(url).content.decode()
    for key in ("callback.phone", "callback.interpreter.yes", "callback.time_of_day"):
        assert audio_of(html, key), key
    assert not audio_of(html, "callback.interpreter.no")  # no clip: no silent player
    # An error is heard too, in the visitor's language.
    give_clip("error.phone_required", language)
    response = client.post(url, {"phone": "", "language": language})
    html = response.content.decode()
    assert response.status_code == 200 and "field__error" in html
    assert audio_of(html, "error.phone_required")


@pytest.mark.django_db
def test_the_call_back_receipt_says_we_will_call(client):
    from tests.intake_helpers import VALID, form_token

    give_clip("callback.received", "ti")
    url = callback_url(client, "ti")
    response = client.post(url, {**VALID["callback"], "form_token": form_token()}, follow=True)
    html = response.content.decode()
    assert "receipt" in html
    assert "ክንድውለልኩም ኢና።" in html  # "We will call you."
    assert audio_of(html, "callback.received")
    # Asking again for the same number joins the open request, and says so.
    give_clip("callback.asked_again", "ti")
    response = client.post(url, {**VALID["callback"], "form_token": form_token()}, follow=True)
    html = response.content.decode()
    assert audio_of(html, "callback.asked_again") and not audio_of(html, "callback.received")


@pytest.mark.django_db
def test_the_pictures_mode_speaks_its_navigation_and_the_understanding_form(client, demo_page):
    for key in ("nav.choose_language", "nav.back", "nav.next_step", "nav.call_me_back"):
        give_clip(key, "ti")
    html = client.get("/ti/bilder/2/").content.decode()
    for key, element_id in (
        ("nav.back", "voice-back"),
        ("nav.next_step", "voice-next"),
        ("nav.call_me_back", "voice-contact"),
    ):
        audio = audio_of(html, key)
        assert audio and f'id="{element_id}"' in audio
        assert f'data-voice="{element_id}"' in html  # the link plays it on focus
    assert audio_of(client.get("/ti/bilder/").content.decode(), "nav.choose_language")
    give_clip("understanding.question", "ti")
    give_clip("understanding.partly", "ti")
    step = client.get(demo_page("step-entry", "ti").url).content.decode()
    assert audio_of(step, "understanding.question") and audio_of(step, "understanding.partly")
    assert not audio_of(step, "understanding.no")


def queries_on_a_warm_page(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ti/bilder/2/", "/ti/bilder/", "step"])
def test_a_warm_page_reads_no_phrase_and_costs_no_more_queries_with_clips(client, demo_page, url):
    if url == "step":
        url = demo_page("step-entry", "ti").url
    before = queries_on_a_warm_page(client, url)
    for key in phrases.phrases():
        give_clip(key, "ti")
    after = queries_on_a_warm_page(client, url)
    assert "data-phrase=" in client.get(url).content.decode()
    assert len(after) == len(before)
    assert not [sql for sql in after if "spokenphrase" in sql.lower()]
