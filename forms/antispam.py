"""Keeping out abuse without losing people.

- A signed form token carries when the form was shown and a one-time id: a form sent back
  faster than a person can fill it is kept but marked as suspected spam, and the same form sent
  twice makes one case, not two.
- A honeypot field that people never see: filled in, the case is kept and marked.
- Rate limits that protect the queue, per client address and per browser session, counted in
  the cache (Redis in production, so every app process shares them). Never per phone number or
  e-mail address: those are typed by whoever sends the form, so such a limit would let anyone
  lock a victim out. A repeated call-back for a number joins its open request (views.py).
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

TOKEN_SALT = "intake.form-token"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 24 * 3600
MIN_FILL_SECONDS = getattr(settings, "INTAKE_MIN_FILL_SECONDS", 3)


def new_form_token() -> str:
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(16)}, salt=TOKEN_SALT)


@dataclass(frozen=True)
class FormToken:
    shown_at: float
    once: str

    @property
    def seconds_to_fill(self) -> float:
        return time.time() - self.shown_at


def read_form_token(value: str) -> FormToken | None:
    """The token's contents, or None when it is forged, damaged or older than a day."""
    try:
        data = signing.loads(value or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        return FormToken(shown_at=float(data["t"]), once=str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def spam_reasons(token: FormToken, honeypot: str) -> list[str]:
    reasons = []
    if honeypot:
        reasons.append("honeypot filled")
    if token.seconds_to_fill < MIN_FILL_SECONDS:
        reasons.append(f"sent {token.seconds_to_fill:.1f} s after the form was shown")
    return reasons


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:24]
    return f"intake:rate:{kind}:{digest}"  # no address or number in the cache key


def rate_limited(kind: str, value: str) -> int:
    """Count one submission for (kind, value); seconds to wait if over the limit, else 0.

    Limits come from ``INTAKE_RATE_LIMITS``: {kind: (submissions, window in seconds)}.
    """
    limit, window = settings.INTAKE_RATE_LIMITS[kind]
    if not value:
        return 0
    key = _key(kind, value)
    now = time.time()
    cache.add(f"{key}:start", now, timeout=window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count <= limit:
        return 0
    started = cache.get(f"{key}:start") or now
    return max(1, int(started + window - now))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


SESSION_MARK = "intake_sent"


def queue_wait(request) -> int:
    """Count one submission for the client; seconds to wait if it sent too many, else 0.

    Counted per address (proxies set REMOTE_ADDR, see the deployment guide) and per session:
    the session exists from the browser's first accepted submission (``remember_sender``)."""
    session_key = getattr(getattr(request, "session", None), "session_key", None) or ""
    return max(
        rate_limited("address", client_address(request)),
        rate_limited("session", session_key),
    )


def remember_sender(request) -> None:
    """Give the browser a session after an accepted submission, so its next ones are counted
    per session too. Nothing personal is stored in it."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SESSION_MARK] = session.get(SESSION_MARK, 0) + 1
    if not session.session_key:
        session.save()  # the session exists from now on: the submission just accepted counts
        rate_limited("session", session.session_key)
