"""Production: everything secret or site-specific comes from the environment.

Start-up fails with a clear message when SECRET_KEY, ALLOWED_HOSTS or DATABASE_URL is missing.
Every variable is listed in README.md (Configuration) and in .env.example.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, STORAGES, WAGTAILFRONTENDCACHE, database_from_env


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment (at least 50 random characters)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma-separated).")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in the environment, e.g. postgres://user:password@host:5432/db "
        "(production never falls back to the embedded SQLite database)."
    )
DATABASES = {"default": database_from_env()}
# Origins allowed to post forms besides the site's own host, e.g. https://etablering.example.org
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The admin's links in notification mails: the public address of the site.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# The caches hold what every app process and the task worker must share (the content
# generation, rate-limit counters, whole pages): Redis (REDIS_URL), else files under CACHE_DIR
# (base.py), which only the processes of one machine share.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "etablering",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "etablering-pages",
        },
    }

# Background tasks: the database queue (default; `manage.py db_worker`) or, for larger
# installations, RQ on Redis (TASK_BACKEND=rq; one queue per lane, emptied in this order:
# `manage.py rqworker people default bulk --with-scheduler --job-class django_tasks_rq.Job`).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    try:
        import django_tasks_rq  # noqa: F401
    except ImportError as error:
        raise ImproperlyConfigured(
            "TASK_BACKEND=rq needs the rq extra: "
            'pip install -c requirements/constraints.txt -e ".[rq]"'
        ) from error
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]  # noqa: F405
    from etablering.background.lanes import RQ_QUEUES as _LANE_QUEUES

    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in _LANE_QUEUES}
    TASKS = {
        "default": {"BACKEND": "etablering.background.rq.RQBackend", "QUEUES": list(_LANE_QUEUES)}
    }
elif TASK_BACKEND != "database":
    raise ImproperlyConfigured(f"TASK_BACKEND must be database or rq, not {TASK_BACKEND!r}.")

# A CDN or caching proxy in front of the site, purged when pages change: an HTTP PURGE endpoint
# (Varnish, nginx, Fastly-style) and/or Cloudflare.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_BEARER_TOKEN") and os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }

# E-mail (notifications to teams, receipts to visitors).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Media (images and documents) on S3-compatible storage when a bucket is named; else the local
# MEDIA_ROOT. Objects are private: documents are served through Wagtail's serve view
# (WAGTAILDOCS_SERVE_METHOD = "serve_view", which checks privacy), images by signed URLs.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS = env_list("MEDIA_ORIGINS")
if AWS_STORAGE_BUCKET_NAME:
    s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "location": os.environ.get("AWS_LOCATION", ""),
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    ):
        if os.environ.get(variable):
            s3_options[option] = os.environ[variable]
    SERVE_MEDIA = False  # the bucket serves audio and video, range requests included
    # Private files (partner documents, unreviewed recordings): their own bucket, or a prefix of
    # the media bucket. Never behind the custom domain (its URLs are not signed) and never given
    # out as URLs: Wagtail's serve view streams them after checking who asks. Keep the bucket or
    # prefix closed to public reads (docs/deployment.md).
    private_options = {key: value for key, value in s3_options.items() if key != "custom_domain"}
    private_options["bucket_name"] = os.environ.get(
        "AWS_PRIVATE_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME
    )
    # A sibling of the media prefix, not inside it: a public-read rule on AWS_LOCATION must not
    # reach it.
    private_options["location"] = os.environ.get("AWS_PRIVATE_LOCATION", "private")
    if private_options["bucket_name"] == AWS_STORAGE_BUCKET_NAME and (
        private_options["location"].strip("/") == s3_options["location"].strip("/")
    ):
        raise ImproperlyConfigured(
            "AWS_PRIVATE_LOCATION must differ from AWS_LOCATION when private files share the "
            "media bucket."
        )
    STORAGES = {
        **STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private_options},
    }
    if not MEDIA_ORIGINS:
        # Image renditions are loaded from the bucket: let the CSP allow its origin.
        if s3_options.get("custom_domain"):
            MEDIA_ORIGINS = [f"https://{s3_options['custom_domain']}"]
        elif s3_options.get("endpoint_url"):
            endpoint = urlsplit(s3_options["endpoint_url"])
            MEDIA_ORIGINS = [f"{endpoint.scheme}://{endpoint.netloc}"]
        else:
            region = s3_options.get("region_name", "us-east-1")
            MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com"]

# HTTPS: TLS ends at the reverse proxy, which sets X-Forwarded-Proto (docs/deployment.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health check may use plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Content-Security-Policy: as in base, plus the media origins and, on a site served only over
# HTTPS (SECURE_SSL_REDIRECT, the default), upgrade-insecure-requests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *MEDIA_ORIGINS],
        "media-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"], *MEDIA_ORIGINS],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **ADMIN_CONTENT_SECURITY_POLICY,  # noqa: F405
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "img-src": [*ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *MEDIA_ORIGINS],  # noqa: F405
        "media-src": [*ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"], *MEDIA_ORIGINS],  # noqa: F405
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    },
}

# Logs go to standard error, without personal data (README: intake); LOG_LEVEL raises detail.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
