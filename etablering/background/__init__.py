"""Background work that survives killed workers and puts people first.

- ``lanes``: every task the site runs, its lane (priority), whether it may run again after its
  worker died, and how long it may run; the task backends (``backends``) apply the lane when a
  task is queued.
- ``scheduler``: periodic tasks (``settings.PERIODIC_TASKS``) queued when due by
  ``manage.py run_scheduler``, with their next run kept in the database; the same pass finds
  tasks whose worker died (``leases``).
- ``heartbeat``: ``manage.py db_worker`` (django-tasks-db's worker, extended) writes a heartbeat
  while it runs, so that a task it leaves behind when killed is found.
"""
