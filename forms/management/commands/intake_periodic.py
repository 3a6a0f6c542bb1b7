from django.core.management.base import BaseCommand

from etablering.background import scheduler
from forms.tasks import purge_expired, sweep_unsent


class Command(BaseCommand):
    help = (
        "Queue the periodic tasks that are due now (one pass of `manage.py run_scheduler`, "
        "which keeps doing this). With --run-now, run the intake's sweep of unsent mail and "
        "its purge here and now instead (for cron-only installations, every five minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--run-now", action="store_true")

    def handle(self, *args, run_now, **options):
        if run_now:
            self.stdout.write(f"sweep: {sweep_unsent.call()}")
            self.stdout.write(f"purge: {purge_expired.call()}")
            return
        report = scheduler.tick()
        self.stdout.write(f"queued: {', '.join(report.queued) or 'nothing due'}")
