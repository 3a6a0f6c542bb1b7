"""Remove a user's second factor (authenticator app and recovery codes), e.g. after a lost phone.

    manage.py reset_second_factor <username>

At their next login they log in with their password and, if their account must have a second
factor, set up a new one before anything else. README: Second factor.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from etablering.second_factor.policy import has_authenticator, remove_devices


class Command(BaseCommand):
    help = "Remove a user's second factor (authenticator app and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user is called {username!r}.") from error
        had_one = has_authenticator(user)
        remove_devices(user)
        if had_one:
            self.stdout.write(
                f"The second factor of {username} is reset: they set up a new one when they "
                "next log in."
            )
        else:
            self.stdout.write(f"{username} had no second factor; nothing to reset.")
