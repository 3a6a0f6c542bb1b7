"""The four contact forms. Labels, hints and errors are interface strings in the visitor's
language; every field is rendered by one accessible component (``forms/fields/``)."""

from django import forms
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from etablering.languages import LANGUAGES, SOURCE_LANGUAGE

from .models import Channel, Gender
from .validators import normalise_organisation_number, normalise_phone

MESSAGE_MAX_LENGTH = 5000
OTHER_LANGUAGE = "other"


def language_choices():
    return [(language.code, language.name_local) for language in LANGUAGES] + [
        (OTHER_LANGUAGE, _("Another language"))
    ]


def _is_djangos_default(field, code) -> bool:
    """True when a field's message for ``code`` is Django's own, not one written for this form."""
    message = field.error_messages.get(code)
    return any(
        getattr(klass, "default_error_messages", {}).get(code) is message
        for klass in type(field).__mro__
    )


def optional_name_field():
    return forms.CharField(
        required=False,
        max_length=200,
        label=_("Your name (if you want to give it)"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def email_field(required=True, **kwargs):
    return forms.EmailField(
        required=required,
        max_length=254,
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Write an e-mail address so that we can answer you."),
            "invalid": _("Write an e-mail address like name@example.org."),
        },
        **kwargs,
    )


def answer_language_field():
    return forms.ChoiceField(
        label=_("Which language do you want us to use?"),
        choices=language_choices,
        error_messages={"required": _("Choose a language.")},
    )


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else ""


class ContactForm(forms.Form):
    """What every contact form has: a language, an optional gender, and the anti-abuse fields."""

    channel: str
    # Shown in this order; each form lists its own fields in ``field_order``.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    gender = forms.ChoiceField(
        required=False,
        label=_("Gender (you do not have to answer)"),
        help_text=_("We count answers to see if we reach women and men equally."),
        choices=Gender.choices,
        widget=forms.RadioSelect,
    )

    honeypot_field = "website"

    # Django's own messages do not exist in every language of the site: ours do.
    default_errors = {
        "required": _("Answer this question."),
        "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
        "invalid_choice": _("Choose one of the options."),
        "invalid": _("Check what you wrote."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for code, message in self.default_errors.items():
                if code not in field.error_messages or _is_djangos_default(field, code):
                    field.error_messages[code] = message

    def visible_questions(self):
        return [
            self[name]
            for name in self.fields
            if name != self.honeypot_field and not self[name].is_hidden
        ]

    def case_fields(self) -> dict:
        """The case's columns and channel details from the cleaned data."""
        data = self.cleaned_data
        common = {"name", "phone", "email", "message", "gender", "language"}
        skip = common | {"form_token", "website"}
        return {
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "message": data.get("message", ""),
            "gender": data.get("gender", ""),
            "language": data.get("language") or "",
            "details": {
                key: value
                for key, value in data.items()
                if key not in skip and value not in ("", None)
            },
        }


class QuestionForm(ContactForm):
    channel = Channel.QUESTION
    name = optional_name_field()
    contact_by = forms.ChoiceField(
        label=_("How should we answer you?"),
        choices=[("phone", _("Call me")), ("email", _("Send me an e-mail"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should answer you.")},
    )
    phone = PhoneField(
        required=False,
        label=_("Phone number"),
        help_text=_("For example 070-123 45 67."),
    )
    email = email_field(
        required=False, help_text=_("We send a receipt here, without your message.")
    )
    message = forms.CharField(
        label=_("Your question"),
        help_text=_("Write in any language."),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your question.")},
    )
    language = answer_language_field()
    field_order = ["name", "contact_by", "phone", "email", "message", "language", "gender"]

    def clean(self):
        data = super().clean()
        if (
            data.get("contact_by") == "phone"
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Write the phone number we should call."))
        if (
            data.get("contact_by") == "email"
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Write the e-mail address we should answer to."))
        return data


class CallbackForm(ContactForm):
    """Only the phone number is required: a person who cannot read should not have to answer
    anything else. What is left unanswered gets a sensible default (``clean``)."""

    channel = Channel.CALLBACK
    phone = PhoneField(
        label=_("Your phone number"),
        help_text=_("For example 070-123 45 67."),
        error_messages={"required": _("Write your phone number so that we can call you.")},
    )
    language = forms.ChoiceField(
        required=False,
        label=_("Your language"),
        choices=language_choices,
        widget=forms.RadioSelect,
    )
    interpreter = forms.ChoiceField(
        required=False,
        label=_("Do you need an interpreter?"),
        help_text=_(
            "If you do not answer, we book an interpreter unless your language is Swedish."
        ),
        choices=[("yes", _("Yes, I need an interpreter")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    time_of_day = forms.ChoiceField(
        required=False,
        label=_("When can we call you?"),
        choices=[
            ("morning", _("Morning, 8–11")),
            ("midday", _("Midday, 11–14")),
            ("afternoon", _("Afternoon, 14–17")),
            ("any", _("Any time")),
        ],
        widget=forms.RadioSelect,
    )
    name = optional_name_field()
    field_order = ["phone", "language", "interpreter", "time_of_day", "name", "gender"]

    def clean(self):
        """Defaults for what was not answered: the language of the page, an interpreter unless
        that language is Swedish, any time of day."""
        data = super().clean()
        if not self.errors.get("language") and not data.get("language"):
            data["language"] = translation.get_language() or SOURCE_LANGUAGE
        if not self.errors.get("interpreter") and not data.get("interpreter"):
            data["interpreter"] = "no" if data.get("language") == SOURCE_LANGUAGE else "yes"
        if not self.errors.get("time_of_day") and not data.get("time_of_day"):
            data["time_of_day"] = "any"
        return data


SECTORS = [
    ("care", _("Health and social care")),
    ("construction", _("Construction and property renovation")),
    ("property", _("Property management")),
    ("cleaning", _("Cleaning and facility services")),
    ("restaurant", _("Restaurants and hotels")),
    ("transport", _("Transport and warehousing")),
    ("it", _("IT support")),
    ("retail", _("Retail")),
    ("industry", _("Industry")),
    ("other", _("Another sector")),
]


class EmployerForm(ContactForm):
    channel = Channel.EMPLOYER
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Write the name of your organisation.")},
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        help_text=_("10 digits, for example 556123-4567."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Write your organisation number.")},
    )
    name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Write the name of the contact person.")},
    )
    phone = PhoneField(
        required=False, label=_("Phone number"), help_text=_("For example 08-123 456 78.")
    )
    email = email_field()
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("Choose a sector")), *SECTORS],
        error_messages={"required": _("Choose a sector.")},
    )
    people = forms.IntegerField(
        label=_("How many people do you want to recruit?"),
        min_value=1,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Write how many people, for example 2."),
            "invalid": _("Write a whole number, for example 2."),
            "min_value": _("Write a number from 1 to 1000."),
            "max_value": _("Write a number from 1 to 1000."),
        },
    )
    when = forms.ChoiceField(
        label=_("When do you need them?"),
        choices=[
            ("now", _("As soon as possible")),
            ("3_months", _("Within 3 months")),
            ("6_months", _("Within 6 months")),
            ("later", _("Later")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when you need them.")},
    )
    message = forms.CharField(
        required=False,
        label=_("Anything else we should know"),
        help_text=_("For example the job, working hours or language needs."),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    field_order = [
        "organisation",
        "organisation_number",
        "name",
        "phone",
        "email",
        "sector",
        "people",
        "when",
        "message",
        "gender",
    ]

    offer = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_organisation_number(self):
        return normalise_organisation_number(self.cleaned_data["organisation_number"])

    def clean_offer(self):
        """The live offer the employer answered; an unknown number is simply no offer."""
        number = self.cleaned_data.get("offer")
        if not number:
            return None
        offer_model = apps.get_model("employers", "OfferPage")
        return offer_model.objects.live().filter(pk=number).first()

    def case_fields(self):
        fields = super().case_fields()
        fields["details"].pop("offer", None)
        fields["offer"] = self.cleaned_data.get("offer")
        fields["language"] = fields["language"] or "sv"
        return fields


class PartnerForm(ContactForm):
    channel = Channel.PARTNER
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Write your name.")},
    )
    email = email_field()
    city = forms.ChoiceField(
        label=_("City"),
        choices=[
            ("stockholm", "Stockholm"),
            ("copenhagen", _("Copenhagen")),
            ("trondheim", "Trondheim"),
            ("warsaw", _("Warsaw")),
            ("birmingham", "Birmingham"),
            ("other", _("Another city")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your city.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Write the name of your organisation.")},
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[
            ("", _("Choose a topic")),
            ("meet_colleague", _("Meet a colleague")),
            ("employers", _("Cooperation with employers")),
            ("language", _("Language and integration")),
            ("authorities", _("Cooperation between authorities")),
            ("motivation", _("The job-seeker's motivation")),
            ("other", _("Something else")),
        ],
        error_messages={"required": _("Choose a topic.")},
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your message.")},
    )
    language = answer_language_field()
    # The colleague a "Meet a colleague" request names (from the colleague directory, ?colleague=)
    colleague = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = [
        "name",
        "email",
        "city",
        "organisation",
        "topic",
        "message",
        "language",
        "gender",
    ]

    def clean_colleague(self):
        """The colleague asked for; an unknown number is simply no colleague."""
        number = self.cleaned_data.get("colleague")
        if not number:
            return None
        colleague = apps.get_model("partners", "Colleague").objects.filter(pk=number).first()
        return colleague.pk if colleague else None

    def case_fields(self):
        fields = super().case_fields()
        colleague_id = fields["details"].get("colleague")
        if colleague_id:
            colleague = apps.get_model("partners", "Colleague").objects.get(pk=colleague_id)
            fields["details"]["colleague_name"] = str(colleague)
        return fields


FORMS = {form.channel: form for form in (QuestionForm, CallbackForm, EmployerForm, PartnerForm)}
