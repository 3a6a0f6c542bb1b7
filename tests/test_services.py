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


@pytest.fixture
def rq_lanes(settings):
    """TASK_BACKEND=rq as production configures it: one RQ queue per lane."""
    import django_rq

    from etablering.background.lanes import RQ_QUEUES

    settings.RQ_QUEUES = {name: {"URL": REDIS_URL} for name in RQ_QUEUES}
    settings.TASKS = {
        "default": {"BACKEND": "etablering.background.rq.RQBackend", "QUEUES": list(RQ_QUEUES)}
    }

    def empty():
        for name in RQ_QUEUES:
            queue = django_rq.get_queue(name)
            queue.empty()
            for job_id in queue.scheduled_job_registry.get_job_ids():
                queue.scheduled_job_registry.remove(job_id, delete_job=True)

    empty()
    yield {name: django_rq.get_queue(name) for name in RQ_QUEUES}
    empty()


def test_each_lane_is_an_rq_queue(rq_lanes, db, django_capture_on_commit_callbacks):
    from etablering.background.lanes import ahead
    from forms.tasks import notify_team
    from pages.speech import generate_speech

    with django_capture_on_commit_callbacks(execute=True):
        generate_speech.enqueue("pages.InformationPage", 1)
        ahead(generate_speech).enqueue("pages.ChainStepPage", 2)
        notify_team.enqueue(1)
    assert [rq_lanes[name].count for name in ("people", "default", "bulk")] == [1, 1, 1]
    assert rq_lanes["people"].jobs[0].func_name == "forms.tasks.notify_team"
    assert list(rq_lanes["bulk"].jobs[0].args) == ["pages.InformationPage", 1]


def test_periodic_tasks_are_queued_once_on_rq(rq_lanes, db):
    from datetime import timedelta

    from django.utils import timezone

    from etablering.background import scheduler

    now = timezone.now()
    assert "forms.tasks.sweep_unsent" in scheduler.tick(now).queued
    later = scheduler.tick(now + timedelta(minutes=5))
    assert "forms.tasks.sweep_unsent" in later.waiting  # the first still waits: none piles up
    sweeps = [j for j in rq_lanes["people"].jobs if j.func_name == "forms.tasks.sweep_unsent"]
    assert len(sweeps) == 1
