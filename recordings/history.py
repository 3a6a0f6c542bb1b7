"""The recordings' history, in Wagtail's log (the admin's history views and reports show it)."""

import logging

from wagtail.log_actions import log as wagtail_log

logger = logging.getLogger(__name__)

ACTIONS = (
    "recordings.submitted",
    "recordings.refused",
    "recordings.approved",
    "recordings.sent_back",
    "recordings.out_of_date",
)


def log(instance, action, data=None, user=None):
    try:
        wagtail_log(instance=instance, action=action, data=data or {}, user=user)
    except Exception:  # noqa: BLE001 - history must never stop the work itself
        logger.exception("Could not log %s", action)
