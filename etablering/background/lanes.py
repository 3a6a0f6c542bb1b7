"""Every task the site runs: its lane (which work goes first), whether it may run again after its
worker died, and how long it may run.

Lanes are priorities on the database queue (django-tasks-db's worker takes the highest priority
first) and queues on RQ (``rqworker people default bulk`` empties them in that order):

- ``PEOPLE``: mail to people (a team's notification, a visitor's receipt) and the sweep that
  queues it again;
- ``FIRST``: what a newcomer hears first: the speech of the chain's home, overview and steps
  (``pages/speech.py`` asks for it where it queues speech); and a speaker's recording, which
  the speaker waits to hear back (recordings/tasks.py);
- ``DEFAULT``: everything else;
- ``BULK``: upkeep of content: search and reference indexes, the rest of the speech.

A task is named here by its module path; one not named runs in ``DEFAULT`` and, should its
worker die, is marked failed rather than run again (tests/test_background.py checks that every
task the site knows is named).
"""

from dataclasses import dataclass

from django.conf import settings

PEOPLE = 50
FIRST = 20
DEFAULT = 0
BULK = -50

# On RQ, which has no priorities, each lane is a queue; a worker empties them in this order.
RQ_QUEUES = ("people", "default", "bulk")


@dataclass(frozen=True)
class TaskSpec:
    lane: int = DEFAULT
    # May it run again when its worker died in the middle? Only for tasks that are safe to
    # repeat: mail is claimed with one UPDATE and sent once (forms/tasks.py), speech and indexes
    # are rebuilt from what is stored.
    retry: bool = False
    # Longer than this and the task counts as hung (marked failed) even if its worker lives.
    timeout_seconds: int | None = None


TASKS = {
    "forms.tasks.notify_team": TaskSpec(PEOPLE, retry=True),
    "forms.tasks.send_receipt": TaskSpec(PEOPLE, retry=True),
    "forms.tasks.sweep_unsent": TaskSpec(PEOPLE, retry=True),
    "forms.tasks.purge_expired": TaskSpec(DEFAULT, retry=True),
    "etablering.background.tasks.prune_task_results": TaskSpec(DEFAULT, retry=True),
    "pages.frontend_cache.purge_frontend_cache": TaskSpec(DEFAULT, retry=True),
    "pages.speech.generate_speech": TaskSpec(BULK, retry=True),
    "pages.reencode.reencode_clips": TaskSpec(BULK, retry=True),
    "recordings.tasks.process_recording": TaskSpec(FIRST, retry=True),
    "modelsearch.tasks.insert_or_update_object_task": TaskSpec(BULK, retry=True),
    "wagtail.tasks.update_reference_index_task": TaskSpec(BULK, retry=True),
    "wagtail.tasks.delete_file_from_storage_task": TaskSpec(DEFAULT, retry=True),
    "wagtail.images.tasks.set_image_focal_point_task": TaskSpec(DEFAULT, retry=True),
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task": TaskSpec(
        DEFAULT, retry=True
    ),
}
UNNAMED = TaskSpec()


def spec_for(module_path: str) -> TaskSpec:
    return TASKS.get(module_path, UNNAMED)


def timeout_for(module_path: str) -> int:
    return spec_for(module_path).timeout_seconds or settings.TASK_TIMEOUT_SECONDS


def with_lane(task):
    """The task with its lane's priority, unless the caller chose one (``ahead``)."""
    if task.priority != DEFAULT:
        return task
    lane = spec_for(task.module_path).lane
    return task.using(priority=lane) if lane != DEFAULT else task


def ahead(task, lane: int = FIRST):
    """The task in ``lane`` rather than its usual one, where the backend knows lanes."""
    return task.using(priority=lane) if task.get_backend().supports_priority else task


def rq_queue_for(priority: int) -> str:
    if priority >= PEOPLE:
        return "people"
    return "bulk" if priority <= BULK else "default"
