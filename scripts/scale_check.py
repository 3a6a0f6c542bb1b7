"""Scaling out on one machine: two app processes, one PostgreSQL, one Redis, two task workers.

    python scripts/scale_check.py --database-url postgres://postgres@127.0.0.1:5432/postgres \
        --redis-url redis://127.0.0.1:6379/14

Creates a fresh database next to the one named (and drops it afterwards), flushes the Redis
database given, prepares the site with production settings (migrate, demo content, static files)
and starts two gunicorn processes on two ports, plus a small SMTP server that records every mail
it accepts and answers slowly (so that a worker can be killed while it is sending). It checks:

1. both processes serve the same page, and a page published by a third process (manage.py)
   shows at once on both (the page cache lives in Redis, not in a process), also where another
   page shows its title (a query string passes the page cache; what each process remembers of
   the content is forgotten on the shared content generation: etablering/content_memo.py);
2. rate limits are shared: the fourth call-me-back request from one browser session in ten
   minutes is refused (429) although the requests alternate between the two processes (limits
   count per client and session, never per phone number: forms/antispam.py);
3. every case is notified exactly once although two task workers race for the mails, both are
   killed (SIGKILL) in the middle of the batch, and one new worker and the sweep take over.

Exit status 0 when everything holds; the report is printed. Only the standard library and the
project's own dependencies are used.
"""

import argparse
import contextlib
import email
import os
import re
import secrets
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _serve import (  # noqa: E402
    ROOT,
    free_port,
    kill_all,
    log,
    manage,
    prepare,
    server_env,
    start_server,
    stop_server,
    wait_until_up,
)
from load_intake import FICTIONAL_PHONES, FILL_SECONDS, FORM_PATH, OPENER, _Inputs  # noqa: E402

CASES = 24
STEP_PATH = "/sv/fran-nyanland-till-nyanstalld/gemensam-ingang-och-en-egen-plan/"
# The next step links back to the step above by its title; the query string passes the page cache.
NEXT_STEP_UNCACHED = (
    "/sv/fran-nyanland-till-nyanstalld/samhallsorientering-och-arbetslivsorientering/?uncached=1"
)
NONCE = re.compile(rb'nonce="[^"]*"')


class SlowSMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: records a mail once it has accepted it."""

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 ok")
            elif command == "DATA":
                time.sleep(self.server.delay)  # a slow mail server: workers die mid-send
                self.reply("354 go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data)
                message = email.message_from_bytes(b"".join(lines))
                with self.server.lock:
                    self.server.accepted.append(message["Message-ID"])
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a worker killed mid-conversation: expected here, nothing to report

    def __init__(self, port: int, delay: float):
        super().__init__(("127.0.0.1", port), SlowSMTPHandler)
        self.delay = delay
        self.accepted: list[str] = []
        self.lock = threading.Lock()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def open_form(base: str) -> dict:
    """A visitor opens the call-me-back form: the CSRF cookie and the form's hidden fields."""
    _status, headers, html = fetch(base + FORM_PATH)
    cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
    inputs = _Inputs()
    inputs.feed(html.decode())
    return {"base": base, "cookie": cookie.group(1), **inputs.values}


def send_form(visitor: dict, phone: str, name: str, session: str = "") -> int:
    """Send the form; ``session``: the browser's session cookie, if it has one (the cookie the
    last answer set is kept in ``visitor["session"]``)."""
    base = visitor["base"]
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": visitor["csrfmiddlewaretoken"],
            "form_token": visitor["form_token"],
            "website": "",
            "phone": phone,
            "language": "sv",
            "interpreter": "no",
            "time_of_day": "any",
            "name": name,
        }
    ).encode()
    status, headers, _body = fetch(
        base + FORM_PATH,
        data,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={visitor['cookie']}"
            + (f"; sessionid={session}" if session else ""),
            "Origin": base,
            "Referer": base + FORM_PATH,
        },
    )
    cookie = re.search(r"sessionid=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
    visitor["session"] = cookie.group(1) if cookie else session
    return status


def submit_forms(bases: list[str], people: list[tuple[str, str]]) -> list[int]:
    """Each person opens the form on one of the processes in turn, takes a moment to fill it in
    (the time trap), and sends it; the answers' statuses in order."""
    visitors = [open_form(bases[index % len(bases)]) for index in range(len(people))]
    time.sleep(FILL_SECONDS)
    return [send_form(v, phone, name) for v, (phone, name) in zip(visitors, people, strict=True)]


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code, timeout=300)


def start_worker(env: dict, tmp: Path, name: str) -> subprocess.Popen:
    log_file = open(tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def check_same_content(env, bases) -> list[str]:
    """As behind a load balancer: one host name for both processes."""
    problems = []
    host = {"Host": "127.0.0.1"}
    bodies = [NONCE.sub(b"", fetch(base + STEP_PATH, headers=host)[2]) for base in bases]
    if bodies[0] != bodies[1]:
        (Path(tempfile.gettempdir()) / "scale-check-a.html").write_bytes(bodies[0])
        (Path(tempfile.gettempdir()) / "scale-check-b.html").write_bytes(bodies[1])
        problems.append("the two processes serve different pages (see scale-check-[ab].html)")
    for base in bases:  # both are served from the cache now
        if fetch(base + STEP_PATH, headers=host)[1].get("X-Page-Cache") != "hit":
            problems.append(f"{base} does not serve the page from the shared cache")
        for _ in range(3):  # the process remembers the step's neighbours
            fetch(base + NEXT_STEP_UNCACHED, headers=host)
    title = f"Gemensam ingång {secrets.token_hex(3)}"
    shell(
        env,
        "from wagtail.models import Page; "
        f"p = Page.objects.get(url_path__endswith='/gemensam-ingang-och-en-egen-plan/', "
        f"locale__language_code='sv').specific; p.title = {title!r}; "
        "p.save_revision().publish()",
    )
    for base in bases:
        if title.encode() not in fetch(base + STEP_PATH, headers=host)[2]:
            problems.append(f"{base} still serves the page as it was before the publish")
        if title.encode() not in fetch(base + NEXT_STEP_UNCACHED, headers=host)[2]:
            problems.append(f"{base} still links to the page by its title before the publish")
    return problems


def check_shared_rate_limit(bases) -> list[str]:
    """One browser sends four call-backs for four numbers, alternating between the processes."""
    visitors = [open_form(bases[index % len(bases)]) for index in range(4)]
    time.sleep(FILL_SECONDS)
    statuses, session = [], ""
    for index, visitor in enumerate(visitors):
        statuses.append(
            send_form(visitor, FICTIONAL_PHONES[-1 - index], f"Gräns {index + 1}", session)
        )
        session = visitor["session"]
    log(f"four requests from one session, alternating processes: {statuses}")
    if statuses[:3] != [302, 302, 302] or statuses[3] != 429:
        return [f"the session limit (3 in 10 minutes) is not shared: {statuses}"], statuses
    return [], statuses


def check_exactly_once(env, bases, tmp, sink) -> tuple[list[str], dict]:
    people = [(FICTIONAL_PHONES[index], f"Skala {index + 1}") for index in range(CASES)]
    statuses = submit_forms(bases, people)
    if set(statuses) != {302}:
        return [f"not every submission was accepted: {statuses}"], {}
    # The demo load leaves thousands of queued index and speech tasks (the index is built by
    # prepare() already). Left in the queue, they keep both workers busy past the moment they
    # are killed, so the kill would not fall in the middle of the mails. Only they are dropped.
    dropped = shell(
        env,
        "from django_tasks_db.models import DBTaskResult; "
        "print(DBTaskResult.objects.filter(status='READY')"
        ".exclude(task_path__startswith='forms.').delete()[0])",
    ).strip()
    log(f"dropped {dropped} queued tasks left by the demo load (search index, speech)")
    workers = [start_worker(env, tmp, "worker-a"), start_worker(env, tmp, "worker-b")]
    deadline = time.monotonic() + 120
    while len(sink.accepted) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)  # until the workers are in the middle of the batch
    sent_before_kill = len(sink.accepted)
    for worker in workers:
        kill(worker)
    log(f"killed both workers after {sent_before_kill} of {CASES} mails")
    if not 0 < sent_before_kill < CASES:
        log("the kill did not fall in the middle of the mails: the check says so below")
    time.sleep(int(env["INTAKE_CLAIM_TIMEOUT_SECONDS"]) + 1)  # their claims expire
    replacement = start_worker(env, tmp, "worker-c")
    deadline = time.monotonic() + 240
    unsent = CASES
    try:
        while time.monotonic() < deadline:
            shell(env, "from forms.tasks import sweep_unsent; sweep_unsent.call(reschedule=False)")
            unsent = int(
                shell(
                    env,
                    "from forms.models import Case; print(Case.objects.filter("
                    "channel='callback', name__startswith='Skala', "
                    "notification_sent_at__isnull=True).count())",
                ).strip()
            )
            if unsent == 0:
                break
            time.sleep(2)
    finally:
        kill(replacement)
    ids = [message_id for message_id in sink.accepted if message_id]
    notifications = [message_id for message_id in ids if message_id.startswith("<notify.")]
    figures = {
        "cases": CASES,
        "mails before the kill": sent_before_kill,
        "notifications accepted by the mail server": len(notifications),
        "distinct notifications": len(set(notifications)),
        "cases still unsent": unsent,
    }
    problems = []
    if not 0 < sent_before_kill < CASES:
        problems.append(f"the workers were killed after {sent_before_kill} mails, not mid-batch")
    if unsent:
        problems.append(f"{unsent} cases were never notified")
    duplicates = len(notifications) - len(set(notifications))
    if duplicates:
        problems.append(f"{duplicates} notifications were sent twice")
    return problems, figures


def run(options, tmp: Path) -> int:
    smtp_port = free_port()
    sink = SMTPSink(smtp_port, delay=options.smtp_delay)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = server_env(
        tmp,
        options.database_url,
        REDIS_URL=options.redis_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        INTAKE_CLAIM_TIMEOUT_SECONDS="4",
        INTAKE_SWEEP_AFTER_SECONDS="5",
        INTAKE_RATE_LIMIT_PER_SESSION="3",
        INTAKE_RATE_LIMIT_PER_ADDRESS="1000",  # every visitor here comes from 127.0.0.1
    )
    shell(env, "from django.core.cache import caches; [c.clear() for c in caches.all()]")
    log("preparing the site (migrate, demo content, static files)")
    env = prepare(env)
    ports = [free_port(), free_port()]
    servers = [start_server(env, port, tmp, workers=1, threads=4) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, server in zip(bases, servers, strict=True):
            wait_until_up(base + "/healthz", server)
        log(f"two app processes: {bases}")
        problems = check_same_content(env, bases)
        more, rate_limit_answers = check_shared_rate_limit(bases)
        problems += more
        more, figures = check_exactly_once(env, bases, tmp, sink)
        problems += more
        figures = {
            "processes": len(bases),
            "one session, four requests, alternating processes": rate_limit_answers,
            **figures,
        }
    finally:
        for server in servers:
            stop_server(server)
        sink.shutdown()
    print("Scale check (two app processes, one PostgreSQL, one Redis, workers killed):")
    for name, value in figures.items():
        print(f"  {name}: {value}")
    for problem in problems:
        print(f"  FAILED: {problem}")
    print("  OK" if not problems else f"  {len(problems)} problem(s)")
    return 1 if problems else 0


def fresh_database(url: str) -> tuple[str, str]:
    """A new, empty database on the server of ``url``; returns (its URL, its name)."""
    import psycopg

    name = f"scale_check_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--smtp-delay", type=float, default=0.4, help="seconds per mail")
    options = parser.parse_args()
    server_url = options.database_url
    options.database_url, name = fresh_database(server_url)
    watchdog = threading.Timer(900, kill_all)
    watchdog.daemon = True
    watchdog.start()
    try:
        with tempfile.TemporaryDirectory(prefix="scale-check-") as tmp:
            return run(options, Path(tmp))
    finally:
        kill_all()
        drop_database(server_url, name)


if __name__ == "__main__":
    sys.exit(main())
