"""The page cache's key and its generation (etablering/page_cache.py, pages/signals.py): the key
holds the scheme; a foreign or malformed Host is refused before any page is built or cached; and
only a change that can show on a public page moves the content generation (each move empties
every cached page)."""

import time
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from etablering import page_cache
from etablering.page_cache import GENERATION_KEY, forget_all_pages_soon, generation
from pages.media import MediaFile
from pages.signals import may_show


@pytest.fixture
def visitor(db):
    return Client(HTTP_HOST="testserver", raise_request_exception=False)


def cached_pages() -> int:
    cache = caches["pages"]
    return sum(1 for key in cache._cache if GENERATION_KEY not in key)


def test_a_page_cached_over_http_is_not_served_to_https(visitor):
    http = visitor.get("/sv/")
    assert http["X-Page-Cache"] == "miss"
    assert visitor.get("/sv/")["X-Page-Cache"] == "hit"
    https = visitor.get("/sv/", secure=True)
    assert https["X-Page-Cache"] == "miss"
    html = https.content.decode()
    assert 'hreflang="ar" href="https://testserver/ar/' in html
    assert "http://testserver" not in html
    assert visitor.get("/sv/", secure=True)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:99999",
        "127.0.0.1:65536",
        "127.0.0.1:0",
        "testserver:00000",
        "testserver:" + "9" * 30,
        "testserver:８０",
        "testserver:80:80",
        "test server",
        "testserver\x00",
        "[::1]:99999",
    ],
)
def test_an_invalid_host_is_refused_before_any_page_is_built_or_cached(visitor, host):
    response = visitor.get("/sv/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "X-Page-Cache" not in response
    assert cached_pages() == 0


def test_a_valid_port_is_accepted(visitor):
    assert visitor.get("/sv/", HTTP_HOST="127.0.0.1:8000").status_code == 200


def _task_row():
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="pages.speech.generate_speech",
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def _log_entry():
    from wagtail.log_actions import log
    from wagtail.models import Page

    log(instance=Page.objects.live().last(), action="wagtail.view_restriction.create")


def _session():
    session = SessionStore()
    session["visited"] = True
    session.save()


def _case():
    from forms.models import Case

    case = Case.objects.create(
        reference=f"T-{uuid.uuid4().hex[:8]}",
        submission_token=uuid.uuid4().hex,
        channel="question",
        language="sv",
        message="Hej",
    )
    case.status = "closed"
    case.save()


def _new_clip():
    clip = MediaFile(title="Not yet linked", type="audio", duration=1, language="sv")
    clip.file.save("not-linked.mp3", ContentFile(b"ID3" + b"\0" * 64), save=False)
    clip.save()
    clip.title = "Renamed, still not linked"
    clip.save()
    clip.delete()


UNSEEN = {
    "a task's bookkeeping row": _task_row,
    "a log entry": _log_entry,
    "a session": _session,
    "a case": _case,
    "a clip no page or snippet uses": _new_clip,
}


@pytest.mark.parametrize("change", UNSEEN)
def test_a_change_no_public_page_can_show_leaves_the_cached_pages(
    visitor, change, django_capture_on_commit_callbacks
):
    assert visitor.get("/sv/")["X-Page-Cache"] == "miss"
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        UNSEEN[change]()
    assert generation() == before
    assert visitor.get("/sv/")["X-Page-Cache"] == "hit"


def test_a_change_to_a_clip_a_page_uses_drops_the_cached_pages(
    visitor, django_capture_on_commit_callbacks
):
    clip = next(clip for clip in MediaFile.objects.all() if may_show(clip))
    assert visitor.get("/sv/")["X-Page-Cache"] == "miss"
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        clip.title = "A new title"
        clip.save()
    assert generation() != before
    assert visitor.get("/sv/")["X-Page-Cache"] == "miss"


def test_the_workers_clip_after_clip_drop_the_pages_once_within_the_delay(
    visitor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "WORKER_DELAY": 5}
    assert visitor.get("/sv/")["X-Page-Cache"] == "miss"
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        for _clip in range(20):
            forget_all_pages_soon()
    assert generation() == before  # twenty clips linked: the pages stay for now...
    assert visitor.get("/sv/")["X-Page-Cache"] == "hit"
    later = time.time() + 5
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    after = generation()
    assert after != before  # ...and go once, five seconds after the first
    assert generation() == after
    assert visitor.get("/sv/")["X-Page-Cache"] == "miss"
