"""A real server with the demo content, and Debian's Chromium driven by Playwright."""

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SitePreparation:
    """The browser tests' site: its own SQLite database and media folders with the demo content.

    When the session's own test database is SQLite, the demo loaded into it once for the whole
    session is copied here as it stands right after loading (``copy_from_session``, from the
    root conftest), before any test changes it: the demo is loaded once per run, not twice.
    Otherwise (a PostgreSQL session that runs browser tests) a separate process migrates and
    loads it (``start``); ``site_url`` waits for whichever was used."""

    process = None
    workdir = None
    env = None
    copied = False

    @classmethod
    def prepare(cls, workdir: Path) -> None:
        """Where the site will live; nothing is made yet."""
        if cls.workdir is not None:
            return
        cls.workdir = workdir
        cls.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        cls.env.update(
            DJANGO_SETTINGS_MODULE="etablering.settings.test",
            TEST_SQLITE_PATH=str(workdir / "site.sqlite3"),
            TEST_MEDIA_ROOT=str(workdir / "media"),
            TEST_PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
            PYTHONUNBUFFERED="1",
        )

    @classmethod
    def copy_from_session(cls, connection) -> bool:
        """Copy the session's freshly loaded SQLite database and media; False: not SQLite."""
        if cls.workdir is None or cls.process is not None or connection.vendor != "sqlite":
            return False
        if cls.copied:
            return True
        import sqlite3

        connection.ensure_connection()
        target = sqlite3.connect(cls.env["TEST_SQLITE_PATH"])
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        shutil.copytree(settings.MEDIA_ROOT, cls.env["TEST_MEDIA_ROOT"])
        shutil.copytree(settings.PRIVATE_MEDIA_ROOT, cls.env["TEST_PRIVATE_MEDIA_ROOT"])
        cls.copied = True
        return True

    @classmethod
    def start(cls, workdir: Path) -> None:
        cls.prepare(workdir)
        if cls.process is not None or cls.copied:
            return
        workdir = cls.workdir
        manage = f"{sys.executable} {Path(settings.BASE_DIR) / 'manage.py'}"
        cls.log = (workdir / "prepare.log").open("w")
        cls.process = subprocess.Popen(  # noqa: S602 - fixed commands of our own manage.py
            f"{manage} migrate --no-input -v0 && {manage} load_demo_content",
            shell=True,
            env=cls.env,
            stdout=cls.log,
            stderr=subprocess.STDOUT,
        )
        atexit.register(cls.stop)

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None and cls.process.poll() is None:
            cls.process.kill()

    @classmethod
    def wait(cls) -> None:
        if cls.copied:
            return
        if cls.process.wait(timeout=900) != 0:
            log = (cls.workdir / "prepare.log").read_text()
            pytest.fail("preparing the test site failed: " + log)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The site served by a separate process, on its own SQLite database with the demo content.

    Browser tests always use SQLite: they check templates, which do not depend on the database.
    """
    SitePreparation.start(tmp_path_factory.mktemp("site"))
    SitePreparation.wait()
    workdir, env = SitePreparation.workdir, SitePreparation.env
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2)  # noqa: S310 (http on loopback)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(
                    "the test server did not start: " + (workdir / "server.log").read_text()
                )
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's Chromium is missing: `make test` installs it (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # One Playwright per session (a second would run inside the first one's event loop), with
        # a fake microphone that needs no permission prompt for the recording workspace's tests.
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


ADMIN_USERNAME = "csp-admin"
ADMIN_PASSWORD = "browser-tests-only-0123456789"  # noqa: S105 (a throwaway test database)
_ADMIN_SETUP = """
import json
from django.contrib.auth import get_user_model
from forms.models import Case
from pages.models import ChainStepPage

User = get_user_model()
if not User.objects.filter(username=USERNAME).exists():
    User.objects.create_superuser(USERNAME, "csp-admin@example.org", PASSWORD)
if not Case.objects.exists():
    Case.create_from_submission(
        submission_token="csp-browser-test", channel="question", language="sv",
        phone="+46812345678", message="A fictional question for the browser tests.",
    )
print(json.dumps({
    "step": ChainStepPage.objects.filter(locale__language_code="sv").first().pk,
    "case": Case.objects.order_by("pk").first().pk,
}))
"""


@pytest.fixture(scope="session")
def site_admin(site_url, tmp_path_factory):
    """A superuser in the database of site_url, a case in its queue, and the ids of a step
    page and a case: {"username", "password", "step", "case"}."""
    databases = sorted(
        {path.resolve() for path in tmp_path_factory.getbasetemp().glob("site*/site.sqlite3")}
    )
    assert len(databases) == 1, databases
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.test", TEST_SQLITE_PATH=str(databases[0])
    )
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    code = _ADMIN_SETUP.replace("USERNAME", repr(ADMIN_USERNAME)).replace(
        "PASSWORD", repr(ADMIN_PASSWORD)
    )
    result = subprocess.run(
        manage + ["shell", "-c", code], env=env, check=True, capture_output=True, text=True
    )
    ids = json.loads(result.stdout.strip().splitlines()[-1])
    return {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, **ids}
