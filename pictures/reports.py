"""An admin report: the pages people say they understand least, per level and language."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Sum, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from etablering.languages import get_language
from pages.levels import BY_CODE

from .models import UnderstandingCount


def _answers(answer):
    return Sum(Case(When(answer=answer, then="count"), default=0, output_field=IntegerField()))


def least_understood():
    """One row per page, level and language: answers and the share who understood, worst first."""
    rows = list(
        UnderstandingCount.objects.values("page_id", "level", "language").annotate(
            yes=_answers("yes"), partly=_answers("partly"), no=_answers("no"), total=Sum("count")
        )
    )
    pages = Page.objects.in_bulk([row["page_id"] for row in rows])
    result = []
    for row in rows:
        page = pages.get(row["page_id"])
        if page is None or not row["total"]:
            continue
        level = BY_CODE.get(row["level"])
        result.append(
            {
                **row,
                "page": page,
                "level_label": level.label if level else row["level"],
                "language_name": get_language(row["language"]).name_local,
                "understood": round(100 * row["yes"] / row["total"]),
                "not_understood": round(100 * row["no"] / row["total"]),
            }
        )
    result.sort(key=lambda row: (row["understood"], -row["no"], -row["total"]))
    return result


class LeastUnderstoodView(ReportView):
    page_title = _("Pages people understand least")
    header_icon = "help"
    index_url_name = "least_understood"
    index_results_url_name = "least_understood_results"
    results_template_name = "pictures/admin/least_understood_results.html"

    def dispatch(self, request, *args, **kwargs):
        if not PagePermissionPolicy().user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return least_understood()
