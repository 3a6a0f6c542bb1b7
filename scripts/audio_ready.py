#!/usr/bin/env python3
"""After a fresh start, how long until every chain step can be heard, and how fast a new contact
is notified meanwhile.

    .venv/bin/python scripts/audio_ready.py [--contacts 3] [--timeout 1200]

As `make run` does, on a fresh SQLite database and media folder in a temporary folder (the
development settings): migrate, load the demo content (which queues thousands of index and
speech tasks), then start the task workers `make run` starts (two `manage.py db_worker`) and
the scheduler. It reports

- the time from the worker's start until every live chain step (with the chain's home and
  overview) in every language with a voice has every clip it should have (each reading level
  with text, and the pictures-mode line), and how many tasks were still waiting then;
- for ``--contacts`` new contacts, queued as the contact form queues them while thousands of
  content tasks wait: the seconds until the team's notification was sent.

Exit status 0 when the chain was heard within 5 minutes and every contact was notified within
60 seconds.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAIN_SECONDS = 300
NOTIFY_SECONDS = 60


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def manage(*args: str, timeout: float = 1800) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, timeout=timeout
    )


def missing_chain_clips() -> int:
    from wagtail.models import Page

    from etablering.languages import BY_CODE
    from pages import speech
    from pages.models import ChainOverviewPage, ChainStepPage, HomePage

    missing = 0
    pages = Page.objects.live().type(HomePage, ChainOverviewPage, ChainStepPage).specific()
    for page in pages:
        for registration in speech.registrations_for(page):
            language = BY_CODE.get(registration.language(page))
            if language is None or not speech.voice_for(language.code):
                continue
            if registration.text(page) and getattr(page, f"{registration.field}_id") is None:
                missing += 1
    return missing


def waiting_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def new_contact() -> int:
    from forms.models import Case
    from forms.tasks import notify_team

    case, _created = Case.create_from_submission(
        submission_token=secrets.token_urlsafe(16),
        channel="callback",
        language="ar",
        phone="+46700000000",
    )
    notify_team.enqueue(case.pk)  # as the form view does once the case is stored
    return case.pk


def notified(case_id: int) -> bool:
    from forms.models import Case

    return Case.objects.filter(pk=case_id, notification_sent_at__isnull=False).exists()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument(
        "--workers", type=int, default=2, help="task workers, as `make run` (TASK_WORKERS) starts"
    )
    options = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="audio-ready-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.dev",
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        MEDIA_ROOT=str(tmp / "media"),
        VAR_DIR=str(tmp / "var"),
    )
    os.environ.pop("DATABASE_URL", None)
    log(f"fresh site in {tmp}: migrate, demo content")
    manage("migrate", "--no-input", "-v0")
    manage("load_demo_content")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    log(f"{waiting_tasks()} tasks waiting; {missing_chain_clips()} chain clips missing")
    processes = []
    with open(tmp / "worker.log", "ab") as worker_log:
        workers = [["db_worker", "--no-reload"]] * options.workers
        for command in [*workers, ["run_scheduler"]]:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own manage.py
                    [sys.executable, "manage.py", *command],
                    cwd=ROOT,
                    stdout=worker_log,
                    stderr=subprocess.STDOUT,
                )
            )
    started = time.monotonic()
    chain_heard_after = None
    waiting_then = None
    latencies = []
    contact, contact_sent_at, queued_behind = None, 0.0, 0
    try:
        while time.monotonic() - started < options.timeout:
            elapsed = time.monotonic() - started
            if contact is None and len(latencies) < options.contacts and elapsed > 5:
                queued_behind = waiting_tasks()
                contact, contact_sent_at = new_contact(), time.monotonic()
            if contact is not None and notified(contact):
                latency = time.monotonic() - contact_sent_at
                latencies.append((round(latency, 1), queued_behind))
                log(f"contact notified after {latency:.1f} s ({queued_behind} tasks waiting)")
                contact = None
            if chain_heard_after is None:
                missing = missing_chain_clips()
                if missing == 0:
                    chain_heard_after = elapsed
                    waiting_then = waiting_tasks()
                    log(f"every chain clip made after {elapsed:.0f} s ({waiting_then} waiting)")
            if chain_heard_after is not None and len(latencies) >= options.contacts:
                break
            time.sleep(1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    print("Audio of the chain after a fresh start, and notifications meanwhile:")
    print(f"  load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"  every chain clip made after: {chain_heard_after and round(chain_heard_after)} s")
    print(f"  tasks still waiting then: {waiting_then}")
    print(f"  notifications (seconds, tasks waiting when queued): {latencies}")
    ok = (
        chain_heard_after is not None
        and chain_heard_after <= CHAIN_SECONDS
        and len(latencies) == options.contacts
        and all(latency <= NOTIFY_SECONDS for latency, _ in latencies)
    )
    print("  OK" if ok else "  target missed")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
