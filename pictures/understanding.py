"""Answers to "Did you understand this page?", without making the page uncacheable.

The answer form sits on every content page, and content pages are cached. A CSRF token in the
form would tie the cached page to one visitor's cookie and break the form for everyone else, so
the endpoint is ``csrf_exempt`` and protected otherwise:

- a signed token names the page, level and language the form was shown with (the same for every
  visitor, so the page stays cacheable); a forged or damaged token is refused;
- the request must come from the site itself: its Origin header (or, without one, its Referer)
  must be this host; a form on another site cannot post answers;
- answers are rate-limited per visitor address in the cache (forms.antispam's pattern), with a
  clear message in the visitor's language.

Nothing about the visitor is stored: one counter per page, level, language and answer.
"""

import hashlib
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import UnderstandingCount

TOKEN_SALT = "pictures.understanding"  # noqa: S105 - a signing salt, not a secret


def make_token(page_id: int, level: str, language: str) -> str:
    return signing.dumps([page_id, level, language], salt=TOKEN_SALT, compress=False)


def read_token(value: str):
    try:
        page_id, level, language = signing.loads(value or "", salt=TOKEN_SALT)
        return int(page_id), str(level), str(language)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def same_origin(request) -> bool:
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc == request.get_host()


def rate_limited(request) -> bool:
    limit, window = settings.UNDERSTANDING_RATE_LIMIT
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:understanding:{address}".encode()).hexdigest()
    key = f"pictures:understanding:{digest[:24]}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def count_answer(page_id: int, level: str, language: str, answer: str) -> None:
    lookup = {"page_id": page_id, "level": level, "language": language, "answer": answer}
    for _attempt in range(2):
        updated = UnderstandingCount.objects.filter(**lookup).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic():
                UnderstandingCount.objects.create(**lookup, count=1)
            return
        except IntegrityError:  # someone else created it a moment ago: add to theirs
            continue
