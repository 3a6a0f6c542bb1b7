"""The intake queue in the Wagtail admin: cases (listing, filters, search, handling) and teams.

Only users with the intake group's permissions see anything here; nobody may create or delete a
case in the admin (cases come from the public forms; erasure is a management command).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import FORMS
from .models import TRANSITIONS, Case, CaseNote, Status, Team
from .validators import normalise_phone

NO_ADMIN_ACTIONS = {"add", "delete"}


class CasePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody adds or deletes cases in the admin."""

    def user_has_permission(self, user, action):
        return action not in NO_ADMIN_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - NO_ADMIN_ACTIONS)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


def readable_details(case) -> list[tuple[str, str]]:
    """The channel's answers with the form's own labels and choice names."""
    fields = FORMS[case.channel].base_fields if case.channel in FORMS else {}
    rows = []
    for key, value in (case.details or {}).items():
        if key == "demo":  # marks the fictional cases of create_demo_cases
            continue
        field = fields.get(key)
        label = field.label if field is not None else key
        choices = dict(getattr(field, "choices", []) or [])
        rows.append((label, choices.get(value, value)))
    return rows


class CaseDetailsPanel(Panel):
    """What the visitor sent, read-only, with the internal notes below it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/admin/case_details.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            context.update(
                case=case,
                details=readable_details(case),
                notes=case.notes.select_related("author"),
            )
            return context


class CaseForm(WagtailAdminModelForm):
    new_note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only intake staff see notes. Write what was done, not more personal data."),
    )

    class Meta:
        model = Case
        fields = ["status", "team", "assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_status = self.instance.status

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status != self.initial_status and status not in TRANSITIONS[self.initial_status]:
            raise forms.ValidationError(
                _("A case cannot go from “%(from)s” to “%(to)s”.")
                % {"from": Status(self.initial_status).label, "to": Status(status).label}
            )
        return status

    def save(self, commit=True):
        case = super().save(commit=False)
        status = self.cleaned_data["status"]
        if status != self.initial_status:
            case.status = self.initial_status
            case.set_status(status)
        if self.cleaned_data.get("assigned_to") and case.status == Status.NEW:
            case.set_status(Status.ASSIGNED)
        if commit:
            case.save()
            if case.status != self.initial_status:
                log(
                    instance=case,
                    action="intake.status_changed",
                    user=self.for_user,
                    data={"from": self.initial_status, "to": case.status},
                )
            note = self.cleaned_data.get("new_note", "").strip()
            if note:
                CaseNote.objects.create(case=case, author=self.for_user, text=note)
                log(instance=case, action="intake.note_added", user=self.for_user)
        return case


class CaseIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        """Find a case by reference, e-mail or phone number written in any common way."""
        query = (self.search_query or "").strip()
        if not query:
            return queryset
        try:
            phone = normalise_phone(query)
        except forms.ValidationError:
            phone = None
        if phone:
            return queryset.filter(phone=phone)
        if "@" in query:
            return queryset.filter(email__iexact=query)
        return queryset.filter(reference__iexact=query.upper())


class CaseViewSet(ModelViewSet):
    model = Case
    icon = "mail"
    menu_label = _("Intake queue")
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "cases"
    name = "cases"
    index_view_class = CaseIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    list_display = [
        "reference",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display", primary=False),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column("language", label=_("Language"), accessor="language_name"),
        "team",
        "assigned_to",
        DateColumn("created_at", label=_("Received")),
        "suspected_spam",
    ]
    list_filter = ["status", "channel", "language", "team", "suspected_spam", "created_at"]
    search_fields = ["reference", "phone", "email"]
    edit_handler = ObjectList(
        [
            CaseDetailsPanel(heading=_("What was sent")),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("team"), FieldPanel("assigned_to")],
                heading=_("Handling"),
            ),
            FieldPanel("new_note"),
        ],
        base_form_class=CaseForm,
    )


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    menu_label = _("Intake teams")
    add_to_settings_menu = True
    url_prefix = "intake-teams"
    name = "intake_teams"
    copy_view_enabled = False
    list_display = ["name", "notification_email", "active"]
    form_fields = ["name", "notification_email", "active"]
