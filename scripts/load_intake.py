#!/usr/bin/env python3
"""Load test of the contact channel: N visitors send the callback form at the same moment.

It proves that every accepted submission is stored as a case, on the embedded SQLite (the
default, a fresh file in a temporary folder) or on PostgreSQL (``--database-url``). It

1. migrates a fresh database, loads the demo content and collects the static files,
2. starts its own gunicorn (production settings, gthread, 2 workers x 16 threads) on a free port
   of 127.0.0.1,
3. lets N visitors GET /sv/kontakt/bli-uppringd/ (a pool of 16), each keeping its own CSRF
   cookie, CSRF form token and signed form token,
4. waits until 3.5 s have passed since the last GET (the form's minimum fill time is 3 s),
5. releases N threads at once (a threading.Barrier) to POST the form, each with its own name
   and a phone number from the ranges PTS keeps for fiction,
6. counts the HTTP results (302 to the receipt = accepted; 302 to "we already have your
   request" = joined the open request of the same number) and the cases in the database, and
   checks that every accepted submission has its case.

Exit status 0 only when all N were accepted and stored; 1 when a case is missing or the numbers
differ; 2 on a set-up failure; 3 when the overall timeout hit. The server is always stopped.

    .venv/bin/python scripts/load_intake.py [--count 500] [--database-url postgres://...] [--keep]

Only the standard library is used on the client side (urllib, threading).
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _serve import free_port, kill_all, start_server, stop_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FORM_PATH = "/sv/kontakt/bli-uppringd/"
FILL_SECONDS = 3.5
GET_POOL = 16
REQUEST_TIMEOUT = 120
# Phone numbers PTS keeps for fiction: 070-174 06 05..99 and four landline series of 100.
FICTIONAL_PHONES = (
    [f"+46701740{n:03d}" for n in range(605, 700)]
    + [f"+468465004{n:02d}" for n in range(100)]
    + [f"+463139006{n:02d}" for n in range(100)]
    + [f"+464062804{n:02d}" for n in range(100)]
    + [f"+469803192{n:02d}" for n in range(100)]
)
COUNT_CASES = """
import json
from forms.models import Case
rows = list(Case.objects.filter(channel="callback").values_list("name", "phone", "suspected_spam"))
print("CASES " + json.dumps({"total": Case.objects.count(), "callback": rows}))
"""


class Timeout(Exception):
    pass


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class _Inputs(HTMLParser):
    """The values of the named <input> elements of a page."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 302 is the answer we count, not something to follow


OPENER = urllib.request.build_opener(_NoRedirect)


def server_env(options, tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        INTAKE_RATE_LIMIT_PER_ADDRESS="100000",
        INTAKE_RATE_LIMIT_PER_SESSION="100000",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        VAR_DIR=str(tmp / "var"),
        PYTHONUNBUFFERED="1",
    )
    # Production settings require DATABASE_URL; a SQLite URL gets the same tuning for
    # concurrent writers as the embedded default (etablering/settings/base.py).
    env["DATABASE_URL"] = options.database_url or f"sqlite:///{tmp / 'db.sqlite3'}"
    return env


def manage(env, *args, timeout) -> str:
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


def wait_until_up(base, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with OPENER.open(base + FORM_PATH, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise Timeout("the server did not answer in time")


def get_form(base):
    """One visitor opens the form: its CSRF cookie, CSRF form field and form token."""
    with OPENER.open(base + FORM_PATH, timeout=REQUEST_TIMEOUT) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        html = response.read().decode()
    shown_at = time.monotonic()
    inputs = _Inputs()
    inputs.feed(html)
    return {
        "cookie": cookies["csrftoken"].value,
        "csrfmiddlewaretoken": inputs.values["csrfmiddlewaretoken"],
        "form_token": inputs.values["form_token"],
        "shown_at": shown_at,
    }


def post_form(base, visitor, barrier, results, index):
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": visitor["csrfmiddlewaretoken"],
            "form_token": visitor["form_token"],
            "website": "",
            "phone": visitor["phone"],
            "language": "sv",
            "interpreter": "no",
            "time_of_day": "any",
            "name": visitor["name"],
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        base + FORM_PATH,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            # Production cookies are Secure: a browser would not send them over http, so the
            # test client sends its own. The Origin header passes Django's origin check.
            "Cookie": f"csrftoken={visitor['cookie']}",
            "Origin": base,
            "Referer": base + FORM_PATH,
        },
    )
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        results[index] = {"outcome": "barrier broken", "latency": None}
        return
    started = time.monotonic()
    outcome, location = None, ""
    try:
        with OPENER.open(request, timeout=REQUEST_TIMEOUT) as response:
            outcome = response.status
    except urllib.error.HTTPError as error:
        outcome, location = error.code, error.headers.get("Location", "")
        error.close()
    except Exception as error:  # noqa: BLE001 - every failure is counted by its type
        outcome = type(error).__name__
    finished = time.monotonic()
    results[index] = {
        "outcome": outcome,
        "location": location,
        "started": started,
        "finished": finished,
        "latency": finished - started,
    }


def percentile(values, percent):
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def run(options, tmp: Path) -> int:
    deadline = time.monotonic() + options.timeout
    env = server_env(options, tmp)
    database = options.database_url or f"{env['DATABASE_URL']} (WAL, IMMEDIATE)"
    log(f"database: {database}")

    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v0", timeout=300)
    manage(env, "load_demo_content", timeout=600)
    manage(env, "collectstatic", "--no-input", "-v0", timeout=300)
    took = time.monotonic() - started
    log(f"migrated, demo content loaded, static files collected in {took:.0f} s")
    before = json.loads(manage(env, "shell", "-c", COUNT_CASES, timeout=120).split("CASES ", 1)[1])
    if before["total"]:
        raise RuntimeError(
            f"the database holds {before['total']} case(s) already: use an empty one"
        )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, tmp)
    try:
        wait_until_up(base, server, min(deadline, time.monotonic() + 120))
        log(f"gunicorn up at {base} (pid {server.pid})")

        count = options.count
        get_started = time.monotonic()
        visitors, get_errors = [], Counter()
        with ThreadPoolExecutor(GET_POOL) as pool:
            futures = [pool.submit(get_form, base) for _ in range(count)]
            for future in futures:
                try:
                    visitors.append(future.result(timeout=max(1, deadline - time.monotonic())))
                except Exception as error:  # noqa: BLE001
                    get_errors[type(error).__name__] += 1
        log(
            f"{len(visitors)} forms fetched in {time.monotonic() - get_started:.1f} s"
            + (f"; GET errors: {dict(get_errors)}" if get_errors else "")
        )
        for index, visitor in enumerate(visitors):
            visitor["name"] = f"Lasttest {index + 1:04d}"
            visitor["phone"] = FICTIONAL_PHONES[index % len(FICTIONAL_PHONES)]

        release_at = max(v["shown_at"] for v in visitors) + FILL_SECONDS if visitors else 0

        def wait_for_fill_time():
            time.sleep(max(0.0, release_at - time.monotonic()))

        results = [None] * len(visitors)
        barrier = threading.Barrier(len(visitors), action=wait_for_fill_time, timeout=120)
        threads = [
            threading.Thread(
                target=post_form, args=(base, visitor, barrier, results, index), daemon=True
            )
            for index, visitor in enumerate(visitors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
            if time.monotonic() > deadline:
                raise Timeout("the POSTs did not finish in time")
        log("all POSTs answered")
    finally:
        stop_server(server)
        log("gunicorn stopped")

    stored = json.loads(manage(env, "shell", "-c", COUNT_CASES, timeout=120).split("CASES ", 1)[1])
    return report(options, database, count, visitors, results, stored, get_errors)


def report(options, database, count, visitors, results, stored, get_errors) -> int:
    outcomes = Counter()
    accepted = set()
    for visitor, result in zip(visitors, results, strict=True):
        outcome = result["outcome"] if result else "no answer"
        location = result.get("location", "") if result else ""
        if outcome == 302 and "/tack/" in location:
            outcome = "302 accepted"
            accepted.add(visitor["phone"])
        elif outcome == 302 and "igen=1" in location:
            # "We already have your request": the number's open request, sent by another
            # visitor, is the one that will be answered (forms/views.py)
            outcome = "302 joined an open request"
            accepted.add(visitor["phone"])
        outcomes[str(outcome)] += 1
    outcomes.update({f"GET {name}": n for name, n in get_errors.items()})
    # A call-back for a number with an open request joins it (forms/views.py): with more
    # visitors than fictional numbers, the repeats make no case of their own (or, sent at the
    # same instant as the first, one more); every accepted number must have its case.
    cases = {phone for _name, phone, _spam in stored["callback"]}
    distinct = len({visitor["phone"] for visitor in visitors})
    spam = sum(1 for *_key, suspected in stored["callback"] if suspected)
    lost = accepted - cases
    timed = [r for r in results if r and r.get("latency") is not None]
    latencies = [r["latency"] for r in timed]
    wall = (max(r["finished"] for r in timed) - min(r["started"] for r in timed)) if timed else 0
    answered = ("302 accepted", "302 joined an open request")
    errors = {k: v for k, v in outcomes.items() if k not in answered}

    print()
    print("Load test of the callback form")
    print(f"  database            {database}")
    print("  server              gunicorn gthread, 2 workers x 16 threads, backlog 2048")
    print(f"  requests (POST)     {len(visitors)} of {count} visitors")
    print(f"  accepted (302)      {outcomes['302 accepted']}")
    print(f"  joined open request {outcomes['302 joined an open request']} (same number again)")
    print(f"  errors              {errors or 'none'}")
    print(
        f"  cases stored        {stored['total']} ({len(stored['callback'])} callback, "
        f"{spam} suspected spam)"
    )
    print(f"  lost                {len(lost)} (accepted numbers without a case)")
    print(f"  distinct numbers    {distinct} (repeats join the open request)")
    print(
        f"  wall time           {wall:.2f} s for the simultaneous POSTs "
        f"({len(timed) / wall if wall else 0:.0f} requests/s)"
    )
    if latencies:
        print(
            f"  POST latency        p50 {percentile(latencies, 50):.2f} s, "
            f"p95 {percentile(latencies, 95):.2f} s, max {max(latencies):.2f} s, "
            f"mean {statistics.fmean(latencies):.2f} s"
        )
    accepted_posts = sum(outcomes[name] for name in answered)
    ok = not lost and accepted_posts == count and distinct <= stored["total"] <= count
    print(f"  result              {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="simultaneous visitors (500)")
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/loadtest "
        "(default: a fresh SQLite file in a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--timeout", type=float, default=900, help="overall limit in seconds")
    options = parser.parse_args()
    if options.count < 1:
        parser.error("--count must be at least 1")

    tmp = Path(tempfile.mkdtemp(prefix="load_intake-"))
    log(f"temporary folder {tmp}")

    # A hard stop: if anything hangs past the limit (and a grace period), end the whole run.
    def give_up():
        print(f"overall timeout of {options.timeout:.0f} s reached", file=sys.stderr, flush=True)
        kill_all()
        os._exit(3)

    watchdog = threading.Timer(options.timeout + 60, give_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        return run(options, tmp)
    except Timeout as error:
        print(f"timeout: {error}", file=sys.stderr)
        return 3
    except (RuntimeError, subprocess.TimeoutExpired, KeyError, OSError) as error:
        print(f"set-up failed: {error}", file=sys.stderr)
        log_path = tmp / "gunicorn.log"
        if log_path.exists():
            print(log_path.read_text()[-3000:], file=sys.stderr)
        return 2
    finally:
        watchdog.cancel()
        if options.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
