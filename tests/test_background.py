"""Background work survives killed workers and puts people first (etablering/background/).

The database queue (django-tasks-db) is used here as on `make run` and in production; the rest
of the suite runs tasks at once. The real SIGKILL of a worker in the middle of the sweep is in
scripts/scale_check.py (`make scale-check`, CI): these tests pin each rule it relies on."""

import importlib
import io
import secrets
import sys
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.models import DBTaskResult

from etablering.background import lanes, scheduler
from etablering.background.leases import recover
from etablering.models import PeriodicSchedule, WorkerBeat
from forms.models import Case
from forms.tasks import notify_team

SWEEP = "forms.tasks.sweep_unsent"
NOTIFY = "forms.tasks.notify_team"
INDEX = "modelsearch.tasks.insert_or_update_object_task"


@pytest.fixture
def queue(settings, db, monkeypatch):
    """The database queue, empty; its worker may not close the test's transaction."""
    settings.TASKS = {"default": {"BACKEND": "etablering.background.backends.DatabaseBackend"}}
    monkeypatch.setattr(upstream, "close_old_connections", lambda: None)
    DBTaskResult.objects.all().delete()
    PeriodicSchedule.objects.all().delete()


def rows(path, **filters):
    return DBTaskResult.objects.filter(task_path=path, **filters)


def run_worker(max_tasks=None):
    """django-tasks-db's worker loop, in this process, until the queue is empty."""
    upstream.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def stale_case():
    return Case.objects.create(
        submission_token=secrets.token_urlsafe(16),
        channel="callback",
        language="ar",
        phone="+46701234567",
        reference=secrets.token_hex(4).upper(),
        created_at=timezone.now() - timedelta(hours=1),
    )


def running(path, started, worker="dead-worker", attempts=1):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=started,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=started, worker_ids=[worker] * attempts
    )
    return row


# The scheduler ----------------------------------------------------------------------------------


def test_periodic_tasks_are_queued_when_due_once_whatever_became_of_the_last_run(queue):
    now = timezone.now()
    interval = timedelta(seconds=django_settings.PERIODIC_TASKS[SWEEP])
    assert SWEEP in scheduler.tick(now).queued  # a fresh installation sweeps at once
    assert rows(SWEEP).count() == 1
    # A second scheduler, or the same one restarted, at the same moment: nothing more.
    assert scheduler.tick(now).queued == []
    assert rows(SWEEP).count() == 1
    # A worker takes the sweep and is still at it (it beats) when the next one is due.
    WorkerBeat.objects.create(worker_id="slow", started_at=now, beat_at=now + 3 * interval)
    rows(SWEEP).update(status="RUNNING", started_at=now, worker_ids=["slow"])
    assert scheduler.tick(now + interval - timedelta(seconds=1)).queued == []  # not yet due
    assert SWEEP in scheduler.tick(now + interval).queued  # on time, not held back
    assert rows(SWEEP, status="READY").count() == 1
    # While that run still waits (no worker), nothing piles up behind it.
    report = scheduler.tick(now + 2 * interval)
    assert SWEEP in report.waiting and SWEEP not in report.queued
    assert rows(SWEEP, status="READY").count() == 1


def test_the_schedule_is_kept_in_the_database_and_resumes_on_time(queue):
    now = timezone.now()
    scheduler.tick(now)
    entry = PeriodicSchedule.objects.get(task_path=SWEEP)
    assert entry.next_run_at == now + timedelta(seconds=django_settings.PERIODIC_TASKS[SWEEP])
    rows(SWEEP).update(status="SUCCESSFUL")
    # A restarted scheduler a minute later queues nothing new; at the stored time it does.
    assert SWEEP not in scheduler.tick(now + timedelta(seconds=60)).queued
    assert SWEEP in scheduler.tick(entry.next_run_at).queued


def test_a_shorter_interval_takes_effect_at_once(queue, settings):
    now = timezone.now()
    scheduler.tick(now)
    settings.PERIODIC_TASKS = {**settings.PERIODIC_TASKS, SWEEP: 10}
    rows(SWEEP).update(status="SUCCESSFUL")
    assert SWEEP in scheduler.tick(now + timedelta(seconds=10)).queued


def test_every_periodic_task_runs_from_the_queue(queue):
    scheduler.tick()
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == set(
        django_settings.PERIODIC_TASKS
    )
    run_worker()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_scheduler_command_once(queue):
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert SWEEP in out.getvalue()
    call_command("intake_periodic", stdout=out)  # one pass too: nothing is due now
    assert rows(SWEEP).count() == 1


# Leases -----------------------------------------------------------------------------------------


def test_tasks_of_a_dead_worker_run_again_or_are_marked_failed(queue, settings):
    now = timezone.now()
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    WorkerBeat.objects.create(worker_id="alive", started_at=now, beat_at=now)
    WorkerBeat.objects.create(worker_id="silent", started_at=now, beat_at=now - 2 * lease)
    lost_mail = running(NOTIFY, now - 2 * lease, worker="silent")
    lost_unknown = running("tests.test_background.not_safe_to_repeat", now - 2 * lease)
    tried_often = running(NOTIFY, now - 2 * lease, attempts=settings.TASK_MAX_ATTEMPTS)
    just_started = running(NOTIFY, now - lease / 2)  # no beat seen yet: give it its lease
    busy = running(NOTIFY, now - 2 * lease, worker="alive")
    hung = running(INDEX, now - timedelta(seconds=settings.TASK_TIMEOUT_SECONDS + 1), "alive")

    assert recover(now) == (1, 3)

    def status(row):
        row.refresh_from_db()
        return row.status

    assert status(lost_mail) == "READY" and lost_mail.started_at is None
    assert status(lost_unknown) == "FAILED"
    assert lost_unknown.exception_class_path == "etablering.background.leases.WorkerLost"
    assert status(tried_often) == "FAILED"
    assert status(just_started) == "RUNNING"
    assert status(busy) == "RUNNING"
    assert status(hung) == "FAILED"
    assert hung.exception_class_path == "etablering.background.leases.TaskTimedOut"
    assert recover(now) == (0, 0)  # a second scheduler finds nothing left to do


def test_a_sweep_killed_midway_is_followed_on_time_and_every_mail_goes_once(queue, settings):
    """The worker was killed in the middle of the sweep: some notifications were queued, the
    sweep stays RUNNING, its worker is silent. The next pass of the scheduler queues the
    next sweep and the lost one again; every case is notified exactly once."""
    cases = [stale_case() for _ in range(6)]
    now = timezone.now()
    PeriodicSchedule.objects.create(task_path=SWEEP, next_run_at=now)
    killed = running(SWEEP, now - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1))
    for case in cases[:2]:  # what the sweep queued before it was killed
        notify_team.enqueue(case.pk)
    Case.objects.filter(pk=cases[0].pk).update(notification_claimed_at=now - timedelta(hours=1))

    report = scheduler.tick(now)
    assert SWEEP in report.queued
    assert report.requeued == 1
    killed.refresh_from_db()
    assert killed.status == "READY"
    run_worker()
    assert DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0
    assert len(mail.outbox) == len(cases)
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == len(cases)
    assert not Case.objects.filter(pk__in=[c.pk for c in cases], notification_sent_at=None)


def test_the_worker_beats_while_it_runs_and_leaves_no_beat_when_it_stops(db, settings):
    from etablering.background.heartbeat import Heartbeat

    heartbeat = Heartbeat("beating", seconds=60)
    heartbeat.start()
    first = WorkerBeat.objects.get(worker_id="beating").beat_at
    heartbeat.beat()
    assert WorkerBeat.objects.get(worker_id="beating").beat_at >= first
    heartbeat.stop()
    assert not WorkerBeat.objects.filter(worker_id="beating").exists()


def test_db_worker_is_the_one_that_beats():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "etablering"


# Lanes ------------------------------------------------------------------------------------------


def test_a_notification_is_taken_before_thousands_of_waiting_content_tasks(queue):
    """What a demo load leaves: thousands of index and speech tasks queued first. A contact
    arrives after them; the worker's very next task is its notification."""
    old = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.bulk_create(
        DBTaskResult(
            args_kwargs={"args": ["pages", "page", "1"], "kwargs": {}},
            task_path=path,
            priority=lanes.BULK,
            backend_name="default",
            run_after=old,
        )
        for path in [INDEX, "pages.speech.generate_speech"] * 1500
    )
    case = stale_case()
    notify_team.enqueue(case.pk)
    assert rows(NOTIFY).get().priority == lanes.PEOPLE
    run_worker(max_tasks=1)
    case.refresh_from_db()
    assert case.notification_sent_at is not None
    assert len(mail.outbox) == 1
    # Nothing else ran: the content tasks (and the case's own index update) all still wait.
    assert DBTaskResult.objects.exclude(status="READY").get().task_path == NOTIFY
    assert DBTaskResult.objects.filter(status="READY", priority=lanes.BULK).count() >= 3000


def test_speech_for_the_chain_goes_before_the_rest(
    queue, demo_page, django_capture_on_commit_callbacks
):
    from pages import speech

    chain = [demo_page("home"), demo_page("chain"), demo_page("step-entry", "ar")]
    other = demo_page("sfi")  # an information page
    with django_capture_on_commit_callbacks(execute=True):
        for page in [*chain, other]:
            speech.queue(page)
    lane_of = {r.args_kwargs["args"][1]: r.priority for r in rows("pages.speech.generate_speech")}
    assert lane_of == {**{page.pk: lanes.FIRST for page in chain}, other.pk: lanes.BULK}


def test_every_task_the_site_runs_has_a_lane():
    """A task added later without a line in lanes.TASKS would run in the default lane and be
    marked failed, never retried, if its worker died: name it."""
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
    importlib.import_module("pages.speech")
    importlib.import_module("pages.frontend_cache")
    found = {
        value.module_path
        for module in list(sys.modules.values())
        if module is not None and getattr(module, "__name__", "").split(".")[0] != "tests"
        for value in list(vars(module).values())
        if type(value) is Task  # not isinstance: it would wake lazy objects
    }
    assert found >= {NOTIFY, SWEEP, INDEX, "pages.speech.generate_speech"}
    assert found - set(lanes.TASKS) == set()
    assert set(django_settings.PERIODIC_TASKS) <= set(lanes.TASKS)


def test_the_operator_sees_failed_tasks_without_their_arguments(queue, settings):
    now = timezone.now()
    lost = running("tests.test_background.not_safe_to_repeat", now - timedelta(hours=1))
    DBTaskResult.objects.filter(pk=lost.pk).update(
        args_kwargs={"args": ["+46701234567"], "kwargs": {}}
    )
    recover(now)
    out = io.StringIO()
    call_command("task_report", stdout=out)
    report = out.getvalue()
    assert "tests.test_background.not_safe_to_repeat WorkerLost" in report
    assert "+46701234567" not in report
