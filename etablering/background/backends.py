"""django-tasks-db's database backend, with each task queued in its lane (``lanes.py``)."""

from django_tasks_db.backend import DatabaseBackend as _DatabaseBackend

from .lanes import with_lane


class DatabaseBackend(_DatabaseBackend):
    def enqueue(self, task, args, kwargs):
        return super().enqueue(with_lane(task), args, kwargs)

    async def aenqueue(self, task, args, kwargs):
        return await super().aenqueue(with_lane(task), args, kwargs)
