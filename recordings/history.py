"""The recordings' history, in Wagtail's log (the admin's history views and reports show it)."""

import logging

from wagtail.log_actions import log as wagtail_log

logger = logging.getLogger(__name__)

# Each action is named by the state it leads to (its label in the history is the state's).
ACTIONS = {
    "awaiting_review": "recordings.submitted",
    "refused": "recordings.refused",
    "approved": "recordings.approved",
    "sent_back": "recordings.sent_back",
    "out_of_date": "recordings.out_of_date",
}


def log(instance, action, data=None, user=None):
    try:
        wagtail_log(instance=instance, action=action, data=data or {}, user=user)
    except Exception:  # noqa: BLE001 - history must never stop the work itself
        logger.exception("Could not log %s", action)
