"""django-axes counts wrong codes like wrong passwords, and forgets them only after the code.

With ``AXES_RESET_ON_SUCCESS`` axes forgets a username's failures when the password is right;
for a user who still owes a code that would let someone who knows the password try four codes,
log in again and try four more, for ever. This handler keeps the count until the second factor
is passed (views.complete_login tells axes of the whole login then).
"""

from axes.handlers.database import AxesDatabaseHandler

from .policy import expects_code


class SecondFactorAxesHandler(AxesDatabaseHandler):
    def user_logged_in(self, sender, request, user, **kwargs):
        if getattr(user, "otp_device", None) is None and expects_code(user):
            return None  # the password alone: the login is not complete yet
        return super().user_logged_in(sender, request, user, **kwargs)
