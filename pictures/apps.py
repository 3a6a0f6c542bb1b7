from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PicturesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pictures"
    verbose_name = _("Pictograms and the pictures mode")

    def ready(self):
        from . import signals  # noqa: F401

        register_speech()


def register_speech():
    """Where no one has recorded them, the synthesiser (pages/speech.py) speaks a pictogram's
    meaning, a glossary term with its explanation and a chain step's short line, in their own
    language (for the languages that have a voice)."""
    from pages import speech
    from pages.models import ChainStepPage
    from pages.translations import locale_code

    from .models import GlossaryTerm, Pictogram

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
