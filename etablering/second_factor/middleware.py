"""Holds every request of a user who owes a code (or must set up an authenticator).

Under /admin/ such a user is sent to the code page (or to enrolment) from every URL, JSON and
API endpoints included; only logging in and out, the code and set-up pages and the admin's
script catalogue and icon sprite stay open. Everywhere else (documents of private collections,
private pages, previews, the userbar) the request is treated as anonymous, so nothing that
needs a login is reached with the password alone.

Installed after django-otp's OTPMiddleware, which tells whether the session has been verified.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from .policy import State, state

ADMIN_PREFIX = "/admin/"
# What a user who owes a code may still reach; each second-factor view checks the state itself.
OPEN_VIEW_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "second_factor:verify",
    "second_factor:enrol",
}


def _is_open(path):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEW_NAMES


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            response = self.hold(request)
            if response is not None:
                return response
        else:
            user = request.user
            request.user = SimpleLazyObject(lambda: self.public_user(user))
            auser = getattr(request, "auser", None)
            if auser is not None:

                async def public_auser():
                    return await sync_to_async(self.public_user)(await auser())

                request.auser = public_auser
        return self.get_response(request)

    @staticmethod
    def public_user(user):
        if state(user) in (State.VERIFY, State.ENROL):
            return AnonymousUser()
        return user

    @staticmethod
    def hold(request):
        if not request.user.is_authenticated or _is_open(request.path_info):
            return None
        current = state(request.user)
        if current is State.VERIFY:
            return redirect_to_login(request.get_full_path(), reverse("second_factor:verify"))
        if current is State.ENROL:
            return redirect_to_login(request.get_full_path(), reverse("second_factor:enrol"))
        return None
