"""What the background machinery keeps in the database (etablering/background/)."""

from django.db import models


class PeriodicSchedule(models.Model):
    """When a periodic task (settings.PERIODIC_TASKS) is next due. One row per task: the
    scheduler that moves ``next_run_at`` forward (one conditional UPDATE) is the one that queues
    the run, so two schedulers, or one restarted, never queue it twice."""

    task_path = models.CharField(max_length=200, primary_key=True)
    next_run_at = models.DateTimeField()
    last_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.task_path


class WorkerBeat(models.Model):
    """A running task worker (or scheduler), and the last time it said it was alive."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    role = models.CharField(max_length=16, default="worker")
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.role} {self.worker_id}"
