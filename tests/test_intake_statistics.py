"""The intake statistics in the admin: the numbers, the page (charts and tables), the CSV export and
who may see them."""

import csv
import io
import re
from datetime import datetime, timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from forms.models import Case, Status, Team
from forms.statistics import IntakeStatisticsMenuItem, intake_statistics, parse_weeks
from tests.helpers import elements

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 19, 12, 0, tzinfo=STOCKHOLM)  # a Thursday in ISO week 2026-W47
URL = "/admin/intake-statistics/"


def local(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def english():
    """The labels below are the English msgids; the admin users here prefer English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def admin_in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def cases(db):
    """Five cases that count in the four weeks up to NOW, and three that must not."""
    Case.objects.all().delete()
    kista = Team.objects.create(name="Test team Alfa", notification_email="kista@example.org")
    sfi = Team.objects.create(name="Test team Beta", notification_email="sfi@example.org")
    counter = iter(range(1000))

    def case(created, channel, language, team=None, gender="", response_hours=None, **extra):
        number = next(counter)
        first_response = (
            created + timedelta(hours=response_hours) if response_hours is not None else None
        )
        return Case.objects.create(
            reference=f"KTEST{number:03d}",
            submission_token=f"token-{number}",
            channel=channel,
            language=language,
            team=team,
            gender=gender,
            created_at=created,
            first_response_at=first_response,
            **extra,
        )

    case(local(2026, 11, 16, 9), "question", "ar", kista, "woman", 2)
    case(local(2026, 11, 18, 10), "callback", "sv", kista, "man", 4)
    case(local(2026, 11, 10, 10), "question", "ar", sfi, "", 1)
    case(local(2026, 11, 11, 10), "employer", "xx", None, "not_said")
    case(local(2026, 10, 26, 0, 30), "question", "so", sfi, "other", 10)  # first minutes of W44
    # not counted: suspected spam, marked as spam, before the period
    case(local(2026, 11, 17, 9), "question", "ar", kista, "woman", 1, suspected_spam=True)
    case(local(2026, 11, 9, 9), "callback", "sv", kista, "man", 1, status=Status.SPAM)
    case(local(2026, 10, 25, 23, 30), "partner", "sv", sfi, "woman", 1)


def make_user(username, group=None, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "x" * 16)
    user = User.objects.create_user(username, f"{username}@example.org", "x" * 16)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def intake_user(db):
    return make_user("intake", "Intake")


def table_rows(html: str, key: str) -> list[tuple[str, str]]:
    """The (row heading, value) pairs of one section's table."""
    match = re.search(rf'<table[^>]*id="stat-{key}-table".*?</table>', html, re.S)
    assert match, f"no table for {key}"
    return [
        (unescape(label.strip()), unescape(value.strip()))
        for label, value in re.findall(
            r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', match.group(0), re.S
        )
    ]


# The numbers ------------------------------------------------------------------------------------


def test_counts_per_week_channel_language_team_and_gender(cases):
    stats = intake_statistics(4, now=NOW)
    assert stats["total"] == 5
    assert stats["per_week"] == [("2026-W44", 1), ("2026-W45", 0), ("2026-W46", 2), ("2026-W47", 2)]
    assert stats["per_channel"] == [
        ("Question", 3),
        ("Call me back", 1),
        ("Employer's recruitment inquiry", 1),
        ("Partner or colleague request", 0),
    ]
    assert stats["per_language"] == [("العربية", 2), ("Soomaali", 1), ("Svenska", 1), ("xx", 1)]
    assert stats["per_team"] == [("Test team Alfa", 2), ("Test team Beta", 2), ("No team", 1)]
    assert stats["per_gender"] == [
        ("Woman", 1),
        ("Man", 1),
        ("Another gender", 1),
        ("I do not want to say", 1),
        ("Not answered", 1),
    ]


def test_time_to_first_response(cases):
    # answered after 1, 2, 4 and 10 hours; one case not yet answered
    assert intake_statistics(4, now=NOW)["first_response"] == {
        "median_hours": Decimal("3.0"),
        "p90_hours": Decimal("8.2"),
        "answered": 4,
        "unanswered": 1,
    }


def test_spam_never_counts(cases):
    Case.objects.exclude(suspected_spam=True).exclude(status=Status.SPAM).delete()
    stats = intake_statistics(4, now=NOW)
    assert stats["total"] == 0
    assert all(count == 0 for _label, count in stats["per_week"])
    assert stats["per_language"] == []
    assert stats["first_response"]["median_hours"] is None
    assert stats["first_response"]["unanswered"] == 0


def test_the_period_is_whole_iso_weeks_up_to_now(cases):
    one_week = intake_statistics(1, now=NOW)
    assert one_week["per_week"] == [("2026-W47", 2)]
    assert one_week["start"] == local(2026, 11, 16)
    longer = intake_statistics(5, now=NOW)  # reaches back into W43: the late-Sunday case counts
    assert longer["per_week"][0] == ("2026-W43", 1)
    assert longer["total"] == 6
    assert len(intake_statistics(104, now=NOW)["per_week"]) == 104


def test_weeks_across_the_new_year_use_iso_years(db):
    labels = [label for label, _n in intake_statistics(3, now=local(2027, 1, 5, 12))["per_week"]]
    assert labels == ["2026-W52", "2026-W53", "2027-W01"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (12, False)),
        ("", (12, False)),
        ("4", (4, False)),
        ("104", (104, False)),
        ("0", (12, True)),
        ("105", (12, True)),
        ("-3", (12, True)),
        ("abc", (12, True)),
        ("2.5", (12, True)),
        ("1e3", (12, True)),
    ],
)
def test_parse_weeks(value, expected):
    assert parse_weeks(value) == expected


# The page ---------------------------------------------------------------------------------------


def test_url_name():
    assert reverse("intake_statistics") == URL


@time_machine.travel(NOW, tick=False)
def test_intake_group_sees_tables_with_the_numbers(client, cases, intake_user):
    client.force_login(intake_user)
    response = client.get(URL, {"weeks": "4"})
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html, "week") == [
        ("2026-W44", "1"),
        ("2026-W45", "0"),
        ("2026-W46", "2"),
        ("2026-W47", "2"),
    ]
    assert ("Call me back", "1") in table_rows(html, "channel")
    assert table_rows(html, "language")[0] == ("العربية", "2")
    assert ("No team", "1") in table_rows(html, "team")
    assert ("Not answered", "1") in table_rows(html, "gender")
    response_rows = dict(table_rows(html, "response"))
    assert response_rows["Median time to first response (hours)"] in {"3.0", "3,0"}
    assert response_rows["90th percentile of time to first response (hours)"] in {"8.2", "8,2"}
    assert response_rows["Cases still without a first response"] == "1"


@time_machine.travel(NOW, tick=False)
def test_every_section_has_an_accessible_chart_and_table(client, cases, intake_user):
    client.force_login(intake_user)
    html = client.get(URL, {"weeks": "4"}).content.decode()
    assert "<script" not in html.split('id="main"')[1].split("</main>")[0]
    charts = elements(html, "svg", role="img")
    assert len(charts) == 6
    for chart in charts:
        heading, table = chart["aria-labelledby"], chart["aria-describedby"]
        assert elements(html, "h2", id=heading)
        assert elements(html, "table", id=table)
        assert heading.removesuffix("-heading") == table.removesuffix("-table")
    for key in ["week", "channel", "language", "team", "gender", "response"]:
        table = re.search(rf'<table[^>]*id="stat-{key}-table".*?</table>', html, re.S).group(0)
        assert "<caption" in table
        assert '<th scope="col">' in table
    assert html.count("<title>") >= 6
    # bars carry their numbers, in a colour with enough contrast
    week_chart = re.search(r'aria-labelledby="stat-week-heading".*?</svg>', html, re.S).group(0)
    assert re.findall(r'font-weight="bold">(\d+)</text>', week_chart) == ["1", "0", "2", "2"]
    assert 'fill="#1f5f8b"' in week_chart


@pytest.mark.parametrize("weeks", ["abc", "0", "105", "-1", "9999999999999999999999"])
def test_bad_weeks_fall_back_to_twelve_with_a_message(client, cases, intake_user, weeks):
    client.force_login(intake_user)
    response = client.get(URL, {"weeks": weeks})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Showing the last 12 weeks instead." in html
    assert elements(html, "input", name="weeks")[0]["value"] == "12"
    assert len(table_rows(html, "week")) == 12


def test_no_message_for_the_default(client, cases, intake_user):
    client.force_login(intake_user)
    html = client.get(URL).content.decode()
    assert "Showing the last 12 weeks instead." not in html
    assert len(table_rows(html, "week")) == 12


def test_superuser_sees_the_page(client, cases):
    client.force_login(make_user("admin", superuser=True))
    assert client.get(URL).status_code == 200


# CSV --------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_csv_export(client, cases, intake_user):
    client.force_login(intake_user)
    response = client.get(URL, {"weeks": "4", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="intake-statistics-2026-11-19.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "label", "value"]
    assert ["Cases per week", "2026-W45", "0"] in rows
    assert ["Cases per week", "2026-W47", "2"] in rows
    assert ["Cases per channel", "Question", "3"] in rows
    assert ["Cases per language", "العربية", "2"] in rows
    assert ["Cases per team", "No team", "1"] in rows
    assert ["Cases per gender", "Not answered", "1"] in rows
    assert ["Time to first response", "Median time to first response (hours)", "3.0"] in rows
    assert [
        "Time to first response",
        "90th percentile of time to first response (hours)",
        "8.2",
    ] in rows
    assert ["Time to first response", "Cases still without a first response", "1"] in rows
    assert len(rows) == 1 + 4 + 4 + 4 + 3 + 5 + 4


def test_csv_cells_are_never_formulas(client, cases, intake_user):
    Team.objects.filter(name="Test team Beta").update(name="=HYPERLINK(1)")
    client.force_login(intake_user)
    with time_machine.travel(NOW, tick=False):
        content = client.get(URL, {"weeks": "4", "format": "csv"}).content.decode()
    assert "Cases per team,'=HYPERLINK(1),2" in content


# Who may see it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"weeks": "4"}, {"weeks": "4", "format": "csv"}])
@pytest.mark.parametrize("who", ["editor", "anonymous"])
@time_machine.travel(NOW, tick=False)
def test_others_get_no_numbers(client, cases, who, params):
    if who == "editor":
        client.force_login(make_user("editor", "Editors"))
    response = client.get(URL, params)
    assert response.status_code in (302, 403)
    content = response.content.decode()
    assert "العربية" not in content
    assert "2026-W47" not in content
    followed = client.get(URL, params, follow=True).content.decode()
    assert "2026-W47" not in followed
    assert "Median time to first response" not in followed


def test_menu_item_only_for_those_who_see_cases(cases, intake_user):
    item = IntakeStatisticsMenuItem("Intake statistics", URL, name="intake-statistics")
    request = RequestFactory().get("/admin/")
    request.user = intake_user
    assert item.is_shown(request)
    request.user = make_user("editor", "Editors")
    assert not item.is_shown(request)


def test_menu_item_is_under_reports(client, cases, intake_user):
    client.force_login(intake_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "intake-statistics" in html and URL in html
    client.force_login(make_user("editor", "Editors"))
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
