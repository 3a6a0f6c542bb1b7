"""django-tasks-rq's backend (TASK_BACKEND=rq), with each task queued in its lane: RQ has no
priorities, so each lane is a queue of its own (``lanes.RQ_QUEUES``), which
``manage.py rqworker people default bulk`` empties in that order."""

from dataclasses import replace

from django_tasks.base import DEFAULT_TASK_QUEUE_NAME
from django_tasks_rq.backend import RQBackend as _RQBackend

from .lanes import DEFAULT, rq_queue_for, with_lane


class RQBackend(_RQBackend):
    supports_priority = True  # as a choice of queue

    def _in_lane(self, task):
        if task.queue_name != DEFAULT_TASK_QUEUE_NAME:
            return replace(task, priority=DEFAULT)  # the caller chose a queue
        task = with_lane(task)
        return replace(task, priority=DEFAULT, queue_name=rq_queue_for(task.priority))

    def enqueue(self, task, args, kwargs):
        return super().enqueue(self._in_lane(task), args, kwargs)
