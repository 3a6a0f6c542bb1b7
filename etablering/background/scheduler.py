"""Periodic tasks, queued when due whatever became of their last run.

``settings.PERIODIC_TASKS`` maps a task's module path to its interval in seconds. Each pass
(``tick``, run every few seconds by ``manage.py run_scheduler``, or from cron with ``--once``):

1. for every periodic task that is due, moves its ``next_run_at`` forward with one conditional
   UPDATE (only one scheduler wins it) and queues a run, unless a run is still waiting in the
   queue (then nothing piles up while the workers are down). A run that is *running* never holds
   the next one back: a worker killed in the middle of it cannot stop the schedule;
2. finds the tasks whose worker died and queues them again or marks them failed (``leases``).
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import leases

logger = logging.getLogger(__name__)


@dataclass
class TickReport:
    queued: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    requeued: int = 0
    failed: int = 0


def periodic_tasks() -> dict[str, timedelta]:
    return {path: timedelta(seconds=s) for path, s in settings.PERIODIC_TASKS.items()}


def tick(now=None) -> TickReport:
    now = now or timezone.now()
    report = TickReport()
    for path, interval in periodic_tasks().items():
        outcome = _queue_if_due(path, interval, now)
        if outcome == "queued":
            report.queued.append(path)
        elif outcome == "waiting":
            report.waiting.append(path)
    report.requeued, report.failed = leases.recover(now)
    return report


def _queue_if_due(path: str, interval: timedelta, now) -> str:
    from etablering.models import PeriodicSchedule

    # A fresh installation runs each periodic task at once; a shortened interval takes effect
    # at once too, rather than after the old, longer one.
    entry, _ = PeriodicSchedule.objects.get_or_create(task_path=path, defaults={"next_run_at": now})
    if entry.next_run_at > now + interval:
        PeriodicSchedule.objects.filter(task_path=path, next_run_at__gt=now + interval).update(
            next_run_at=min(now + interval, (entry.last_queued_at or now) + interval)
        )
    task = import_string(path)
    with transaction.atomic():
        won = PeriodicSchedule.objects.filter(task_path=path, next_run_at__lte=now).update(
            next_run_at=now + interval, last_queued_at=now
        )
        if not won:
            return "not due"
        if waiting(task):
            logger.info("%s is due but its last run is still waiting in the queue", path)
            return "waiting"
        task.enqueue()  # on the database backend, in the same transaction as the claim
    logger.info("queued %s; next run in %s", path, interval)
    return "queued"


def waiting(task) -> bool:
    """Is a run of this task queued and not yet started?"""
    backend = task.get_backend()
    if type(backend).__name__.endswith("RQBackend"):
        import django_rq

        from .lanes import RQ_QUEUES

        names = {task.queue_name, *RQ_QUEUES} & set(settings.RQ_QUEUES)
        for name in names:
            queue = django_rq.get_queue(name)
            ids = queue.scheduled_job_registry.get_job_ids() + queue.get_job_ids()
            jobs = queue.job_class.fetch_many(ids, connection=queue.connection)
            if any(job is not None and job.func_name == task.module_path for job in jobs):
                return True
        return False
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(backend, DatabaseBackend):
        return False  # a backend without a queue to look in (e.g. tasks run at once)

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()
