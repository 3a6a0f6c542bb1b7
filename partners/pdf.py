"""A tiny PDF writer for the demo documents: one or more A4 pages of plain text in Helvetica.

Enough for real, valid PDF files (header, objects, cross-reference table, trailer) without a
dependency. Text is encoded as Windows-1252 (Swedish, Danish and Norwegian letters work; others
are replaced).
"""

import textwrap

LINE_HEIGHT = 15
TOP = 800
BOTTOM = 60
WRAP = 88


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(title: str, paragraphs: list[str]) -> list[tuple[int, str]]:
    lines = [(16, title), (11, "")]
    for paragraph in paragraphs:
        lines += [(11, line) for line in textwrap.wrap(paragraph, WRAP)] + [(11, "")]
    return lines


def simple_pdf(title: str, paragraphs: list[str]) -> bytes:
    pages, current, y = [], [], TOP
    for size, line in _lines(title, paragraphs):
        if y < BOTTOM:
            pages.append(current)
            current, y = [], TOP
        current.append((size, y, line))
        y -= LINE_HEIGHT + (8 if size > 11 else 0)
    pages.append(current)

    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for page_lines in pages:
        stream = b"".join(
            b"BT /F1 %d Tf 56 %d Td (%s) Tj ET\n" % (size, y, _escape(line))
            for size, y, line in page_lines
        )
        content_id = len(objects) + 2
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
