import tempfile
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from pages import audio_processing


class RecordingUploadForm(forms.Form):
    """The recording, recorded in the browser (the recorder fills this field) or any audio file.

    Too large, too long or not audio is refused here, before anything is stored; a file damaged
    further in is found by the processing task, which tells the speaker on the item's page.
    """

    audio = forms.FileField(
        label=_("Recording"),
        help_text=_("A sound file of at most 10 MB and 10 minutes, e.g. MP3, M4A, Ogg or WebM."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )

    def clean_audio(self):
        upload = self.cleaned_data["audio"]
        if upload.size > audio_processing.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)d MB. Record a shorter clip.")
                % {"megabytes": audio_processing.MAX_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        try:
            with _local_copy(upload) as path:
                duration = audio_processing.probe_duration(path)
        except audio_processing.AudioRejected as refusal:
            raise forms.ValidationError(refusal.message) from None
        except audio_processing.AudioUnavailable:
            return upload  # the processing task tells the speaker
        if duration > audio_processing.MAX_SECONDS:
            raise forms.ValidationError(
                _("The recording is longer than %(minutes)d minutes. Record a shorter clip.")
                % {"minutes": audio_processing.MAX_SECONDS // 60}
            )
        upload.seek(0)
        return upload


class _local_copy:
    """The upload as a file on disk (a large upload already is one)."""

    def __init__(self, upload):
        self.upload = upload
        self.directory = None

    def __enter__(self) -> Path:
        if hasattr(self.upload, "temporary_file_path"):
            return Path(self.upload.temporary_file_path())
        self.directory = tempfile.TemporaryDirectory(prefix="recording-")
        suffix = Path(self.upload.name or "").suffix.lower()[:8]
        path = Path(self.directory.name) / f"upload{suffix}"
        self.upload.seek(0)
        with path.open("wb") as handle:
            for chunk in self.upload.chunks():
                handle.write(chunk)
        return path

    def __exit__(self, *exc):
        self.upload.seek(0)
        if self.directory is not None:
            self.directory.cleanup()


class ReviewForm(forms.Form):
    APPROVE = "approve"
    SEND_BACK = "send_back"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (SEND_BACK, _("Send back"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note to the speaker"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you send the recording back: say what to change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("note", "").strip():
            self.add_error("note", _("Write a note: what should the speaker change?"))
        return cleaned
