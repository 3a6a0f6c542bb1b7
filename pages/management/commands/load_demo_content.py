from django.core.management.base import BaseCommand

from pages.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the demo content (Swedish pages at three reading levels and their translations). "
        "Idempotent: existing pages are never changed."
    )

    def handle(self, *args, **options):
        report = DemoLoader().run()
        self.stdout.write(str(report))
