from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "intake"
    verbose_name = _("Contact and intake")

    def ready(self):
        register_phrases()


def register_phrases():
    """What a person who cannot read must hear on the call-back page (pages/phrases.py): its
    prompts and choices (the texts the form shows, taken from the form itself), its errors by
    code (``error.<field>_<code>``, the code the error carries) and the receipt's promise."""
    from pages import phrases

    from .forms import CallbackForm

    fields = CallbackForm.base_fields
    phrases.register("callback.phone", _("Write your phone number. That is all we need."))
    for name in ("interpreter", "time_of_day"):
        phrases.register(f"callback.{name}", fields[name].label)
        for value, label in fields[name].choices:
            if value:
                phrases.register(f"callback.{name}.{value}", label)
    phrases.register("callback.received", _("We will call you."))
    phrases.register("callback.asked_again", _("We will call you. You do not need to ask again."))
    phrases.register("error.phone_required", fields["phone"].error_messages["required"])
    phrases.register("error.phone_invalid", _("Write a phone number, for example 070-123 45 67."))
    phrases.register("error.phone_too_long", _("Write a phone number with at most 15 digits."))
    phrases.register(
        "error.form_expired",
        _("The form had been open too long. Check your answers and send it again."),
    )
