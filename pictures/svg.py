"""Is an uploaded SVG safe to show on the site? An SVG is a document that can run script, load
other files and animate its own links, so uploads pass an allow-list, and the file that is stored
is rebuilt from what the allow-list keeps, never the uploaded bytes.

- Parsed with defusedxml: DOCTYPE and entity declarations are refused (no entity expansion).
- Refused, each with a message the editor can act on: a processing instruction
  (``<?xml-stylesheet?>`` …), any element outside the SVG namespace (XHTML ``<meta>``,
  ``<form>`` …) or not on ``ELEMENTS`` (``<script>``, ``<foreignObject>``, ``<a>``, ``<image>``,
  every animation element: ``<animate>``, ``<set>`` …), an event attribute in any case
  (``onload``, ``ONclick`` …), and any reference to something outside the file: ``href`` other
  than ``#id``, ``url(…)`` other than ``url(#id)``, ``@import``, ``javascript:``, ``data:``,
  ``image-set(…)`` … in an attribute, a ``style`` attribute or a ``<style>`` element. Values are
  checked after XML entities are decoded and CSS comments and escapes (``u\\72l(…)``) are
  decoded, with whitespace and control characters removed (``java&#9;script:``).
- Dropped without a word: editors' metadata (``<metadata>``, Inkscape's and Sodipodi's
  namespaces), comments, and attributes not on ``ATTRIBUTES`` (they cannot run or load
  anything; what is kept is only what draws).

The demo's 49 OpenMoji pictograms pass unchanged (tests/test_svg_uploads.py).
"""

import re
from xml.etree import ElementTree as StdElementTree

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SVG_BYTES = 512 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
StdElementTree.register_namespace("", SVG_NS)
StdElementTree.register_namespace("xlink", XLINK_NS)

# What draws: shapes, text, grouping and reuse inside the file, paint servers, clipping,
# masking, markers and filter primitives. No scripting, links, embedded images or other
# documents, and no animation.
ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "style", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
}  # fmt: skip
# Left out silently, with everything inside them: what editors write about the drawing.
DROPPED_ELEMENTS = {"metadata"}
EDITOR_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://www.bohemiancoding.com/sketch/ns",
}
ATTRIBUTES = {
    # core and text
    "id", "class", "style", "lang", "tabindex", "role", "aria-label", "aria-hidden",
    "version", "baseProfile", "viewBox", "preserveAspectRatio", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "d", "points", "pathLength", "transform", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "startOffset", "method", "spacing", "side",
    # presentation
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "clip",
    "clip-path", "clip-rule", "mask", "filter", "marker-start", "marker-mid", "marker-end",
    "paint-order", "vector-effect", "shape-rendering", "text-rendering", "image-rendering",
    "color-interpolation", "color-interpolation-filters", "mix-blend-mode", "isolation",
    "font-family", "font-size", "font-style", "font-variant", "font-weight", "font-stretch",
    "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction",
    "unicode-bidi", "white-space",
    "stop-color", "stop-opacity", "flood-color", "flood-opacity", "lighting-color",
    # paint servers, clipping, masking, markers
    "offset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
    "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
    "orient", "requiredFeatures", "requiredExtensions", "systemLanguage",
    # filters
    "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode",
    "operator", "k1", "k2", "k3", "k4", "values", "type", "radius", "scale",
    "xChannelSelector", "yChannelSelector", "baseFrequency", "numOctaves", "seed",
    "stitchTiles", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY", "edgeMode",
    "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
    # references inside the file only (checked below)
    "href",
}  # fmt: skip
_XLINK_HREF = f"{{{XLINK_NS}}}href"
_XML_ATTRIBUTES = {f"{{{XML_NS}}}space": "xml:space", f"{{{XML_NS}}}lang": "xml:lang"}

_CSS_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.DOTALL)
_INVISIBLE = re.compile(
    r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)
_URL = re.compile(r"url\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"""url\((['"]?)#[^)'"]*\1\)""", re.IGNORECASE)
# After decoding and removing whitespace, in lower case: what reaches outside or runs.
_FORBIDDEN_TOKENS = (
    "javascript:", "vbscript:", "data:", "@import", "expression(", "image(", "image-set(",
    "element(", "cross-fade(", "-moz-binding", "behavior:", "src(",
)  # fmt: skip


def _decode_css(text: str) -> str:
    """CSS as the browser reads it: comments out, escapes decoded (``u\\72l`` is ``url``)."""

    def unescape(match):
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match.group(2)

    previous = None
    while previous != text:  # escapes that spell escapes
        previous = text
        text = _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", text))
    return text


def reaches_outside(value: str) -> bool:
    """Whether an attribute value or a style sheet refers to anything outside the file or runs
    script, however it is written."""
    compact = _INVISIBLE.sub("", _decode_css(value)).lower()
    if any(token in compact for token in _FORBIDDEN_TOKENS):
        return True
    return len(_URL.findall(compact)) != len(_LOCAL_URL.findall(compact))


class _Refused(Exception):
    def __init__(self, message):
        self.message = message


class _Builder(StdElementTree.TreeBuilder):
    """Keeps processing instructions so that they can be refused (the default drops them)."""

    def __init__(self):
        super().__init__()
        self.instructions = []

    def pi(self, target, text=None):
        self.instructions.append(target)


def _split(name: str):
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return namespace, local
    return "", name


def _clean_attributes(element, local_tag):
    kept = {}
    for name, value in element.attrib.items():
        namespace, local = _split(name)
        if local.lower().startswith("on"):
            raise _Refused(
                _("The SVG file contains an event handler (%(name)s).") % {"name": local}
            )
        if name in _XML_ATTRIBUTES:
            kept[name] = value
            continue
        if name == _XLINK_HREF or (not namespace and local == "href"):
            if not _INVISIBLE.sub("", value).startswith("#") or reaches_outside(value):
                raise _Refused(
                    _("The SVG file refers to another file or address (%(value)s).")
                    % {"value": value[:60]}
                )
            kept[name] = value
            continue
        if local != "aria-label" and reaches_outside(value):  # a label is text, not a reference
            raise _Refused(
                _("The SVG file refers to another file or address (%(value)s).")
                % {"value": value[:60]}
            )
        if not namespace and local in ATTRIBUTES:
            kept[name] = value
        # Anything else (editors' attributes, unknown ones) is left out.
    return kept


def _rebuild(element, parent=None):
    namespace, local = _split(element.tag)
    if namespace in EDITOR_NAMESPACES or (namespace == SVG_NS and local in DROPPED_ELEMENTS):
        return None
    if local.lower() in ("script", "foreignobject", "iframe", "embed", "object", "handler"):
        raise _Refused(
            _("The SVG file contains a script or embedded content (<%(tag)s>).") % {"tag": local}
        )
    if namespace != SVG_NS or local not in ELEMENTS:
        raise _Refused(
            _(
                "The SVG file contains an element that pictures may not use (<%(tag)s>). "
                "Save it again as a plain drawing."
            )
            % {"tag": local}
        )
    attributes = _clean_attributes(element, local)
    if parent is None:
        rebuilt = StdElementTree.Element(element.tag, attributes)
    else:
        rebuilt = StdElementTree.SubElement(parent, element.tag, attributes)
    rebuilt.text = element.text
    if local == "style" and element.text and reaches_outside(element.text):
        raise _Refused(_("The SVG file's styles refer to another file or address."))
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments
        kept = _rebuild(child, rebuilt)
        if kept is not None:
            kept.tail = child.tail
        elif child.tail:  # the dropped element's tail text stays with what precedes it
            if len(rebuilt):
                rebuilt[-1].tail = (rebuilt[-1].tail or "") + child.tail
            else:
                rebuilt.text = (rebuilt.text or "") + child.tail
    if local == "style" and len(rebuilt):
        raise _Refused(_("The SVG file's styles refer to another file or address."))
    return rebuilt


def sanitise_svg(content: bytes) -> bytes:
    """The SVG rebuilt from allowed elements and attributes only. Raises ValidationError, in the
    editor's language, for a file that cannot be made safe by leaving metadata out."""
    if len(content) > MAX_SVG_BYTES:
        raise ValidationError(
            _("The SVG file is larger than 512 KB. Simplify it or upload a PNG."), code="unsafe_svg"
        )
    builder = _Builder()
    try:
        parser = ElementTree.DefusedXMLParser(
            target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        parser.feed(content)
        root = parser.close()
    except DefusedXmlException:
        raise ValidationError(
            _("The SVG file declares a DOCTYPE or entities. Save it again as plain SVG."),
            code="unsafe_svg",
        ) from None
    except (StdElementTree.ParseError, ValueError, TypeError):
        raise ValidationError(
            _("The file is not a readable SVG image."), code="unsafe_svg"
        ) from None
    if builder.instructions:
        raise ValidationError(
            _(
                "The SVG file contains a processing instruction (<?%(target)s?>). "
                "Save it again as plain SVG."
            )
            % {"target": builder.instructions[0][:40]},
            code="unsafe_svg",
        )
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(_("The file is not a readable SVG image."), code="unsafe_svg")
    try:
        rebuilt = _rebuild(root)
    except _Refused as refusal:
        raise ValidationError(refusal.message, code="unsafe_svg") from None
    return StdElementTree.tostring(rebuilt, encoding="utf-8", xml_declaration=False)


def svg_problem(content: bytes) -> str | None:
    """Why this SVG cannot be used, or None when it is safe."""
    try:
        sanitise_svg(content)
    except ValidationError as error:
        return error.messages[0]
    return None


def is_svg_name(name: str) -> bool:
    return (name or "").lower().endswith(".svg")


def sanitised_svg_file(file):
    """For an SVG upload, a new uploaded file holding the rebuilt SVG (ValidationError when it
    is unsafe); any other file as it is."""
    if file is None or not is_svg_name(getattr(file, "name", "")):
        return file
    from django.core.files.uploadedfile import SimpleUploadedFile

    file.seek(0)
    content = file.read()
    file.seek(0)
    rebuilt = sanitise_svg(content if isinstance(content, bytes) else content.encode())
    clean = SimpleUploadedFile(file.name, rebuilt, content_type="image/svg+xml")
    for attribute in ("image",):  # what Wagtail's image field attached (Willow's image)
        if hasattr(file, attribute):
            setattr(clean, attribute, getattr(file, attribute))
    return clean


def validate_svg_file(file) -> None:
    """Raise ValidationError for an unsafe SVG; other files pass untouched."""
    sanitised_svg_file(file)
