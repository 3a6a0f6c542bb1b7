from django.core.management.base import BaseCommand

from forms.retention import purge_expired_cases


class Command(BaseCommand):
    help = "Delete closed cases and spam past their retention period (INTAKE_RETENTION_DAYS)."

    def handle(self, *args, **options):
        counts = purge_expired_cases()
        self.stdout.write(
            f"Deleted {counts['cases']} case(s), {counts['notes']} note(s), "
            f"{counts['log_entries']} history entries."
        )
