"""What needs production's servers (Redis, and PostgreSQL where DATABASE_URL points to it):
run by `make test-postgres`, left out of `make test`, which needs no server."""

import os
import uuid

import pytest
from django.core import mail

from forms.models import Case

pytestmark = pytest.mark.services

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_tasks(settings):
    """Tasks on RQ, as with TASK_BACKEND=rq, in a queue of this test's own."""
    import django_rq

    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {queue: {"URL": REDIS_URL}, "default": {"URL": REDIS_URL}}
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": [queue, "default"],
            "OPTIONS": {},
        }
    }
    yield queue
    django_rq.get_queue(queue).empty()


def run_worker(queue):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    # as `manage.py rqworker --job-class django_tasks_rq.Job`, in this process
    django_rq.get_worker(queue, worker_class=SimpleWorker, job_class=Job).work(burst=True)


def test_a_case_is_notified_exactly_once_through_rq(
    rq_tasks, db, django_capture_on_commit_callbacks
):
    from forms.tasks import notify_team

    case = Case.objects.create(
        reference="TEST-RQ1", submission_token="rq-1", channel="question", language="sv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_team.using(queue_name=rq_tasks).enqueue(case.pk)
        notify_team.using(queue_name=rq_tasks).enqueue(case.pk)  # e.g. the sweep, too early
    assert mail.outbox == []  # nothing happens until a worker runs
    run_worker(rq_tasks)
    case.refresh_from_db()
    assert case.notification_sent_at is not None
    assert len(mail.outbox) == 1


def test_periodic_tasks_are_queued_once_on_rq(rq_tasks, db):
    from datetime import timedelta

    import django_rq

    from forms.tasks import schedule, sweep_unsent

    periodic = sweep_unsent.using(queue_name=rq_tasks)
    assert schedule(periodic, timedelta(minutes=5)) is True
    assert schedule(periodic, timedelta(minutes=5)) is False  # already waiting
    assert len(django_rq.get_queue(rq_tasks).scheduled_job_registry.get_job_ids()) == 1
