from collections import Counter

from django.core.management.base import BaseCommand
from wagtail.models import Page

from pages import speech


class Command(BaseCommand):
    help = (
        "Make the synthetic speech that is missing or out of date, for every live page (and "
        "every other registered text) in languages with a voice. Runs here, not in the worker; "
        "a second run makes nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", help="Only pages in this language, e.g. sv.")

    def handle(self, *args, language=None, **options):
        missing = speech.missing_programs()
        if missing:
            self.stderr.write(
                f"Synthetic speech is unavailable: {', '.join(missing)} not installed "
                "(make system-deps). Nothing changed."
            )
            return
        results = Counter()
        for model in speech.registered_models():
            if issubclass(model, Page):
                objects = Page.objects.live().type(model).specific().select_related("locale")
                if language:
                    objects = objects.filter(locale__language_code=language)
            else:
                objects = model._default_manager.all()
            for instance in objects.iterator():
                results.update(speech.ensure_clips(instance).values())
        summary = ", ".join(f"{what}: {count}" for what, count in sorted(results.items()))
        self.stdout.write(f"Synthetic speech: {summary or 'nothing to do'}.")
