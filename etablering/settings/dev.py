"""Local development: what `make run` uses. Never deploy with these settings."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS  # noqa: F401

DEBUG = True
SECRET_KEY = "dev-only-not-secret-0000000000000000000000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A second factor is optional here (the demo stays two commands); whoever sets one up uses it.
SECOND_FACTOR_ENFORCED = False
STORAGES = {
    **STORAGES,  # noqa: F405  (default and private as in base)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": STORAGES["private"],  # noqa: F405
}

# The caches: files under var/cache/, shared by the web server and the task worker (base.py).

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
