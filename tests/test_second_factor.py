"""The admin's second factor (etablering/second_factor/): who must use one, set-up, the code
step after the password, recovery codes, throttling of wrong codes, resets, and that nothing in
the admin (nor a private document) is reached with the password alone."""

import base64
import json
import re
import subprocess
import sys
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import URLResolver, get_resolver
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.users.models import UserProfile

from etablering.second_factor.forms import normalise_code
from etablering.second_factor.policy import is_required
from tests.test_partners import document, storage_without_local_paths  # noqa: F401
from tests.test_security import production_env

PASSWORD = "ett-langt-losenord-1"
ENROL = "/admin/second-factor/set-up/"
VERIFY = "/admin/second-factor/code/"
MANAGE = "/admin/second-factor/"


@pytest.fixture
def enforced(settings):
    settings.SECOND_FACTOR_ENFORCED = True
    settings.SECOND_FACTOR_FOR_PUBLISHERS = True


@pytest.fixture
def make_user(db):
    def make(username, group=None, superuser=False, access_admin=False):
        User = get_user_model()
        if superuser:
            return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        if group:
            user.groups.add(Group.objects.get(name=group))
        if access_admin:
            user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        return user

    return make


def log_in(client, user, next_url="/admin/"):
    return client.post(
        "/admin/login/", {"username": user.get_username(), "password": PASSWORD, "next": next_url}
    )


def current_code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def give_authenticator(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    codes = ["abcdefgh", "ijklmnop", "qrstuvwx"]
    static = user.staticdevice_set.create(name="recovery codes", confirmed=True)
    for code in codes:
        static.token_set.create(token=code)
    return device, codes


def admin_paths():
    """One concrete path for every URL pattern under /admin/, parameters filled in."""

    def concrete(piece):
        piece = str(piece).lstrip("^").rstrip("$").replace("\\Z", "")
        piece = re.sub(r"<(?:int:)?\w+>", "1", piece)
        piece = re.sub(r"<\w+:\w+>", "x", piece)
        piece = re.sub(r"\(\?P<\w+>[^)]*\)", "1", piece)
        return piece

    def walk(patterns, prefix):
        for pattern in patterns:
            path = prefix + concrete(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, path)
            else:
                yield "/" + path

    paths = {path for path in walk(get_resolver().url_patterns, "") if path.startswith("/admin/")}
    return sorted(path for path in paths if not re.search(r"[()\[\]\\?*+|]", path))


# Logging in and out, the code and set-up pages, and the admin's script catalogue and icons.
OPEN_PATHS = {"/admin/login/", "/admin/logout/", "/admin/jsi18n/", ENROL, VERIFY}


def is_open(path):
    return path in OPEN_PATHS or path.startswith("/admin/sprite")


# Who must have one.


def test_dev_and_test_settings_do_not_enforce_it(client, make_user):
    from etablering.settings import dev

    assert dev.SECOND_FACTOR_ENFORCED is False
    assert settings.SECOND_FACTOR_ENFORCED is False
    intake = make_user("intake-dev", group="Intake")
    assert log_in(client, intake)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/cases/").status_code == 200


def production_second_factor(**extra):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SECOND_FACTOR_ENFORCED, s.SECOND_FACTOR_FOR_PUBLISHERS, s.SECOND_FACTOR_GROUPS, "
        "s.SECOND_FACTOR_PERMISSIONS, s.OTP_TOTP_ISSUER, s.MIDDLEWARE]))"
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


def test_production_settings_enforce_it_and_the_environment_can_say_otherwise():
    enforced, publishers, groups, permissions, issuer, middleware = production_second_factor()
    assert (enforced, publishers) == (True, True)
    assert groups == ["Intake"] and permissions == ["intake.view_case"]
    assert issuer == "Etablering Stockholm"
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1 : auth + 3] == [
        "django_otp.middleware.OTPMiddleware",
        "etablering.second_factor.middleware.SecondFactorMiddleware",
    ]
    enforced, publishers, *_rest = production_second_factor(SECOND_FACTOR_FOR_PUBLISHERS="false")
    assert (enforced, publishers) == (True, False)


@pytest.mark.parametrize(
    ("kind", "publishers", "required"),
    [
        ("superuser", True, True),
        ("intake", True, True),
        ("intake", False, True),
        ("editor", True, False),  # Wagtail's Editors submit pages for moderation
        ("moderator", True, True),  # Wagtail's Moderators publish
        ("moderator", False, False),
        ("partner", True, False),  # a partner city's group: moderated, no publishing
        ("admin access only", True, False),
    ],
)
def test_who_must_have_a_second_factor(settings, make_user, kind, publishers, required):
    settings.SECOND_FACTOR_ENFORCED = True
    settings.SECOND_FACTOR_FOR_PUBLISHERS = publishers
    user = {
        "superuser": lambda: make_user("u", superuser=True),
        "intake": lambda: make_user("u", group="Intake"),
        "editor": lambda: make_user("u", group="Editors"),
        "moderator": lambda: make_user("u", group="Moderators"),
        "partner": lambda: make_user("u", group="Partners: Trondheim"),
        "admin access only": lambda: make_user("u", access_admin=True),
    }[kind]()
    assert is_required(user) is required
    settings.SECOND_FACTOR_ENFORCED = False
    assert is_required(user) is False


# Enrolment.


def test_intake_user_without_a_device_reaches_only_the_set_up_page(client, enforced, make_user):
    intake = make_user("intake-1", group="Intake")
    response = log_in(client, intake, next_url="/admin/cases/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=/admin/cases/"
    for path in admin_paths():
        if is_open(path):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{ENROL}?next="), path
    # JSON and form posts are held the same way.
    for path in ("/admin/api/main/pages/", "/admin/cases/1/", "/admin/pages/search/?q=a"):
        assert client.get(path, HTTP_ACCEPT="application/json")["Location"].startswith(ENROL)
    assert client.post("/admin/cases/1/", {"status": "closed"})["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == 200


def test_setting_up_shows_a_qr_code_and_the_key_then_recovery_codes(client, enforced, make_user):
    intake = make_user("intake-2", group="Intake")
    log_in(client, intake)
    with translation.override("en"):
        page = client.get(ENROL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'src="data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns' in page
    device = TOTPDevice.objects.get(user=intake, confirmed=False)
    key = re.search(r'class="second-factor-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1)
    key = key.replace(" ", "")
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    # A wrong code is refused; the app's code is taken.
    response = client.post(ENROL, {"code": "000000", "next": "/admin/cases/"})
    assert response.status_code == 400
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):
        response = client.post(ENROL, {"code": current_code(device), "next": "/admin/cases/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == settings.SECOND_FACTOR_RECOVERY_CODES == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=intake).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/cases/").status_code == 200
    # Set up once: the page now leads to managing it.
    assert client.get(ENROL)["Location"] == MANAGE


def test_with_a_device_the_password_alone_opens_nothing(client, enforced, make_user):
    intake = make_user("intake-3", group="Intake")
    device, _codes = give_authenticator(intake)
    response = log_in(client, intake, next_url="/admin/cases/")
    response = client.get(response["Location"])
    assert response["Location"] == f"{VERIFY}?next=/admin/cases/"
    for path in admin_paths():
        if is_open(path):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{VERIFY}?next="), path
    # Nor can a new authenticator be set up in place of the code.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=intake, confirmed=False).exists()
    page = client.get(f"{VERIFY}?next=/admin/cases/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/cases/"
    assert client.get("/admin/cases/").status_code == 200


def test_whoever_has_a_device_uses_it_even_where_not_enforced(client, make_user):
    editor = make_user("editor-1", group="Editors")
    device, _codes = give_authenticator(editor)
    log_in(client, editor)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=/admin/"
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get("/admin/").status_code == 200


def test_unverified_user_is_anonymous_outside_the_admin(
    client,
    make_user,
    storage_without_local_paths,  # noqa: F811
):
    partner = make_user("t-birmingham-2", group="Partners: Birmingham")
    device, _codes = give_authenticator(partner)
    private = document("birmingham", private=True)
    log_in(client, partner)
    response = client.get(private.url)
    assert response.status_code in (302, 403)
    assert "attachment" not in response.get("Content-Disposition", "")
    client.post(VERIFY, {"code": current_code(device)})
    response = client.get(private.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


# Wrong codes, throttling, recovery codes.


@pytest.mark.parametrize(
    "typed", ["12345", "1234567", "abc", "²²²²²²", "١٢٣٤٥٦", "", " ", "x" * 500, "\x00" * 6]
)
def test_codes_of_the_wrong_form_get_a_message_not_an_error(client, enforced, make_user, typed):
    intake = make_user("intake-4", group="Intake")
    give_authenticator(intake)
    log_in(client, intake)
    response = client.post(VERIFY, {"code": typed})
    assert response.status_code == 400
    assert "error" in response.content.decode()
    assert client.get("/admin/").status_code == 302


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text())
def test_only_ascii_codes_of_the_two_kinds_are_read(text):
    code = normalise_code(text)
    assert code == "" or re.fullmatch(r"[0-9]{6}|[a-z2-7]{8}", code)


def test_wrong_codes_are_counted_like_wrong_passwords_and_lock_out(client, enforced, make_user):
    intake = make_user("intake-5", group="Intake")
    device, _codes = give_authenticator(intake)
    log_in(client, intake)
    for attempt in range(3):
        response = client.post(VERIFY, {"code": f"00000{attempt}"})
        assert response.status_code == 400
    # Entering the password again does not wipe the count of wrong codes.
    client.post("/admin/logout/")
    log_in(client, intake)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": "000003"}).status_code == 400
    response = client.post(VERIFY, {"code": "000004"})
    assert response.status_code == 429
    with translation.override("sv"):
        assert translation.gettext("Too many login attempts") in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Locked out: neither the password nor the right code helps until the cool-off is over.
    assert log_in(client, intake).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="intake-5").get().failures_since_start >= 5
    del device


def test_the_right_code_clears_the_count(client, enforced, make_user):
    intake = make_user("intake-6", group="Intake")
    device, _codes = give_authenticator(intake)
    log_in(client, intake)
    for attempt in range(4):
        client.post(VERIFY, {"code": f"00000{attempt}"})
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="intake-6").exists()


def test_a_recovery_code_works_once(client, enforced, make_user):
    intake = make_user("intake-7", group="Intake")
    _device, codes = give_authenticator(intake)
    log_in(client, intake)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + "-" + codes[0][4:]})
    assert response.status_code == 302
    assert client.get("/admin/cases/").status_code == 200
    client.post("/admin/logout/")
    log_in(client, intake)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):
        assert client.post(VERIFY, {"code": codes[1]}).status_code == 302
    assert StaticToken.objects.filter(device__user=intake).count() == 1


def test_new_recovery_codes_need_the_password_and_replace_the_old(client, enforced, make_user):
    intake = make_user("intake-8", group="Intake")
    device, codes = give_authenticator(intake)
    log_in(client, intake)
    client.post(VERIFY, {"code": current_code(device)})
    page = client.get(MANAGE).content.decode()
    with translation.override("sv"):
        assert translation.gettext("Recovery codes left: %(count)s") % {"count": 3} in page
    response = client.post(f"{MANAGE}recovery-codes/", {"password": "wrong"})
    assert response.status_code == 400
    response = client.post(f"{MANAGE}recovery-codes/", {"password": PASSWORD})
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_removing_it_needs_the_password_and_whoever_must_have_one_sets_up_anew(
    client, enforced, make_user
):
    intake = make_user("intake-9", group="Intake")
    device, _codes = give_authenticator(intake)
    log_in(client, intake)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.post(f"{MANAGE}remove/", {"password": "wrong"}).status_code == 400
    assert TOTPDevice.objects.filter(user=intake).exists()
    client.post(f"{MANAGE}remove/", {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=intake, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(ENROL)


# Reset by a superuser.


def test_a_superuser_resets_someones_second_factor(client, enforced, make_user):
    admin = make_user("admin-1", superuser=True)
    admin_device, _codes = give_authenticator(admin)
    intake = make_user("intake-10", group="Intake")
    give_authenticator(intake)
    log_in(client, admin)
    client.post(VERIFY, {"code": current_code(admin_device)})
    users = client.get("/admin/users/").content.decode()
    assert f"/admin/second-factor/reset/{intake.pk}/" in users
    assert client.get(f"/admin/second-factor/reset/{intake.pk}/").status_code == 200
    response = client.post(f"/admin/second-factor/reset/{intake.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=intake).exists()
    assert not StaticToken.objects.filter(device__user=intake).exists()
    # Their next login leads to setting up a new one.
    other = client.__class__(HTTP_HOST="testserver")
    log_in(other, intake)
    assert other.get("/admin/")["Location"].startswith(ENROL)


def test_only_a_superuser_may_reset(client, make_user):
    editor = make_user("editor-2", group="Editors")
    intake = make_user("intake-11", group="Intake")
    give_authenticator(intake)
    client.force_login(editor)
    assert (
        f"/admin/second-factor/reset/{intake.pk}/"
        not in client.get("/admin/users/").content.decode()
    )
    response = client.post(f"/admin/second-factor/reset/{intake.pk}/")
    # Wagtail's answer to a refused admin view: back to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=intake).exists()


def test_reset_from_the_command_line(make_user):
    intake = make_user("intake-12", group="Intake")
    give_authenticator(intake)
    out = StringIO()
    call_command("reset_second_factor", "intake-12", stdout=out)
    assert "reset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=intake).exists()
    assert not StaticToken.objects.filter(device__user=intake).exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reset_second_factor", "nobody-by-this-name")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_pages_speak_the_editors_language(client, enforced, make_user, language):
    intake = make_user(f"intake-lang-{language}", group="Intake")
    profile = UserProfile.get_for_user(intake)
    profile.preferred_language = language
    profile.save()
    log_in(client, intake)
    html = client.get(ENROL).content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        assert translation.gettext("Set up a second factor") in html
