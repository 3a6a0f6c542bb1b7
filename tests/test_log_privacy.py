"""No personal data in any log (etablering/log_privacy.py): one filter on every handler, the app's
and gunicorn's, tracebacks included."""

import contextlib
import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etablering.log_privacy import PersonalDataFilter, remove_personal_data

ROOT = Path(__file__).resolve().parent.parent
EASTERN_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

PHONES = [
    "070-123 45 67",
    "0701234567",
    "070 123 45 67",
    "070-1234567",
    "08-123 456 78",
    "08 123 456 78",
    "(08) 123 45 67",
    "08/1234567",
    "+46 70 123 45 67",
    "+46701234567",
    "+46 (0)70-123 45 67",
    "0046 70 123 45 67",
    "+252 61 234 5678",
    "+251 91 123 4567",
    "+380 44 123 4567",
    "+45 12 34 56 78",
    "+47 123 45 678",
    "+48 123 456 789",
    "+93 70 123 4567",
    "070.123.45.67",
    "070‑123 45 67",  # non-breaking hyphen
    "0701234567".translate(EASTERN_ARABIC),
    "070-123 45 67".translate(EASTERN_ARABIC),
    "+46 70 123 45 67".translate(PERSIAN),
    "0701234567".translate(PERSIAN),
    "701234567",  # nine digits in a row, no prefix
]
EMAILS = [
    "amina@example.org",
    "a.b+tag@sub.example.co.uk",
    "AMINA@EXAMPLE.ORG",
    "amina%40example.org",
    "fatima.ali@xn--exmple-cua.se",
    "أمينة@example.org",
]
# Lines that hold no personal data and must stay readable.
KEPT = [
    '[01/Dec/2026:23:10:52 +0000] "GET /sv/sok/ HTTP/1.1" 200 5123 12ms',
    '"POST /sv/kontakt/stall-en-fraga/ HTTP/1.1" 302 0 48ms',
    "Booting worker with pid: 12345",
    "Task pages.tasks.make_speech took 2.50 s (3 of 4 done)",
    "Listening at: unix:/run/app.sock (4021)",
    "Internal Server Error: /sv/kontakt/",
    "Not Found: /sv/finns-inte/",
]


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize(
    "template",
    ["{}", "Call me on {} please", "phone={}", "'{}'", "tel:{}", "Invalid value: {}."],
)
def test_phone_numbers_in_any_format_are_removed(phone, template):
    cleaned = remove_personal_data(template.format(phone))
    assert "[phone removed]" in cleaned or "[address removed]" in cleaned  # 070.123.45.67
    digits = [character for character in phone if character.isdigit()]
    assert sum(character.isdigit() for character in cleaned) < 3, (phone, cleaned)
    assert "".join(digits)[-4:] not in cleaned


@pytest.mark.parametrize("email", EMAILS)
def test_email_addresses_are_removed(email):
    cleaned = remove_personal_data(f"Could not send to {email}, giving up")
    assert "[e-mail removed]" in cleaned
    assert "example" not in cleaned.lower()


@pytest.mark.parametrize(
    "line",
    [
        "GET /sv/sok/?q=Amina+Yusuf&niva=lattlast HTTP/1.1",
        "Error handling request GET /sv/?name=Amina%20Yusuf",
        "'/ar/kontakt/?phone=070' returned 404",
    ],
)
def test_query_strings_are_removed(line):
    cleaned = remove_personal_data(line)
    assert "?[query removed]" in cleaned
    assert "Amina" not in cleaned and "phone=" not in cleaned


@pytest.mark.parametrize("address", ["203.0.113.7", "2001:db8::1", "fe80::1ff:fe23:4567:890a"])
def test_client_addresses_are_removed(address):
    cleaned = remove_personal_data(f"Invalid request from ip={address}: bad line")
    assert address not in cleaned and "[address removed]" in cleaned


@pytest.mark.parametrize("line", KEPT)
def test_lines_without_personal_data_are_kept(line):
    assert remove_personal_data(line) == line


@given(
    prefix=st.sampled_from(["070", "072", "073", "076", "079", "08", "031", "+4670", "004670"]),
    rest=st.lists(st.integers(0, 9), min_size=6, max_size=8),
    separator=st.sampled_from(["", " ", "-", ".", "\u00a0"]),
    digits=st.sampled_from([None, EASTERN_ARABIC, PERSIAN]),
    before=st.text(st.characters(categories=["L", "Zs"]), max_size=10),
)
def test_any_written_swedish_number_is_removed(prefix, rest, separator, digits, before):
    groups = [prefix, "".join(map(str, rest[:3])), "".join(map(str, rest[3:]))]
    phone = separator.join(groups)
    if digits:
        phone = phone.translate(digits)
    cleaned = remove_personal_data(f"{before} {phone} end")
    assert "[phone removed]" in cleaned, (phone, cleaned)


def _log_through_filter(logger_name, message, *args, exc_info=None):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        logger.error(message, *args, exc_info=exc_info)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_tracebacks_that_echo_values_are_cleaned():
    try:
        int("amina@example.org 070-123 45 67")
    except ValueError as error:
        written = _log_through_filter("tests.privacy", "Failed on %s", "/sv/?q=x", exc_info=error)
    assert "Traceback" in written and "ValueError" in written
    assert "amina" not in written and "123 45 67" not in written and "q=x" not in written


def test_a_traceback_echoing_any_value_keeps_its_shape_not_the_value():
    try:
        int("Amina Yusuf")
    except ValueError as error:
        written = _log_through_filter("tests.privacy", "Failed", exc_info=error)
    assert "ValueError: invalid literal for int() with base 10: '[value removed]'" in written
    assert 'int("Amina Yusuf")' in written  # the line of code is ours, not the visitor's
    assert written.count("Amina") == 1


def test_every_handler_of_every_logger_carries_the_filter():
    """After Django configured logging, no logger (Django's own included) writes unfiltered,
    also after the libraries that add handlers of their own at run time have done so."""
    from redis.utils import _set_info_logger
    from rq.logutils import setup_loghandlers

    _set_info_logger()  # what a redis client does when it first meets a push response
    setup_loghandlers()  # what an RQ worker does when it starts
    loggers = [logging.getLogger(), *map(logging.getLogger, logging.root.manager.loggerDict)]
    handlers = {
        (logger.name, handler)
        for logger in loggers
        for handler in logger.handlers
        if not type(handler).__module__.startswith("_pytest")  # pytest's own capture
        and not isinstance(handler, logging.NullHandler)  # writes nothing
    }
    assert handlers
    for name, handler in handlers:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), (name, handler)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _send(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        return connection.recv(65536)


def test_gunicorn_logs_hold_no_personal_data_from_a_malformed_request(tmp_path):
    """gunicorn with the shipped configuration; a malformed request line carrying an e-mail
    address and phone numbers, sent over a raw socket; then the error and access logs."""
    port = _free_port()
    out, err = tmp_path / "access.log", tmp_path / "error.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "etablering.settings.test",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_LOG_LEVEL": "info",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "etablering/gunicorn.conf.py"]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and config
            [*command, "etablering.wsgi"], cwd=ROOT, env=env, stdout=stdout, stderr=stderr
        )
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:  # until the worker has loaded the app
                assert server.poll() is None, err.read_text()
                with contextlib.suppress(OSError):
                    if _send(port, b"GET /healthz HTTP/1.0\r\n\r\n"):
                        break
                time.sleep(0.5)
            arabic = "٠٧٠١٢٣٤٥٦٧"
            answer = _send(
                port,
                b"GET /sv/sok/?q=amina@example.org phone=070-123 45 67 HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\n\r\n",
            )
            assert answer.startswith(b"HTTP/1.1 400"), (answer, err.read_text(), out.read_text())
            _send(port, f"GET /sv/?tel={arabic} x HTTP/1.1\r\n\r\n".encode())
            _send(port, b"GET /amina@example.org/+46701234567 HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(1)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    logs = out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")
    assert "Invalid request from ip=" in logs  # the warning was written...
    assert "[query removed]" in logs  # ...without what the visitor searched for
    for personal in ("amina", "example.org", "123 45 67", "٤٥٦٧", "70123", "127.0.0.1"):
        assert personal not in logs.lower(), (personal, logs)
