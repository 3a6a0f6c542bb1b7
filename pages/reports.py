"""An admin report of translations whose Swedish source changed after they were made."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView

from .translations import outdated_translations


class OutdatedTranslationsView(PageReportView):
    page_title = _("Translations out of date")
    header_icon = "globe"
    index_url_name = "outdated_translations"
    index_results_url_name = "outdated_translations_results"
    results_template_name = "pages/admin/outdated_translations_results.html"
    permission_required = "change"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = outdated_translations(editable)
        return super().get_queryset()
