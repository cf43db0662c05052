"""`workagree schedule`: text, JSON and iCalendar output."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workagree.api import load_text
from workagree.dates.businessdays import BusinessCalendar
from workagree.dates.ics import to_ics
from workagree.dates.schedule import build
from workagree.model import Agreement

SPEC = """\
workagree: 1
project: Spring campaign
version: "2"
effective: 2027-03-01
calendar:
  country: DK
  hours: "09:00-17:00"
  timezone: Europe/Copenhagen
parties:
  studio: {name: Northwind Studio, role: provider}
  client: {name: Contoso Ltd, role: client}
milestones:
  - {id: launch, what: Campaign goes live, date: 2027-03-31}
responsibilities:
  - id: drafts
    owner: studio
    what: Deliver the drafts
    deadline: 5 business days before launch
    if_missed: credit
  - {id: status, owner: studio, what: Send a status note, deadline: every friday, if_missed: credit}
  - {id: assets, owner: client, what: Supply the assets, deadline: 2027-03-10, if_missed: pause}
  - {id: ack, owner: studio, what: Confirm requests, deadline: 4 business hours after each request,
     if_missed: credit}
consequences:
  credit: The next invoice is reduced by 5%.
  pause: The project goes on hold.
"""

TEXT = """\
Spring campaign (version 2): schedule

2027-03-05 Fri  Northwind Studio: Send a status note
                every Friday, from 2027-03-05
                If missed: The next invoice is reduced by 5%.
2027-03-10 Wed  Contoso Ltd: Supply the assets
                If missed: The project goes on hold.
2027-03-19 Fri  Northwind Studio: Deliver the drafts
                5 business days before launch
                If missed: The next invoice is reduced by 5%.
2027-03-31 Wed  Milestone: Campaign goes live

Not on the calendar (no single date):
  Northwind Studio: Confirm requests (4 business hours (09:00–17:00 Europe/Copenhagen, \
Monday to Friday) after each request)
"""


def test_text(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    result = cli("schedule", str(write_spec(SPEC)))
    assert result.exit_code == 0
    assert result.stdout == TEXT
    assert result.stderr == ""


def test_json(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    result = cli("schedule", str(write_spec(SPEC)), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(e["date"], e["kind"], e["id"]) for e in data["entries"]] == [
        ("2027-03-05", "recurring", "status"),
        ("2027-03-10", "deadline", "assets"),
        ("2027-03-19", "deadline", "drafts"),
        ("2027-03-31", "milestone", "launch"),
    ]
    assert data["entries"][2] == {
        "date": "2027-03-19",
        "kind": "deadline",
        "id": "drafts",
        "owner": "studio",
        "owner_name": "Northwind Studio",
        "what": "Deliver the drafts",
        "deadline": "5 business days before launch",
        "deadline_words": "5 business days before launch",
        "consequences": ["The next invoice is reduced by 5%."],
        "moved_from": None,
        "repeats": None,
    }
    assert data["entries"][0]["repeats"] == "FREQ=WEEKLY;BYDAY=FR"
    assert [e["id"] for e in data["undated"]] == ["ack"]
    assert data["undated"][0]["date"] is None


def _events(raw: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(raw)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_ics_parses_back(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    out = write_spec("", "agreement.ics")
    result = cli("schedule", str(write_spec(SPEC)), "--format", "ics", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out} (4 dated entries).\n"
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["x-wr-calname"]) == "Spring campaign"
    events = _events(raw)
    assert len(events) == 4
    key = next(iter(events)).rsplit("-", 1)[1]
    drafts = events[f"deadline-drafts-{key}"]
    assert str(drafts["summary"]) == "Northwind Studio: Deliver the drafts"
    assert drafts.decoded("dtstart") == dt.date(2027, 3, 19)
    assert drafts.decoded("dtend") == dt.date(2027, 3, 20)
    assert str(drafts["description"]) == (
        "Northwind Studio: Deliver the drafts\n"
        "Deadline: 5 business days before launch\n"
        "If missed: The next invoice is reduced by 5%.\n"
        "Agreement: Spring campaign, version 2"
    )
    assert drafts.decoded("dtstamp") == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
    status = events[f"deadline-status-{key}"]
    assert status.decoded("dtstart") == dt.date(2027, 3, 5)
    assert status["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"
    assert "rrule" not in drafts
    launch = events[f"milestone-launch-{key}"]
    assert str(launch["summary"]) == "Milestone: Campaign goes live"


def test_ics_is_deterministic_and_uids_survive_edits() -> None:
    first = to_ics(load_text(SPEC))
    assert first == to_ics(load_text(SPEC))
    edited = SPEC.replace("5 business days before", "3 business days before").replace(
        'version: "2"', 'version: "3"'
    )
    assert set(_events(first)) == set(_events(to_ics(load_text(edited))))
    other_client = SPEC.replace("Contoso Ltd", "Fabrikam")
    assert not set(_events(first)) & set(_events(to_ics(load_text(other_client))))


@pytest.mark.parametrize(
    ("deadline", "rule"),
    [
        ("every business day", b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every day", b"FREQ=DAILY"),
        ("every week", b"FREQ=WEEKLY"),
        ("every month", b"FREQ=MONTHLY"),
    ],
)
def test_recurrences(deadline: str, rule: bytes) -> None:
    agreement = load_text(SPEC.replace("deadline: every friday", f"deadline: {deadline}"))
    events = _events(to_ics(agreement))
    status = next(e for uid, e in events.items() if uid.startswith("deadline-status-"))
    assert status["rrule"].to_ical() == rule
    # 2027-03-01 is a Monday and a business day in Denmark.
    assert status.decoded("dtstart") == dt.date(2027, 3, 1)


def test_recurrence_without_a_start_is_undated() -> None:
    spec = SPEC.replace("effective: 2027-03-01\n", "")
    plan = build(load_text(spec))
    assert plan.start == dt.date(2027, 3, 31)  # the first milestone
    bare = spec.replace(
        "milestones:\n  - {id: launch, what: Campaign goes live, date: 2027-03-31}\n", ""
    )
    bare = bare.replace("deadline: 5 business days before launch", "deadline: 2027-03-20")
    plan = build(load_text(bare))
    assert plan.start is None
    assert [e.id for e in plan.undated] == ["status", "ack"]


def test_nothing_dated(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    spec = """\
workagree: 1
project: Support
parties:
  a: {name: A, role: provider}
  b: {name: B, role: client}
responsibilities:
  - {id: x, owner: a, what: Answer, deadline: 1 business day after each request, if_missed: p}
  - {id: y, owner: b, what: Report, if_missed: p}
consequences: {p: Pause}
"""
    result = cli("schedule", str(write_spec(spec)))
    assert result.exit_code == 0
    assert result.stdout == (
        "Support: schedule\n\n"
        "Nothing is dated: add milestones with dates, or an effective date.\n\n"
        "Not on the calendar (no single date):\n"
        "  A: Answer (1 business day after each request)\n"
    )
    path = write_spec(spec)
    target = write_spec(b"old calendar\r\n", "agreement.ics")
    for output in ([], ["-o", str(target)]):
        ics = cli("schedule", str(path), "-f", "ics", *output)
        assert (ics.exit_code, ics.stdout) == (1, "")
        assert ics.stderr == (
            f"{path}: error: nothing to put in a calendar: no milestone or deadline has a date"
            " [nothing-dated]\n"
            "  hint: add milestones with dates, or an effective date for recurring deadlines\n"
        )
    assert target.read_bytes() == b"old calendar\r\n"


def test_invalid_spec(cli: Callable[..., Any], write_spec: Callable[..., Path]) -> None:
    path = write_spec(SPEC.replace("owner: client", "owner: clinet"))
    result = cli("schedule", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        f"{path}:21:25: error: owner 'clinet' is not a party (did you mean 'client'?) "
        "[unknown-party]" in result.stderr
    )


def test_missing_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("schedule", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_output_into_a_missing_folder(
    cli: Callable[..., Any], write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such.ics"
    result = cli("schedule", str(write_spec(SPEC)), "-f", "ics", "-o", str(target))
    assert result.exit_code == 1
    assert f"{target}: error: cannot be written: its folder does not exist" in result.stderr
    assert not target.exists()


def test_help(cli: Callable[..., Any]) -> None:
    result = cli("schedule", "--help")
    assert result.exit_code == 0
    assert "List every dated deadline and milestone" in result.stdout
    assert "Example:  workagree schedule agreement.yaml -f ics -o agreement.ics" in result.stdout


days = st.dates(dt.date(2026, 1, 1), dt.date(2029, 12, 31))
durations = st.builds(
    lambda n, basis, unit, direction: f"{n} {basis}{unit} {direction} m0",
    st.integers(1, 40),
    st.sampled_from(["business ", "calendar "]),
    st.sampled_from(["days", "weeks"]),
    st.sampled_from(["before", "after"]),
)


@settings(max_examples=60, deadline=None)
@given(
    effective=st.none() | days,
    milestones=st.lists(days, min_size=1, max_size=3),
    texts=st.lists(
        durations | st.sampled_from(["every tuesday", "every business day"]), min_size=1, max_size=4
    ),
    country=st.sampled_from([None, "DK", "EE"]),
)
def test_schedule_properties(
    effective: dt.date | None, milestones: list[dt.date], texts: list[str], country: str | None
) -> None:
    data: dict[str, Any] = {
        "workagree": 1,
        "project": "P",
        "calendar": {"country": country},
        "parties": {"a": {"name": "A", "role": "provider"}, "b": {"name": "B", "role": "client"}},
        "milestones": [
            {"id": f"m{i}", "what": f"M{i}", "date": d.isoformat()}
            for i, d in enumerate(milestones)
        ],
        "responsibilities": [
            {"id": f"r{i}", "owner": "ab"[i % 2], "what": "W", "deadline": t, "if_missed": "p"}
            for i, t in enumerate(texts)
        ],
        "consequences": {"p": "Pause"},
    }
    if effective is not None:
        data["effective"] = effective.isoformat()
    agreement = Agreement.model_validate(data)
    plan = build(agreement)
    dated = [day for day, _ in plan.dated()]
    assert dated == sorted(dated)
    assert len(plan.entries) + len(plan.undated) == len(milestones) + len(texts)
    counter = BusinessCalendar(agreement.calendar)
    for day, entry in plan.dated():
        if "business" in str(entry.deadline):
            assert counter.is_business_day(day), (entry, day)
    raw = to_ics(agreement, plan)
    assert raw == to_ics(agreement)
    assert len(_events(raw)) == len(plan.entries)


DANISH = """\
workagree: 1
project: Forårskampagne
locale: da
effective: 2027-03-01
calendar: {country: DK}
parties:
  studio: {name: Nordvind Studio, role: provider}
  client: {name: Kunde A/S, role: client}
milestones:
  - {id: lancering, what: Kampagnen går live, date: 2027-03-31}
responsibilities:
  - {id: udkast, owner: studio, what: Lever udkast, deadline: 5 business days before lancering,
     if_missed: rabat}
  - {id: svar, owner: client, what: Giv feedback, deadline: 3 business days after hvert udkast,
     if_missed: rabat}
consequences:
  rabat: Næste faktura nedsættes med 5 %.
"""


def test_schedule_in_the_agreements_language(
    cli: Callable[..., Any], write_spec: Callable[..., Path]
) -> None:
    path = write_spec(DANISH)
    result = cli("schedule", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        "Forårskampagne: tidsplan\n\n"
        "2027-03-19 fre.  Nordvind Studio: Lever udkast\n"
        "                 5 arbejdsdage før lancering\n"
        "                 Hvis det ikke overholdes: Næste faktura nedsættes med 5 %.\n"
        "2027-03-31 ons.  Milepæl: Kampagnen går live\n\n"
        "Ikke i kalenderen (ingen fast dato):\n"
        "  Kunde A/S: Giv feedback (3 arbejdsdage efter hvert udkast)\n"
    )
    events = _events(to_ics(load_text(DANISH)))
    drafts = next(e for uid, e in events.items() if uid.startswith("deadline-udkast-"))
    assert str(drafts["description"]) == (
        "Nordvind Studio: Lever udkast\n"
        "Frist: 5 arbejdsdage før lancering\n"
        "Hvis det ikke overholdes: Næste faktura nedsættes med 5 %.\n"
        "Aftale: Forårskampagne"
    )
