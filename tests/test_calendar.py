"""The calendar keys: validation problems a user sees, and business time in words."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workagree.dates import deadlines
from workagree.dates.wording import business_time, describe, working_week
from workagree.model import Calendar

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
workagree: 1
project: Test
calendar:
{calendar}
parties:
  a: {{name: A, role: provider}}
  b: {{name: B, role: client}}
responsibilities:
  - {{id: x, owner: a, what: Answer, deadline: 4 business hours after each request, if_missed: p}}
  - {{id: y, owner: b, what: Pay, deadline: 2027-01-02, if_missed: p}}
consequences: {{p: Pause}}
"""


def spec(calendar: str) -> str:
    return BASE.format(calendar="\n".join("  " + line for line in calendar.splitlines()))


def test_full_calendar_is_valid(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    path = write_spec(
        spec(
            "country: de\nsubdivision: bayern\nworkdays: [mon, tue, wed, thu]\n"
            'closed: [2027-07-05..2027-07-23, 2027-12-24]\nhours: "9:00 - 17:00"\n'
            "timezone: Europe/Berlin"
        )
    )
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"{path}: valid (no problems)\n"


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (
            "country: XQ",
            "4:12: error: 'XQ' is not a country with a public-holiday calendar [country]",
        ),
        (
            "country: DE\nsubdivision: Bayrn",
            "5:16: error: 'Bayrn' is not a subdivision of DE (did you mean 'BY'?) [subdivision]",
        ),
        (
            "country: DK\nsubdivision: X",
            "5:16: error: DK has no subdivisions with their own public holidays [subdivision]",
        ),
        ("subdivision: BY", "4:16: error: 'subdivision' needs a 'country' [subdivision]"),
        (
            "closed: [2027-07-05..2027-07-01]",
            "4:12: error: the range '2027-07-05..2027-07-01' ends before it starts [closed]",
        ),
        (
            "closed: [2027-02-30]",
            "4:12: error: '2027-02-30' is not a real date [closed]",
        ),
        (
            "closed: [summer]",
            "4:12: error: 'summer' is not a closed date or range [closed]",
        ),
        (
            "closed: [2027-01-01..2028-01-02]",
            "4:12: error: the range '2027-01-01..2028-01-02' is longer than a year [closed]",
        ),
        (
            'hours: "17:00-09:00"',
            "4:10: error: business hours '17:00-09:00' end before they start [hours]",
        ),
        ('hours: "9 to 5"', "4:10: error: '9 to 5' is not a span of business hours [hours]"),
        ('hours: "09:00-25:00"', "4:10: error: '25:00' is not a time of day [hours]"),
        (
            "timezone: europe/copenhagen",
            "4:13: error: 'europe/copenhagen' is not a time zone "
            "(did you mean 'Europe/Copenhagen'?) [timezone]",
        ),
        ("timezone: Mars/Olympus", "4:13: error: 'Mars/Olympus' is not a time zone [timezone]"),
    ],
)
def test_bad_calendar(
    cli: Callable[..., Any], write_spec: Callable[..., Path], calendar: str, expected: str
) -> None:
    path = write_spec(spec(calendar))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:{expected}\n" in result.stdout
    assert result.stdout.endswith(f"{path}: invalid (1 error)\n")


def test_every_calendar_problem_is_reported_at_once(
    cli: Callable[..., Any], write_spec: Callable[..., Path]
) -> None:
    path = write_spec(spec('subdivision: BY\nclosed: [soon]\nhours: "x"\ntimezone: Nowhere'))
    result = cli("validate", str(path))
    assert result.stdout.endswith(f"{path}: invalid (4 errors)\n")


def test_hint_lists_the_subdivisions(
    cli: Callable[..., Any], write_spec: Callable[..., Path]
) -> None:
    result = cli("validate", str(write_spec(spec("country: GB\nsubdivision: Kent"))))
    assert "  hint: use one of: ENG, NIR, SCT, WLS\n" in result.stdout


def test_validate_without_a_country_does_not_load_holidays(
    write_spec: Callable[..., Path],
) -> None:
    path = write_spec(spec('closed: [2027-12-24]\nhours: "09:00-17:00"'))
    code = (
        "import sys; from workagree.api import check_file; "
        f"assert check_file({str(path)!r}).ok; "
        "print('holidays' in sys.modules, 'icalendar' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert out.stdout == "False False\n"


def test_calendar_round_trips_through_json() -> None:
    calendar = Calendar(
        country="dk", closed=["2027-12-24", "2027-07-05..2027-07-23"], hours="9:00-17:00"
    )
    dumped = calendar.model_dump(mode="json")
    assert dumped["closed"] == ["2027-07-05..2027-07-23", "2027-12-24"]
    assert dumped["hours"] == "09:00-17:00"
    assert Calendar.model_validate(dumped) == calendar


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (["mon", "tue", "wed", "thu", "fri"], "Monday to Friday"),
        (["sun", "mon", "tue", "wed", "thu"], "Sunday to Thursday"),
        (["mon", "wed", "fri"], "Monday, Wednesday and Friday"),
        (["sat", "sun"], "Saturday and Sunday"),
        (["tue"], "Tuesday"),
        (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "every day of the week"),
    ],
)
def test_working_week(days: list[str], words: str) -> None:
    assert working_week(days) == words  # type: ignore[arg-type]


def test_business_hours_in_words() -> None:
    request = deadlines.parse("4 business hours after each request")
    copenhagen = Calendar(hours="09:00-17:00", timezone="Europe/Copenhagen")
    assert describe(request, copenhagen) == (
        "4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request"
    )
    assert describe(request, Calendar()) == "4 business hours (Monday to Friday) after each request"
    assert business_time(Calendar(timezone="Europe/Tallinn")) == (
        "Monday to Friday, Europe/Tallinn time"
    )
    assert business_time(Calendar(hours="08:30-16:00")) == "08:30–16:00, Monday to Friday"
    days = deadlines.parse("1 business day after each draft")
    assert describe(days, copenhagen) == "1 business day after each draft"
    assert describe(deadlines.parse("every friday"), copenhagen) == "every Friday"
    assert describe(deadlines.parse("2027-03-08"), copenhagen) == "by 8 March 2027"


@pytest.mark.parametrize("cache", ["fresh", "damaged", "deep", "controls", "off"])
def test_the_holiday_table_is_the_same_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    import datetime as dt

    import holidays

    from workagree.dates import holidaytables

    monkeypatch.setenv("WORKAGREE_CACHE_DIR", "off" if cache == "off" else str(tmp_path))
    damage = {
        "damaged": '{"2027": {"2027-06-05": 7}, "x": [',
        "deep": "[" * 200_000 + "]" * 200_000,
        "controls": '{"2027": {"2027-06-05": "\\u001b]0;title\\u0007 \\u202e \\ud800"}}',
    }
    if cache in damage:
        table = holidaytables.HolidayTable("DK", None)
        table.get(dt.date(2027, 1, 1))
        for path in tmp_path.rglob("*.json"):
            path.write_text(damage[cache], encoding="utf-8")
    expected = holidays.country_holidays("DK", years=[2027, 2028])
    for attempt in range(2):  # computed, then (unless off) read back
        table = holidaytables.HolidayTable("DK", None)
        for day in (dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(730)):
            assert table.get(day) == expected.get(day), (attempt, day)
            assert (day in table) == (day in expected)
    stored = list(tmp_path.rglob("*.json"))
    assert len(stored) == (0 if cache == "off" else 1)


HOLIDAY_MILESTONE = """\
workagree: 1
project: Launch
locale: {locale}
calendar: {{country: DK}}
parties:
  studio: {{name: Northwind Studio, role: provider}}
  client: {{name: Contoso Ltd, role: client}}
responsibilities:
  - {{id: go, owner: studio, what: Launch the site, deadline: 2 business days after launch}}
milestones:
  - {{id: launch, what: Site goes live, date: 2026-12-25}}
"""


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("en", "- 28 December 2026 — Site goes live · Moved from 25 December 2026 (Christmas Day) "
               "to the next business day"),
        ("da", "- 28. december 2026 — Site goes live · Flyttet fra 25. december 2026"),
    ],
)  # fmt: skip
def test_a_milestone_on_a_holiday_is_shown_on_the_day_it_is_kept(
    cli: Callable[..., Any], write_spec: Callable[..., Path], locale: str, line: str
) -> None:
    spec = write_spec(HOLIDAY_MILESTONE.format(locale=locale))
    run = cli("render", str(spec), "-f", "md", "-o", "-")
    assert run.exit_code == 0, run.output
    assert line in run.stdout
    html = cli("render", str(spec), "-f", "html", "-o", "-").stdout
    assert '<span class="moved muted">·' in html
    schedule = cli("schedule", str(spec)).stdout
    assert "2026-12-28" in schedule
