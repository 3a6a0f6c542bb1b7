"""Voices everywhere: espeak-ng 1.52 (Tigrinya included) through the one audio pipeline, the
re-encoding of older clips, and no silent player where a text cannot be heard."""

import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from etablering.languages import BY_CODE, LANGUAGES
from pages import audio_processing, espeak, speech
from pages.media import MediaFile
from pictures.demo import STEPS

TIGRINYA = "ሰላም። ኣብ ሽወደን ንምንባር ፍቓድ መንበሪ ክትረክብ ኣለካ።"


def ethiopic_letters(text):
    return sum(1 for character in text if "\u1200" <= character <= "\u137f")


# The voices -------------------------------------------------------------------------------------


def test_every_language_with_a_voice_has_one_and_somali_and_dari_have_none():
    with_voice = {language.code for language in LANGUAGES if language.has_speech_voice}
    assert with_voice == set(speech.VOICES) == {
        "sv", "en", "ar", "fa", "ti", "uk", "da", "nb", "pl"
    }  # fmt: skip
    assert speech.voice_for("ti") == "ti"
    assert speech.voice_for("so") is None and speech.voice_for("prs") is None


@pytest.mark.parametrize("voice", ["so", "prs"])
def test_espeak_ng_1_52_really_has_no_somali_or_dari_voice(tmp_path, voice):
    text = tmp_path / "text.txt"
    text.write_text("Soo dhawoow", encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, espeak.__file__, voice, "150", str(text), str(tmp_path / "out.wav")],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 1
    assert b"no espeak-ng voice" in completed.stderr


def test_tigrinya_voice_reads_ethiopic_text_aloud_as_an_opus_and_mp3_clip():
    clip = speech.synthesise(TIGRINYA, "ti")
    assert clip.opus[:4] == b"OggS" and b"OpusHead" in clip.opus[:100]
    assert clip.mp3[:3] == b"ID3" or clip.mp3[0] == 0xFF
    # Read as words, not spelled letter by letter: a voice that cannot read Ge'ez names each
    # character ("Ethiopic syllable ...", over 1.5 s each); speech is a syllable in ~0.2 s.
    letters = ethiopic_letters(TIGRINYA)
    assert 0.08 * letters < clip.duration < 0.4 * letters
    assert abs(clip.loudness - audio_processing.TARGET_LUFS) <= 1


@pytest.mark.django_db
def test_a_synthetic_clip_is_opus_with_an_mp3_fallback_at_the_site_loudness(tmp_path):
    text = "Välkommen. Här ser du stegen till ett jobb."
    clip, generated = speech._synthetic_clip(text, "sv", speech.text_hash(text), "test")
    assert generated and clip.synthetic and clip.language == "sv"
    assert clip.file.name.endswith(".opus") and clip.mp3_file.name.endswith(".mp3")
    assert [kind for _, kind in clip.sources] == ['audio/ogg; codecs="opus"', "audio/mpeg"]
    path = tmp_path / "clip.opus"
    with clip.file.open("rb") as handle:
        path.write_bytes(handle.read())
    assert abs(audio_processing.measure_loudness(path) - audio_processing.TARGET_LUFS) <= 1
    # The same text again: the clip that exists, nothing synthesised.
    assert speech._synthetic_clip(text, "sv", speech.text_hash(text), "test") == (clip, False)


# Re-encoding ------------------------------------------------------------------------------------


def old_mp3(tmp_path) -> bytes:
    """An MP3 as the earlier synthesiser made them: 48 kbit/s, with silence at the end."""
    path = tmp_path / "old.mp3"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i",
            "sine=frequency=220:duration=4,apad=pad_dur=1", "-ac", "1", "-b:a", "48k", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@pytest.mark.django_db
def test_reencode_converts_an_old_mp3_clip_and_a_second_run_does_nothing(tmp_path):
    clip = MediaFile(
        title="Syntetiskt tal (sv): old", type="audio", language="sv", synthetic=True,
        text_hash="a" * 64, duration=5.0,
    )  # fmt: skip
    clip.file.save("speech-sv-old.mp3", ContentFile(old_mp3(tmp_path)))
    old_name = clip.file.name

    out = StringIO()
    call_command("generate_speech", reencode=True, stdout=out)
    summary = out.getvalue()
    assert re.search(r"Re-encoded \d+ clips", summary), summary
    assert "Bytes per minute of audio: before" in summary
    clip.refresh_from_db()
    assert clip.file.name.endswith(".opus") and clip.mp3_file.name.endswith(".mp3")
    with clip.file.open("rb") as handle:
        assert handle.read(4) == b"OggS"
    assert not clip.file.storage.exists(old_name)  # the old MP3 is gone, not left behind
    assert clip.duration == pytest.approx(4.0, abs=0.3)  # the trailing silence is trimmed
    assert clip.synthetic and clip.text_hash == "a" * 64  # still the same text's clip

    names = (clip.file.name, clip.mp3_file.name)
    out = StringIO()
    call_command("generate_speech", reencode=True, stdout=out)
    assert "nothing to do" in out.getvalue()
    clip.refresh_from_db()
    assert (clip.file.name, clip.mp3_file.name) == names


@pytest.mark.django_db
def test_reencode_keeps_a_file_the_pipeline_refuses(tmp_path):
    clip = MediaFile(title="not audio", type="audio", language="sv")
    clip.file.save("broken.mp3", ContentFile(b"ID3" + b"\x00" * 500))
    out = StringIO()
    call_command("generate_speech", reencode=True, stdout=out)
    assert re.search(r"\(1 refused", out.getvalue()), out.getvalue()
    clip.refresh_from_db()
    assert clip.file.name.endswith("broken.mp3") and clip.file.storage.exists(clip.file.name)


@pytest.mark.django_db
def test_reencode_in_background_queues_the_task_only_when_there_is_work(tmp_path):
    MediaFile.objects.filter(type="audio").exclude(file__iendswith=".opus").delete()
    out = StringIO()
    call_command("generate_speech", reencode=True, in_background=True, stdout=out)
    assert "nothing to do" in out.getvalue()
    clip = MediaFile(title="old", type="audio", language="sv")
    clip.file.save("old.mp3", ContentFile(old_mp3(tmp_path)))
    out = StringIO()
    call_command("generate_speech", reencode=True, in_background=True, stdout=out)
    assert "queued" in out.getvalue()
    clip.refresh_from_db()  # the tests' task backend runs the task at once
    assert clip.file.name.endswith(".opus") and clip.mp3_file.name.endswith(".mp3")


# Coverage ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audio_coverage_counts_every_language_and_the_command_prints_it():
    table = speech.coverage()
    assert set(table) == {language.code for language in LANGUAGES}
    for row in table.values():
        assert row["items"] == row["recorded"] + row["synthetic"] + row["none"]
    assert table["sv"]["synthetic"] > 0  # the demo speaks the Swedish chain steps
    # Somali and Dari have no voice: only each language's own name, read by a neighbouring voice
    # (pictures.models.NAME_NEIGHBOUR_VOICES), is synthetic there
    assert table["so"]["synthetic"] <= 1 and table["prs"]["synthetic"] <= 1
    out = StringIO()
    call_command("audio_coverage", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["lang", "items", "recorded", "synthetic", "none", "heard"]
    assert [line.split()[0] for line in lines[1:]] == [*table, "all"]


# No silent player -------------------------------------------------------------------------------


def tiles(html):
    """The step tiles of the pictures mode, each as its HTML."""
    listing = html.split('<ol class="tiles">', 1)[1].split("</ol>", 1)[0]
    return listing.split('<li class="tile"')[1:]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["so", "prs"])
def test_pictures_mode_without_a_voice_offers_a_call_instead_of_a_silent_player(client, language):
    html = client.get(f"/{language}/bilder/").content.decode()
    step_tiles = tiles(html)
    assert len(step_tiles) == len(STEPS)
    for tile in step_tiles:
        assert "<audio" not in tile
        assert 'class="no-audio"' in tile
        assert re.search(r'href="tel:[0-9+]+"', tile)
        assert re.search(rf'href="/{language}/[^"]+"><img[^>]*pictogram--small', tile)
    # The step page and the printable card say the same.
    step = client.get(f"/{language}/bilder/1/").content.decode()
    assert "clip--big" not in step and 'class="no-audio"' in step
    card = client.get(f"/{language}/bilder/1/kort/").content.decode()
    assert 'class="no-audio"' in card and 'href="tel:' in card


@pytest.mark.django_db
def test_tigrinya_step_with_a_clip_plays_it_with_every_source(client, demo_page):
    step = demo_page("step-entry", "ti")
    (registration,) = [r for r in speech.registrations_for(step) if r.field == "pictures_clip"]
    assert speech.ensure_clip(step, registration) == "generated"
    html = client.get("/ti/bilder/").content.decode()
    first, *others = tiles(html)
    player = re.search(r'<audio id="clip-1".*?</audio>', first, re.S).group(0)
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', player)
    assert [kind for _, kind in sources] == ["audio/ogg; codecs=&quot;opus&quot;", "audio/mpeg"]
    assert 'class="no-audio"' not in first
    assert all("<audio" not in tile and 'class="no-audio"' in tile for tile in others)
    assert "clip--big" in client.get("/ti/bilder/1/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["so", "prs"])
def test_content_page_in_a_language_without_a_voice_says_so_and_how_to_get_help(
    client, demo_page, language
):
    html = client.get(demo_page("step-entry", language).url).content.decode()
    assert 'id="page-audio"' not in html
    note = re.search(r'<p class="no-audio__note">(.*?)</p>', html).group(1)
    assert note and "tel:" in html
    assert not BY_CODE[language].has_speech_voice


@pytest.mark.django_db
def test_content_page_in_a_language_with_a_voice_has_no_such_note(client, demo_page):
    assert "no-audio__note" not in client.get(demo_page("step-entry").url).content.decode()
