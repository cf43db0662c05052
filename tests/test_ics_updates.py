"""Calendar files that calendar apps accept: newer after an edit, every month on its day,
holidays moved, reminders, and no empty calendar. Read back by two independent parsers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from .conftest import Run

Cli = Callable[..., Run]
Write = Callable[..., Path]

SPEC = """\
workagree: 1
project: Support
version: "{version}"
effective: {effective}
calendar: {{country: DK}}
parties:
  a: {{name: A, role: provider}}
  b: {{name: B, role: client}}
milestones:
  - {{id: launch, what: Go live, date: {launch}}}
responsibilities:
  - {{id: x, owner: a, what: Report, deadline: {every}, if_missed: p}}
  - {{id: t, owner: a, what: Test, deadline: 2 business days before launch, if_missed: p}}
consequences: {{p: Pause}}
"""


def _spec(**values: str) -> str:
    fields = {
        "version": "1",
        "effective": "2027-01-04",
        "launch": "2027-03-15",
        "every": "every friday",
    }
    return SPEC.format(**{**fields, **values})


def _ics(cli: Cli, write_spec: Write, text: str, *options: str) -> bytes:
    path = write_spec(text)
    target = path.with_suffix(".ics")
    before = path.read_bytes()
    result = cli("schedule", str(path), "-f", "ics", *options, "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert path.read_bytes() == before
    raw = target.read_bytes()
    _follows_the_line_rules(raw)
    return raw


def _follows_the_line_rules(raw: bytes) -> None:
    """RFC 5545, 3.1: CRLF line ends, at most 75 octets a line."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def _between(raw: bytes, uid_start: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days an event falls on, as recurring-ical-events expands it."""
    calendar = icalendar.Calendar.from_ical(raw)
    return sorted(
        e["DTSTART"].dt
        for e in recurring_ical_events.of(calendar).between(start, end)
        if str(e["UID"]).startswith(uid_start)
    )


def _event(raw: bytes, uid_start: str) -> Any:
    calendar = icalendar.Calendar.from_ical(raw)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(uid_start))


def _newer(new: Any, old: Any) -> bool:
    """RFC 5546, 2.1.5: a higher SEQUENCE wins; with the same SEQUENCE, a later DTSTAMP."""
    key_new = (int(new.get("SEQUENCE", 0)), new["DTSTAMP"].dt)
    key_old = (int(old.get("SEQUENCE", 0)), old["DTSTAMP"].dt)
    return key_new > key_old


def test_an_edit_that_moves_an_event_is_newer_for_calendar_apps(
    cli: Cli, write_spec: Write
) -> None:
    before = _ics(cli, write_spec, _spec())
    after = _ics(cli, write_spec, _spec(version="2", launch="2027-03-22"))
    for uid in ("milestone-launch", "deadline-t"):
        old, new = _event(before, uid), _event(after, uid)
        assert str(old["UID"]) == str(new["UID"])
        assert old["DTSTART"].dt != new["DTSTART"].dt
        assert _newer(new, old)
        assert not _newer(old, new)
    assert int(_event(after, "deadline-t")["SEQUENCE"]) == 2_000_000
    assert _ics(cli, write_spec, _spec()) == before  # the same spec, the same bytes


@pytest.mark.parametrize(
    ("version", "sequence"),
    [
        ("1", 1_000_000),
        ("1.9", 1_009_000),
        ("1.10", 1_010_000),
        ("2", 2_000_000),
        ("12", 12_000_000),
        ("2027-03", 2_027_003_000),
        ("v2", 2_000_000),
        ("2148", 0),
        ("draft", 0),
    ],
)
def test_sequence_comes_from_the_version(
    cli: Cli, write_spec: Write, version: str, sequence: int
) -> None:
    raw = _ics(cli, write_spec, _spec(version=version))
    assert int(_event(raw, "deadline-x")["SEQUENCE"]) == sequence


@pytest.mark.parametrize("day", ["2027-01-29", "2027-01-30", "2027-01-31"])
def test_every_month_from_the_end_of_a_month_falls_in_every_month(
    cli: Cli, write_spec: Write, day: str
) -> None:
    # Every day a working day: no repetition moves off its day.
    week = "{workdays: [mon, tue, wed, thu, fri, sat, sun]}"
    text = _spec(effective=day, every="every month").replace("{country: DK}", week)
    raw = _ics(cli, write_spec, text)
    days = _between(raw, "deadline-x", dt.date(2027, 1, 1), dt.date(2028, 1, 1))
    assert [d.month for d in days] == list(range(1, 13))
    start = dt.date.fromisoformat(day)
    for d in days:
        last = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        assert d.day == min(start.day, last.day)
    # The first one is the schedule's date, in text and JSON alike.
    path = write_spec(text)
    assert f"{day} " in cli("schedule", str(path)).stdout
    json_out = cli("schedule", str(path), "-f", "json").stdout
    assert f'"date": "{day}"' in json_out
    assert (
        f'"repeats": "FREQ=MONTHLY;BYMONTHDAY={",".join(map(str, range(28, start.day + 1)))};BYSETPOS=-1"'
        in json_out
    )


def test_a_repetition_on_a_holiday_moves_to_the_next_business_day(
    cli: Cli, write_spec: Write
) -> None:
    text = _spec(effective="2026-12-25", launch="2027-01-01")
    path = write_spec(text)
    raw = _ics(cli, write_spec, text)
    days = _between(raw, "deadline-x", dt.date(2026, 12, 1), dt.date(2027, 4, 10))
    assert dt.date(2026, 12, 25) not in days  # Christmas Day
    assert dt.date(2027, 1, 1) not in days  # New Year's Day
    assert dt.date(2027, 3, 26) not in days  # Good Friday
    assert days[:3] == [dt.date(2026, 12, 28), dt.date(2027, 1, 4), dt.date(2027, 1, 8)]
    assert dt.date(2027, 3, 30) in days  # Tuesday after Easter Monday
    assert _event(raw, "milestone-launch")["DTSTART"].dt == dt.date(2027, 1, 4)
    validated = cli("validate", str(path))
    assert validated.exit_code == 0
    lines = validated.output.splitlines()
    assert lines[4:12] == [
        f"{path}:10:39: warning: milestone 'launch' falls on 2027-01-01 (New Year's Day), not a "
        "business day [not-a-business-day]",
        " 10 |   - {id: launch, what: Go live, date: 2027-01-01}",
        "    |                                       ^^^^^^^^^^",
        "  hint: the schedule and the calendar file keep it on the next business day, "
        "2027-01-04; change the date if that is not meant",
        f"{path}:12:47: warning: 'every friday' first falls on 2026-12-25 (Christmas Day), not a "
        "business day [not-a-business-day]",
        " 12 |   - {id: x, owner: a, what: Report, deadline: every friday, if_missed: p}",
        "    |                                               ^^^^^^^^^^^^",
        "  hint: the schedule and the calendar file keep it on the next business day, "
        "2026-12-28; change the date if that is not meant",
    ]
    text_out = cli("schedule", str(path)).stdout
    assert (
        "2026-12-28 Mon  A: Report\n"
        "                every Friday, from 2026-12-25\n"
        "                Moved from 2026-12-25 (Christmas Day) to the next business day\n"
    ) in text_out


@pytest.mark.parametrize(
    ("remind", "trigger"),
    [
        ("2d", dt.timedelta(days=-2)),
        ("3h", dt.timedelta(hours=-3)),
        ("1w1d12h", dt.timedelta(days=-8, hours=-12)),
        ("30m", dt.timedelta(minutes=-30)),
    ],
)
def test_remind_adds_an_alarm_to_every_event(
    cli: Cli, write_spec: Write, remind: str, trigger: dt.timedelta
) -> None:
    raw = _ics(cli, write_spec, _spec(), "--remind", remind)
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert (str(alarm["ACTION"]), alarm["TRIGGER"].dt) == ("DISPLAY", trigger)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    expanded = recurring_ical_events.of(calendar).between(dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    assert all(len(e.walk("VALARM")) == 1 for e in expanded)


@pytest.mark.parametrize(
    ("options", "message", "hint"),
    [
        (
            ["-f", "ics", "--remind", "2 days"],
            "'2 days' is not a reminder time",
            "write a number and a unit: 2d (days), 3h (hours), 30m (minutes), 1w (weeks), or combined: 1d12h",
        ),
        (
            ["-f", "ics", "--remind", "0d"],
            "a reminder of '0d' is not between 1 minute and 366 days before the event",
            "give a time such as 2d or 3h",
        ),
        (
            ["-f", "ics", "--remind", "400d"],
            "a reminder of '400d' is not between 1 minute and 366 days before the event",
            "give a time such as 2d or 3h",
        ),
        (["--remind", "2d"], "--remind only applies to --format ics", "add --format ics"),
    ],
)
def test_bad_reminders_are_usage_errors(
    cli: Cli, write_spec: Write, options: list[str], message: str, hint: str
) -> None:
    path = write_spec(_spec())
    target = write_spec(b"old\r\n", "out.ics")
    result = cli("schedule", str(path), *options, "-o", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"workagree: error: {message} [usage]\n  hint: {hint}\n"
    assert target.read_bytes() == b"old\r\n"
