from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin import CasePermissionPolicy, CaseViewSet, TeamViewSet
from .models import Case

register_permission_policy(Case, CasePermissionPolicy(Case))


@hooks.register("register_admin_viewset")
def register_intake_viewsets():
    return [CaseViewSet(), TeamViewSet()]


@hooks.register("register_log_actions")
def intake_log_actions(actions):
    actions.register_action("intake.status_changed", _("Change status"), _("Status changed"))
    actions.register_action("intake.note_added", _("Add note"), _("Internal note added"))
    actions.register_action(
        "intake.notification_sent", _("Notify team"), _("Team notified by e-mail")
    )
    actions.register_action("intake.receipt_sent", _("Send receipt"), _("Receipt e-mailed"))


@hooks.register("register_admin_urls")
def intake_statistics_urls():
    from django.urls import path

    from .statistics import intake_statistics_view

    return [path("intake-statistics/", intake_statistics_view, name="intake_statistics")]


@hooks.register("register_reports_menu_item")
def intake_statistics_menu_item():
    from django.urls import reverse

    from .statistics import IntakeStatisticsMenuItem

    return IntakeStatisticsMenuItem(
        _("Intake statistics"),
        reverse("intake_statistics"),
        name="intake-statistics",
        icon_name="table",
        order=700,
    )
