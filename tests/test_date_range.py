"""Deadlines that would fall off the calendar (after 9999-12-31, before 0001-01-01).

Validation computes every deadline's date with the function the schedule, the calendar
export and the renderers use, so such a deadline is a problem at its line and column,
and no later command meets the end of the calendar (an OverflowError, exit 3).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, Run

CORPUS = ROOT / "tests" / "corpus"
AFTER = (
    ":16:15: error: '2 business days after launch' falls after 9999-12-31, "
    "the last date workagree can count to [date-out-of-range]\n"
    " 16 |     deadline: 2 business days after launch\n"
    "    |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    "  hint: workagree counts dates from 0001-01-01 to 9999-12-31; "
    "check the year of the milestone or effective date it counts from\n"
)


@pytest.fixture
def past_the_end(tmp_path: Path) -> Path:
    return Path(shutil.copy(CORPUS / "date-after-9999-business-days.yaml", tmp_path / "a.yaml"))


@pytest.mark.parametrize(
    "command",
    [
        ["schedule"],
        ["schedule", "--format", "json"],
        ["schedule", "--format", "ics", "-o", "out.ics"],
        ["render", "-f", "md", "-o", "out.md"],
        ["render", "-f", "html", "-o", "out.html"],
    ],
)
def test_every_command_reports_the_deadline_at_its_line(
    cli: Callable[..., Run], past_the_end: Path, command: list[str]
) -> None:
    before = past_the_end.read_bytes()
    args = [part if not part.startswith("out.") else str(past_the_end.parent / part)
            for part in command]  # fmt: skip
    run = cli(*args[:1], str(past_the_end), *args[1:])
    assert run.exit_code == 1, run.output
    assert f"{past_the_end}{AFTER}" in run.stderr
    assert "bug" not in run.output
    assert sorted(p.name for p in past_the_end.parent.iterdir()) == ["a.yaml"]
    assert past_the_end.read_bytes() == before


def test_diff_reports_the_deadline(cli: Callable[..., Run], past_the_end: Path) -> None:
    valid = past_the_end.parent / "b.yaml"
    valid.write_text(
        past_the_end.read_text().replace("2 business days after", "2 business days before")
    )
    run = cli("diff", str(valid), str(past_the_end))
    assert run.exit_code == 2  # diff: a side that is not a valid agreement
    assert f"NEW ({past_the_end}) is not a valid agreement:\n{past_the_end}{AFTER}" in run.stderr


def spec(milestone: str, deadline: str = "1 business day before launch") -> str:
    text = (CORPUS / "date-last-day.yaml").read_text(encoding="utf-8")
    return text.replace("9999-12-31", milestone).replace("1 business day before launch", deadline)


def test_the_last_day_is_an_all_day_event_without_dtend(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(spec("9999-12-31"), encoding="utf-8")
    run = cli("schedule", str(path), "--format", "ics")
    assert run.exit_code == 0, run.output
    events = run.stdout.split("BEGIN:VEVENT")[1:]
    by_start = {e.split("DTSTART;VALUE=DATE:")[1][:8]: e for e in events}
    assert sorted(by_start) == ["99991230", "99991231"]
    assert "DTEND;VALUE=DATE:99991231" in by_start["99991230"]
    assert "DTEND" not in by_start["99991231"]
    text = cli("schedule", str(path))
    assert text.exit_code == 0
    assert "9999-12-30 Thu  Contoso: Send feedback\n" in text.stdout
    assert "9999-12-31 Fri  Milestone: Launch\n" in text.stdout
    data = json.loads(cli("schedule", str(path), "--format", "json").stdout)
    assert [entry["date"] for entry in data["entries"]] == ["9999-12-30", "9999-12-31"]


def test_a_milestone_moved_across_the_whole_calendar_is_counted_quickly(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(spec("0001-01-01", "1 business day after launch"), encoding="utf-8")
    new.write_text(spec("9999-12-31"), encoding="utf-8")
    started = time.monotonic()
    run = cli("diff", str(old), str(new))
    assert time.monotonic() - started < 10  # counting business days took 25 s
    assert run.exit_code == 0, run.output
    assert (
        "  ~ launch: 0001-01-01 → 9999-12-31, 3652058 days later; affects feedback\n" in run.stdout
    )
    moved = cli("diff", str(old), str(new), "--format", "json")
    change = next(c for c in json.loads(moved.stdout) if c["label"] == "moved milestone")
    assert change["business_days"] is None


def test_a_ten_year_move_is_still_counted_in_business_days(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(spec("2027-01-04", "1 business day after launch"), encoding="utf-8")
    new.write_text(spec("2037-01-05", "1 business day after launch"), encoding="utf-8")
    run = cli("diff", str(old), str(new), "--format", "json")
    change = next(c for c in json.loads(run.stdout) if c["label"] == "moved milestone")
    assert isinstance(change["business_days"], int)
    assert change["business_days"] > 2500


def test_counting_back_to_the_first_day_does_not_overflow() -> None:
    from workagree.dates.businessdays import BusinessCalendar

    counter = BusinessCalendar()
    first = dt.date.min  # a Monday
    assert counter.business_days_between(first + dt.timedelta(days=7), first) == -5
    assert counter.shift(first + dt.timedelta(days=7), -5, business=True) == first
