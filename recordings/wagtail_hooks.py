from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls, workspace


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
    actions.register_action(
        "recordings.submitted", _("Submit recording"), _("Recording submitted for review")
    )
    actions.register_action("recordings.refused", _("Refuse file"), _("Recording file refused"))
    actions.register_action("recordings.approved", _("Approve"), _("Recording approved"))
    actions.register_action("recordings.sent_back", _("Send back"), _("Recording sent back"))
    actions.register_action(
        "recordings.out_of_date", _("Mark out of date"), _("Recording out of date: text changed")
    )
