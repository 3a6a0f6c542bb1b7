"""What tells the processes that the content changed is shared by every process on the embedded
default (`make run`): a web server that has cached a page and remembered the glossary and a
clip's missing file shows, on its very next request, what another process (the task worker, a
shell) published or linked.

Two real processes with the development settings (file caches under CACHE_DIR) on a copy of
the test database: a server, and a second process that changes the content."""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

CHANGE = """
from django.core.files.base import ContentFile
from wagtail.models import Page
from pages.media import MediaFile
from pages.speech import _link
from pictures.models import GlossaryTerm

home = Page.objects.get(depth=2, locale__language_code="sv").specific
home.title = "Välkommen, ny rubrik från en annan process"
revision = home.save_revision()
revision.publish()

term = GlossaryTerm.objects.get(pk={term_pk})
clip = MediaFile(title="Worker clip", type="audio", duration=1, language="sv", synthetic=True)
clip.file.save("worker-clip.mp3", ContentFile(b"ID3" + bytes(512)), save=False)
clip.save()
_link(term, "audio", clip)  # as the worker links the clips it makes
# A page's recording whose file had gone: the worker makes it again (pages/speech.py).
recording = MediaFile.objects.get(pk={recording_pk})
name = recording.file.name.rsplit("/", 1)[-1]
recording.file.save(name, ContentFile(b"ID3" + bytes(512)), save=False)
recording.save(update_fields=["file"])
print("changed", clip.file.url)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:  # noqa: S310
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.fixture
def shared_site(tmp_path, django_db_blocker):
    """Environment of processes that share a copy of the test database, media and caches."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite; PostgreSQL runs with Redis (scale-check)")
    database = tmp_path / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(database)
        connection.connection.backup(target)  # the committed demo content
        target.close()
    media = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, media)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "etablering.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "CACHE_DIR": str(tmp_path / "cache"),
        "VAR_DIR": str(tmp_path / "var"),
        "PYTHONUNBUFFERED": "1",
    }


def test_a_second_process_changes_content_and_the_server_shows_it_at_once(shared_site, db):
    from pictures.models import GlossaryTerm

    term = GlossaryTerm.objects.filter(locale__language_code="sv", audio=None).first()
    assert term is not None
    port = _free_port()
    from wagtail.models import Page

    from pages.models import LeveledPage

    recorded = next(
        page
        for page in Page.objects.live().filter(locale__language_code="sv").specific()
        if isinstance(page, LeveledPage) and page.audio_id and page.audio.type == "audio"
    )
    (Path(shared_site["MEDIA_ROOT"]) / recorded.audio.file.name).unlink()  # the file is gone
    change = CHANGE.format(term_pk=term.pk, recording_pk=recorded.audio_id)
    log = Path(shared_site["VAR_DIR"] + ".log")
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=shared_site,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    _get(port, "/sv/")
                    break
                except OSError:
                    alive = server.poll() is None and time.monotonic() < deadline
                    assert alive, log.read_text()
                    time.sleep(0.5)
            # The server has the page cached and remembers the glossary (without a clip).
            assert _get(port, "/sv/")[0] == "hit"
            term_path = f"/sv/ord/{term.slug}/"
            assert "<audio" not in _get(port, term_path)[1]
            assert "<audio" not in _get(port, term_path)[1]
            recorded_path = recorded.url
            assert 'id="page-audio' not in _get(port, recorded_path)[1]
            assert _get(port, recorded_path)[0] == "hit"

            changed = subprocess.run(  # noqa: S603 - the second process
                [sys.executable, "manage.py", "shell", "-c", change],
                cwd=ROOT,
                env=shared_site,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert changed.returncode == 0, changed.stderr
            clip_url = changed.stdout.split()[-1]

            status, home = _get(port, "/sv/")
            assert status == "miss"
            assert "Välkommen, ny rubrik från en annan process" in home
            glossary_page = _get(port, term_path)[1]
            assert "<audio" in glossary_page and clip_url in glossary_page
            assert 'id="page-audio' in _get(port, recorded_path)[1]
        finally:
            server.terminate()
            server.wait(timeout=30)
