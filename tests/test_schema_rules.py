"""The JSON Schema and `validate` agree on what a valid agreement is.

An editor checks a spec against the schema as it is typed; `validate` checks it in code.
A table of edge cases, each a key field with a valid or an invalid value, is checked both
ways: by the real `check-jsonschema` (one run over every case) and by `validate`. They
must agree, except where `validate` rejects on a rule JSON Schema cannot express (a
reference to another part of the spec, a comparison of two values, a list that depends on
installed data); the table names that rule, and the test holds it to it.

The patterns the schema uses for those rules are also compared with the validators
themselves on generated input.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from workagree.api import check_text
from workagree.dates import deadlines
from workagree.model import Agreement, Milestone, Party, Responsibility, Term, patterns
from workagree.model.calendar import Calendar

from .conftest import ROOT
from .tools import need

SCHEMA = ROOT / "schema" / "workagree.schema.json"
DELETE = object()

BASE: dict[str, Any] = {
    "workagree": 1,
    "title": "How We Work Together",
    "project": "Brand identity for Fjord Coffee",
    "version": "1",
    "effective": "2027-01-11",
    "locale": "en",
    "calendar": {
        "country": "DK",
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "closed": ["2027-07-05..2027-07-23", "2027-12-24"],
        "hours": "09:00-17:00",
        "timezone": "Europe/Copenhagen",
    },
    "parties": {
        "studio": {
            "name": "Northwind Studio",
            "role": "provider",
            "contact": "hello@northwind.example",
            "signatory": "Ana Berg, Director",
        },
        "client": {"name": "Contoso Ltd", "role": "client"},
    },
    "responsibilities": [
        {
            "id": "drafts",
            "owner": "studio",
            "what": "Deliver the first drafts",
            "deadline": "10 business days after kickoff",
            "if_missed": "credit",
        },
        {
            "id": "feedback",
            "owner": "client",
            "what": "Send one round of feedback on each draft",
            "deadline": "5 business days after each draft",
            "if_missed": ["pause"],
        },
    ],
    "consequences": {
        "pause": "The project pauses and the schedule moves back day for day.",
        "credit": "A credit of 5% on the next invoice.",
    },
    "milestones": [{"id": "kickoff", "what": "Kick-off meeting", "date": "2027-01-11"}],
    "terms": [{"heading": "Changes", "text": "Requests outside the scope are quoted first."}],
}


@dataclass(frozen=True)
class Case:
    name: str
    path: tuple[str | int, ...]
    value: Any
    valid: bool
    # Why the schema cannot say what `validate` rejects here (the schema accepts it).
    beyond_schema: str | None = None
    also: tuple[tuple[tuple[str | int, ...], Any], ...] = ()  # other changes to the base


CROSS = "refers to another part of the spec"
COMPARES = "compares two values"
HOLIDAYS = "the installed holidays package's list (it grows with each release)"
ZONES = "the system's time-zone database"

CASES = [
    # workagree
    Case("version-1", ("workagree",), 1, True),
    Case("version-1.0", ("workagree",), 1.0, True),
    Case("version-2", ("workagree",), 2, False),
    Case("version-text", ("workagree",), "1", False),
    Case("version-true", ("workagree",), True, False),
    Case("version-missing", ("workagree",), DELETE, False),
    # title, project, version: text stripped before its length counts
    Case("title-null", ("title",), None, True),
    Case("title-120", ("title",), "T" * 120, True),
    Case("title-120-spaced", ("title",), "  " + "T" * 120 + " \n", True),
    Case("title-121", ("title",), "T" * 121, False),
    Case("title-empty", ("title",), "", False),
    Case("title-spaces", ("title",), "   ", False),
    Case("title-number", ("title",), 5, False),
    Case("project-200", ("project",), "P" * 200, True),
    Case("project-201", ("project",), "P" * 201, False),
    Case("project-lines", ("project",), "Two lines\nof text\n", True),
    Case("project-blank", ("project",), " \n\t ", False),
    Case("project-missing", ("project",), DELETE, False),
    Case("version-label-40", ("version",), "v" * 40, True),
    Case("version-label-41", ("version",), "v" * 41, False),
    Case("version-number", ("version",), 2, False),
    # effective
    Case("effective-leap-day", ("effective",), "2028-02-29", True),
    Case("effective-2000-02-29", ("effective",), "2000-02-29", True),
    Case("effective-1900-02-29", ("effective",), "1900-02-29", False),
    Case("effective-feb-30", ("effective",), "2027-02-30", False),
    Case("effective-month-13", ("effective",), "2027-13-01", False),
    Case("effective-year-0", ("effective",), "0000-01-01", False),
    Case("effective-short", ("effective",), "2027-1-1", False),
    Case("effective-spaced", ("effective",), " 2027-01-11 ", True),
    Case("effective-null", ("effective",), None, True),
    # locale
    Case("locale-fr", ("locale",), "fr", True),
    Case("locale-spaced", ("locale",), " ru ", True),
    Case("locale-unknown", ("locale",), "xx", False),
    Case("locale-upper", ("locale",), "FR", False),
    Case("locale-empty", ("locale",), "", False),
    # calendar
    Case("country-lower", ("calendar", "country"), "dk", True),
    Case("country-spaced", ("calendar", "country"), " fr ", True),
    Case("country-null", ("calendar", "country"), None, True),
    Case("country-three-letters", ("calendar", "country"), "DNK", False),
    Case("country-digit", ("calendar", "country"), "D1", False),
    Case("country-unknown", ("calendar", "country"), "XQ", False, HOLIDAYS),
    Case(
        "subdivision",
        ("calendar", "subdivision"),
        "by",
        True,
        also=((("calendar", "country"), "DE"),),
    ),
    Case("subdivision-unknown", ("calendar", "subdivision"), "ZZ", False, HOLIDAYS),
    Case(
        "subdivision-no-country",
        ("calendar", "subdivision"),
        "BY",
        False,
        also=((("calendar", "country"), DELETE),),
    ),
    Case("workdays-weekend", ("calendar", "workdays"), ["sat", "sun"], True),
    Case("workdays-twice", ("calendar", "workdays"), ["mon", "tue", "mon"], False),
    Case("workdays-empty", ("calendar", "workdays"), [], False),
    Case("workdays-long-name", ("calendar", "workdays"), ["monday"], False),
    Case("workdays-text", ("calendar", "workdays"), "mon", False),
    Case("closed-spaced-range", ("calendar", "closed"), ["2027-07-05 .. 2027-07-23"], True),
    Case("closed-same-twice", ("calendar", "closed"), ["2027-12-24", "2027-12-24"], True),
    Case("closed-feb-30", ("calendar", "closed"), ["2027-02-30"], False),
    Case("closed-range-feb-30", ("calendar", "closed"), ["2027-02-01..2027-02-30"], False),
    Case("closed-backwards", ("calendar", "closed"), ["2027-07-23..2027-07-05"], False, COMPARES),
    Case("closed-over-a-year", ("calendar", "closed"), ["2027-01-01..2028-06-01"], False, COMPARES),
    Case(
        "closed-101",
        ("calendar", "closed"),
        [f"2027-01-{d:02}" for d in range(1, 32)] * 3 + [f"2027-02-{d:02}" for d in range(1, 9)],
        False,
    ),
    Case("hours-en-dash", ("calendar", "hours"), "9:00 – 17:30", True),
    Case("hours-null", ("calendar", "hours"), None, True),
    Case("hours-25", ("calendar", "hours"), "25:00-26:00", False),
    Case("hours-minute-60", ("calendar", "hours"), "09:60-17:00", False),
    Case("hours-bare", ("calendar", "hours"), "9-5", False),
    Case("hours-other-digits", ("calendar", "hours"), "٠٩:٠٠-١٧:٠٠", False),
    Case("hours-backwards", ("calendar", "hours"), "17:00-09:00", False, COMPARES),
    Case("timezone-unknown", ("calendar", "timezone"), "Mars/Olympus_Mons", False, ZONES),
    Case("timezone-empty", ("calendar", "timezone"), "", False),
    Case("calendar-unknown-key", ("calendar", "holidays"), "DK", False),
    # parties
    Case("party-one", ("parties", "client"), DELETE, False),
    Case("party-no-provider", ("parties", "studio", "role"), "client", False),
    Case("party-role-unknown", ("parties", "client", "role"), "vendor", False),
    Case("party-role-spaced", ("parties", "client", "role"), " client", False),
    Case("party-name-empty", ("parties", "client", "name"), "", False),
    Case("party-name-121", ("parties", "client", "name"), "N" * 121, False),
    Case("party-signatory-blank", ("parties", "studio", "signatory"), "\t", False),
    Case("party-contact-null", ("parties", "client", "contact"), None, True),
    Case("party-bad-id", ("parties", "the client"), {"name": "X", "role": "client"}, False),
    Case("party-number-id", ("parties", 5), {"name": "X", "role": "client"}, True),
    Case("party-unknown-key", ("parties", "client", "email"), "a@b.example", False),
    # responsibilities
    Case("responsibilities-empty", ("responsibilities",), [], False),
    Case("what-400", ("responsibilities", 0, "what"), "w" * 400, True),
    Case("what-400-block", ("responsibilities", 0, "what"), "w" * 400 + "\n", True),
    Case("what-401", ("responsibilities", 0, "what"), "w" * 401, False),
    Case("what-spaces", ("responsibilities", 0, "what"), "   ", False),
    Case("owner-not-a-party", ("responsibilities", 0, "owner"), "stdio", False, CROSS),
    Case("owner-bad-id", ("responsibilities", 0, "owner"), "the studio", False),
    Case("id-bad", ("responsibilities", 0, "id"), "-drafts", False),
    Case("id-65", ("responsibilities", 0, "id"), "i" * 65, False),
    Case("id-twice", ("responsibilities", 1, "id"), "drafts", False, CROSS),
    Case("key-typo", ("responsibilities", 0, "deadlines"), "every friday", False),
    Case("deadline-every", ("responsibilities", 0, "deadline"), "every friday", True),
    Case("deadline-loud", ("responsibilities", 0, "deadline"), "EVERY Fridays", True),
    Case("deadline-everyday", ("responsibilities", 0, "deadline"), "everyday", True),
    Case("deadline-date", ("responsibilities", 0, "deadline"), "by 2027-02-01", True),
    Case("deadline-within", ("responsibilities", 0, "deadline"), "within 4 business hours", True),
    Case("deadline-lines", ("responsibilities", 0, "deadline"), "2 weeks\nbefore kickoff\n", True),
    Case("deadline-null", ("responsibilities", 0, "deadline"), None, True),
    Case("deadline-empty", ("responsibilities", 0, "deadline"), "", False),
    Case("deadline-feb-30", ("responsibilities", 0, "deadline"), "2027-02-30", False),
    Case("deadline-zero", ("responsibilities", 0, "deadline"), "0 business days", False),
    Case("deadline-1000", ("responsibilities", 0, "deadline"), "1000 days", False),
    Case(
        "deadline-business-months", ("responsibilities", 0, "deadline"), "2 business months", False
    ),
    Case("deadline-from", ("responsibilities", 0, "deadline"), "5 days from kickoff", False),
    Case("deadline-no-event", ("responsibilities", 0, "deadline"), "5 days after", False),
    Case("deadline-every-days", ("responsibilities", 0, "deadline"), "every 2 weeks", False),
    Case("deadline-number", ("responsibilities", 0, "deadline"), 5, False),
    Case("deadline-other-digits", ("responsibilities", 0, "deadline"), "٥ business days", False),
    Case(
        "deadline-milestone-typo",
        ("responsibilities", 0, "deadline"),
        "2 business days before kickof",
        False,
        CROSS,
    ),
    Case("if-missed-list", ("responsibilities", 0, "if_missed"), ["credit", "pause"], True),
    Case("if-missed-undefined", ("responsibilities", 0, "if_missed"), "refund", False, CROSS),
    Case("if-missed-bad-id", ("responsibilities", 0, "if_missed"), "a credit", False),
    # consequences
    Case("consequence-400", ("consequences", "pause"), "c" * 400, True),
    Case("consequence-400-block", ("consequences", "pause"), "c" * 400 + "\n\n", True),
    Case("consequence-401", ("consequences", "pause"), "c" * 401, False),
    Case("consequence-empty", ("consequences", "pause"), "", False),
    Case("consequence-spaces", ("consequences", "pause"), " \n ", False),
    Case("consequence-number", ("consequences", "pause"), 5, False),
    Case("consequence-bad-key", ("consequences", "a pause"), "Paused.", False),
    # milestones and terms
    Case("milestone-feb-30", ("milestones", 0, "date"), "2027-02-30", False),
    Case("milestone-what-empty", ("milestones", 0, "what"), "", False),
    Case("milestone-no-date", ("milestones", 0, "date"), DELETE, False),
    Case(
        "milestone-twice",
        ("milestones", 1),
        {"id": "kickoff", "what": "Again", "date": "2027-02-01"},
        False,
        CROSS,
    ),
    Case("term-heading-80", ("terms", 0, "heading"), "H" * 80, True),
    Case("term-heading-81", ("terms", 0, "heading"), "H" * 81, False),
    Case("term-text-1500", ("terms", 0, "text"), "t" * 1500 + "\n", True),
    Case("term-text-1501", ("terms", 0, "text"), "t" * 1501, False),
    Case("term-text-blank", ("terms", 0, "text"), "\n", False),
    Case("top-level-unknown-key", ("projet",), "Logo", False),
]


def _change(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    *parents, last = path
    place: Any = data
    for step in parents:
        place = place[step]
    if value is DELETE:
        del place[last]
    elif isinstance(place, list) and last == len(place):
        place.append(value)
    else:
        place[last] = value


def spec_of(case: Case) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for path, value in case.also:
        _change(data, path, value)
    _change(data, case.path, case.value)
    return data


def test_the_table_covers_every_field() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    fields = {step for case in CASES for step in case.path if isinstance(step, str)}
    for model in (Agreement, Calendar, Party, Responsibility, Milestone, Term):
        assert set(model.model_fields) <= fields, model.__name__


def _schema_verdicts(folder: Path) -> dict[str, bool]:
    """Each case's file → whether check-jsonschema found it valid (one run for all)."""
    tool = need("check-jsonschema")
    files = []
    for case in CASES:
        path = folder / f"{case.name}.yaml"
        path.write_text(yaml.safe_dump(spec_of(case), allow_unicode=True), encoding="utf-8")
        files.append(path)
    run = subprocess.run(
        [tool, "--schemafile", str(SCHEMA), "-o", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    assert report["parse_errors"] == []
    failed = {Path(error["filename"]).stem for error in report["errors"]}
    assert failed <= {case.name for case in CASES}
    return {case.name: case.name not in failed for case in CASES}


def test_check_jsonschema_and_validate_agree(tmp_path: Path) -> None:
    verdicts = _schema_verdicts(tmp_path)
    wrong = []
    for case in CASES:
        validate = check_text(yaml.safe_dump(spec_of(case)), file=f"{case.name}.yaml").ok
        schema = verdicts[case.name]
        expected_schema = True if case.beyond_schema else validate
        if schema is not expected_schema or validate is not case.valid:
            wrong.append(f"{case.name}: validate {validate}, schema {schema}")
    assert wrong == [], "\n".join(wrong)


def test_the_committed_examples_pass_check_jsonschema() -> None:
    tool = need("check-jsonschema")
    examples = sorted(str(path) for path in (ROOT / "examples").glob("*.yaml"))
    run = subprocess.run(
        [tool, "--schemafile", str(SCHEMA), *examples],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# -- the patterns against the validators they stand for -----------------------------------


def _accepts(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None


_WORDS = st.sampled_from(
    [
        "5", "0", "1", "999", "1000", "+3", "-2", "0007", "0000005",
        "business", "Business", "calendar", "working", "hour", "hours", "days", "DAY",
        "week", "weeks", "month", "months", "dayss", "after", "before", "from", "of",
        "within", "by", "each", "draft", "launch", "every", "Every", "friday", "Fridays",
        "weekday", "weekdays", "everyday", "2027-02-28", "2028-02-29", "2027-02-29",
        "2100-02-29", "2027-13-01", "0000-01-01", "٥", "٢٠٢٧-٠١-١١",
    ]
)  # fmt: skip
_SPACE = st.sampled_from([" ", "  ", "\t", "\n", " \n "])


@st.composite
def _deadline_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, min_size=0, max_size=6))
    text = ""
    for word in words:
        text += word + draw(_SPACE)
    return draw(st.sampled_from(["", " "])) + text


def _parses(text: str) -> bool:
    try:
        deadlines.parse(text)
    except deadlines.DeadlineSyntaxError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(_deadline_text())
@example("5 business days after each draft")
@example("every business  day")
@example("5 days after ")
def test_the_deadline_pattern_is_the_grammar(text: str) -> None:
    assert _accepts(patterns.DEADLINE, text) is _parses(text)


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_every_real_date_matches(day: dt.date) -> None:
    assert _accepts(patterns.whole(patterns.DATE), day.isoformat())


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))
def test_a_date_matches_when_it_is_real(year: int, month: int, day: int) -> None:
    text = f"{year:04}-{month:02}-{day:02}"
    try:
        dt.date.fromisoformat(text)
        real = True
    except ValueError:
        real = False
    assert _accepts(patterns.whole(patterns.DATE), text) is real


def _valid(model: type[BaseModel], **fields: Any) -> bool:
    try:
        model.model_validate(fields)
    except ValidationError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 30), st.integers(0, 61), st.integers(0, 30), st.integers(0, 61))
def test_the_hours_pattern_accepts_what_calendar_accepts(a: int, b: int, c: int, d: int) -> None:
    text = f"{a}:{b:02}-{c:02}:{d:02}"
    matches = _accepts(patterns.whole(patterns.HOURS), text)
    valid = _valid(Calendar, hours=text)
    # the pattern cannot compare the two times: it accepts a span that ends before it starts
    assert matches is (valid or (a < 24 and b < 60 and c < 24 and d < 60))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab \n\t\u00a0\u3000"), max_size=90))
def test_the_text_pattern_counts_what_pydantic_counts(text: str) -> None:
    assert _accepts(patterns.text(80), text) is _valid(Term, heading=text, text="x")


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab \n\t\u00a0"), max_size=30))
def test_the_optional_text_pattern_allows_blank_text(text: str) -> None:
    assert _accepts(patterns.text(12, required=False), text) is (len(text.strip()) <= 12)
    assert _accepts(patterns.text(None), text) is bool(text.strip())
