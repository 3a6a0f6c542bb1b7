from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forms.retention import cases_about, erase_person


class Command(BaseCommand):
    help = "Delete every case (with notes and history) that names a phone number or e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, phone, email, yes, **options):
        if not phone and not email:
            raise CommandError("Give --phone or --email.")
        try:
            found = cases_about(phone=phone, email=email).count()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not yes:
            answer = input(f"Delete {found} case(s) and their notes and history? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                raise CommandError("Nothing deleted.")
        counts = erase_person(phone=phone, email=email)
        self.stdout.write(
            f"Deleted {counts['cases']} case(s), {counts['notes']} note(s), "
            f"{counts['log_entries']} history entries."
        )
