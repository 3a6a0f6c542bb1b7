"""Local development: what `make run` uses. Never deploy with these settings."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS  # noqa: F401

DEBUG = True
SECRET_KEY = "dev-only-not-secret-0000000000000000000000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": STORAGES["private"],  # noqa: F405
}

# The page cache on disk, shared by the web server and the task worker (which publishes
# scheduled pages and must be able to drop cached pages).
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "page-cache"),  # noqa: F405
    },
}

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
