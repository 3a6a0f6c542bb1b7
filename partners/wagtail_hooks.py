"""Colleagues and arranged meetings: snippets for the partner coordinators only."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Colleague, Meeting


class ColleagueViewSet(SnippetViewSet):
    model = Colleague
    icon = "group"
    list_display = ["name", "role", "city", "offers_to_meet"]
    list_filter = ["city", "offers_to_meet"]
    search_fields = ["name", "role", "organisation"]


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    list_display = ["colleague", "arranged_on"]


class PartnerSnippets(SnippetViewSetGroup):
    menu_label = _("Meet a colleague")
    menu_icon = "group"
    items = (ColleagueViewSet, MeetingViewSet)


register_snippet(PartnerSnippets)
