"""Admin registrations: the per-language site details as a translatable snippet under Settings,
and the userbar accessibility checker configured for WCAG 2.2 A and AA."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SiteDetails
from .reports import OutdatedTranslationsView
from .rich_text import LocalizedPageLinkHandler


class SiteDetailsViewSet(SnippetViewSet):
    model = SiteDetails
    icon = "site"
    menu_label = _("Site details")
    add_to_settings_menu = True
    list_display = ["organisation_name", "phone", "locale"]


register_snippet(SiteDetailsViewSet)


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own "page" link type
def link_to_pages_in_the_language_read(features):
    features.register_link_type(LocalizedPageLinkHandler)


class WcagContentChecker(ContentCheckerItem):
    """Wagtail's own checker (userbar and editor side panel), running every WCAG 2.0–2.2 A and AA
    rule of axe-core plus Wagtail's checks of alt text and meta descriptions."""

    axe_run_only = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "seo"]
    axe_custom_rules = [
        {**rule, "tags": [*rule["tags"], "wcag2a"]} if rule["id"] == "alt-text-quality" else rule
        for rule in ContentCheckerItem.axe_custom_rules
    ]


@hooks.register("construct_wagtail_userbar")
def check_wcag_a_and_aa(request, items, page):
    items[:] = [
        WcagContentChecker(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, WcagContentChecker)
        else item
        for item in items
    ]


@hooks.register("insert_editor_js")
def readability_while_typing():
    return format_html('<script src="{}" defer></script>', static("js/admin-lix.js"))


@hooks.register("register_admin_urls")
def outdated_translations_urls():
    return [
        path(
            "reports/outdated-translations/",
            OutdatedTranslationsView.as_view(),
            name="outdated_translations",
        ),
        path(
            "reports/outdated-translations/results/",
            OutdatedTranslationsView.as_view(results_only=True),
            name="outdated_translations_results",
        ),
    ]


class PageEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def outdated_translations_menu_item():
    return PageEditorsMenuItem(
        _("Translations out of date"),
        reverse("outdated_translations"),
        name="outdated-translations",
        icon_name="globe",
        order=650,
    )


@hooks.register("register_log_actions")
def speech_log_actions(actions):
    @actions.register_action("pages.speech_failed")
    class SpeechFailed(LogFormatter):
        label = _("Synthetic speech failed")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "No synthetic voice for the %(level)s level (%(language)s): %(reason)s. "
                "The page is published without audio for it; upload a recording or ask the "
                "operator to check espeak-ng."
            ) % {
                "level": data.get("level", ""),
                "language": data.get("language", ""),
                "reason": data.get("reason", ""),
            }
