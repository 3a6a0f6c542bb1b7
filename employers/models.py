"""The employer section: pages on the support employers get, and recruitment offers.

An offer is a concrete programme or a group of ready-trained candidates that an employer can take
part in. Offers are pages (translatable, searchable, each with its own address); the offer index
lists them with filters, sorting and pages, and publishes an Atom feed per language.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField

from forms.forms import SECTORS
from forms.models import Channel, ContactPage
from pages.models import LanguageContextMixin, LeveledPage

from .choices import LanguageLevel, OfferKind, OfferStatus
from .feeds import offer_feed
from .listing import offer_listing
from .structured_data import offer_json_ld


def employer_contact_page(locale_id):
    """The employer inquiry page in this language, else in Swedish (one query)."""
    pages = ContactPage.objects.live().filter(channel=Channel.EMPLOYER).select_related("locale")
    return (
        pages.filter(locale_id=locale_id).first()
        or pages.filter(locale__language_code="sv").first()
    )


class EmployerSectionPage(LeveledPage):
    """The start page for employers: the support pages, the offers, the way to an inquiry."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["employers.EmployerPage", "employers.OfferIndexPage"]
    max_count_per_parent = 1
    template = "employers/employer_section_page.html"

    class Meta:
        verbose_name = _("employer section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["support_pages"] = EmployerPage.objects.child_of(self).live().order_by("path")
        context["offer_index"] = OfferIndexPage.objects.child_of(self).live().first()
        context["inquiry_page"] = employer_contact_page(self.locale_id)
        return context


class EmployerPage(LeveledPage):
    """One kind of support for employers; ends with the way to an inquiry."""

    parent_page_types = ["employers.EmployerSectionPage"]
    subpage_types = []
    template = "employers/employer_page.html"

    class Meta:
        verbose_name = _("employer support page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["inquiry_page"] = employer_contact_page(self.locale_id)
        return context


class OfferIndexPage(LeveledPage):
    """All recruitment offers, filtered with a plain GET form (see ``listing.py``)."""

    parent_page_types = ["employers.EmployerSectionPage"]
    subpage_types = ["employers.OfferPage"]
    max_count_per_parent = 1
    template = "employers/offer_index_page.html"

    class Meta:
        verbose_name = _("recruitment offers")

    def route(self, request, path_components):
        if path_components == ["feed"] and self.live:
            return RouteResult(self, kwargs={"feed": True})
        return super().route(request, path_components)

    def serve(self, request, *args, feed=False, **kwargs):
        if feed:
            return offer_feed(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(offer_listing(self, request))
        return context

    def offers(self):
        return OfferPage.objects.child_of(self).live()


class OfferPage(LanguageContextMixin, Page):
    kind = models.CharField(
        _("kind of offer"),
        max_length=20,
        choices=OfferKind.choices,
        help_text=_("A programme the employer takes part in, or candidates ready to start."),
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=SECTORS, help_text=_("The sector of the jobs.")
    )
    occupation = models.CharField(
        _("occupation"), max_length=120, help_text=_("e.g. Assistant nurse, Carpenter.")
    )
    place = models.CharField(
        _("district or municipality"),
        max_length=120,
        help_text=_("Where the jobs are, e.g. Järva, Kista, Södertälje."),
    )
    places = models.PositiveIntegerField(
        _("number of places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people the offer is for (at least 1)."),
    )
    start_date = models.DateField(_("start"), help_text=_("When the programme or work starts."))
    application_deadline = models.DateField(
        _("last day to apply"),
        null=True,
        blank=True,
        help_text=_("Required while the offer is open; must be before the start."),
    )
    language_level = models.CharField(
        _("candidates' Swedish"),
        max_length=20,
        choices=LanguageLevel.choices,
        help_text=_("The level of Swedish the candidates have reached."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OfferStatus.choices,
        default=OfferStatus.OPEN,
        help_text=_("Closed offers leave the listing but keep their address."),
    )
    team = models.ForeignKey(
        "intake.Team",
        verbose_name=_("contact team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The team that answers employers about this offer."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences shown in the listing.")
    )
    commitment = models.TextField(
        _("what the employer commits to"),
        help_text=_("e.g. 'Take two interns for eight weeks and give each a supervisor.'"),
    )
    body = RichTextField(
        _("description"),
        features=["h2", "h3", "bold", "ol", "ul", "link"],
        help_text=_("What the candidates have learned, how it runs, the support you get."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("sector"), FieldPanel("occupation")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("places")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("application_deadline")]),
                FieldPanel("language_level"),
                FieldPanel("team"),
            ],
            heading=_("The offer"),
        ),
        FieldPanel("commitment"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("occupation"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("sector"),
    ]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "kind",
            "sector",
            "place",
            "places",
            "start_date",
            "application_deadline",
            "language_level",
            "status",
            "team",
        )
    ]
    parent_page_types = ["employers.OfferIndexPage"]
    subpage_types = []
    template = "employers/offer_page.html"

    class Meta:
        verbose_name = _("recruitment offer")

    def clean(self):
        super().clean()
        errors = {}
        if self.status == OfferStatus.OPEN and self.application_deadline is None:
            errors["application_deadline"] = _("An open offer needs a last day to apply.")
        if (
            self.application_deadline
            and self.start_date
            and self.application_deadline >= self.start_date
        ):
            errors["application_deadline"] = _("The last day to apply must be before the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self):
        return self.status == OfferStatus.CLOSED

    @property
    def is_open(self):
        return self.status == OfferStatus.OPEN

    @cached_property
    def days_to_deadline(self):
        if not self.application_deadline:
            return None
        return (self.application_deadline - timezone.localdate()).days

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.language_context(request))
        inquiry = employer_contact_page(self.locale_id)
        context["inquiry_page"] = inquiry
        context["json_ld"] = offer_json_ld(self, request)
        return context
