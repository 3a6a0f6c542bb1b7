"""The second-factor pages: set up an authenticator, enter a code after the password, manage
recovery codes, remove it, and a superuser's reset of someone else's.

Plain HTML forms on pages of their own (second_factor/base.html, the admin's login look): no
JavaScript needed. Nothing here is cached; codes and passwords never reach an error report.
"""

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.auth import require_admin_access

from .forms import APP_CODE, CodeForm, PasswordForm
from .policy import State, is_required, remove_devices, state


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _credentials(user):
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones, and return them (shown only once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _check(user, device, code):
    """'ok', 'wrong', or 'wait' (django-otp's own back-off after wrong codes: 1, 2, 4 … s)."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return "wait"
    return "ok" if verify_token(user, device.persistent_id, code) else "wrong"


def _match(user, code):
    """The device that accepts the code, and the outcome."""
    model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    outcome = "wrong"
    for device in model.objects.devices_for_user(user, confirmed=True):
        outcome = _check(user, device, code)
        if outcome == "ok":
            return device, outcome
    return None, outcome


def complete_login(request, device):
    """The code is right: the session is verified (and gets a new key), and axes forgets the
    failures it counted for this username and address."""
    otp_login(request, device)
    request.session.cycle_key()
    AxesProxyHandler.user_logged_in(sender=__name__, request=request, user=request.user)


WRONG = {
    "wrong": lambda: _("That code is not right. Enter the newest code from your app."),
    "wait": lambda: _("Too many wrong codes in a row. Wait a minute and try again."),
}


@never_cache
@sensitive_post_parameters("code")
@require_admin_access
def verify(request):
    """The code step of logging in, after the password."""
    user = request.user
    current = state(user)
    if current is State.ENROL:
        return redirect_to_login(_next_url(request), reverse("second_factor:enrol"))
    if current is not State.VERIFY:
        return redirect(_next_url(request))
    credentials = _credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, None, credentials)
    form = CodeForm(
        request.POST or None,
        help_text=_("Open the authenticator app on your phone. Lost it? Use a recovery code."),
    )
    if request.method == "POST":
        if form.is_valid():
            device, outcome = _match(user, form.cleaned_data["code"])
            if device is not None:
                complete_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", WRONG[outcome]())
        # Every wrong code counts like a wrong password, for this username and address.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return get_lockout_response(request, None, credentials)
    return render(
        request,
        "second_factor/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _qr_code(device):
    """The app's set-up address as a QR code, an SVG data URI for an <img> (alt text beside)."""
    qr = segno.make(device.config_url, error="m")
    size, _height = qr.symbol_size(scale=5, border=4)
    return {"src": qr.svg_data_uri(scale=5, border=4, dark="#000", light="#fff"), "size": size}


def _secret_text(device):
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_admin_access
def enrol(request):
    """Set up an authenticator app: a QR code (and the key as text), then one code from it."""
    user = request.user
    current = state(user)
    if current is State.VERIFY:
        return redirect_to_login(_next_url(request), reverse("second_factor:verify"))
    if current is State.VERIFIED:
        return redirect("second_factor:manage")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    form = CodeForm(request.POST or None, help_text=_("The 6-digit code your app shows now."))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        outcome = _check(user, device, code) if APP_CODE.fullmatch(code) else "wrong"
        if outcome == "ok":
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                codes = new_recovery_codes(user)
            complete_login(request, device)
            return _show_codes(request, codes)
        form.add_error("code", WRONG[outcome]())
    return render(
        request,
        "second_factor/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": _qr_code(device),
            "secret": _secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "required": current is State.ENROL,
        },
        status=400 if form.errors else 200,
    )


def _show_codes(request, codes):
    return render(
        request,
        "second_factor/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


ACTIONS = ("renew", "remove")


def _manage_page(request, bound=None, status=200):
    """The manage page; ``bound`` is the password form of an action that failed."""
    user = request.user
    enrolled = state(user) is State.VERIFIED
    # Two password fields on one page: ids of their own, the same field name ("password", which
    # axes and error reports mask).
    forms = {
        f"{action}_form": PasswordForm(auto_id=f"id_{action}_%s", request=request)
        for action in ACTIONS
    }
    if bound is not None:
        forms[f"{bound.action}_form"] = bound
    return render(
        request,
        "second_factor/manage.html",
        {
            "enrolled": enrolled,
            "required": is_required(user),
            "recovery_left": (
                StaticToken.objects.filter(device__user=user).count() if enrolled else 0
            ),
            **forms,
        },
        status=status,
    )


@never_cache
@require_admin_access
def manage(request):
    return _manage_page(request)


def _password_action(request, prefix, action):
    """Run action(user) when the password is right; else the manage page with the error."""
    if state(request.user) is not State.VERIFIED:
        return redirect("second_factor:manage")
    form = PasswordForm(request.POST, auto_id=f"id_{prefix}_%s", request=request)
    form.action = prefix
    if form.is_valid():
        return action(request.user)
    return _manage_page(request, bound=form, status=400)


@never_cache
@require_POST
@sensitive_post_parameters("password")
@require_admin_access
def renew_recovery_codes(request):
    def renew(user):
        with transaction.atomic():
            codes = new_recovery_codes(user)
        return _show_codes(request, codes)

    return _password_action(request, "renew", renew)


@never_cache
@require_POST
@sensitive_post_parameters("password")
@require_admin_access
def remove(request):
    def remove_all(user):
        remove_devices(user)
        messages.success(request, _("Your second factor has been removed."))
        # Someone who must have one is sent on to set up a new one.
        return redirect("second_factor:manage")

    return _password_action(request, "remove", remove_all)


@never_cache
@require_admin_access
def reset(request, user_id):
    """A superuser removes someone's authenticator and recovery codes (a lost phone)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    account = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        remove_devices(account)
        messages.success(
            request,
            _("The second factor of %(name)s has been reset.") % {"name": account.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return render(
        request,
        "second_factor/reset.html",
        {
            "account": account,
            "has_authenticator": TOTPDevice.objects.filter(user=account).exists(),
        },
    )
