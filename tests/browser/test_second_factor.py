"""The second factor's pages in Chromium: set-up, recovery codes, the code step and the manage
page pass axe-core at desktop width and at 320 px, and the whole flow works without JavaScript."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP

from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

PASSWORD = "browser-tests-only-0123456789"  # noqa: S105 (a throwaway test database)
_USER_SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
User = get_user_model()
user, created = User.objects.get_or_create(username=USERNAME)
user.set_password(PASSWORD)
user.save()
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
"""


@pytest.fixture(scope="module")
def make_editor(site_url, tmp_path_factory):
    """An account with admin access (no second factor yet) in the database of site_url."""
    databases = sorted(
        {path.resolve() for path in tmp_path_factory.getbasetemp().glob("site*/site.sqlite3")}
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.test", TEST_SQLITE_PATH=str(databases[0])
    )
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def make(username):
        code = _USER_SETUP.replace("USERNAME", repr(username)).replace("PASSWORD", repr(PASSWORD))
        subprocess.run(manage + ["shell", "-c", code], env=env, check=True, capture_output=True)
        return username

    return make


def log_in(tab, site_url, username):
    tab.goto(f"{site_url}/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("form.login-form button[type=submit]").click()
    tab.wait_for_load_state("load")


def app_code(tab):
    secret = tab.locator(".second-factor-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return key, f"{TOTP(key).token():06d}"


def submit_code(tab, code):
    tab.fill("#id_code", code)
    tab.locator("form.login-form button[type=submit]").click()
    tab.wait_for_load_state("load")


@pytest.mark.parametrize("width", [1280, 320])
def test_set_up_and_code_pages_have_no_axe_violations(browser, site_url, make_editor, width):
    username = make_editor(f"2fa-axe-{width}")
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    log_in(tab, site_url, username)
    tab.goto(f"{site_url}/admin/second-factor/")
    assert_no_violations(tab)
    tab.goto(f"{site_url}/admin/second-factor/set-up/")
    assert tab.locator("img.second-factor-qr").get_attribute("alt")
    assert tab.evaluate("document.querySelector('img.second-factor-qr').naturalWidth") > 100
    assert_no_violations(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    submit_code(tab, "12")  # an error shown
    assert tab.locator(".error-message, .w-field__errors").count() > 0
    assert_no_violations(tab)
    _key, code = app_code(tab)
    submit_code(tab, code)
    codes = tab.locator(".second-factor-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_violations(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    tab.goto(f"{site_url}/admin/second-factor/")
    assert_no_violations(tab)
    # Log out; the next login asks for the code.
    tab.locator("form.second-factor-logout button").click()
    tab.wait_for_load_state("load")
    log_in(tab, site_url, username)
    assert "/admin/second-factor/code/" in tab.url
    assert_no_violations(tab)
    submit_code(tab, "000000")
    assert_no_violations(tab)
    context.close()


def test_the_whole_flow_works_without_javascript(browser, site_url, make_editor):
    username = make_editor("2fa-no-js")
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, site_url, username)
    tab.goto(f"{site_url}/admin/second-factor/")
    tab.get_by_role("link", name=re.compile("second factor", re.I)).click()
    tab.wait_for_load_state("load")
    assert "/admin/second-factor/set-up/" in tab.url
    _key, code = app_code(tab)
    submit_code(tab, code)
    codes = tab.locator(".second-factor-codes code").all_inner_texts()
    assert len(codes) == 10
    tab.locator("form.second-factor-logout button").click()
    tab.wait_for_load_state("load")
    log_in(tab, site_url, username)
    assert "/admin/second-factor/code/" in tab.url
    submit_code(tab, codes[0])
    assert tab.url.rstrip("/").endswith("/admin")
    context.close()
