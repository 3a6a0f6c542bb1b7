"""The forms of the second-factor pages. Codes are read in one way: ASCII digits (an app's code)
or ASCII letters and digits (a recovery code), spaces and hyphens ignored."""

import re

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

APP_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
_IGNORED = re.compile(r"[\s-]+")


def normalise_code(value):
    """A code as typed ('123 456', 'ABCD-EFGH') in the form stored; '' if it is neither kind."""
    code = _IGNORED.sub("", value or "").lower()
    if code.isascii() and (APP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
        return code
    return ""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("Enter the 6-digit code from your app, or one of your recovery codes."),
                code="format",
            )
        return code


class PasswordForm(forms.Form):
    """The current password, asked again before codes are renewed or the factor removed."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise forms.ValidationError(_("The password is not right."), code="password")
        return password
