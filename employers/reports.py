"""An admin report of open recruitment offers whose last day to apply is near."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView

from .choices import OfferStatus
from .models import OfferPage

NEAR_DAYS = 14


def offers_near_deadline(pages=None, today=None):
    today = today or timezone.localdate()
    pages = OfferPage.objects.all() if pages is None else pages
    return (
        pages.filter(
            status=OfferStatus.OPEN,
            application_deadline__gte=today,
            application_deadline__lte=today + timedelta(days=NEAR_DAYS),
        )
        .select_related("locale")
        .order_by("application_deadline", "title")
    )


class OffersNearDeadlineView(PageReportView):
    page_title = _("Offers near their deadline")
    header_icon = "date"
    index_url_name = "offers_near_deadline"
    index_results_url_name = "offers_near_deadline_results"
    results_template_name = "employers/admin/offers_near_deadline_results.html"
    permission_required = "change"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).type(OfferPage)
        self.queryset = offers_near_deadline(OfferPage.objects.filter(pk__in=editable.values("pk")))
        return super().get_queryset()
