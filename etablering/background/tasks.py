"""The background machinery's own periodic work."""

from django.core.management import call_command
from django_tasks import task


@task()
def prune_task_results() -> str:
    """Forget finished tasks after a week and failed ones after a month (the queue's table
    would otherwise grow by thousands of rows with each content load)."""
    from .leases import _database_backend_in_use

    if not _database_backend_in_use():
        return "not the database backend"
    call_command(
        "prune_db_task_results", queue_name="*", min_age_days=7, failed_min_age_days=30, verbosity=0
    )
    return "pruned"
