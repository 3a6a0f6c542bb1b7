"""Listen and watch: recordings per level, synthetic speech, range requests, uploads, video."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry
from wagtailmedia.forms import get_media_form

from pages import checks, media_forms, speech
from pages.blocks import VideoBlock
from pages.media import MediaFile
from tests.helpers import elements

MP3_HEAD = b"ID3\x04\x00\x00\x00\x00\x00\x00"


@pytest.fixture
def step(demo_page):
    return demo_page("step-entry")


def audio_players(html):
    return elements(html, "audio")


def make_clip(name="media/recording.mp3", data=MP3_HEAD + b"\x00" * 2000, **fields):
    clip = MediaFile(title="Inläsning", type="audio", duration=2, **fields)
    if data is None:
        clip.file.name = name  # a row whose file is not in storage
    else:
        clip.file.save(name.split("/")[-1], ContentFile(data), save=False)
    clip.save()
    return clip


# Synthetic speech --------------------------------------------------------------------------------


def test_demo_chain_steps_have_synthetic_speech_of_their_text(step):
    clip = step.audio
    assert clip is not None and clip.synthetic and clip.language == "sv"
    assert clip.text_hash == speech.text_hash(step.speech_text("standard"))
    with clip.file.open("rb") as handle:  # the one pipeline: Opus in Ogg, MP3 beside it
        assert handle.read(4) == b"OggS"
    with clip.mp3_file.open("rb") as handle:
        assert media_forms.SIGNATURES["mp3"](handle.read(4))
    assert clip.duration > 5  # real speech of a whole page, not a blip
    assert step.easy_audio.synthetic and step.sfi_audio.synthetic


def test_page_shows_a_labelled_play_control_marked_synthetic(client, step):
    html = client.get(step.url).content.decode()
    (player,) = audio_players(html)
    assert player["preload"] == "none" and "controls" in player
    label = re.search(r'id="page-audio-label">(.*?)</p>', html, re.DOTALL).group(1)
    assert "Lyssna på sidan" in label and "Syntetisk röst" in label
    assert step.audio.file.url in html


def test_language_switcher_marks_languages_with_audio(client, step):
    html = client.get(step.url).content.decode()
    swedish = re.search(r'<a [^>]*hreflang="sv"[^>]*>(.*?)</a>', html, re.DOTALL).group(1)
    somali = re.search(r'<a [^>]*hreflang="so"[^>]*>(.*?)</a>', html, re.DOTALL).group(1)
    assert "med ljud" in swedish and "icon" in swedish
    assert "med ljud" not in somali


def test_format_matrix_lists_every_language(client, step):
    html = client.get(step.url).content.decode()
    table = re.search(r'<table class="formats__table">(.*?)</table>', html, re.DOTALL).group(1)
    rows = re.findall(r"<tr><th scope=\"row\" lang=\"(\w+)\".*?</tr>", table, re.DOTALL)
    assert len(rows) == 11
    swedish_row = re.search(r'lang="sv".*?</tr>', table, re.DOTALL).group(0)
    assert swedish_row.count(">ja<") == 3  # text, audio and the step's pictogram; no video


def test_second_run_makes_nothing_new(step, monkeypatch):
    """The command's bookkeeping over every registered Swedish text; the sound itself is one
    real clip used for all (the synthesiser and its processing have tests of their own)."""
    one_clip = speech.synthesise("Ett två tre.", "sv")
    monkeypatch.setattr(speech, "synthesise", lambda *args, **kwargs: one_clip)
    assert set(speech.ensure_clips(step).values()) == {"unchanged"}
    out = StringIO()
    call_command("generate_speech", language="sv", stdout=out)
    assert "generated" in out.getvalue()  # the other Swedish pages, which the demo leaves out
    count = MediaFile.objects.count()
    out = StringIO()
    call_command("generate_speech", language="sv", stdout=out)
    assert "generated" not in out.getvalue() and MediaFile.objects.count() == count


def test_changed_text_gets_a_new_clip_and_unchanged_levels_keep_theirs(step):
    old_standard, old_easy, old_intro = step.audio, step.easy_audio, step.intro
    step.intro = "Här börjar du. Vi gör en plan tillsammans."
    step.save_revision().publish()
    results = speech.ensure_clips(step)
    assert results["standard"] == "generated" and results["easy"] == "unchanged"
    step.refresh_from_db()
    assert step.audio.pk != old_standard.pk
    assert step.audio.text_hash == speech.text_hash(step.speech_text("standard"))
    assert step.easy_audio.pk == old_easy.pk
    # Back to the old text: the old clip is used again, nothing is synthesised.
    step.intro = old_intro
    step.save_revision().publish()
    count = MediaFile.objects.count()
    assert speech.ensure_clips(step)["standard"] == "linked"
    step.refresh_from_db()
    assert step.audio.pk == old_standard.pk and MediaFile.objects.count() == count


def test_publishing_queues_speech_after_commit(step, settings, django_capture_on_commit_callbacks):
    settings.SYNTHETIC_SPEECH_ON_PUBLISH = True
    step.title = "Gemensam ingång och din egen plan"
    with django_capture_on_commit_callbacks(execute=True):
        step.save_revision().publish()
    step.refresh_from_db()
    assert step.audio.text_hash == speech.text_hash(step.speech_text("standard"))
    assert step.speech_text("standard").startswith("Gemensam ingång och din egen plan")
    # The editor sees the clip in the latest revision too.
    assert step.latest_revision.content["audio"] == step.audio_id


@pytest.mark.parametrize("language", ["so", "prs"])  # Tigrinya has a voice (tests/test_voices.py)
def test_no_synthetic_voice_for_somali_and_dari(client, demo_page, language):
    page = demo_page("step-entry", language)
    page.audio = MediaFile.objects.filter(language="sv", synthetic=True).first()  # copied over
    page.save()
    results = speech.ensure_clips(page)
    assert results["standard"] == "no-voice" and results["easy"] == "no-voice"
    page.refresh_from_db()
    assert page.audio is None and page.easy_audio is None
    assert audio_players(client.get(page.url).content.decode()) == []
    # The SFI level is Swedish everywhere: it reads the Swedish clip.
    assert results["sfi"] in ("linked", "unchanged")
    assert page.sfi_audio.language == "sv"


def test_arabic_gets_an_arabic_voice(demo_page):
    page = demo_page("step-entry", "ar")
    assert speech.ensure_clips(page)["standard"] == "generated"
    page.refresh_from_db()
    assert page.audio.language == "ar" and page.audio.synthetic


def test_a_recording_by_a_person_is_never_replaced(step):
    recording = make_clip(language="sv")
    type(step).objects.filter(pk=step.pk).update(audio=recording)
    step.refresh_from_db()
    assert speech.ensure_clips(step)["standard"] == "recorded"
    step.refresh_from_db()
    assert step.audio == recording


def test_failing_synthesiser_leaves_the_page_intact_and_tells_the_editor(client, step, monkeypatch):
    def broken(arguments):
        raise speech.SpeechUnavailable("espeak-ng exited with 1: boom")

    monkeypatch.setattr(speech, "_run", broken)
    step.intro = "En ny inledning som ingen röst har läst."
    step.save_revision().publish()
    assert speech.ensure_clips(step)["standard"] == "failed"
    step.refresh_from_db()
    assert step.audio is None  # the old clip read the old text: it is gone, not wrong
    response = client.get(step.url)
    assert response.status_code == 200
    assert "En ny inledning" in response.content.decode()
    entry = PageLogEntry.objects.filter(page=step, action="pages.speech_failed").get()
    assert entry.data["reason"].startswith("espeak-ng exited")
    assert "espeak-ng" in entry.message


def test_missing_programs_are_a_system_check_warning(monkeypatch):
    from pages import audio_processing

    monkeypatch.setattr(audio_processing.shutil, "which", lambda program: None)
    monkeypatch.setattr(speech.espeak, "available", lambda: False)
    (warning,) = checks.speech_programs()
    assert "espeakng-loader" in warning.msg and "ffmpeg" in warning.msg
    assert warning.id == "pages.W001" and "unavailable" in warning.msg
    with pytest.raises(speech.SpeechUnavailable):
        speech.synthesise("Hej", "sv")


def test_registry_takes_one_line_per_text(step):
    registration = speech.register(
        type(step), text=lambda page: page.title, field="audio", language=lambda page: "sv"
    )
    try:
        assert registration in speech.registrations_for(step)
    finally:
        speech._REGISTRY.remove(registration)


# No control without a file ----------------------------------------------------------------------


def test_clip_whose_file_is_missing_is_left_out(client, step):
    ghost = make_clip(name="media/gone.mp3", data=None, language="sv")
    type(step).objects.filter(pk=step.pk).update(audio=ghost)
    response = client.get(step.url)
    assert response.status_code == 200
    assert 'id="page-audio"' not in response.content.decode()


def test_audio_block_with_missing_file_is_left_out(client, step):
    ghost = make_clip(name="media/gone.mp3", data=None, language="sv")
    real = make_clip(name="media/kort.mp3", language="sv", transcript="Ta med passet.")
    step.body.append(("audio", {"audio": ghost, "label": "Spöke"}))
    step.body.append(("audio", {"audio": real, "label": "Lyssna: vad du tar med"}))
    step.save_revision().publish()
    html = client.get(step.url).content.decode()
    assert "Spöke" not in html
    assert "Lyssna: vad du tar med" in html and "Ta med passet." in html
    assert len(audio_players(html)) == 2  # the page's own and the clip


# Serving with ranges ----------------------------------------------------------------------------


@pytest.fixture
def clip_url(db):
    return make_clip(name="media/range.mp3", data=MP3_HEAD + bytes(range(256)) * 4).file.url


def test_media_is_served_with_type_and_range_support(client, clip_url):
    whole = client.get(clip_url)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "audio/mpeg" and whole["Accept-Ranges"] == "bytes"
    body = b"".join(whole.streaming_content)
    assert len(body) == 1034 and whole["Content-Length"] == "1034"

    part = client.get(clip_url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 10-19/1034"
    assert b"".join(part.streaming_content) == body[10:20]

    tail = client.get(clip_url, HTTP_RANGE="bytes=-4")
    assert tail["Content-Range"] == "bytes 1030-1033/1034"
    assert b"".join(tail.streaming_content) == body[-4:]

    open_ended = client.get(clip_url, HTTP_RANGE="bytes=1000-")
    assert b"".join(open_ended.streaming_content) == body[1000:]


def test_unsatisfiable_range_is_416(client, clip_url):
    response = client.get(clip_url, HTTP_RANGE="bytes=5000-6000")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1034"


def test_only_the_media_library_is_public(client, clip_url):
    from pictures.models import Pictogram

    pictogram = Pictogram.objects.filter(locale__language_code="sv").first()
    shown = client.get(pictogram.image.file.url)  # the pictogram SVGs are shown from originals
    assert shown.status_code == 200 and shown["Content-Type"] == "image/svg+xml"
    assert client.get("/media/documents/secret.pdf").status_code == 404
    assert client.get("/media/media/../documents/secret.pdf").status_code == 404
    assert client.get("/media/media/nothing-here.mp3").status_code == 404


# Uploads ----------------------------------------------------------------------------------------


def upload(name, data, media_type="audio"):
    user = get_user_model().objects.create_superuser("ljud", "ljud@example.org", "x" * 16)
    form_class = get_media_form(MediaFile)
    return form_class(
        {"title": "Inläsning", "collection": 1, "language": "sv", "duration": 3},
        {"file": SimpleUploadedFile(name, data)},
        instance=MediaFile(type=media_type),
        user=user,
    )


def test_upload_accepts_real_audio(db):
    form = upload("inlasning.mp3", MP3_HEAD + b"\x00" * 100)
    assert form.is_valid(), form.errors
    assert "20" in form.fields["file"].help_text


def test_upload_refuses_a_renamed_file(db):
    form = upload("inlasning.mp3", b"%PDF-1.7 not audio at all")
    assert not form.is_valid()
    assert "innehållet är ingen mp3-fil" in str(form.errors["file"])


def test_upload_refuses_a_wrong_type(db):
    form = upload("film.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 10, media_type="audio")
    assert not form.is_valid()
    assert "mp3, m4a, ogg, oga, opus, wav" in str(form.errors["file"])


def test_upload_refuses_a_file_too_large(db, monkeypatch):
    monkeypatch.setitem(media_forms.MAX_SIZE, "audio", 50)
    form = upload("inlasning.mp3", MP3_HEAD + b"\x00" * 100)
    assert not form.is_valid()
    assert "största fil vi tar emot är 50" in str(form.errors["file"])


# Video ------------------------------------------------------------------------------------------


def vtt(name, text):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(text.encode()), save=False)
    document.save()
    return document


def video_value(captions, sign=None):
    video = make_clip(name="media/film.webm", data=b"\x1a\x45\xdf\xa3" + b"\x00" * 64)
    MediaFile.objects.filter(pk=video.pk).update(type="video")
    video.type = "video"
    block = VideoBlock()
    return block, block.to_python(
        {
            "video": video.pk,
            "title": "Så går ett första möte till",
            "captions": [{"language": code, "file": doc.pk} for code, doc in captions],
            "sign_language": sign,
        }
    )


def refusal(block, value) -> str:
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    return " ".join(str(error.message) for error in refused.value.non_block_errors.as_data())


def test_video_needs_webvtt_captions(db):
    block, value = video_value([("sv", vtt("fel.vtt", "Inte en textfil med tider"))])
    assert "börja med ordet WEBVTT" in refusal(block, value)
    block, value = video_value([("sv", vtt("text.srt", "WEBVTT\n"))])
    assert "ingen .vtt-fil" in refusal(block, value)
    good = vtt("sv.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHej\n")
    block, value = video_value([("sv", good), ("sv", good)])
    assert "bara ha en textningsfil" in refusal(block, value)
    block, value = video_value([("sv", good)])
    assert block.clean(value)


def test_video_renders_with_caption_tracks(client, step):
    good = vtt("sv.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHej\n")
    arabic = vtt("ar.vtt", "\ufeffWEBVTT\n\n00:00.000 --> 00:02.000\nمرحبا\n")
    block, value = video_value([("sv", good), ("ar", arabic)])
    step.body.append(("video", value))
    step.save_revision().publish()
    step.refresh_from_db()
    assert step.has_video
    html = client.get(step.url).content.decode()
    (video,) = elements(html, "video")
    assert video["preload"] == "none" and "controls" in video
    tracks = elements(html, "track")
    assert [(t["kind"], t["srclang"], t["label"]) for t in tracks] == [
        ("captions", "sv", "Svenska"),
        ("captions", "ar", "العربية"),
    ]
    table = re.search(r'<table class="formats__table">(.*?)</table>', html, re.DOTALL).group(1)
    swedish_row = re.search(r'lang="sv".*?</tr>', table, re.DOTALL).group(0)
    assert swedish_row.count(">ja<") == 4  # text, audio, pictogram and video


def test_admin_upload_of_a_renamed_file_gets_a_clear_message(client, db):
    from django.urls import reverse
    from wagtail.models import Collection

    user = get_user_model().objects.create_superuser("media", "media@example.org", "x" * 16)
    client.force_login(user)
    response = client.post(
        reverse("wagtailmedia:add", args=("audio",)),
        {
            "title": "Inläsning",
            "collection": Collection.get_first_root_node().pk,
            "language": "sv",
            "file": SimpleUploadedFile("inlasning.mp3", b"<html>not audio</html>"),
        },
    )
    assert response.status_code == 200
    assert "innehållet är ingen mp3-fil" in response.content.decode()
    assert not MediaFile.objects.filter(title="Inläsning").exists()


def test_a_new_clip_shows_at_once_on_a_cached_page(client, demo_page):
    """The synthesiser links clips without publishing: the page cache must still let go."""
    page = demo_page("step-entry", "en")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    before = len(audio_players(client.get(page.url).content.decode()))
    results = speech.ensure_clips(page)
    assert "generated" in results.values() or "linked" in results.values()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert len(audio_players(response.content.decode())) > before
