"""Clips made before the one audio pipeline, brought into it: every audio file in the media library
that is not yet Opus with an MP3 beside it is trimmed, normalised and re-encoded by
``audio_processing.process_audio`` (the synthesiser's 48 kbit/s MP3s and earlier uploads alike).

``manage.py generate_speech --reencode`` runs it here; ``--reencode --in-background`` queues the
task below so that the worker does it (``make run`` does that on every start: on a database that
is already converted, the task finds nothing to do). A clip that the pipeline refuses (silent,
damaged) is kept as it was and counted, never deleted.
"""

import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import Q
from django_tasks import task

from . import audio_processing

logger = logging.getLogger(__name__)


@dataclass
class ReencodeReport:
    converted: int = 0
    refused: int = 0
    failed: int = 0
    seconds_before: float = 0.0
    bytes_before: int = 0
    seconds_after: float = 0.0
    bytes_opus: int = 0
    bytes_mp3: int = 0
    refused_ids: list[int] = field(default_factory=list)

    @staticmethod
    def per_minute(size: int, seconds: float) -> int:
        return round(size * 60 / seconds) if seconds else 0

    def as_dict(self) -> dict:
        return {
            "converted": self.converted,
            "refused": self.refused,
            "failed": self.failed,
            "bytes_per_minute_before": self.per_minute(self.bytes_before, self.seconds_before),
            "opus_bytes_per_minute": self.per_minute(self.bytes_opus, self.seconds_after),
            "mp3_bytes_per_minute": self.per_minute(self.bytes_mp3, self.seconds_after),
        }

    def summary(self) -> str:
        if not (self.converted or self.refused or self.failed):
            return "Re-encoding: every clip is already Opus with an MP3 fallback; nothing to do."
        figures = self.as_dict()
        return (
            f"Re-encoded {self.converted} clips ({self.refused} refused and kept as they were, "
            f"{self.failed} failed). Bytes per minute of audio: before "
            f"{figures['bytes_per_minute_before']:,}; after "
            f"{figures['opus_bytes_per_minute']:,} (Opus) and "
            f"{figures['mp3_bytes_per_minute']:,} (MP3 fallback)."
        )


def clips_to_reencode():
    """Audio in the library that is not Opus with an MP3 fallback (videos are left alone)."""
    from .media import MediaFile

    processed = Q(file__iendswith=".opus") & ~Q(mp3_file="")
    return MediaFile.objects.filter(type="audio").exclude(file="").exclude(processed).order_by("pk")


def reencode_clip(clip, report: ReencodeReport) -> None:
    if not clip.file_exists():
        report.failed += 1
        return
    name = clip.file.name
    suffix = PurePosixPath(name).suffix
    with clip.file.open("rb") as handle:
        data = handle.read()
    # An old clip is measured as it is stored (the duration field may be missing or rounded).
    try:
        processed = audio_processing.process_bytes(data, suffix, limited=False)
    except audio_processing.AudioRejected:
        report.refused += 1
        report.refused_ids.append(clip.pk)
        logger.warning("Re-encoding refused media file %s; kept as it was", clip.pk)
        return
    except audio_processing.AudioUnavailable as error:
        report.failed += 1
        logger.warning("Re-encoding media file %s failed: %s", clip.pk, error)
        return
    before = clip.duration or processed.duration
    report.seconds_before += before
    report.bytes_before += len(data)
    clip.store_processed(processed, PurePosixPath(name).stem)
    report.converted += 1
    report.seconds_after += processed.duration
    report.bytes_opus += len(processed.opus)
    report.bytes_mp3 += len(processed.mp3)


def reencode_all() -> ReencodeReport:
    report = ReencodeReport()
    if audio_processing.missing_programs():
        report.failed = clips_to_reencode().count()
        return report
    for clip in clips_to_reencode().iterator():
        reencode_clip(clip, report)
    return report


@task()
def reencode_clips() -> dict:
    """The worker's run of ``reencode_all`` (queued by ``generate_speech --reencode
    --in-background``)."""
    report = reencode_all()
    logger.info("%s", report.summary())
    return report.as_dict()
