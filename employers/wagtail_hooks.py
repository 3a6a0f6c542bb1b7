from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from pages.wagtail_hooks import PageEditorsMenuItem

from .reports import OffersNearDeadlineView


@hooks.register("register_admin_urls")
def offers_near_deadline_urls():
    return [
        path(
            "reports/offers-near-deadline/",
            OffersNearDeadlineView.as_view(),
            name="offers_near_deadline",
        ),
        path(
            "reports/offers-near-deadline/results/",
            OffersNearDeadlineView.as_view(results_only=True),
            name="offers_near_deadline_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def offers_near_deadline_menu_item():
    return PageEditorsMenuItem(
        _("Offers near their deadline"),
        reverse("offers_near_deadline"),
        name="offers-near-deadline",
        icon_name="date",
        order=660,
    )
