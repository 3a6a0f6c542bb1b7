"""Settings shared by every environment. Secure by default: DEBUG off, no secret key, no hosts.

dev.py, test.py and production.py build on this; production reads everything secret from the
environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from etablering.languages import LANGUAGES as SITE_LANGUAGES
from etablering.languages import SOURCE_LANGUAGE, register_language_info

register_language_info()

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "etablering",
    "pages",
    "forms",
    "employers",
    "pictures",
    "partners",
    "recordings",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtailmedia",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # A foreign or malformed Host (port out of range included) gets the 400 page, first.
    "etablering.middleware.ValidHostMiddleware",
    "etablering.middleware.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "etablering.middleware.ContentSecurityPolicyMiddleware",
    "etablering.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # What public pages draw from the content, remembered until it changes (content_memo.py).
    "etablering.content_memo.ContentMemoMiddleware",
    # Public pages for anonymous visitors, from the cache without the database (page_cache.py).
    "etablering.page_cache.PageCacheMiddleware",
    "pages.middleware.KnownSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Bodies over the path's limit get a 413 page in the visitor's language, unread.
    "etablering.body_limit.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session passed the second factor; then, who must pass it (second_factor/).
    "django_otp.middleware.OTPMiddleware",
    "etablering.second_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: answers a locked-out login with its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "etablering.urls"
WSGI_APPLICATION = "etablering.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "etablering.context_processors.site_language",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production), else an embedded SQLite tuned for many
# simultaneous writers (WAL journal, IMMEDIATE transactions, a busy timeout).
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA cache_size=-20000;"
    ),
}


def database_from_env(default_sqlite_path=SQLITE_PATH):
    url = os.environ.get("DATABASE_URL")
    if url:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if database["ENGINE"] == "django.db.backends.sqlite3":
            # Every SQLite gets the tuning for concurrent writers, given as a URL or not.
            database.update(
                CONN_MAX_AGE=0, OPTIONS={**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
            )
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": default_sqlite_path,
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a locked-out username + address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Swedish is the source; every language needs a complete catalog in locales/.
LANGUAGE_CODE = SOURCE_LANGUAGE
LANGUAGES = [(language.code, language.name_local) for language in SITE_LANGUAGES]
LANGUAGES_BIDI = [language.code for language in SITE_LANGUAGES if language.bidi]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locales"]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves audio, video and image renditions itself (with range requests) unless an object
# store does: production.py turns this off when media are on S3.
SERVE_MEDIA = True
# Private files (partner documents, unreviewed recordings): a folder outside MEDIA_ROOT that no
# URL serves; only views that check who asks read it (etablering/storage.py). Never put it inside
# MEDIA_ROOT (a system check refuses). production.py uses a private S3 bucket or prefix instead.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media-is-not-served/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The caches every process of the site shares: the web server's, the task worker's, a shell's.
# They hold what tells the processes that the content changed (the content generation, the
# pictogram and glossary versions, whether a clip's file exists), rate-limit counters and whole
# pages, so a per-process memory would leave the web server blind to what the worker made.
# Production: Redis (REDIS_URL, production.py). Without Redis (`make run`, a single machine):
# files under CACHE_DIR, which every process on the machine sees, with nothing to set up and no
# writes competing with SQLite's single writer (a database cache would add one per page stored).
CACHE_DIR = Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / "shared"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    # Whole public pages (etablering/page_cache.py), apart from rate limits and the like so that
    # many pages never push those out.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
PAGE_CACHE = {
    "ALIAS": "pages",
    # How long a page may be served from the cache (any publish drops every page at once);
    # also the s-maxage a CDN in front may keep it. 0 turns the page cache off.
    "SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", 600)),
    # Background work that changes what pages show (the worker linking each clip it makes) drops
    # the cached pages at most once per this many seconds, not once per clip (page_cache.py).
    "WORKER_DELAY": int(os.environ.get("PAGE_CACHE_WORKER_DELAY", 5)),
}

# Background work (notifications, speech, purges): django-tasks with its database backend, each
# task in its lane (etablering/background/lanes.py); `make run` starts a worker
# (`manage.py db_worker`, which beats) and the scheduler (`manage.py run_scheduler`).
TASKS = {"default": {"BACKEND": "etablering.background.backends.DatabaseBackend"}}
# Periodic tasks (module path: interval in seconds), queued by `manage.py run_scheduler`.
INTAKE_SWEEP_SECONDS = int(os.environ.get("INTAKE_SWEEP_SECONDS", 300))
PERIODIC_TASKS = {
    "forms.tasks.sweep_unsent": INTAKE_SWEEP_SECONDS,
    "forms.tasks.purge_expired": 24 * 3600,
    "etablering.background.tasks.prune_task_results": 24 * 3600,
}
SCHEDULER_INTERVAL_SECONDS = float(os.environ.get("SCHEDULER_INTERVAL_SECONDS", 5))
# A worker beats every TASK_HEARTBEAT_SECONDS; one silent for TASK_LEASE_SECONDS is dead and the
# tasks it was running are queued again (or marked failed); a task running longer than
# TASK_TIMEOUT_SECONDS is marked failed. etablering/background/leases.py.
TASK_HEARTBEAT_SECONDS = float(os.environ.get("TASK_HEARTBEAT_SECONDS", 10))
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", 60))
TASK_TIMEOUT_SECONDS = int(os.environ.get("TASK_TIMEOUT_SECONDS", 1800))
TASK_MAX_ATTEMPTS = 3

# Synthetic speech (pages/speech.py): queued for the worker when a page is published.
SYNTHETIC_SPEECH_ON_PUBLISH = True

# Security defaults that hold in every environment.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override it with SAMEORIGIN themselves
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Whole request bodies, files included, refused with a 413 page before they are read
# (etablering/body_limit.py); the longest matching path prefix wins. Public forms: 2 MB. Admin
# uploads: their own limits (pages/media_forms.py: video 200 MB, audio 20 MB;
# partners/uploads.py: documents 20 MB; WAGTAILIMAGES_MAX_UPLOAD_SIZE: images 10 MB) plus 1 MB
# for the form around the file.
_MB = 1024 * 1024
REQUEST_BODY_LIMITS = {
    "default": 2 * _MB,
    "/admin/": 21 * _MB,
    "/admin/images/": 11 * _MB,
    "/admin/media/": 201 * _MB,
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # the Wagtail page editor posts many fields

# Reverse proxies in front of the app whose X-Forwarded-For is trusted for the visitor's address
# (rate limits, login throttling): 0 = none, REMOTE_ADDR is the visitor. docs/deployment.md.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp; etablering/middleware.py picks the policy by path).
# Public pages: nothing inline without the request's nonce, nothing from elsewhere. The Wagtail
# userbar that logged-in editors see on public pages loads only files from 'self' (its template
# is inert, its settings a JSON data block) and works under this policy: tests/browser/test_csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and its previews, which it frames) needs inline scripts and styles.
ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Browser features no page uses. A feature that needs one (e.g. the microphone for a spoken
# question) allows it for its own path with etablering.middleware.permissions_policy().
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# django-axes: after 5 failed logins for a username from one address, that pair is locked out
# for 15 minutes (a 429 page); a successful login resets the count. Successful logins are not
# logged (personal data), usernames and addresses are masked in the log.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
# Wrong codes of the second factor count too, and a right password alone resets nothing.
AXES_HANDLER = "etablering.second_factor.throttling.SecondFactorAxesHandler"
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# Second factor for the admin (etablering/second_factor/, README: Second factor): TOTP codes from
# an authenticator app (django-otp) and single-use recovery codes. Whoever has one must use it.
# Enforced (set up before anything else) for superusers, whoever holds one of these permissions
# (seeing intake cases) or is in one of these groups, and, with SECOND_FACTOR_FOR_PUBLISHERS,
# whoever may publish. dev.py and test.py make it optional; production.py reads the environment.
SECOND_FACTOR_ENFORCED = True
SECOND_FACTOR_FOR_PUBLISHERS = True
SECOND_FACTOR_PERMISSIONS = ["intake.view_case"]
SECOND_FACTOR_GROUPS = ["Intake"]
SECOND_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Etablering Stockholm"  # the account's name in the authenticator app

# Wagtail
# No avatars from Gravatar: no third-party requests (nor e-mail hashes) from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = "Etablering Stockholm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search; on PostgreSQL with a text-search configuration per language.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "pages.search_backend"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# A CDN in front of the site, purged by a background task when pages change
# (pages/frontend_cache.py); production.py fills this from the environment.
WAGTAILFRONTENDCACHE = {}
# Documents (partners/): the site's own model with library metadata; uploads allow-listed by
# extension, checked by content and capped at 20 MB (partners/uploads.py); never shown inline.
WAGTAILDOCS_DOCUMENT_MODEL = "partners.PartnerDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "partners.uploads.PartnerDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "vtt"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Audio and video (wagtailmedia): the site's own model says whether a clip is a synthetic voice.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "pages.MediaFile",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "oga", "opus", "wav"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
    # Checks type (by content), size (audio 20 MB, video 200 MB): pages/media_forms.py.
    "MEDIA_FORM_BASE": "pages.media_forms.MediaForm",
}
# Images: pictograms may be SVG; every upload form passes an SVG through an allow-list and stores
# the file rebuilt from it (pictures/svg.py).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "pictures.forms.SafeSVGImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# "Did you understand this page?": answers accepted per visitor address and window (seconds).
UNDERSTANDING_RATE_LIMIT = (20, 3600)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Europe/Stockholm"]
# Translations are published by wagtail-localize only when an editor publishes them: never sync
# untranslated aliases into another language's tree.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# The contact channel and intake queue (forms/).
INTAKE_RATE_LIMITS = {
    # submissions accepted per window (seconds); a school or office shares one address. Counted
    # per client only, never per phone number or e-mail address (which anyone could type to lock
    # a victim out): a repeated call-back for a number joins its open request instead.
    "address": (int(os.environ.get("INTAKE_RATE_LIMIT_PER_ADDRESS", 20)), 600),
    "session": (int(os.environ.get("INTAKE_RATE_LIMIT_PER_SESSION", 5)), 600),
}
INTAKE_RETENTION_DAYS = {
    "closed": int(os.environ.get("INTAKE_RETENTION_DAYS_CLOSED", 90)),
    "spam": int(os.environ.get("INTAKE_RETENTION_DAYS_SPAM", 30)),
}
# A worker's claim on a mail expires after this long (it may have died while sending); a mail
# not sent this long after the case arrived is queued again by the sweep.
INTAKE_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("INTAKE_CLAIM_TIMEOUT_SECONDS", 300))
INTAKE_SWEEP_AFTER_SECONDS = int(os.environ.get("INTAKE_SWEEP_AFTER_SECONDS", 600))
INTAKE_FALLBACK_RECIPIENTS = [
    a for a in os.environ.get("INTAKE_FALLBACK_RECIPIENTS", "intake@example.org").split(",") if a
]
CSRF_FAILURE_VIEW = "etablering.views.csrf_failure"

EMAIL_SUBJECT_PREFIX = "[Etablering] "
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.org")

# Logs go to standard error, every record through one filter that removes query strings, e-mail
# addresses, phone numbers and IP addresses, tracebacks included (etablering/log_privacy.py).
# Django's own loggers are given the same handlers, so that none keeps a handler of Django's
# default configuration without the filter; so are libraries' loggers that would otherwise add
# an unfiltered handler of their own at run time (tests/test_log_privacy.py checks every handler).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "etablering.log_privacy.PersonalDataFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # redis-py gives this logger a handler of its own, unfiltered, unless it exists already
        "push_response": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
