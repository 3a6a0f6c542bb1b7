"""Statistics of the intake queue for the intake group: cases per week, channel, language, team
and gender, and the time to a first response; shown in the admin as charts with tables, and as CSV.

The numbers are computed by ``intake_statistics`` (plain functions, a few grouped queries), the
admin view only presents them. Suspected spam and cases marked as spam never count.
"""

import csv
import statistics
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from etablering.languages import BY_CODE
from etablering.params import parse_int

from .models import Case, Channel, Gender, Status

DEFAULT_WEEKS = 12
MIN_WEEKS = 1
MAX_WEEKS = 104
PERMISSION = "intake.view_case"

# Chart geometry (SVG user units) and colours (each at least 3:1 against the white background).
CHART_WIDTH = 640
LABEL_WIDTH = 230
BAR_X = 240
BAR_MAX = 340
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PADDING = 8
LABEL_MAX_CHARS = 32
BAR_COLOUR = "#1f5f8b"  # 6.9:1 against white
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"  # 7:1 against white


def user_may_see_statistics(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def counted_cases():
    """The cases that count: no suspected spam, nothing marked as spam."""
    return Case.objects.filter(suspected_spam=False).exclude(status=Status.SPAM)


def period_start(weeks: int, now) -> datetime:
    """Monday 00:00 (local time) of the first of ``weeks`` ISO weeks ending with the current one."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    return timezone.make_aware(datetime.combine(monday, time.min))


def iso_week_label(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def percentile(values: list[float], percent: int) -> float:
    """Linear interpolation between the closest ranks (a spreadsheet's PERCENTILE.INC)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def one_decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _counts(queryset, field: str) -> dict:
    return {
        row[field]: row["n"]
        for row in queryset.order_by().values(field).annotate(n=Count("id")).order_by()
    }


def _language_name(code: str) -> str:
    language = BY_CODE.get(code)
    return language.name_local if language else code


def intake_statistics(weeks: int = DEFAULT_WEEKS, now=None) -> dict:
    """The numbers for the ``weeks`` ISO weeks up to ``now`` (the current week included).

    Every list is of ``(label, count)``; weeks, channels and genders include zeros, languages and
    teams only those with cases (most first). Times to first response are in hours.
    """
    now = now or timezone.now()
    start = period_start(weeks, now)
    cases = counted_cases().filter(created_at__gte=start, created_at__lte=now)

    by_week = {}
    week_rows = (
        cases.order_by()
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in week_rows:
        label = iso_week_label(timezone.localtime(row["week"]).date())
        by_week[label] = by_week.get(label, 0) + row["n"]
    first_monday = timezone.localtime(start).date()
    per_week = []
    for index in range(weeks):
        label = iso_week_label(first_monday + timedelta(weeks=index))
        per_week.append((label, by_week.get(label, 0)))

    channels = _counts(cases, "channel")
    per_channel = [(str(choice.label), channels.pop(choice.value, 0)) for choice in Channel]
    per_channel += sorted(channels.items(), key=lambda item: (-item[1], item[0]))

    languages = _counts(cases, "language")
    per_language = sorted(
        ((_language_name(code), n) for code, n in languages.items()),
        key=lambda item: (-item[1], item[0]),
    )

    teams = _counts(cases, "team__name")
    no_team = teams.pop(None, 0)
    per_team = sorted(teams.items(), key=lambda item: (-item[1], item[0]))
    if no_team:
        per_team.append((str(_("No team")), no_team))

    genders = _counts(cases, "gender")
    per_gender = [(str(choice.label), genders.pop(choice.value, 0)) for choice in Gender]
    per_gender.append((str(_("Not answered")), sum(genders.values())))  # blank (or unknown)

    durations = [
        max((responded - created).total_seconds() / 3600, 0.0)
        for created, responded in cases.filter(first_response_at__isnull=False)
        .order_by()
        .values_list("created_at", "first_response_at")
    ]
    unanswered = cases.filter(first_response_at__isnull=True).count()

    return {
        "weeks": weeks,
        "start": start,
        "end": now,
        "total": sum(count for _label, count in per_week),
        "per_week": per_week,
        "per_channel": per_channel,
        "per_language": per_language,
        "per_team": per_team,
        "per_gender": per_gender,
        "first_response": {
            "median_hours": one_decimal(statistics.median(durations)) if durations else None,
            "p90_hours": one_decimal(percentile(durations, 90)) if durations else None,
            "answered": len(durations),
            "unanswered": unanswered,
        },
    }


# Presentation ------------------------------------------------------------------------------------


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def bar_chart(rows: list[tuple[str, object]]) -> dict:
    """Geometry for a horizontal bar chart: one bar per row, its number beside it."""
    numbers = [float(value) for _label, value in rows if value is not None]
    largest = max(numbers, default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        top = PADDING + index * ROW_HEIGHT
        width = 0 if value is None else round(float(value) / largest * BAR_MAX, 1)
        bars.append(
            {
                "label": _short(str(label)),
                "value": value,
                "bar_y": top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                "text_y": top + ROW_HEIGHT / 2,
                "width": width,
                "value_x": BAR_X + width + 6,
            }
        )
    height = PADDING * 2 + max(len(rows), 1) * ROW_HEIGHT
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": height,
        "label_x": LABEL_WIDTH,
        "bar_x": BAR_X,
        "bar_height": BAR_HEIGHT,
        "axis_x": BAR_X - 0.5,
        "axis_bottom": height - PADDING,
        "empty_y": PADDING + ROW_HEIGHT / 2,
        "bar_colour": BAR_COLOUR,
        "text_colour": TEXT_COLOUR,
        "axis_colour": AXIS_COLOUR,
    }


def sections(stats: dict) -> list[dict]:
    """The page's sections, in order: heading, table columns, table rows and the chart's rows."""
    response = stats["first_response"]
    response_rows = [
        (str(_("Median time to first response (hours)")), response["median_hours"]),
        (str(_("90th percentile of time to first response (hours)")), response["p90_hours"]),
    ]
    result = [
        ("week", _("Cases per week"), _("Week"), _("Cases"), stats["per_week"], None),
        ("channel", _("Cases per channel"), _("Channel"), _("Cases"), stats["per_channel"], None),
        (
            "language",
            _("Cases per language"),
            _("Language"),
            _("Cases"),
            stats["per_language"],
            None,
        ),
        ("team", _("Cases per team"), _("Team"), _("Cases"), stats["per_team"], None),
        ("gender", _("Cases per gender"), _("Gender"), _("Cases"), stats["per_gender"], None),
        (
            "response",
            _("Time to first response"),
            _("Measure"),
            _("Value"),
            response_rows
            + [
                (str(_("Cases with a first response")), response["answered"]),
                (str(_("Cases still without a first response")), response["unanswered"]),
            ],
            [row for row in response_rows if row[1] is not None],
        ),
    ]
    return [
        {
            "key": key,
            "title": title,
            "label_heading": label_heading,
            "value_heading": value_heading,
            "rows": rows,
            "chart": bar_chart(rows if chart_rows is None else chart_rows),
        }
        for key, title, label_heading, value_heading, rows, chart_rows in result
    ]


def parse_weeks(value: str | None) -> tuple[int, bool]:
    """The number of weeks asked for, and whether the value given was unusable."""
    if value is None or value.strip() == "":
        return DEFAULT_WEEKS, False
    weeks = parse_int(value.strip(), minimum=MIN_WEEKS, maximum=MAX_WEEKS)
    if weeks is None:
        return DEFAULT_WEEKS, True
    return weeks, False


def _csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(stats: dict) -> HttpResponse:
    filename = f"intake-statistics-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["section", "label", "value"])
    for section in sections(stats):
        for label, value in section["rows"]:
            writer.writerow([_csv_cell(section["title"]), _csv_cell(label), _csv_cell(value)])
    return response


def intake_statistics_view(request):
    if not user_may_see_statistics(request.user):
        return permission_denied(request)
    weeks, invalid = parse_weeks(request.GET.get("weeks"))
    stats = intake_statistics(weeks)
    if request.GET.get("format") == "csv":
        return csv_response(stats)
    return render(
        request,
        "forms/admin/statistics.html",
        {
            "page_title": _("Intake statistics"),
            "stats": stats,
            "sections": sections(stats),
            "weeks": weeks,
            "invalid_weeks": invalid,
            "min_weeks": MIN_WEEKS,
            "max_weeks": MAX_WEEKS,
            "default_weeks": DEFAULT_WEEKS,
        },
    )


class IntakeStatisticsMenuItem(MenuItem):
    """Shown under Reports only to those who may see cases."""

    def is_shown(self, request):
        return user_may_see_statistics(request.user)
