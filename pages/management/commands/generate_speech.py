from collections import Counter

from django.core.management.base import BaseCommand
from wagtail.models import Page

from pages import speech


class Command(BaseCommand):
    help = (
        "Make the synthetic speech that is missing or out of date, for every live page (and "
        "every other registered text) in languages with a voice. Runs here, not in the worker; "
        "a second run makes nothing new. With --reencode, instead bring every older clip (MP3 "
        "of the earlier synthesiser, earlier uploads) into the one audio pipeline: Opus with an "
        "MP3 fallback, trimmed, -16 LUFS; with --in-background the worker does that."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", help="Only texts spoken in this language, e.g. sv.")
        parser.add_argument(
            "--reencode",
            action="store_true",
            help="Re-encode the clips that are not yet Opus with an MP3 fallback.",
        )
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="With --reencode: queue the work for the task worker and return.",
        )

    def handle(self, *args, language=None, reencode=False, in_background=False, **options):
        if reencode:
            return self.reencode(in_background)
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
                for registration in speech.registrations_for(instance):
                    # the language a text is spoken in (an SFI level is Swedish on every page)
                    if language and registration.language(instance) != language:
                        continue
                    results[speech.ensure_clip(instance, registration)] += 1
        summary = ", ".join(f"{what}: {count}" for what, count in sorted(results.items()))
        self.stdout.write(f"Synthetic speech: {summary or 'nothing to do'}.")

    def reencode(self, in_background):
        from pages import reencode

        if in_background:
            if not reencode.clips_to_reencode().exists():
                self.stdout.write("Re-encoding: nothing to do.")
                return
            reencode.reencode_clips.enqueue()
            self.stdout.write("Re-encoding: queued for the task worker.")
            return
        report = reencode.reencode_all()
        self.stdout.write(report.summary())
