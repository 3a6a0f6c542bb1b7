from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PicturesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pictures"
    verbose_name = _("Pictograms and the pictures mode")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401

        register_speech()
        register_phrases()
        post_migrate.connect(language_name_rows, sender=self, dispatch_uid="language-name-rows")


def register_speech():
    """Where no one has recorded them, the synthesiser (pages/speech.py) speaks a pictogram's
    meaning, a glossary term with its explanation, a chain step's short line and each language's
    own name, in their own language (for the languages that have a voice; a language's name also
    where a neighbouring language's voice can say it)."""
    from pages import speech
    from pages.models import ChainStepPage
    from pages.translations import locale_code

    from .models import NAME_NEIGHBOUR_VOICES, GlossaryTerm, LanguageNameClip, Pictogram

    def language(obj):
        return locale_code(obj.locale_id)

    speech.register(Pictogram, text=lambda p: p.spoken_text, field="audio", language=language)
    speech.register(GlossaryTerm, text=lambda t: t.spoken_text, field="audio", language=language)
    speech.register(
        ChainStepPage,
        text=lambda step: step.pictures_line,
        field="pictures_clip",
        language=language,
        name="pictures line",
    )
    speech.register(
        LanguageNameClip,
        text=lambda row: row.spoken_text,
        field="audio",
        language=lambda row: row.language,
        name="language name",
        voice=lambda row: speech.voice_for(row.language) or NAME_NEIGHBOUR_VOICES.get(row.language),
    )


def register_phrases():
    """The "did you understand this page?" question and its answers, spoken (pages/phrases.py):
    the same texts the form shows."""
    from pages import phrases

    from .models import Understanding

    phrases.register("understanding.question", _("Did you understand this page?"))
    for value, label in Understanding.choices:
        phrases.register(f"understanding.{value}", label)


def language_name_rows(sender, **kwargs):
    """post_migrate: a row for every language's spoken name (clip or not), its speech queued."""
    from django.conf import settings

    from pages import speech

    from .models import LanguageNameClip

    try:
        new = LanguageNameClip.ensure_rows()
    except Exception:  # noqa: BLE001 - a half-migrated database is left alone
        return
    if new and settings.SYNTHETIC_SPEECH_ON_PUBLISH:
        for row in LanguageNameClip.objects.filter(audio__isnull=True):
            speech.queue(row)
