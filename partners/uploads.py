"""What a partner may upload: an allow-list of formats, checked by content as well as by name.

A file is accepted only when its extension is allowed *and* its bytes are what that extension
promises: a PDF starts with ``%PDF-``; DOCX, XLSX and PPTX are ZIP archives with
``[Content_Types].xml`` and their own main folder; ODT, ODS and ODP are ZIP archives whose first
member ``mimetype`` names the format; TXT and CSV must be UTF-8 text that does not look like HTML
or SVG (a browser could be talked into running it). Files are never shown inline
(``WAGTAILDOCS_INLINE_CONTENT_TYPES = []``), so this is a second wall, not the only one.
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # 20 MB
# Library documents, and WebVTT captions for the video block (pages/blocks.py).
ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "vtt"]
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "pptx": "PowerPoint (PPTX)",
    "odt": "OpenDocument Text (ODT)",
    "ods": "OpenDocument Spreadsheet (ODS)",
    "odp": "OpenDocument Presentation (ODP)",
    "txt": _("Text (TXT)"),
    "csv": "CSV",
    "vtt": _("WebVTT captions (VTT)"),
}
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
_MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|\?xml|body|iframe|object)\b", re.IGNORECASE)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def _zip_contents(uploaded):
    """The member names, the first member's name and the ``mimetype`` member (ODF) of a ZIP
    archive; None when the file is not a readable ZIP archive."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            names = [member.filename for member in members]
            first = names[0] if names else ""
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    finally:
        uploaded.seek(0)
    return names, first, mimetype


def content_matches(uploaded, extension: str) -> bool:
    """Whether the file's bytes are what its extension says."""
    if extension == "pdf":
        uploaded.seek(0)
        head = uploaded.read(1024)
        uploaded.seek(0)
        return head.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF-")
    if extension in _OOXML_FOLDERS or extension in _ODF_TYPES:
        contents = _zip_contents(uploaded)
        if contents is None:
            return False
        names, first, mimetype = contents
        if extension in _OOXML_FOLDERS:
            folder = _OOXML_FOLDERS[extension]
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        return first == "mimetype" and mimetype == _ODF_TYPES[extension]
    if extension in ("txt", "csv", "vtt"):
        data = _read_all(uploaded)
        if extension == "vtt" and not data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
            return False
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return not _MARKUP.search(data[:4096])
    return False


def validate_upload(uploaded):
    """Raise a ValidationError, in the editor's language, for a file that may not be stored."""
    extension = extension_of(uploaded.name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed: %(allowed)s.")
            % {
                "extension": extension or "?",
                "allowed": ", ".join(e.upper() for e in ALLOWED_EXTENSIONS),
            },
            code="extension",
        )
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s. Files may be at most %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if not content_matches(uploaded, extension):
        raise ValidationError(
            _(
                "The file is named .%(extension)s but its content is not a %(format)s file. "
                "Save it again in that format, or upload it with its real extension."
            )
            % {"extension": extension, "format": FORMAT_NAMES[extension]},
            code="content",
        )


class PartnerDocumentForm(BaseDocumentForm):
    """The upload and edit form of every document (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

    def clean(self):
        """A document in a city's collection belongs to that city, whatever the form says: a
        partner cannot file material under another city's name."""
        cleaned = super().clean()
        collection = cleaned.get("collection")
        if collection is not None and "city" in self.fields:
            from .permissions import city_of_collection

            city = city_of_collection(collection)
            if city:
                cleaned["city"] = city
                self.instance.city = city
        return cleaned

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a newly uploaded file is checked; an unchanged one was checked when it came.
        if uploaded and "file" in self.changed_data:
            validate_upload(uploaded)
        return uploaded
