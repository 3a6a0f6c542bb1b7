"""What happens to a recording: it is submitted, then approved or sent back by a second person.

Approval makes the processed clip a public ``pages.MediaFile`` (a person's voice, not synthetic,
in the item's language, with the text as transcript) and links it into the item's field with
``pages.speech.link_clip``: the public pages play it at once. An item whose text has changed
since the recording was made is never approved with the old reading: the recording is marked out
of date instead. Nothing approved is lost: an earlier approved clip stays in place until a newer
recording is approved.
"""

from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pages import speech
from pages.audio_processing import ProcessedAudio
from pages.media import MediaFile

from . import history, tasks, workspace
from .models import Recording, State


class ReviewRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def submit(item, upload, user) -> Recording:
    """Keep an upload (already checked for size and kind) privately and queue its processing."""
    text = item.text()
    suffix = Path(upload.name or "").suffix.lower()[:8] or ".audio"
    recording = Recording(
        content_type_id=item.content_type_id,
        object_id=item.instance.pk,
        registration=item.registration.name,
        language=item.language,
        text=text,
        text_hash=speech.text_hash(text),
        interface_language=translation.get_language() or "",
        speaker=user,
    )
    recording.raw_file.save(f"raw{suffix}", upload, save=False)
    recording.save()
    tasks.queue(recording)
    return recording


def may_review(user, recording) -> bool:
    return (
        recording.language in workspace.languages_for(user, workspace.REVIEW)
        and recording.speaker_id != user.pk
    )


def _check_reviewable(user, recording):
    if recording.state != State.AWAITING_REVIEW:
        raise ReviewRefused(_("This recording is not awaiting review."))
    if recording.speaker_id == user.pk:
        raise ReviewRefused(_("A second person must review your recording."))
    if recording.language not in workspace.languages_for(user, workspace.REVIEW):
        raise ReviewRefused(_("You may not record or review in this language."))


def approve(recording, user, item) -> MediaFile:
    """Make the recording the item's public clip. ``ReviewRefused`` says why not."""
    _check_reviewable(user, recording)
    if speech.text_hash(item.text()) != recording.text_hash:
        recording.state = State.OUT_OF_DATE
        recording.reviewer = user
        recording.reviewed_at = timezone.now()
        recording.save(update_fields=["state", "reviewer", "reviewed_at"])
        history.log(recording, "recordings.out_of_date", user=user)
        raise ReviewRefused(
            _("The text has changed since this recording was made. Record it again.")
        )
    with transaction.atomic():
        recording = Recording.objects.select_for_update().get(pk=recording.pk)
        _check_reviewable(user, recording)
        clip = MediaFile(
            title=f"{item.title} – {item.registration.name} ({recording.language})"[:255],
            type="audio",
            language=recording.language,
            synthetic=False,
            transcript=recording.text,
        )
        with recording.opus_file.open("rb") as opus, recording.mp3_file.open("rb") as mp3:
            processed = ProcessedAudio(
                opus=opus.read(),
                mp3=mp3.read(),
                duration=recording.duration or 0,
                loudness=recording.loudness or 0,
            )
        clip.store_processed(processed, f"recording-{recording.language}-{recording.pk}")
        recording.clip = clip
        recording.state = State.APPROVED
        recording.reviewer = user
        recording.reviewed_at = timezone.now()
        recording.save(update_fields=["clip", "state", "reviewer", "reviewed_at"])
        for instance in [item.instance, *workspace.same_text_elsewhere(item, recording.text_hash)]:
            speech.link_clip(instance, item.registration, clip)
        history.log(recording, "recordings.approved", user=user)
        history.log(
            item.instance,
            "recordings.approved",
            {"level": item.registration.name, "language": recording.language},
            user=user,
        )
    return clip


def send_back(recording, user, note: str) -> None:
    _check_reviewable(user, recording)
    recording.state = State.SENT_BACK
    recording.note = note
    recording.reviewer = user
    recording.reviewed_at = timezone.now()
    recording.save(update_fields=["state", "note", "reviewer", "reviewed_at"])
    history.log(recording, "recordings.sent_back", {"note": note}, user=user)
