"""Every clip is trimmed, brought to one loudness and offered as Opus with an MP3 fallback."""

import json
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from pages import audio_processing
from pages.audio_processing import AudioRejected, process_audio, process_bytes
from pages.media import MediaFile
from tests.helpers import elements


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sox(*arguments):
    subprocess.run(["sox", *map(str, arguments)], check=True, capture_output=True)  # noqa: S603


def codec_of(path: Path) -> str:
    out = subprocess.run(  # noqa: S603
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "json", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)["streams"][0]["codec_name"]


@pytest.fixture
def quiet_stereo_clip(tmp_path):
    """Three seconds of a quiet tone in stereo, with 1.5 s of silence before and 2 s after."""
    path = tmp_path / "take.wav"
    sox(
        "-n",
        "-r",
        "44100",
        "-c",
        "2",
        path,
        "synth",
        "3",
        "sine",
        "330",
        "vol",
        "0.03",
        "pad",
        "1.5",
        "2",
    )
    return path


@pytest.fixture
def loud_speech(tmp_path):
    path = tmp_path / "speech.wav"
    subprocess.run(  # noqa: S603
        [
            "espeak-ng",
            "-v",
            "sv",
            "-a",
            "200",
            "-w",
            str(path),
            "Välkommen. Här börjar din väg till ett arbete.",
        ],
        check=True,
        capture_output=True,
    )
    return path


@pytest.mark.parametrize("clip", ["quiet_stereo_clip", "loud_speech"])
def test_clip_is_normalised_to_the_sites_loudness_in_opus_and_mp3(clip, request, tmp_path):
    processed = process_audio(request.getfixturevalue(clip))
    opus, mp3 = tmp_path / "out.opus", tmp_path / "out.mp3"
    opus.write_bytes(processed.opus)
    mp3.write_bytes(processed.mp3)
    assert codec_of(opus) == "opus" and codec_of(mp3) == "mp3"
    for encoded in (opus, mp3):
        loudness = audio_processing.measure_loudness(encoded)
        assert abs(loudness - audio_processing.TARGET_LUFS) <= 1.0, (encoded.name, loudness)


def test_a_word_shorter_than_a_loudness_block_is_kept(tmp_path):
    """A spoken language name, trimmed, can be shorter than EBU R128's 400 ms block."""
    path = tmp_path / "word.wav"
    sox(
        "-n",
        "-r",
        "22050",
        "-c",
        "1",
        path,
        "synth",
        "0.3",
        "sine",
        "300",
        "vol",
        "0.1",
        "pad",
        "0.2",
        "0.3",
    )
    processed = process_audio(path, limited=False)
    assert processed.duration == pytest.approx(0.3, abs=0.05)
    assert processed.loudness > -30


def test_silence_at_both_ends_is_trimmed(quiet_stereo_clip):
    processed = process_audio(quiet_stereo_clip)
    assert audio_processing.probe_duration(quiet_stereo_clip) == pytest.approx(6.5, abs=0.05)
    assert processed.duration == pytest.approx(3.0, abs=0.15)


def test_speech_is_smaller_per_minute_than_the_old_48_kbit_mp3(loud_speech):
    processed = process_audio(loud_speech)
    minutes = processed.duration / 60
    old_bytes_per_minute = 48_000 / 8 * 60
    assert len(processed.opus) / minutes < old_bytes_per_minute / 2
    assert len(processed.mp3) / minutes < old_bytes_per_minute


def test_what_is_not_audio_is_refused_with_a_reason(tmp_path):
    with pytest.raises(AudioRejected) as refused:
        process_bytes(b"<html><script>alert(1)</script></html>", ".mp3")
    assert "not a sound recording" in refused.value.message
    with pytest.raises(AudioRejected, match="empty"):
        process_bytes(b"", ".wav")


def test_a_damaged_recording_is_refused(loud_speech):
    data = loud_speech.read_bytes()
    damaged = data[:44] + bytes(range(256)) * 40 + b"\xff" * 4000  # header kept, body garbage
    wav_damage = data[:20] + b"\x00" * 24 + data[44:]  # header broken
    for sample in (damaged[: len(damaged) // 3], wav_damage):
        with pytest.raises(AudioRejected):
            process_bytes(sample, ".wav")


def test_a_silent_recording_is_refused(tmp_path):
    path = tmp_path / "silence.wav"
    sox("-n", "-r", "16000", "-c", "1", path, "trim", "0", "3")
    with pytest.raises(AudioRejected, match="silent"):
        process_audio(path)


def test_too_long_and_too_large_are_refused_before_any_work(tmp_path, monkeypatch):
    path = tmp_path / "long.wav"
    sox("-n", "-r", "8000", "-c", "1", "-b", "8", path, "synth", "601", "sine", "300")
    with pytest.raises(AudioRejected, match="longer than 10 minutes"):
        process_audio(path)
    with pytest.raises(AudioRejected, match="larger than 10 MB"):
        process_bytes(b"\x00" * (audio_processing.MAX_BYTES + 1), ".wav")
    monkeypatch.setattr(audio_processing, "_run", None)  # nothing may run for an oversized file
    with pytest.raises(AudioRejected):
        process_bytes(b"\x00" * (audio_processing.MAX_BYTES + 1), ".wav")


def test_the_sites_own_long_speech_may_pass_the_limits(quiet_stereo_clip, monkeypatch):
    monkeypatch.setattr(audio_processing, "MAX_SECONDS", 2)
    with pytest.raises(AudioRejected):
        process_audio(quiet_stereo_clip)
    assert process_audio(quiet_stereo_clip, limited=False).duration == pytest.approx(3, abs=0.15)


@pytest.mark.django_db
def test_player_offers_opus_first_and_mp3_as_fallback(loud_speech):
    from django.template.loader import render_to_string

    clip = MediaFile(title="Inläsning", type="audio", language="sv")
    clip.store_processed(process_audio(loud_speech), "recording-test")
    clip.refresh_from_db()
    assert clip.file.name.endswith(".opus") and clip.mp3_file.name.endswith(".mp3")
    html = render_to_string(
        "components/audio_player.html",
        {"clip": clip, "label": "Lyssna", "player_id": "p", "interface_language": None},
    )
    sources = elements(html, "source")
    assert [s["type"] for s in sources] == ['audio/ogg; codecs="opus"', "audio/mpeg"]
    assert sources[0]["src"] == clip.file.url and sources[1]["src"] == clip.mp3_file.url
