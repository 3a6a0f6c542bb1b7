"""Pictograms, glossary terms, the spoken names of languages, and "did you understand?" counts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from etablering.languages import LANGUAGES

from .svg import svg_problem

OPENMOJI_ATTRIBUTION = "OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"


def _audio_field(help_text):
    return models.ForeignKey(
        "pages.MediaFile",
        verbose_name=_("audio clip"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class Pictogram(TranslatableMixin, index.Indexed, models.Model):
    """A picture with one meaning. The meaning is the alt text, translated per language."""

    meaning = models.CharField(
        _("meaning"),
        max_length=120,
        help_text=_(
            "What the pictogram means, in a few words (e.g. 'Interpreter'). "
            "It is the picture's alt text and what its clip says."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("SVG or PNG, square, at most 512 KB (SVG) or 10 MB; no text in the picture."),
    )
    audio = _audio_field(_("Optional: a recording of the meaning, in this language."))
    attribution = models.CharField(
        _("licence and attribution"),
        max_length=200,
        help_text=_("Shown on the site, e.g. 'OpenMoji – CC BY-SA 4.0'."),
    )

    panels = [
        FieldPanel("meaning"),
        FieldPanel("image"),
        FieldPanel("audio"),
        FieldPanel("attribution"),
    ]
    search_fields = [index.SearchField("meaning"), index.AutocompleteField("meaning")]
    override_translatable_fields = [
        SynchronizedField("image", overridable=False),
        SynchronizedField("attribution", overridable=False),
        SynchronizedField("audio"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("pictogram")
        verbose_name_plural = _("pictograms")
        ordering = ["meaning"]

    def __str__(self):
        return self.meaning

    def clean(self):
        super().clean()
        if not (self.meaning or "").strip():
            raise ValidationError(
                {"meaning": _("Write what the pictogram means: it is its alt text.")}
            )
        image = self.image if self.image_id else None
        if image is not None and (image.file.name or "").lower().endswith(".svg"):
            try:
                with image.file.open("rb") as handle:
                    problem = svg_problem(handle.read())
            except OSError:
                problem = _("The image file cannot be read. Upload it again.")
            if problem:
                raise ValidationError({"image": problem})

    @property
    def spoken_text(self) -> str:
        """What the pictogram's clip says (for the speech synthesiser)."""
        return self.meaning


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A difficult word with a short, plain explanation per language."""

    term = models.CharField(
        _("term"),
        max_length=80,
        help_text=_("The word as the reader meets it, e.g. 'personnummer'."),
    )
    other_forms = models.CharField(
        _("other forms"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other forms of the word, separated by commas, e.g. 'personnumret'. Common "
            "Swedish endings (-en, -et, -er, -ar, -or, -na, -s) are found without listing them."
        ),
    )
    slug = models.SlugField(
        _("address"),
        max_length=80,
        help_text=_(
            "The end of the term's address, e.g. 'personnummer'. The same in every language."
        ),
    )
    explanation = models.TextField(
        _("explanation"),
        max_length=600,
        help_text=_("One to three short sentences in plain words. It is also what the clip says."),
    )
    pictogram = models.ForeignKey(
        Pictogram,
        verbose_name=_("pictogram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audio = _audio_field(_("Optional: the term and its explanation, spoken in this language."))

    panels = [
        FieldPanel("term"),
        FieldPanel("other_forms"),
        FieldPanel("slug"),
        FieldPanel("explanation"),
        FieldPanel("pictogram"),
        FieldPanel("audio"),
    ]
    search_fields = [index.SearchField("term"), index.SearchField("explanation")]
    override_translatable_fields = [
        SynchronizedField("slug", overridable=False),
        SynchronizedField("pictogram", overridable=False),
        SynchronizedField("audio"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_glossary_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.term

    def clean(self):
        super().clean()
        if not (self.term or "").strip() or not (self.explanation or "").strip():
            raise ValidationError(_("Write the term and its explanation."))

    @property
    def forms(self) -> list[str]:
        return [self.term, *[f.strip() for f in self.other_forms.split(",") if f.strip()]]

    @property
    def spoken_text(self) -> str:
        """What the term's clip says (for the speech synthesiser)."""
        return f"{self.term}. {self.explanation}"


# Where a language has no voice of its own, a neighbour's voice says its name (one word, marked
# synthetic like every synthetic clip): Persian is the same language as Dari; Amharic shares
# Ge'ez script and most sounds with Tigrinya; Oromo reads Latin-script Cushitic like Somali.
NAME_NEIGHBOUR_VOICES = {"prs": "fa", "ti": "am", "so": "om"}


class LanguageNameClip(models.Model):
    """A language's name spoken in that language: what the pictures mode's chooser plays.

    There is a row for every site language (``ensure_rows``), with or without a clip, so that the
    recording workspace lists each name for recording; the speech registry (apps.py) makes a
    synthetic one where a voice can say it."""

    heard_first = True  # the pictures mode's chooser needs them: queued before bulk speech work

    language = models.CharField(
        _("language"),
        max_length=8,
        unique=True,
        choices=[(language.code, language.name_local) for language in LANGUAGES],
    )
    audio = models.ForeignKey(
        "pages.MediaFile",
        verbose_name=_("audio clip"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The language's name, said by a speaker of the language (a few seconds)."),
    )

    panels = [FieldPanel("language"), FieldPanel("audio")]

    class Meta:
        verbose_name = _("spoken language name")
        verbose_name_plural = _("spoken language names")
        ordering = ["language"]

    def __str__(self):
        return self.get_language_display()

    @property
    def spoken_text(self) -> str:
        """What the clip says: the language's own name, in its own script."""
        from etablering.languages import BY_CODE

        language = BY_CODE.get(self.language)
        return language.name_local if language else ""

    @classmethod
    def ensure_rows(cls) -> list:
        """A row for every site language that has none; returns the new rows."""
        have = set(cls.objects.values_list("language", flat=True))
        new = [cls(language=language.code) for language in LANGUAGES if language.code not in have]
        cls.objects.bulk_create(new, ignore_conflicts=True)
        return new


class Understanding(models.TextChoices):
    YES = "yes", _("Yes, I understood")
    PARTLY = "partly", _("I understood some of it")
    NO = "no", _("No, I did not understand")


class UnderstandingCount(models.Model):
    """Anonymous answers to "Did you understand this page?": counts only, nothing about who."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("reading level"), max_length=12)
    language = models.CharField(_("language"), max_length=8)
    answer = models.CharField(_("answer"), max_length=8, choices=Understanding.choices)
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("understanding answer count")
        verbose_name_plural = _("understanding answer counts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "level", "language", "answer"], name="one_count_per_answer"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.level} {self.language} {self.answer}: {self.count}"
