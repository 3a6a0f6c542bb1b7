from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls, workspace
from .history import ACTIONS
from .models import State


class WorkspaceMenuItem(MenuItem):
    """Only for speakers, reviewers and superusers."""

    def is_shown(self, request):
        return workspace.may_use_workspace(request.user)


@hooks.register("register_admin_urls")
def recordings_urls():
    return [path("recordings/", include(urls))]


@hooks.register("register_admin_menu_item")
def recordings_menu_item():
    return WorkspaceMenuItem(
        _("Recording workspace"),
        reverse("recordings:index"),
        name="recordings",
        icon_name="media",
        order=350,
    )


@hooks.register("register_log_actions")
def recordings_log_actions(actions):
    for state in (
        State.AWAITING_REVIEW,
        State.REFUSED,
        State.APPROVED,
        State.SENT_BACK,
        State.OUT_OF_DATE,
    ):
        actions.register_action(ACTIONS[state], state.label, state.label)
