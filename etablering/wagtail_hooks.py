"""The project's own admin entries: the second factor (etablering/second_factor/)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("second_factor:manage"),
        "label": _("Second factor"),
        "help_text": _("A code from your phone when you log in, and your recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Reset second factor"),
            reverse("second_factor:reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
