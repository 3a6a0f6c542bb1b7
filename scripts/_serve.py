"""Serve the site as production does, for the scripts in this folder (bench.py, scale_check.py,
load_intake.py).

A fresh database (a SQLite file in a temporary folder, or the empty PostgreSQL database given as
a URL), ``migrate``, ``load_demo_content`` and ``collectstatic`` with production settings, then
gunicorn (gthread, 2 workers x 16 threads unless told otherwise) on a free port of 127.0.0.1.

Only the standard library is used.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNING: list[subprocess.Popen] = []  # started servers, for a watchdog
# The demo load takes about two minutes on a quiet two-core machine; on a busy shared one it can
# take much longer: PREPARE_TIMEOUT_SECONDS raises the limit of each preparation step.
PREPARE_TIMEOUT = float(os.environ.get("PREPARE_TIMEOUT_SECONDS", 900))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp: Path, database_url: str = "", **extra: str) -> dict:
    """Production settings from the environment, as a deployment sets them, on loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        VAR_DIR=str(tmp / "var"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("DEBUG", None)
    env.pop("DJANGO_DEBUG", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp / "db.sqlite3")
    env.update(extra)
    return env


def describe_database(env: dict) -> str:
    if env.get("DATABASE_URL"):
        url = env["DATABASE_URL"]
        if url.startswith("sqlite:"):
            return f"SQLite /{url.split(':', 1)[1].lstrip('/')} (via DATABASE_URL)"
        scheme, _, rest = url.partition("://")
        return f"{'PostgreSQL' if scheme.startswith('postgres') else scheme} {rest.split('@')[-1]}"
    return f"SQLite {env['SQLITE_PATH']} (WAL, IMMEDIATE)"


def manage(env: dict, *args: str, timeout: float) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(env: dict) -> dict:
    """Migrate, load the demo content and collect the static files; returns the env used.

    If the production settings insist on DATABASE_URL while a SQLite file is wanted, the same
    file is given as ``sqlite:////abs/path`` (dj-database-url understands it).
    """
    try:
        manage(env, "migrate", "--no-input", "-v0", timeout=600)
    except RuntimeError as error:
        if env.get("DATABASE_URL") or "DATABASE_URL" not in str(error):
            raise
        env = dict(env, DATABASE_URL="sqlite:///" + env["SQLITE_PATH"])
        log("production settings want DATABASE_URL: using " + env["DATABASE_URL"])
        manage(env, "migrate", "--no-input", "-v0", timeout=600)
    manage(env, "load_demo_content", timeout=PREPARE_TIMEOUT)
    # Wagtail queues search-index updates as background tasks; no worker runs here, so the
    # index is built at once (as a deployment's worker would build it).
    manage(env, "update_index", timeout=PREPARE_TIMEOUT)
    manage(env, "collectstatic", "--no-input", "-v0", timeout=300)
    return env


def start_server(
    env: dict, port: int, tmp: Path, workers: int = 2, threads: int = 16, config: str = ""
):
    """gunicorn on 127.0.0.1:port: with ``config``, that configuration file as shipped
    (etablering/gunicorn.conf.py: its workers, threads, recycling and logs); otherwise
    ``workers`` x ``threads`` gthread workers and nothing else."""
    log_file = open(tmp / "gunicorn.log", "ab")  # noqa: SIM115 - closed with the process
    if config:
        env = dict(env, HOST="127.0.0.1", PORT=str(port))
        command = [sys.executable, "-m", "gunicorn", "-c", config, "etablering.wsgi:application"]
        process = subprocess.Popen(  # noqa: S603 - fixed command
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        RUNNING.append(process)
        return process
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "etablering.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--timeout",
        "120",
    ]
    process = subprocess.Popen(  # noqa: S603 - fixed command
        command,
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    RUNNING.append(process)
    return process


def stop_server(process) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def kill_all() -> None:
    """For a watchdog: end every server this module started (by its own process group)."""
    for process in RUNNING:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def wait_until_up(url: str, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")
