"""Tasks whose worker died: found, and queued again or marked failed.

django-tasks-db marks a task RUNNING when a worker takes it, and nothing else ever changes that
if the worker is killed (SIGKILL, out of memory, a lost machine). Each worker beats
(``heartbeat.py``); a RUNNING task holds a lease for as long as the worker that took it beats:

- worker silent for ``TASK_LEASE_SECONDS``: the task is queued again (same row, back to READY)
  when it is safe to repeat (``lanes.TaskSpec.retry``) and has not been tried
  ``TASK_MAX_ATTEMPTS`` times, else marked FAILED (``WorkerLost``);
- worker alive but the task running longer than its timeout: marked FAILED (``TaskTimedOut``).

Failed tasks are listed by ``manage.py task_report`` with the class of their error
(``WorkerLost``, ``TaskTimedOut`` or the task's own). Nothing about a task's arguments is
written to a log.
"""

import logging
from datetime import timedelta

from django.conf import settings

from .lanes import spec_for, timeout_for

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running this task stopped beating."""


class TaskTimedOut(Exception):
    """The task ran longer than its timeout."""


def _database_backend_in_use() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return any(isinstance(backend, DatabaseBackend) for backend in task_backends.all())


def recover(now) -> tuple[int, int]:
    """Returns (queued again, marked failed)."""
    if not _database_backend_in_use():
        return 0, 0  # RQ finds its own abandoned jobs (its StartedJobRegistry)
    from django_tasks_db.models import DBTaskResult

    from etablering.models import WorkerBeat

    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    alive = set(
        WorkerBeat.objects.filter(beat_at__gte=now - lease).values_list("worker_id", flat=True)
    )
    requeued = failed = 0
    running = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease)
    for row in running.only("id", "task_path", "worker_ids", "started_at"):
        worker = row.worker_ids[-1] if row.worker_ids else None
        if worker in alive:
            if row.started_at < now - timedelta(seconds=timeout_for(row.task_path)):
                failed += _fail(row, now, TaskTimedOut, "ran longer than its timeout")
            continue
        spec = spec_for(row.task_path)
        if spec.retry and len(row.worker_ids) < settings.TASK_MAX_ATTEMPTS:
            requeued += _requeue(row)
        else:
            why = "may not run twice" if not spec.retry else "tried too often"
            failed += _fail(row, now, WorkerLost, f"its worker died ({why})")
    return requeued, failed


def _still_running(row):
    from django_tasks_db.models import DBTaskResult

    # Only the scheduler that changes the row while it is still as seen acts on it.
    return DBTaskResult.objects.filter(pk=row.pk, status="RUNNING", started_at=row.started_at)


def _requeue(row) -> int:
    changed = _still_running(row).update(status="READY", started_at=None)
    if changed:
        logger.warning(
            "task %s (%s) queued again: its worker %s stopped beating",
            row.pk,
            row.task_path,
            row.worker_ids[-1] if row.worker_ids else "?",
        )
    return changed


def _fail(row, now, error: type[Exception], reason: str) -> int:
    changed = _still_running(row).update(
        status="FAILED",
        finished_at=now,
        exception_class_path=f"{error.__module__}.{error.__qualname__}",
        traceback=f"{error.__qualname__}: {row.task_path} {reason} (workers: {row.worker_ids})",
    )
    if changed:
        logger.error("task %s (%s) marked failed: %s", row.pk, row.task_path, reason)
    return changed
