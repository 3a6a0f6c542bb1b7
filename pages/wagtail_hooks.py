"""Admin registrations: the per-language site details as a translatable snippet under Settings,
and the userbar accessibility checker configured for WCAG 2.2 A and AA."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SiteDetails


class SiteDetailsViewSet(SnippetViewSet):
    model = SiteDetails
    icon = "site"
    menu_label = _("Site details")
    add_to_settings_menu = True
    list_display = ["organisation_name", "phone", "locale"]


register_snippet(SiteDetailsViewSet)


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
