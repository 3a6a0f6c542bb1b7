"""Security: headers per page type, the admin's own policy, the deploy checks, login throttling
and the health endpoint."""

import json
import os
import re
import secrets
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import translation

from etablering import health

CHAIN = "fran-nyanland-till-nyanstalld"
PUBLIC_PAGES = {
    "home": "/sv/",
    "chain step": f"/sv/{CHAIN}/gemensam-ingang-och-en-egen-plan/",
    "contact form": "/sv/kontakt/bli-uppringd/",
    "search": "/sv/sok/?q=plan",
    "not found": "/sv/finns-inte/",
}
PRODUCTION_ENV = {
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
}


def directives(header):
    """'default-src 'self'; img-src 'self' data:' -> {"default-src": ["'self'"], ...}"""
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "TASK_BACKEND", "FRONTEND_CACHE_PURGE_URL"}
        and not key.startswith(("AWS_", "REDIS_", "CLOUDFLARE_"))
    }
    env.update(PRODUCTION_ENV, SECRET_KEY=secrets.token_urlsafe(60), **extra)
    return env


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.org", "ett-langt-losenord-1"
    )


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_a_strict_nonce_policy_and_the_security_headers(client, name):
    response = client.get(PUBLIC_PAGES[name])
    assert response.status_code == (404 if name == "not found" else 200)
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    parsed = directives(policy)
    assert parsed["default-src"] == ["'self'"]
    assert parsed["script-src"][0] == "'self'"
    assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{16,}'", parsed["script-src"][1])
    assert parsed["style-src"] == ["'self'"]
    assert parsed["img-src"] == ["'self'", "data:"]
    assert parsed["font-src"] == ["'self'"]
    assert parsed["media-src"] == ["'self'"]
    assert parsed["object-src"] == ["'none'"]
    assert parsed["base-uri"] == ["'self'"]
    assert parsed["form-action"] == ["'self'"]
    assert parsed["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def test_each_response_gets_its_own_nonce(client):
    first = client.get(PUBLIC_PAGES["home"])["Content-Security-Policy"]
    second = client.get(PUBLIC_PAGES["home"])["Content-Security-Policy"]
    assert first != second


def test_structured_data_carries_the_nonce_of_the_header(client, demo_page):
    offer = demo_page("offer-01")
    response = client.get(offer.url)
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'<script type="application/ld+json" nonce="{nonce}">' in html


def test_pages_have_no_inline_script_without_the_nonce(client):
    for path in PUBLIC_PAGES.values():
        response = client.get(path)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or f'nonce="{nonce}"' in tag, (path, tag)
        assert "<style" not in html
        assert " style=" not in html


def test_admin_has_its_own_policy(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    parsed = directives(response["Content-Security-Policy"])
    assert parsed["script-src"] == ["'self'", "'unsafe-inline'"]
    assert parsed["style-src"] == ["'self'", "'unsafe-inline'"]
    assert parsed["img-src"] == ["'self'", "data:", "blob:"]
    assert parsed["connect-src"] == ["'self'"]
    assert parsed["frame-src"] == ["'self'"]
    assert parsed["frame-ancestors"] == ["'self'"]
    assert parsed["object-src"] == ["'none'"]
    assert not any(value.startswith("'nonce-") for value in parsed["script-src"])
    assert_common_headers(response)


def test_admin_login_page_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response["Content-Security-Policy"])["script-src"]
    assert_common_headers(response)


def test_cookies_are_http_only_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.LANGUAGE_COOKIE_HTTPONLY


# The deploy checks and production configuration, each in a fresh interpreter.


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def test_check_deploy_passes_with_nothing_silenced():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=etablering.settings.production",
        env=production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_variables(missing):
    env = production_env()
    del env[missing]
    result = run_manage("check", "--settings=etablering.settings.production", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment" in result.stderr


def production_settings(**extra):
    """The production settings built from this environment, as JSON."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps(default=str, obj={'caches': s.CACHES, 'storages': s.STORAGES, "
        "'csrf': s.CSRF_TRUSTED_ORIGINS, 'email': [s.EMAIL_HOST, s.EMAIL_PORT, "
        "s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL], "
        "'csp': {k: v for k, v in s.CONTENT_SECURITY_POLICY['DIRECTIVES'].items() "
        "if isinstance(v, (list, bool))}, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'secure': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE], "
        "'tasks': s.TASKS, 'rq': getattr(s, 'RQ_QUEUES', None), "
        "'frontend_cache': s.WAGTAILFRONTENDCACHE}))"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="etablering.settings.production", **extra)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults_without_optional_variables():
    config = production_settings()
    assert config["caches"]["default"]["BACKEND"].endswith("FileBasedCache")  # shared
    assert config["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert config["csrf"] == []
    assert config["hsts"] == 31_536_000
    assert config["secure"] == [True, True, True]
    assert config["csp"]["upgrade-insecure-requests"] is True
    assert "'unsafe-inline'" not in json.dumps(config["csp"])
    assert config["tasks"]["default"]["BACKEND"] == "etablering.background.backends.DatabaseBackend"
    assert config["frontend_cache"] == {}


def test_production_can_run_tasks_on_rq_and_purge_a_cdn():
    config = production_settings(
        REDIS_URL="redis://cache.internal:6379/0",
        TASK_BACKEND="rq",
        FRONTEND_CACHE_PURGE_URL="http://varnish.internal/",
    )
    assert config["tasks"]["default"]["BACKEND"] == "etablering.background.rq.RQBackend"
    # one RQ queue per lane, people's first (etablering/background/lanes.py)
    assert config["rq"] == {
        lane: {"URL": "redis://cache.internal:6379/0"} for lane in ("people", "default", "bulk")
    }
    assert config["caches"]["pages"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert config["frontend_cache"]["http"]["LOCATION"] == "http://varnish.internal/"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"TASK_BACKEND": "rq"}, "TASK_BACKEND=rq needs REDIS_URL"),
        ({"TASK_BACKEND": "celery"}, "TASK_BACKEND must be database or rq"),
    ],
)
def test_production_refuses_a_task_backend_it_cannot_run(extra, message):
    result = run_manage(
        "check", "--settings=etablering.settings.production", env=production_env(**extra)
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_takes_redis_mail_s3_and_origins_from_the_environment():
    config = production_settings(
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="sender",
        EMAIL_HOST_PASSWORD="not-a-real-password",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="etablering@example.org",
        AWS_STORAGE_BUCKET_NAME="etablering-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="se-sto-1",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret-key",
        CSRF_TRUSTED_ORIGINS="https://etablering.example.org,https://www.example.org",
    )
    cache = config["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"
    assert config["email"] == ["smtp.example.org", 2525, "sender", False, "etablering@example.org"]
    storage = config["storages"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "etablering-media"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert storage["OPTIONS"]["region_name"] == "se-sto-1"
    assert config["storages"]["staticfiles"]["BACKEND"].startswith("whitenoise")
    assert "https://s3.example.org" in config["csp"]["img-src"]
    assert config["csrf"] == ["https://etablering.example.org", "https://www.example.org"]


# Throttled admin login (django-axes).


def test_admin_login_is_locked_after_five_wrong_passwords(client, superuser):
    for attempt in range(1, 6):
        response = client.post(
            "/admin/login/", {"username": "redaktor", "password": f"fel-{attempt}"}
        )
        assert response.status_code in (200, 429), attempt
    response = client.post("/admin/login/", {"username": "redaktor", "password": "fel-6"})
    assert response.status_code in (403, 429)
    html = response.content.decode()
    with translation.override("sv"):  # no language asked for: the site's default
        assert translation.gettext("Too many login attempts") in html
    assert 'lang="sv"' in html
    # Even the right password is refused until the cool-off is over.
    response = client.post(
        "/admin/login/", {"username": "redaktor", "password": "ett-langt-losenord-1"}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_count(client, superuser):
    for attempt in range(4):
        client.post("/admin/login/", {"username": "redaktor", "password": f"fel-{attempt}"})
    response = client.post(
        "/admin/login/", {"username": "redaktor", "password": "ett-langt-losenord-1"}
    )
    assert response.status_code == 302
    client.logout()
    for attempt in range(4):
        response = client.post(
            "/admin/login/", {"username": "redaktor", "password": f"fel-{attempt}"}
        )
        assert response.status_code == 200


def test_throttling_settings():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_ENABLED
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS


# /healthz


def test_healthz_answers_ok_without_cache_and_details(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert_common_headers(response)
    assert "Content-Security-Policy" in response


def test_healthz_is_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_reports_an_unavailable_database_without_details(client):
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError(
        'connection to server at "db.internal" (10.0.0.5), port 5432 failed: password'
    )
    with mock.patch.object(health, "connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["database"]}
    assert "no-store" in response["Cache-Control"]
    assert b"db.internal" not in response.content


def test_healthz_reports_a_broken_cache(client):
    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["cache"]}


# The visitor's address behind reverse proxies.


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # the client's own entry is not trusted
        (2, "198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (2, "198.51.100.7", "127.0.0.1"),  # fewer entries than proxies: unchanged
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_remote_addr_comes_from_trusted_proxies_only(rf, settings, count, forwarded, expected):
    from etablering.middleware import ForwardedForMiddleware

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    seen = {}
    ForwardedForMiddleware(lambda r: seen.setdefault("addr", r.META["REMOTE_ADDR"]))(request)
    assert seen["addr"] == expected
