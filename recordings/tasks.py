"""Processing a recording in the background: trimmed, normalised, Opus with an MP3 fallback
(``pages.audio_processing``), kept in the private storage until a reviewer approves it."""

import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from pages import audio_processing

from . import history
from .models import Recording, State

logger = logging.getLogger(__name__)


@task()
def process_recording(recording_id: int) -> str:
    recording = Recording.objects.filter(pk=recording_id, state=State.PROCESSING).first()
    if recording is None:
        return "gone"
    with translation.override(recording.interface_language or None):
        try:
            processed = _process(recording)
        except audio_processing.AudioRejected as refusal:
            return _refuse(recording, refusal.message)
        except (audio_processing.AudioUnavailable, OSError) as error:
            logger.warning("Recording %s could not be processed: %s", recording.pk, error)
            return _refuse(
                recording,
                gettext("The recording could not be processed. Try again later."),
            )
    basename = f"recording-{recording.language}-{recording.pk}"
    recording.opus_file.save(f"{basename}.opus", ContentFile(processed.opus), save=False)
    recording.mp3_file.save(f"{basename}.mp3", ContentFile(processed.mp3), save=False)
    recording.duration = processed.duration
    recording.loudness = processed.loudness
    recording.state = State.AWAITING_REVIEW
    recording.save()
    history.log(recording, "recordings.submitted")
    return "processed"


def _process(recording):
    storage = recording.raw_file.storage
    try:
        path = Path(storage.path(recording.raw_file.name))
    except NotImplementedError:  # an object store: work on a local copy
        with recording.raw_file.open("rb") as handle:
            data = handle.read()
        suffix = Path(recording.raw_file.name).suffix
        return audio_processing.process_bytes(data, suffix)
    return audio_processing.process_audio(path)


def _refuse(recording, message):
    recording.state = State.REFUSED
    recording.message = message
    recording.save(update_fields=["state", "message"])
    history.log(recording, "recordings.refused", {"message": message})
    return "refused"


def queue(recording) -> None:
    """Process the recording once the upload's transaction is committed."""
    recording_id = recording.pk

    def enqueue():
        # Its lane (a speaker waits: ahead of content work) is set where every task's is:
        # etablering/background/lanes.py.
        try:
            process_recording.enqueue(recording_id)
        except Exception:  # the upload is kept; the speaker sees "processing" and can retry
            logger.exception("Could not queue recording %s", recording_id)

    transaction.on_commit(enqueue)
