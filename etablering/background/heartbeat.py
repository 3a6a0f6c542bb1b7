"""A worker's heartbeat: a row in the database (``WorkerBeat``) that a thread of the worker
brings up to date every few seconds while the worker lives. A worker killed with SIGKILL stops
beating; the tasks it was running are then found by the scheduler (``leases.py``)."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, worker_id: str, role: str = "worker", seconds: float | None = None):
        self.worker_id = worker_id
        self.role = role
        self.seconds = seconds or settings.TASK_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{role}", daemon=True)

    def start(self) -> None:
        """Beat once now (before the worker takes a task), then every few seconds."""
        from etablering.models import WorkerBeat

        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "role": self.role,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
            },
        )
        self._thread.start()

    def beat(self) -> None:
        from etablering.models import WorkerBeat

        WorkerBeat.objects.filter(worker_id=self.worker_id).update(beat_at=timezone.now())

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.seconds):
                try:
                    close_old_connections()
                    self.beat()
                except OperationalError:  # a locked SQLite file: the next beat will do
                    logger.debug("heartbeat skipped: database busy")
        finally:
            connection.close()

    def stop(self) -> None:
        """A worker that stops on its own leaves no task behind: its row goes."""
        from etablering.models import WorkerBeat

        self._stop.set()
        self._thread.join(timeout=self.seconds + 5)
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except OperationalError:
            logger.debug("heartbeat row left behind: database busy")
