"""The pictogram library, the glossary, the spoken language names and the report of the pages
people understand least, in the admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.wagtail_hooks import PageEditorsMenuItem

from .models import GlossaryTerm, LanguageNameClip, Pictogram
from .reports import LeastUnderstoodView


class PictogramViewSet(SnippetViewSet):
    model = Pictogram
    icon = "image"
    menu_label = _("Pictograms")
    list_display = ["meaning", "locale", "attribution"]
    search_fields = ["meaning"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossary")
    list_display = ["term", "slug", "locale"]
    search_fields = ["term"]


class LanguageNameClipViewSet(SnippetViewSet):
    model = LanguageNameClip
    icon = "media"
    menu_label = _("Spoken language names")
    list_display = ["language", "audio"]


class PicturesGroup(SnippetViewSetGroup):
    items = (PictogramViewSet, GlossaryTermViewSet, LanguageNameClipViewSet)
    menu_icon = "image"
    menu_label = _("Pictograms and sound")
    menu_name = "pictures"


register_snippet(PicturesGroup)


@hooks.register("register_admin_urls")
def least_understood_urls():
    return [
        path("reports/least-understood/", LeastUnderstoodView.as_view(), name="least_understood"),
        path(
            "reports/least-understood/results/",
            LeastUnderstoodView.as_view(results_only=True),
            name="least_understood_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def least_understood_menu_item():
    return PageEditorsMenuItem(
        _("Pages people understand least"),
        reverse("least_understood"),
        name="least-understood",
        icon_name="help",
        order=660,
    )
