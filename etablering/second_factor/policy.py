"""Who must use a second factor, and where a logged-in user stands.

Required (when ``SECOND_FACTOR_ENFORCED``): superusers, anyone holding one of
``SECOND_FACTOR_PERMISSIONS`` (seeing intake cases) or in one of ``SECOND_FACTOR_GROUPS``, and,
with ``SECOND_FACTOR_FOR_PUBLISHERS``, anyone who may publish pages or snippets. Anyone else may
set one up; whoever has one must use it, enforced or not.
"""

import enum

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission


class State(enum.Enum):
    NONE = "none"  # anonymous, or nothing is asked of this user
    VERIFIED = "verified"  # logged in with a code in this session
    VERIFY = "verify"  # has an authenticator, has not entered a code yet
    ENROL = "enrol"  # must set up an authenticator before anything else


def can_publish(user):
    if any(
        permission.partition(".")[2].startswith("publish_")
        for permission in user.get_all_permissions()
    ):
        return True
    return GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists()


def is_required(user):
    """Whether the user must have a second factor (not whether they have one)."""
    if not getattr(settings, "SECOND_FACTOR_ENFORCED", True):
        return False
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if any(user.has_perm(permission) for permission in settings.SECOND_FACTOR_PERMISSIONS):
        return True
    if user.groups.filter(name__in=settings.SECOND_FACTOR_GROUPS).exists():
        return True
    return bool(settings.SECOND_FACTOR_FOR_PUBLISHERS and can_publish(user))


def has_authenticator(user):
    """A confirmed authenticator app (recovery codes exist only beside one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def expects_code(user):
    """A code will be asked of this user at login (used by the login throttling)."""
    return has_authenticator(user) or is_required(user)


def state(user):
    """Where the user (request.user, after django-otp's middleware) stands."""
    if not user.is_authenticated:
        return State.NONE
    if user.is_verified():
        return State.VERIFIED
    if has_authenticator(user):
        return State.VERIFY
    if is_required(user):
        return State.ENROL
    return State.NONE


def remove_devices(user):
    """Every authenticator and recovery code of the user (a reset, or turning it off)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
