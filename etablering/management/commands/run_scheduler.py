import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from etablering.background import scheduler
from etablering.background.heartbeat import Heartbeat

logger = logging.getLogger("etablering.background")


class Command(BaseCommand):
    help = (
        "Queue the periodic tasks (settings.PERIODIC_TASKS) when they are due and find the tasks "
        "whose worker died; runs until stopped. Any number may run: each run is queued once. "
        "With --once: one pass, then exit (for cron, every minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SCHEDULER_INTERVAL_SECONDS,
            help="seconds between passes (default: %(default)s)",
        )

    def handle(self, *args, once, interval, verbosity, **options):
        if verbosity > 0 and not logger.handlers:
            from etablering.log_privacy import PersonalDataFilter

            handler = logging.StreamHandler(self.stdout)
            handler.addFilter(PersonalDataFilter())  # like every handler of the site's
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
        if once:
            self.report(scheduler.tick())
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        heartbeat = Heartbeat(f"scheduler-{get_random_string(16)}", role="scheduler")
        heartbeat.start()
        logger.info("scheduler started: %s", ", ".join(settings.PERIODIC_TASKS) or "nothing")
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    scheduler.tick()
                except Exception:  # a database that is away for a moment: try again
                    logger.exception("scheduler pass failed; trying again")
                stop.wait(interval)
        finally:
            heartbeat.stop()

    def report(self, report):
        self.stdout.write(
            f"queued: {', '.join(report.queued) or 'nothing'}; "
            f"still waiting: {', '.join(report.waiting) or 'nothing'}; "
            f"tasks of dead workers queued again: {report.requeued}, marked failed: "
            f"{report.failed}"
        )
