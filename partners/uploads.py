"""What a partner may upload: an allow-list of formats, each checked by its real structure.

A file is accepted only when its extension is allowed *and* the whole file is what that extension
promises (issue 12, item 6):

- **PDF**: starts with ``%PDF-``, parses as a PDF with at least one page (pypdf), ends with
  ``%%EOF`` (nothing appended after it), no HTML in its first kilobyte (where browsers sniff), and
  no JavaScript, launch actions or embedded files.
- **DOCX, XLSX, PPTX** (Office Open XML) and **ODT, ODS, ODP** (OpenDocument): a ZIP archive
  holding only the parts its format allows (``OOXML_PARTS``, ``ODF_PARTS``): XML, relationships,
  images, fonts, printer settings and embedded Office files (checked the same way). Refused:
  macros (``vbaProject.bin``, ``Basic/``, ``Scripts/``, macro-enabled content types, script event
  listeners), ActiveX, HTML or MHTML parts (``altChunk``), programs, and relationships to
  anything outside the file other than web and mail links. At most 5,000 parts and 200 MB
  unpacked (no ZIP bombs).
- **TXT, CSV, VTT**: UTF-8 without NUL bytes, no HTML, SVG or script markup anywhere in the file
  (not only at the start); a VTT starts with ``WEBVTT``; no CSV cell starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return (a spreadsheet runs it as a formula) unless the cell is
  a plain number.

Every document is served as a download with ``nosniff`` (``WAGTAILDOCS_INLINE_CONTENT_TYPES =
[]``, Django's SecurityMiddleware), so this is a second wall, not the only one.
"""

import csv
import io
import re
import zipfile

from defusedxml import ElementTree as DefusedElementTree
from defusedxml.common import DefusedXmlException
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
# Markup a browser would run or load, anywhere in a text file (opening or closing tags).
_MARKUP = re.compile(
    rb"<\s*/?\s*(!doctype|html|svg|script|\?xml|body|iframe|frame|object|embed|meta|link|style|"
    rb"base|form|img)[\s>/]",
    re.IGNORECASE,
)
# What makes a browser that sniffs take a file for a page, at the start of a PDF.
_PDF_HEAD_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg)[\s>/]", re.I)
MAX_PARTS = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_IMAGE_EXTENSIONS = ("png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff", "emf", "wmf", "svg")
# Office Open XML: what a document, workbook or presentation may hold (by the part's extension,
# and a few binary parts by name).
_OOXML_EXTENSIONS = {"xml", "rels", "vml", *_IMAGE_EXTENSIONS, "odttf", "fntdata", "ttf"}
_OOXML_BINARY = re.compile(
    r"^(xl|word|ppt)/(printerSettings/printerSettings\d+\.bin|embeddings/[^/]+\.(docx|xlsx|pptx))$"
    r"|^docProps/thumbnail\.(jpeg|jpg|png|emf|wmf)$",
    re.IGNORECASE,
)
_OOXML_FORBIDDEN_TYPES = re.compile(
    rb"macroEnabled|vbaProject|vbaData|activeX|text/html|application/xhtml|message/rfc822|"
    rb"multipart/related|ms-office\.oleObject|application/x-msdownload",
    re.IGNORECASE,
)
_EXTERNAL_ALLOWED = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
# OpenDocument: the parts the specification names, pictures and embedded objects.
_ODF_PARTS = re.compile(
    r"^(mimetype|content\.xml|styles\.xml|meta\.xml|settings\.xml|manifest\.rdf|layout-cache"
    r"|META-INF/[^/]+\.xml|Thumbnails/thumbnail\.png|Configurations2/([^.]*|.*\.xml)"
    r"|Pictures/[^/]+\.(" + "|".join(_IMAGE_EXTENSIONS) + r")"
    r"|Object \d+/(content|styles|meta|settings)\.xml|Object \d+/|ObjectReplacements/Object \d+)$",
    re.IGNORECASE,
)
_ODF_SCRIPT = re.compile(rb"script:event-listener|vnd\.sun\.star\.script|<office:script", re.I)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|Launch|EmbeddedFile|RichMedia|XFA)\b")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s.,]*\d[\d\s.,]*%?$")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Refusal(Exception):
    """Why a file is not what its extension promises: a message for the editor and a code."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def _not_the_format(extension):
    return Refusal(
        _(
            "The file is named .%(extension)s but its content is not a %(format)s file. "
            "Save it again in that format, or upload it with its real extension."
        )
        % {"extension": extension, "format": FORMAT_NAMES[extension]},
        "content",
    )


def _part_refused(extension, part):
    return Refusal(
        _(
            "The file holds a part that a %(format)s file may not hold (%(part)s): macros, web "
            "pages, programs and links to other files are refused. Save it again without them."
        )
        % {"format": FORMAT_NAMES[extension], "part": part[:80]},
        "part",
    )


# PDF ----------------------------------------------------------------------------------------------


def _check_pdf(data):
    from pypdf import PdfReader

    if not data.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF-"):
        raise _not_the_format("pdf")
    if _PDF_HEAD_MARKUP.search(data[:1024]) or not data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        raise _not_the_format("pdf")  # a web page with a PDF header, or one appended to a PDF
    if _PDF_ACTIVE.search(data):
        raise _part_refused("pdf", _PDF_ACTIVE.search(data).group(0).decode())
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = len(reader.pages)
        catalog = reader.trailer["/Root"].get_object()
        names = catalog.get("/Names")
        names = names.get_object() if names is not None else {}
        action = catalog.get("/OpenAction")
        action = action.get_object() if action is not None else None
    except Exception:  # noqa: BLE001 - whatever pypdf cannot read is not a PDF we can accept
        raise _not_the_format("pdf") from None
    if pages < 1:
        raise _not_the_format("pdf")
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if key in names:
            raise _part_refused("pdf", key)
    if "/AA" in catalog:
        raise _part_refused("pdf", "/AA")
    if hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch", "/URI"):
        raise _part_refused("pdf", str(action.get("/S")))


# Office files -------------------------------------------------------------------------------------


def _check_relationships(data, extension, name):
    try:
        root = DefusedElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, DefusedElementTree.ParseError):
        raise _part_refused(extension, name) from None
    for relationship in root.iter():
        kind = relationship.get("Type", "")
        if kind.lower().endswith(("/afchunk", "/vbaproject", "/activexcontrol", "/control")):
            raise _part_refused(extension, f"{name}: {kind.rsplit('/', 1)[-1]}")
        if relationship.get("TargetMode", "").lower() == "external":
            target = relationship.get("Target", "").strip()
            if not (kind.endswith("/hyperlink") and _EXTERNAL_ALLOWED.match(target)):
                raise _part_refused(extension, f"{name}: {target}")


def _check_ooxml(archive, extension, depth):
    names = archive.namelist()
    folder = _OOXML_FOLDERS[extension]
    if "[Content_Types].xml" not in names or not any(n.startswith(folder) for n in names):
        raise _not_the_format(extension)
    if _OOXML_FORBIDDEN_TYPES.search(archive.read("[Content_Types].xml")):
        raise _part_refused(extension, "[Content_Types].xml")
    for name in names:
        if name.endswith("/") or name == "[Content_Types].xml":
            continue
        if _OOXML_BINARY.match(name):
            inner = extension_of(name)
            if inner in _OOXML_FOLDERS:
                if depth > 0:
                    raise _part_refused(extension, name)
                _check_zip(archive.read(name), inner, depth + 1)
            continue
        if extension_of(name) not in _OOXML_EXTENSIONS:
            raise _part_refused(extension, name)
        if extension_of(name) == "rels":
            _check_relationships(archive.read(name), extension, name)


def _check_odf(archive, extension):
    names = archive.namelist()
    if (
        not names
        or names[0] != "mimetype"
        or archive.read("mimetype")[:100] != _ODF_TYPES[extension]
    ):
        raise _not_the_format(extension)
    for name in names:
        if not _ODF_PARTS.match(name):
            raise _part_refused(extension, name)
        if name.lower().endswith(".xml") and _ODF_SCRIPT.search(archive.read(name)):
            raise _part_refused(extension, name)


def _check_zip(data, extension, depth=0):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_the_format(extension) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise _not_the_format(extension)
        for info in infos:
            parts = info.filename.split("/")
            if info.filename.startswith("/") or "\\" in info.filename or ".." in parts:
                raise _part_refused(extension, info.filename)
        try:
            if extension in _OOXML_FOLDERS:
                _check_ooxml(archive, extension, depth)
            else:
                _check_odf(archive, extension)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError):
            raise _not_the_format(extension) from None  # a damaged or encrypted member


# Text ---------------------------------------------------------------------------------------------


def _check_csv(text):
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        for row_number, row in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            for column, cell in enumerate(row, 1):
                if cell.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(cell):
                    raise Refusal(
                        _(
                            "Row %(row)s, column %(column)s of the CSV file starts with "
                            "“%(character)s”: a spreadsheet would run it as a formula. Put an "
                            "apostrophe (') before it, or remove the sign."
                        )
                        % {
                            "row": row_number,
                            "column": column,
                            "character": cell[0].strip() or " ",
                        },
                        "formula",
                    )
    except csv.Error:
        raise _not_the_format("csv") from None


def _check_text(data, extension):
    if extension == "vtt" and not data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise _not_the_format(extension)
    if b"\x00" in data or _MARKUP.search(data):  # the whole file, not only its start
        raise _not_the_format(extension)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_the_format(extension) from None
    if extension == "csv":
        _check_csv(text)


def check_structure(uploaded, extension: str) -> None:
    """Raise Refusal unless the whole file is what its extension says."""
    data = _read_all(uploaded)
    if extension == "pdf":
        _check_pdf(data)
    elif extension in _OOXML_FOLDERS or extension in _ODF_TYPES:
        _check_zip(data, extension)
    elif extension in ("txt", "csv", "vtt"):
        _check_text(data, extension)
    else:
        raise _not_the_format(extension)


def content_matches(uploaded, extension: str) -> bool:
    """Whether the file's bytes are what its extension says."""
    try:
        check_structure(uploaded, extension)
    except Refusal:
        return False
    return True


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
    try:
        check_structure(uploaded, extension)
    except Refusal as refusal:
        raise ValidationError(refusal.message, code=refusal.code) from None


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
