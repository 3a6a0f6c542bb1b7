"""One way to read numbers and ids from requests (etablering/params.py): ASCII digits only, within
bounds; anything else is a listing's "not a valid value" message or a 404, never a 500.

The property test at the end sends arbitrary text, every kind of Unicode digit included, to every
query parameter and form field of every public URL in the sitemap (and the pictures mode,
glossary and search), and to every form those pages post to."""

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etablering.languages import LANGUAGES
from etablering.params import MAX_ID, object_id, page_number, parse_int

from .intake_helpers import FORM_PATHS, VALID, form_token

# Text that looks like a number to someone, or to some function, and is not one to us.
DIGIT_LIKE = [
    "²",  # superscript two (No): str.isdigit() says yes, int() says no
    "¹²³",
    "①",  # circled digit (No)
    "Ⅻ",  # Roman numeral (Nl)
    "٣",  # Arabic-Indic three (Nd): int() accepts it
    "۴۲",  # Extended Arabic-Indic (Persian) digits
    "１２",  # fullwidth digits
    "߁",  # N'Ko digit
    "१२",  # Devanagari
    "𝟏",  # mathematical bold one
    "𐒡",  # Osmanya (Somali script) digit
    "፩",  # Ethiopic digit one (No)
    "½",
    "1_000",
    " 1",
    "1 ",
    "+1",
    "-1",
    "0",
    "1.0",
    "1e3",
    "0x10",
    "9" * 30,  # beyond 64 bits
    "9" * 5000,  # beyond int()'s 4,300-digit limit
    "1\x00",
    "\x00",
    "\ud800",  # a lone surrogate: sent as the bytes ED A0 80, which are not UTF-8
    "%ff",
    "",
]


def test_only_ascii_digits_within_bounds_are_numbers():
    assert parse_int("42") == 42
    assert parse_int("007") == 7
    assert object_id(str(MAX_ID)) == MAX_ID
    assert object_id(str(MAX_ID + 1)) is None
    assert object_id("0") is None
    assert page_number("1000001") is None
    assert parse_int(5) == 5 and parse_int(True) is None and parse_int(None) is None
    for value in DIGIT_LIKE:
        assert object_id(value) is None, value


@given(st.text(st.characters(categories=["Nd", "No", "Nl"], exclude_characters="0123456789")))
def test_no_other_kind_of_digit_is_a_number(text):
    assert parse_int(text) is None


@given(st.integers(min_value=0, max_value=MAX_ID))
def test_every_number_in_range_reads_back(number):
    assert parse_int(str(number)) == number


# --- the reported cases ------------------------------------------------------------------------


@pytest.fixture
def visitor(db):
    return Client(HTTP_HOST="testserver", raise_request_exception=False)


def _library_url(visitor):
    from wagtail.models import Page

    from partners.models import MaterialLibraryPage

    return Page.objects.type(MaterialLibraryPage).live().first().url


@pytest.mark.parametrize("value", ["²", "٣", "１", "9" * 5000, "0"])
def test_a_page_number_that_is_not_one_gets_the_listings_message(visitor, value):
    response = visitor.get(_library_url(visitor), {"sida": value})
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()


@pytest.mark.parametrize("value", ["²", "٣", "9" * 40, "9" * 5000])
@pytest.mark.parametrize(("channel", "name"), [("employer", "offer"), ("partner", "colleague")])
def test_an_offer_or_colleague_that_is_not_an_id_is_ignored(visitor, channel, name, value):
    url = f"/sv/{FORM_PATHS[channel]}"
    assert visitor.get(url, {name: value}).status_code == 200
    posted = visitor.post(url, {**VALID[channel], "form_token": form_token(), name: value})
    assert posted.status_code in (200, 302)


@pytest.mark.parametrize("segment", ["²", "٣", "9" * 40])
def test_a_document_id_that_is_not_one_is_not_found(visitor, segment):
    response = visitor.get(f"{_library_url(visitor)}{quote(segment)}/")
    assert response.status_code == 404


@pytest.mark.parametrize("header", ["bytes=²-", "bytes=-٣", "bytes=" + "9" * 5000 + "-"])
def test_a_range_that_is_not_numbers_gets_the_whole_file(header):
    from pages.media_views import parse_range

    assert parse_range(header, 1000) is None


# --- the property test over every public URL ---------------------------------------------------

SOURCE_DIRS = ("etablering", "pages", "forms", "employers", "partners", "pictures")
# Query parameters the code reads: request.GET.get("x"), params.get("x"), _choice(params, "x").
_READS = re.compile(r'(?:GET\.get|params\.get|GET\.getlist|_choice\(\s*params,)\(?\s*"(\w+)"')
EXAMPLES_PER_TARGET = 2  # the first is the simplest draw (a "²" in each), the second random
# Enough Unicode digits to matter, and more than 4,300 digits once in a while.
hostile = st.one_of(
    st.sampled_from(DIGIT_LIKE),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), max_size=8),
    st.text(st.characters(codec=None, categories=["L", "N", "P", "S", "Z", "C"]), max_size=40),
    st.integers().map(str),
    st.builds(lambda n, d: d * n, st.integers(4300, 6000), st.sampled_from(["9", "٩", "²"])),
)


def parameters_read_in_code() -> set[str]:
    root = Path(__file__).resolve().parent.parent
    names = set()
    for directory in SOURCE_DIRS:
        for path in (root / directory).rglob("*.py"):
            names.update(_READS.findall(path.read_text(encoding="utf-8")))
    return names


class _Forms(HTMLParser):
    """Each form's method, action and field names, and the query parameters of the page's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.link_parameters = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action"), "fields": set()})
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if self.forms:
                self.forms[-1]["fields"].add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            for pair in attrs["href"].split("?", 1)[1].split("&"):
                self.link_parameters.add(pair.split("=", 1)[0])


def encode(parameters: dict[str, str]) -> str:
    """A query string or form body carrying any text, lone surrogates as their raw bytes."""
    return "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"
        for name, value in parameters.items()
    )


def public_targets(visitor) -> list[tuple[str, str, frozenset]]:
    """(method, path, parameter names) for every public URL and every form on them."""
    sitemap = visitor.get("/sitemap.xml").content.decode()
    paths = {urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    from pictures.models import GlossaryTerm

    term = GlossaryTerm.objects.first()
    for language in LANGUAGES:
        prefix = f"/{language.code}/"
        paths.update(f"{prefix}{p}" for p in ("bilder/", "bilder/1/", "bilder/1/kort/", "ord/"))
        paths.update({f"{prefix}sok/", f"{prefix}bilder/99/"})
        if term is not None:
            paths.add(f"{prefix}ord/{term.slug}/")
    in_code = sorted(parameters_read_in_code())
    targets = []
    for index, path in enumerate(sorted(paths)):
        # Each page is read once with a digit-like value in every parameter the code reads
        # (rotating, so every value meets every parameter somewhere), and its forms are noted.
        rotated = {
            name: DIGIT_LIKE[(index + i) % len(DIGIT_LIKE)] for i, name in enumerate(in_code)
        }
        response = visitor.get(path, QUERY_STRING=encode(rotated))
        assert response.status_code < 500, (path, rotated)
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        query = set(in_code) | parser.link_parameters
        for form in parser.forms:
            action = urlsplit(form["action"] or path).path or path
            fields = frozenset(form["fields"] - {"csrfmiddlewaretoken"})
            if form["method"] == "get" and action == path:
                query |= fields
            elif form["method"] == "post" and action.startswith("/"):
                targets.append(("POST", action, fields))
        targets.append(("GET", path, frozenset(query)))
    return sorted(set(targets), key=lambda target: (target[0], target[1], sorted(target[2])))


def arbitrary_values(check, method, path, names):
    count = len(names)

    @settings(
        max_examples=EXAMPLES_PER_TARGET,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=st.lists(hostile, min_size=count, max_size=count))
    def arbitrary(values):
        check(method, path, names, values)

    arbitrary()


def test_no_text_in_any_parameter_or_field_of_any_public_url_gives_a_5xx(visitor, capsys):
    started, cpu_started = time.monotonic(), time.process_time()
    targets = public_targets(visitor)
    assert len([t for t in targets if t[0] == "GET"]) > 100  # the sitemap was read
    assert {f"/sv/{path}" for path in FORM_PATHS.values()} <= {t[1] for t in targets}

    def check(method, path, names, values):
        parameters = dict(zip(sorted(names), values, strict=False))
        if method == "GET":
            response = visitor.get(path, QUERY_STRING=encode(parameters))
        else:
            parameters.setdefault("form_token", form_token())
            response = visitor.generic(
                "POST", path, encode(parameters), "application/x-www-form-urlencoded"
            )
        assert response.status_code < 500, (method, path, parameters)

    sent = len({t[1] for t in targets if t[0] == "GET"})  # read once each, above
    for index, (method, path, names) in enumerate(targets):
        if method == "POST":  # every field of every form gets a digit-like value, in turn...
            rotated = [DIGIT_LIKE[(index + i) % len(DIGIT_LIKE)] for i in range(len(names))]
            check(method, path, names, rotated)
            sent += 1
        # ...and every parameter and field arbitrary text, a different draw for each.
        arbitrary_values(check, method, path, names)
        sent += EXAMPLES_PER_TARGET
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\n{len(targets)} targets ({sum(t[0] == 'POST' for t in targets)} forms), "
            f"{len(set().union(*(t[2] for t in targets)))} parameter names, "
            f"about {sent} requests in {elapsed:.1f} s "
            f"({time.process_time() - cpu_started:.1f} s of CPU)"
        )
