from django.core.management.base import BaseCommand

from forms.tasks import PERIODIC_TASKS, purge_expired, schedule, sweep_unsent


class Command(BaseCommand):
    help = (
        "Make sure the periodic intake tasks (the sweep of unsent mail every few minutes, the "
        "daily purge) are queued. With --run-now, run both once now instead (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--run-now", action="store_true")

    def handle(self, *args, run_now, **options):
        if run_now:
            self.stdout.write(f"sweep: {sweep_unsent.call(reschedule=False)}")
            self.stdout.write(f"purge: {purge_expired.call(reschedule=False)}")
            return
        from datetime import timedelta

        for periodic in PERIODIC_TASKS:
            queued = schedule(periodic, timedelta(seconds=0))
            state = "queued" if queued else "already queued (or the backend cannot defer)"
            self.stdout.write(f"{periodic.name}: {state}")
