"""Is an uploaded SVG safe to show on the site? An SVG is a document that can run script.

Accepted: drawing elements only. Refused, each with a message the editor can act on: anything
that is not well-formed XML, DOCTYPE/entity declarations (defusedxml refuses them), <script>,
<foreignObject>, event-handler attributes (onload=…), and references to anything outside the file
(href/xlink:href other than "#id", url(…) other than "url(#id)", @import, javascript:).
"""

import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SVG_BYTES = 512 * 1024
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_DANGEROUS_TEXT = re.compile(r"@import|javascript:|expression\(", re.IGNORECASE)


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(content: bytes) -> str | None:
    """Why this SVG cannot be used, or None when it is safe."""
    if len(content) > MAX_SVG_BYTES:
        return _("The SVG file is larger than 512 KB. Simplify it or upload a PNG.")
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        return _("The SVG file declares a DOCTYPE or entities. Save it again as plain SVG.")
    except ElementTree.ParseError:
        return _("The file is not a readable SVG image.")
    if _local_name(root.tag) != "svg":
        return _("The file is not a readable SVG image.")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if _local_name(element.tag) in FORBIDDEN_ELEMENTS:
            return _("The SVG file contains a script or embedded content (<%(tag)s>).") % {
                "tag": _local_name(element.tag)
            }
        for name, value in element.attrib.items():
            local = _local_name(name)
            if local.startswith("on"):
                return _("The SVG file contains an event handler (%(name)s).") % {"name": local}
            if local == "href" and not value.strip().startswith("#"):
                return _("The SVG file refers to another file or address (%(value)s).") % {
                    "value": value[:60]
                }
            if _EXTERNAL_URL.search(value) or _DANGEROUS_TEXT.search(value):
                return _("The SVG file refers to another file or address (%(value)s).") % {
                    "value": value[:60]
                }
        style = element.text if _local_name(element.tag) == "style" else ""
        if style and (_EXTERNAL_URL.search(style) or _DANGEROUS_TEXT.search(style)):
            return _("The SVG file's styles refer to another file or address.")
    return None


def is_svg_name(name: str) -> bool:
    return (name or "").lower().endswith(".svg")


def validate_svg_file(file) -> None:
    """Raise ValidationError for an unsafe SVG; other files pass untouched."""
    if file is None or not is_svg_name(getattr(file, "name", "")):
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    content = file.read()
    file.seek(position)
    problem = svg_problem(content if isinstance(content, bytes) else content.encode())
    if problem:
        raise ValidationError(problem, code="unsafe_svg")
