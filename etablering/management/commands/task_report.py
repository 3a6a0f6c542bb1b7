from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "What the background machinery is doing: the workers and schedulers that beat, when each "
        "periodic task runs next, the queue by lane and status, and the tasks that failed "
        "(including those whose worker died and that may not run twice). No task's arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="failed tasks of the last days")

    def handle(self, *args, days, **options):
        from django_tasks_db.models import DBTaskResult

        from etablering.models import PeriodicSchedule, WorkerBeat

        now = timezone.now()
        lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
        write = self.stdout.write
        write("Workers and schedulers:")
        for beat in WorkerBeat.objects.order_by("role", "started_at"):
            state = "alive" if beat.beat_at >= now - lease else "SILENT (dead?)"
            write(
                f"  {beat.role} {beat.worker_id} on {beat.host} pid {beat.pid}: {state}, "
                f"last beat {(now - beat.beat_at).total_seconds():.0f} s ago"
            )
        write("Periodic tasks:")
        entries = {e.task_path: e for e in PeriodicSchedule.objects.all()}
        for path, seconds in settings.PERIODIC_TASKS.items():
            entry = entries.get(path)
            when = f"next {entry.next_run_at:%Y-%m-%d %H:%M:%S}" if entry else "never scheduled"
            write(f"  {path} every {seconds} s: {when}")
        write("Queue (status, priority: tasks):")
        counts = (
            DBTaskResult.objects.values("status", "priority")
            .annotate(n=Count("id"))
            .order_by("status", "-priority")
        )
        for row in counts:
            write(f"  {row['status']:10} {row['priority']:4}: {row['n']}")
        write(f"Failed in the last {days} days:")
        failed = DBTaskResult.objects.filter(
            status="FAILED", finished_at__gte=now - timedelta(days=days)
        ).order_by("-finished_at")
        for row in failed[:200]:
            write(
                f"  {row.finished_at:%Y-%m-%d %H:%M:%S} {row.task_path} "
                f"{row.exception_class_path.rsplit('.', 1)[-1]} (id {row.id})"
            )
