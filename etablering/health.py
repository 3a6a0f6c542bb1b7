"""/healthz for load balancers and monitoring: is the database reachable, does the cache work?

The answer names only the failed component, never an error message, version or host name.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_GET
def healthz(request):
    failed = []
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as error:  # noqa: BLE001 (any failure is a failed check)
            logger.error("health check %s failed: %s", name, type(error).__name__)
            ok = False
        if not ok:
            failed.append(name)
    if failed:
        response = JsonResponse({"status": "error", "failed": failed}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response
