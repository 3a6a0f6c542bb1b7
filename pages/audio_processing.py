"""One way to make a clip fit for the site: trimmed, at one loudness, as Opus with an MP3 fallback.

Every clip the site plays goes through ``process_audio``: a person's recording from the recording
workspace, an upload, and the synthesiser's speech alike. ffmpeg (Debian's package) does the work:

1. the file is probed: it must hold an audio stream, be readable to the end and last at most
   ``MAX_SECONDS``; larger than ``MAX_BYTES`` is refused before ffmpeg sees it;
2. silence at the start and the end is trimmed (quieter than ``SILENCE_DB`` for a moment);
3. loudness is normalised to ``TARGET_LUFS`` integrated (EBU R128): ffmpeg's ebur128 scanner
   measures, a linear gain and a peak limiter apply it, and the result is measured again (and
   the gain corrected where the limiter took more than ``LOUDNESS_TOLERANCE``), so every clip
   on the site plays at one level;
4. the result is encoded, in one pass, as mono Opus (``OPUS_BITRATE``, speech-tuned, in an Ogg
   file) and as mono MP3 (``MP3_BITRATE``) for the browsers that cannot play Opus. Pages offer
   both as ``<source>``.

A refused file raises ``AudioRejected`` with a message for the person who sent it, in their
language. ffmpeg missing or failing on a good file raises ``AudioUnavailable`` (for operators).
"""

import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_SECONDS = 10 * 60
TARGET_LUFS = -16.0
LOUDNESS_TOLERANCE = 0.5  # LU
TRUE_PEAK_DB = -1.0
SILENCE_DB = -45
OPUS_BITRATE = "20k"
MP3_BITRATE = "32k"
MP3_SAMPLE_RATE = "22050"
# Encoder effort: Opus 5 of 0-10 and LAME 7 of 0-9 sound the same for speech as their slowest
# settings and encode two to three times faster (the demo and every page's speech pay it).
OPUS_EFFORT = "5"
MP3_EFFORT = "7"
TIMEOUT_SECONDS = 300


class AudioRejected(Exception):
    """The file cannot become a clip: not audio, corrupt, too long or too large."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AudioUnavailable(Exception):
    """ffmpeg is missing or failed on a file it should have handled."""


@dataclass(frozen=True)
class ProcessedAudio:
    opus: bytes
    mp3: bytes
    duration: float  # seconds, after trimming
    loudness: float  # integrated loudness of the result, LUFS


def missing_programs() -> list[str]:
    return [program for program in ("ffmpeg", "ffprobe") if shutil.which(program) is None]


def _run(arguments: list[str], timeout: int = TIMEOUT_SECONDS) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(  # noqa: S603 (fixed programs, no shell, paths we made)
            arguments,
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    except FileNotFoundError:
        raise AudioUnavailable(f"not installed: {arguments[0]}") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AudioUnavailable(f"{arguments[0]}: {type(error).__name__}") from None


def probe_duration(path: Path) -> float:
    """The length of the audio in seconds; ``AudioRejected`` if the file holds no readable audio."""
    completed = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=codec_type:format=duration",
            "-of",
            "json",
            str(path),
        ],
        timeout=60,
    )
    try:
        info = json.loads(completed.stdout or b"{}")
    except ValueError:
        info = {}
    if completed.returncode != 0 or not info.get("streams"):
        raise AudioRejected(_("This file is not a sound recording, or it is damaged."))
    try:
        duration = float(info.get("format", {}).get("duration"))
    except (TypeError, ValueError):
        duration = 0.0
    if duration <= 0:
        # Some containers (e.g. a browser's WebM recording) do not say: decode to find out.
        duration = _decoded_duration(path)
    return duration


def _decoded_duration(path: Path) -> float:
    """Decode the whole file and read how far ffmpeg got (its progress line says ``time=``)."""
    completed = _run(["ffmpeg", "-hide_banner", "-i", str(path), "-f", "null", "-"])
    if completed.returncode != 0:
        raise AudioRejected(_("This file is not a sound recording, or it is damaged."))
    seconds = 0.0
    for stamp in re.findall(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)", completed.stderr.decode()):
        seconds = int(stamp[0]) * 3600 + int(stamp[1]) * 60 + float(stamp[2])
    return seconds


def _check(path: Path, limited: bool) -> None:
    size = path.stat().st_size
    if size == 0:
        raise AudioRejected(_("The file is empty."))
    if limited and size > MAX_BYTES:
        raise AudioRejected(
            _("The file is larger than %(megabytes)d MB. Record a shorter clip.")
            % {"megabytes": MAX_BYTES // (1024 * 1024)}
        )
    missing = missing_programs()
    if missing:
        raise AudioUnavailable(f"not installed: {', '.join(missing)}")
    if not limited:  # the site's own synthesiser's file: nothing to distrust, no pass to spare
        return
    duration = probe_duration(path)
    if duration > MAX_SECONDS:
        raise AudioRejected(
            _("The recording is longer than %(minutes)d minutes. Record a shorter clip.")
            % {"minutes": MAX_SECONDS // 60}
        )
    # Decoding the whole file finds damage past the header (a cut-off upload, a renamed file).
    completed = _run(["ffmpeg", "-hide_banner", "-v", "error", "-i", str(path), "-f", "null", "-"])
    errors = completed.stderr.decode("utf-8", "replace").strip()
    if completed.returncode != 0 or "Invalid data" in errors:
        raise AudioRejected(_("This file is not a sound recording, or it is damaged."))


# Mono first (a stereo clip measured as stereo would play 3 dB quieter once mixed down), then
# silence trimmed at both ends.
_TRIM = (
    "aformat=channel_layouts=mono,"
    f"silenceremove=start_periods=1:start_duration=0.05:start_threshold={SILENCE_DB}dB,"
    "areverse,"
    f"silenceremove=start_periods=1:start_duration=0.05:start_threshold={SILENCE_DB}dB,"
    "areverse"
)


SILENT_LUFS = -69.9  # ebur128 reports -70 LUFS (its gate) for silence


# ffmpeg's ebur128 scanner: a single cheap pass (loudnorm's own scan resamples to 192 kHz and
# costs ten times more). Padded to half a second: it measures in 400 ms blocks, and a clip shorter
# than one block (a spoken language name, trimmed) would read as silence.
_METER = "apad=whole_dur=0.5,ebur128=framelog=verbose"


def _loudness_in(completed: subprocess.CompletedProcess) -> float:
    """The integrated loudness (LUFS) in the summary ebur128 printed at the end of a run."""
    text = completed.stderr.decode("utf-8", "replace")
    summary = text.rsplit("Summary:", 1)[-1] if "Summary:" in text else ""
    found = re.search(r"I:\s+(-?\d+(?:\.\d+)?|-inf)\s+LUFS", summary)
    if completed.returncode != 0 or found is None:
        raise AudioUnavailable("ffmpeg could not measure the loudness")
    return float(found.group(1))


def _measure(path: Path, pre_filter: str = "anull") -> float:
    """Integrated loudness (EBU R128, LUFS) of the file after ``pre_filter``."""
    command = ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path)]
    completed = _run([*command, "-af", f"{pre_filter},{_METER}", "-f", "null", "-"])
    if completed.returncode != 0:  # ffmpeg runs (else _run says so) but cannot read the file
        raise AudioRejected(_("This file is not a sound recording, or it is damaged."))
    return _loudness_in(completed)


def measure_loudness(path: Path) -> float:
    """Integrated loudness (LUFS) of a file as it is."""
    return _measure(path)


def _normalise(source: Path, target: Path, gain: float) -> float:
    """Trim, apply ``gain`` and the peak limiter, write ``target`` (48 kHz mono WAV) and return
    its loudness, measured in the same run."""
    limit = 10 ** (TRUE_PEAK_DB / 20)
    chain = f"{_TRIM},volume={gain:.2f}dB,alimiter=limit={limit:.3f}:level=false"
    completed = _run(
        [
            *("ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(source)),
            "-filter_complex",
            f"[0:a]{chain},aresample=48000,asplit=2[clip][meter];[meter]{_METER}[measured]",
            *("-map", "[clip]", "-ac", "1", str(target)),
            *("-map", "[measured]", "-f", "null", "-"),
        ]
    )
    if completed.returncode != 0 or not target.exists():
        raise AudioUnavailable("ffmpeg could not normalise the clip")
    return _loudness_in(completed)


def _wav_duration(path: Path) -> float:
    with wave.open(str(path)) as clip:
        return clip.getnframes() / clip.getframerate()


def process_audio(source: Path, *, limited: bool = True) -> ProcessedAudio:
    """Trim, normalise and encode one clip (see the module's description).

    ``limited=False`` lifts the size and length limits: for the site's own synthetic speech of a
    long page, never for a file someone sent.
    """
    source = Path(source)
    _check(source, limited)
    with tempfile.TemporaryDirectory(prefix="audio-") as workdir:
        work = Path(workdir)
        measured = _measure(source, _TRIM)
        if measured <= SILENT_LUFS:
            raise AudioRejected(_("The recording is silent. Check the microphone and try again."))
        # A linear gain to the target (loudnorm's own second pass drifts by several LU on short
        # clips), then a peak limiter so that a loud recording never clips. Limiting lowers the
        # loudness of peaky speech a little: the gain is corrected until the result is within
        # LOUDNESS_TOLERANCE of the target (two passes suffice in practice).
        gain = TARGET_LUFS - measured
        wav = work / "normalised.wav"
        loudness = float("-inf")
        for _attempt in range(3):
            loudness = _normalise(source, wav, gain)
            if abs(loudness - TARGET_LUFS) <= LOUDNESS_TOLERANCE:
                break
            gain += TARGET_LUFS - loudness
        opus, mp3 = work / "clip.opus", work / "clip.mp3"
        completed = _run(  # both encodings from one decode
            [
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-v",
                "error",
                "-i",
                str(wav),
                *("-map", "0:a", "-ac", "1", "-map_metadata", "-1"),
                *("-c:a", "libopus", "-b:a", OPUS_BITRATE, "-application", "voip"),
                *("-compression_level", OPUS_EFFORT, str(opus)),
                *("-map", "0:a", "-ac", "1", "-map_metadata", "-1"),
                *("-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-ar", MP3_SAMPLE_RATE),
                *("-compression_level", MP3_EFFORT, str(mp3)),
            ]
        )
        if completed.returncode != 0 or not opus.exists() or not mp3.exists():
            raise AudioUnavailable("ffmpeg could not encode the clip")
        duration = _wav_duration(wav)
        return ProcessedAudio(
            opus=opus.read_bytes(),
            mp3=mp3.read_bytes(),
            duration=round(duration, 2),
            loudness=round(loudness, 1),
        )


def process_bytes(data: bytes, suffix: str = "", *, limited: bool = True) -> ProcessedAudio:
    """``process_audio`` for a file held in memory (an upload, the synthesiser's WAV)."""
    if limited and len(data) > MAX_BYTES:
        raise AudioRejected(
            _("The file is larger than %(megabytes)d MB. Record a shorter clip.")
            % {"megabytes": MAX_BYTES // (1024 * 1024)}
        )
    with tempfile.TemporaryDirectory(prefix="audio-in-") as workdir:
        path = Path(workdir) / f"input{suffix if suffix.startswith('.') else ''}"
        path.write_bytes(data)
        return process_audio(path, limited=limited)
