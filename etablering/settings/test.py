"""The test suite: fast hashing, in-memory mail, tasks run at once."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import database_from_env

DEBUG = False
SECRET_KEY = "test-only-not-secret-000000000000000000000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LANGUAGE_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tasks run at once here: speech for every published page would slow every test down. The demo
# loader still makes the Swedish chain steps' speech; tests of publishing turn this on.
SYNTHETIC_SPEECH_ON_PUBLISH = False
# Media on disk in a folder of the test run's own (the browser tests' server shares it through
# TEST_MEDIA_ROOT). Not in memory: a test that changes the storage settings would leave every
# later test with a new, empty memory, without the demo's files.
# Private files (recordings awaiting review) in a folder of the run's own, too.
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="etablering-test-private-"
)
if not os.environ.get("TEST_PRIVATE_MEDIA_ROOT"):
    atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
if os.environ.get("TEST_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["TEST_MEDIA_ROOT"]
else:
    MEDIA_ROOT = tempfile.mkdtemp(prefix="etablering-test-media-")
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# The suite runs against SQLite by default and against PostgreSQL when DATABASE_URL is set.
DATABASES = {"default": database_from_env(os.environ.get("TEST_SQLITE_PATH", "test.sqlite3"))}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
