"""The private attributes of Wagtail, treebeard, modelsearch and Django that the site relies on
(etablering/wagtail_internals.py) still do what we rely on in the installed versions, and no
other module of ours reaches into one. An upgrade that changes one fails here, by name."""

import ast
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import LimitedStream
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import LazyObject
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from etablering import wagtail_internals as internals

ROOT = Path(__file__).resolve().parent.parent
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"></svg>'


def _png(width, height):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height)).save(out, "PNG")
    return out.getvalue()


def _queries(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured)


@pytest.fixture
def request_():
    return RequestFactory().get("/sv/", HTTP_HOST="localhost")


def test_wagtail_finds_the_site_we_set_on_the_request(db, request_):
    site = SimpleNamespace(root_page=None, pk=-1)
    internals.set_request_site(request_, site, [])
    found, queries = _queries(lambda: Site.find_for_request(request_))
    assert found is site and queries == 0
    assert internals.request_site(request_) is site


def test_wagtail_builds_page_urls_from_the_root_paths_we_set(db, request_):
    page = Page.objects.filter(depth=2).first()
    roots = [SimpleNamespace(site_id=-1, root_path=page.url_path, root_url="x", language_code="sv")]
    internals.set_request_site(request_, None, roots)
    relevant, queries = _queries(lambda: internals.relevant_site_root_paths(page, request_))
    assert relevant == tuple(roots) and queries == 0


def test_wagtail_serves_the_route_we_found(db, request_):
    route = object()
    internals.set_request_route(request_, lambda: route)
    assert Page.route_for_request(request_, "/any/where/") is route
    internals.set_request_route(request_, lambda: pytest.fail("routed twice"))


def test_treebeard_returns_the_parent_we_linked_without_a_query(db):
    page = Page.objects.filter(depth=3).first()
    parent = SimpleNamespace(title="linked")
    assert internals.known_parent(page) is None
    internals.set_known_parent(page, parent)
    found, queries = _queries(page.get_parent)
    assert found is parent and queries == 0
    assert internals.known_parent(page) is parent


def test_wagtail_looks_locales_up_through_the_replaced_method(db):
    from wagtail.models.i18n import LocaleManager

    uncached = LocaleManager.get_for_language.uncached
    assert uncached.__qualname__ == "LocaleManager.get_for_language"
    assert uncached.__module__ == "wagtail.models.i18n"
    Locale.objects.get_for_language("sv")
    locale, queries = _queries(lambda: Locale.objects.get_for_language("sv"))
    assert locale.language_code == "sv" and queries == 0


def test_modelsearch_indexes_with_the_configuration_on_the_backend():
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer

    backend = SimpleNamespace(config="simple", autocomplete_config="simple")
    document = SimpleNamespace(get_search_fields=lambda: [])
    with internals.search_configuration(backend, "swedish"):
        assert ObjectIndexer(document, backend).config == "swedish"
    assert backend.config == "simple"


@pytest.mark.parametrize(("name", "content"), [("dot.png", _png(12, 8)), ("drawing.svg", SVG)])
def test_wagtail_measures_and_hashes_a_file_our_code_writes(db, name, content):
    image = get_image_model()(title="t")
    image.file = ContentFile(content, name=name)
    assert internals.file_is_stored(image.file) is False  # assigned, not yet written
    internals.read_image_file_metadata(image)
    assert (image.width, image.height) == (12, 8)
    assert len(image.file_hash) == 40
    image.file_hash = ""
    internals.refresh_file_hash(image)
    assert len(image.file_hash) == 40
    image.save()
    assert internals.file_is_stored(image.file) is True


def test_django_reads_the_body_we_hand_on():
    form = "application/x-www-form-urlencoded"
    post = RequestFactory().post("/x/", data=b"a=1", content_type=form)
    internals.replace_request_body(post, LimitedStream(io.BytesIO(b"a=2&b=3"), 7))
    post.META["CONTENT_LENGTH"] = "7"
    assert post.POST.dict() == {"a": "2", "b": "3"}


def test_a_lazy_object_builds_itself_again_after_a_reset():
    built = []

    class Counted(LazyObject):
        def _setup(self):
            built.append(1)
            self._wrapped = SimpleNamespace(n=len(built))

    lazy = Counted()
    assert lazy.n == 1
    internals.reset_lazy_object(lazy)
    assert lazy.n == 2


# Private by name, public by documentation or our own: Django's model API (_meta, the managers,
# _state.adding), os._exit, namedtuple's _replace, and attributes our own code sets on objects.
PUBLIC_OR_OURS = {
    "_meta",
    "_default_manager",
    "_base_manager",
    "_state",
    "_exit",
    "_replace",
    "_asdict",
    "_permissions_policy",  # etablering/middleware.py, on responses
    "_glossary_linker",  # pictures/templatetags, on requests
}


def _our_modules():
    skip = {".venv", "tests", "node_modules", "var", "media"}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if skip & set(parts) or "migrations" in parts or parts[0].endswith(".egg-info"):
            continue
        if path.name != "wagtail_internals.py":
            yield path


def _private_uses(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in {"self", "cls"}:
                continue
            if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
                continue
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") in {"getattr", "hasattr", "setattr", "delattr"}
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        else:
            continue
        if name.startswith("_") and not name.startswith("__") and name not in PUBLIC_OR_OURS:
            yield f"{path.relative_to(ROOT)}:{node.lineno} {name}"


def test_no_module_but_the_internals_one_touches_a_private_attribute():
    modules = list(_our_modules())
    assert any(path.name == "serve.py" for path in modules)  # the scan reaches the apps
    found = [use for path in modules for use in _private_uses(path)]
    assert found == [], "move these into etablering/wagtail_internals.py:\n" + "\n".join(found)
