import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forms.retention import export_person


class Command(BaseCommand):
    help = "Print, as JSON, everything stored about one phone number or e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, phone, email, **options):
        if not phone and not email:
            raise CommandError("Give --phone or --email.")
        try:
            data = export_person(phone=phone, email=email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
