"""The upload form of the audio and video library (``WAGTAILMEDIA["MEDIA_FORM_BASE"]``).

Only the formats browsers play are accepted, recognised by their first bytes as well as their
name, and within a size limit: audio up to 20 MB (about 20 minutes of speech as MP3), video up to
200 MB. The help text under the file field says so.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm

MB = 1024 * 1024
MAX_SIZE = {"audio": 20 * MB, "video": 200 * MB}
AUDIO_FORMATS = ("mp3", "m4a", "ogg", "oga", "opus", "wav")
VIDEO_FORMATS = ("mp4", "webm")
FORMATS = {"audio": AUDIO_FORMATS, "video": VIDEO_FORMATS}


def _is_mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _is_iso_media(head: bytes) -> bool:  # MP4, M4A
    return head[4:8] == b"ftyp"


def _is_ogg(head: bytes) -> bool:
    return head.startswith(b"OggS")


def _is_wav(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WAVE"


def _is_webm(head: bytes) -> bool:
    return head.startswith(b"\x1a\x45\xdf\xa3")


SIGNATURES = {
    "mp3": _is_mp3,
    "m4a": _is_iso_media,
    "mp4": _is_iso_media,
    "ogg": _is_ogg,
    "oga": _is_ogg,
    "opus": _is_ogg,
    "wav": _is_wav,
    "webm": _is_webm,
}


def file_head(upload, size=16) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head


def check_media_file(upload, media_type: str) -> None:
    """Raise ValidationError with a message for the editor when the file is not accepted."""
    formats = FORMATS.get(media_type, AUDIO_FORMATS + VIDEO_FORMATS)
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in formats:
        raise forms.ValidationError(
            _("“%(name)s” is not a file type we accept here. Upload one of: %(formats)s.")
            % {"name": name, "formats": ", ".join(formats)},
            code="file_type",
        )
    limit = MAX_SIZE.get(media_type, MAX_SIZE["video"])
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s. The largest file we accept is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    if not SIGNATURES[extension](file_head(upload)):
        raise forms.ValidationError(
            _(
                "“%(name)s” is named .%(extension)s but its content is not a %(extension)s file. "
                "Export it again as %(extension)s, or upload the original."
            )
            % {"name": name, "extension": extension},
            code="file_content",
        )


def limits_help_text(media_type: str) -> str:
    formats = ", ".join(FORMATS.get(media_type, AUDIO_FORMATS + VIDEO_FORMATS))
    limit = filesizeformat(MAX_SIZE.get(media_type, MAX_SIZE["video"]))
    return _("Accepted: %(formats)s, at most %(limit)s.") % {"formats": formats, "limit": limit}


class MediaForm(BaseMediaForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = limits_help_text(self.instance.type)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload; an unchanged file on edit is the stored FieldFile, checked when uploaded.
        if upload is not None and hasattr(upload, "content_type"):
            check_media_file(upload, self.instance.type)
        return upload
