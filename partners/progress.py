"""The exchange's progress against its targets (seed 003), from the data.

- Meetings: "Meet a Colleague" meetings the coordinator has recorded as arranged.
- Study visits, workshops, seminars: exchange events that have taken place (started on or before
  today, not cancelled), each counted once however many languages it is translated into.

Shown as a bar chart drawn on the server (SVG, no JavaScript) with the same numbers in a table.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import TARGETS, EventKind

BAR_WIDTH = 100  # the chart's bars are drawn in percent of the target


@dataclass(frozen=True)
class Progress:
    key: str
    label: str
    done: int
    target: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.done)


def exchange_progress() -> list[Progress]:
    from .models import EventPage, Meeting

    # An event cancelled in any language counts as cancelled (translations sync later).
    cancelled = EventPage.objects.filter(cancelled=True).values("translation_key")
    held = (
        EventPage.objects.live()
        .filter(start_date__lte=timezone.localdate())
        .exclude(translation_key__in=cancelled)
        .order_by()
        .values_list("kind", "translation_key")
        .distinct()
    )
    counts: dict[str, int] = {}
    for kind, _key in held:
        counts[kind] = counts.get(kind, 0) + 1
    rows = [
        Progress("meetings", _("Meetings arranged"), Meeting.objects.count(), TARGETS["meetings"])
    ]
    labels = {
        EventKind.STUDY_VISIT: _("Study visits"),
        EventKind.WORKSHOP: _("Workshops"),
        EventKind.SEMINAR: _("Seminars"),
    }
    for kind, label in labels.items():
        rows.append(Progress(kind.value, label, counts.get(kind.value, 0), TARGETS[kind]))
    return rows
