"""Tracking a signed agreement: the log, the status, and the notices."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workagree.api import load_text
from workagree.tracking.append import appended
from workagree.tracking.log import check_log
from workagree.tracking.model import Log, LogEntry
from workagree.tracking.status import State, compute

from .conftest import Run

SPEC = """\
workagree: 1
project: Spring site
version: "1"
effective: 2027-03-01
locale: en
calendar:
  country: DK
parties:
  studio:
    name: Northwind Studio
    role: provider
    contact: hello@northwind.example
  client:
    name: Contoso Ltd
    role: client
responsibilities:
  - id: feedback
    owner: client
    what: Send feedback on each draft
    deadline: 2 business days after each draft
    if_missed: [pause, restart-fee]
  - id: drafts
    owner: studio
    what: Deliver the drafts
    deadline: 2027-03-19
    if_missed: credit
consequences:
  pause:
    text: The work pauses and the schedule moves day for day.
    moves_schedule: true
  restart-fee:
    text: Restarting after more than 3 business days costs one day of work.
    after_business_days: 3
  credit: The next invoice is reduced by 5%.
milestones:
  - id: launch
    what: Site goes live
    date: 2027-04-15
"""
AGREEMENT = load_text(SPEC)
LATE = dt.datetime(2027, 4, 7, 23, 59)


def _log(*entries: tuple[str, str]) -> Log:
    return Log.model_validate(
        {"workagree-log": 1, "entries": [{"what": w, "on": on} for w, on in entries]}
    )


def _feedback(log: Log, now: dt.datetime = LATE) -> list[dict[str, object]]:
    status = compute(AGREEMENT, log, now)
    return [
        {"due": i.due, "state": i.state, "late": i.late_business_days, "applies": i.applies}
        for i in status.item("feedback")
    ]


def test_two_business_days_after_a_draft_skip_easter() -> None:
    # Wednesday 24 March 2027: Maundy Thursday, Good Friday, the weekend and Easter Monday
    # are not business days in Denmark, so the feedback is due on Wednesday 31 March.
    [item] = _feedback(_log(("draft", "2027-03-24"), ("feedback", "2027-03-31")))
    assert item["due"] == dt.date(2027, 3, 31)
    assert item["state"] is State.MET
    [late] = _feedback(_log(("draft", "2027-03-24"), ("feedback", "2027-04-01")))
    assert (late["state"], late["late"]) == (State.MET_LATE, 1)


def test_overdue_feedback_pauses_the_schedule_and_brings_the_restart_fee() -> None:
    status = compute(AGREEMENT, _log(("draft", "2027-03-24")), LATE)
    [item] = status.item("feedback")
    assert (item.state, item.late_business_days) == (State.OVERDUE, 5)
    assert [a.id for a in item.applies] == ["pause", "restart-fee"]
    [launch] = status.milestones
    assert (launch.planned, launch.expected) == (dt.date(2027, 4, 15), dt.date(2027, 4, 22))
    client = next(s for s in status.sides if s.id == "client")
    assert client.holds_ball
    assert client.late_business_days == 5
    early = compute(AGREEMENT, _log(("draft", "2027-03-24")), dt.datetime(2027, 4, 2, 12))
    assert [a.id for a in early.item("feedback")[0].applies] == ["pause"]  # 2 days: no fee yet


def test_an_event_not_logged_is_not_started() -> None:
    [item] = _feedback(_log())
    assert item["state"] is State.NOT_STARTED
    assert item["due"] is None


def test_status_json_contract(cli: Callable[..., Run], write_spec: Callable[..., Path]) -> None:
    spec = write_spec(SPEC)
    assert (
        cli("log", str(spec), "draft", "--on", "2027-03-24", "--today", "2027-04-07").exit_code == 0
    )
    result = cli("status", str(spec), "--today", "2027-04-07", "--format", "json", "--exit-code")
    assert result.exit_code == 1  # something is overdue
    data = json.loads(result.stdout)
    assert set(data) >= {"items", "milestones"}
    for item in data["items"]:
        assert set(item) >= {"id", "owner", "due", "state", "late_business_days", "applies"}
        assert item["state"] in {"met", "met-late", "due", "overdue", "not-started"}
    feedback = next(i for i in data["items"] if i["id"] == "feedback")
    assert feedback["due"] == "2027-03-31"
    assert feedback["state"] == "overdue"
    assert feedback["late_business_days"] == 5
    assert data["milestones"] == [
        {
            "id": "launch",
            "what": "Site goes live",
            "planned": "2027-04-15",
            "expected": "2027-04-22",
            "actual": None,
            "moved_business_days": 5,
        }
    ]
    assert cli("status", str(spec), "--today", "2027-03-18", "--exit-code").exit_code == 0


def test_log_appends_and_keeps_earlier_bytes(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC)
    log = spec.with_name("agreement.log.yaml")
    log.write_text(
        "workagree-log: 1\n# hand-written\nentries:\n- what: draft\n  on: 2027-03-24", "utf-8"
    )
    before = log.read_bytes()
    result = cli(
        "log",
        str(spec),
        "feedback",
        "--on",
        "2027-03-31",
        "--at",
        "9:05",
        "--note",
        'Said "ok" | fine',
        "--today",
        "2027-04-07",
    )
    assert result.exit_code == 0, result.stderr
    after = log.read_bytes()
    assert after.startswith(before)
    assert (
        after[len(before) :]
        == b'\n- what: feedback\n  on: 2027-03-31\n  at: "09:05"\n  note: "Said \\"ok\\" | fine"\n'
    )


def test_log_refuses_unknown_names_and_bad_dates(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC)
    result = cli("log", str(spec), "feedbak", "--on", "2027-03-24", "--today", "2027-04-07")
    assert result.exit_code == 2
    assert (
        "'feedbak' is not a responsibility, milestone or event of the agreement "
        "(did you mean 'feedback'?)" in result.stderr
    )
    early = cli("log", str(spec), "draft", "--on", "2027-02-01", "--today", "2027-04-07")
    assert early.exit_code == 2
    assert "before the agreement started (2027-03-01)" in early.stderr
    future = cli("log", str(spec), "launch", "--on", "2027-05-01", "--today", "2027-04-07")
    assert future.exit_code == 2
    assert "is in the future" in future.stderr
    planned = cli(
        "log", str(spec), "launch", "--on", "2027-05-01", "--planned", "--today", "2027-04-07"
    )
    assert planned.exit_code == 0
    assert not spec.with_name("agreement.log.yaml").read_text("utf-8").count("2027-02-01")


def test_a_log_edited_by_hand_reports_every_mistake(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC)
    write_spec(
        "workagree-log: 1\nentries:\n  - what: drafts\n    on: 2027-03-10\n"
        "  - what: feedbak\n    on: 2027-02-30\n  - what: draft\n    on: 2027-02-01\n"
        "    colour: red\n  - what: launch\n    on: 2027-03-02\n    at: '25:00'\n",
        name="agreement.log.yaml",
    )
    result = cli("validate", str(spec))
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if ": error: " in line]
    log = spec.with_name("agreement.log.yaml")
    assert found == [
        f"{log}:5:11: error: 'feedbak' is not a responsibility, milestone or event of the "
        "agreement (did you mean 'feedback'?) [unknown-target]",
        f"{log}:6:9: error: '2027-02-30' is not a real date [date-invalid]",
        f"{log}:8:9: error: 2027-02-01 is before the agreement started (2027-03-01) "
        "[before-effective]",
        f"{log}:9:5: error: unknown key 'colour' [unknown-key]",
        f"{log}:12:9: error: '25:00' is not a time of day [time]",
    ]


def test_notice_in_russian_with_plural_forms(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC.replace("locale: en", "locale: ru"))
    write_spec(
        "workagree-log: 1\nentries:\n  - what: draft\n    on: 2027-03-24\n",
        name="agreement.log.yaml",
    )
    text = cli("notice", str(spec), "feedback", "--today", "2027-04-07").stdout
    assert "просрочка составляет 5 рабочих дней" in text
    assert "Как договорено, теперь действует: The work pauses" in text
    two = cli("notice", str(spec), "feedback", "--today", "2027-04-02").stdout
    assert "просрочка составляет 2 рабочих дня" in two


def test_notice_eml_has_no_invented_addresses(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    import email

    spec = write_spec(SPEC)
    write_spec(
        "workagree-log: 1\nentries:\n  - what: draft\n    on: 2027-03-24\n",
        name="agreement.log.yaml",
    )
    result = cli("notice", str(spec), "feedback", "--today", "2027-04-07", "-f", "eml")
    message = email.message_from_string(result.stdout)
    assert message["To"] == ""  # Contoso has no e-mail address
    assert message["From"] == "Northwind Studio <hello@northwind.example>"
    assert "fingerprint" in message.get_payload(decode=True).decode()
    nothing = cli("notice", str(spec), "feedback", "--today", "2027-03-10")
    assert nothing.exit_code == 1
    assert "nothing to write about" in nothing.stderr


def test_html_escapes_what_the_spec_and_log_say() -> None:
    from workagree.tracking.page import to_html

    hostile = load_text(SPEC.replace("Send feedback on each draft", "<script>alert(1)</script>"))
    page = to_html(compute(hostile, _log(("draft", "2027-03-24")), LATE))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "http" not in page.replace("http-equiv", "").replace("http://www.w3.org/2000/svg", "")


DAYS = st.dates(min_value=dt.date(2027, 3, 1), max_value=dt.date(2027, 9, 30))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DAYS)
def test_done_on_the_due_date_is_never_late(draft: dt.date) -> None:
    now = dt.datetime(2027, 12, 31, 12)
    [item] = compute(AGREEMENT, _log(("draft", draft.isoformat())), now).item("feedback")
    assert isinstance(item.due, dt.date)
    done = _log(("draft", draft.isoformat()), ("feedback", item.due.isoformat()))
    [settled] = compute(AGREEMENT, done, now).item("feedback")
    assert settled.state is State.MET
    assert settled.late_business_days == 0


ENTRY = st.tuples(st.sampled_from(["draft", "feedback", "drafts", "launch"]), st.integers(0, 20))


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=8), ENTRY)
def test_a_new_entry_never_changes_an_earlier_result(
    steps: list[tuple[str, int]], last: tuple[str, int]
) -> None:
    day = dt.date(2027, 3, 1)
    entries = []
    for what, gap in [*steps, last]:
        day += dt.timedelta(days=gap)
        entries.append((what, day.isoformat()))
    now = dt.datetime(2027, 12, 31, 12)
    before = compute(AGREEMENT, _log(*entries[:-1]), now)
    after = compute(AGREEMENT, _log(*entries), now)
    settled = {
        (i.id, i.occurrence): (i.state, i.due, i.late_business_days)
        for i in before.items
        if i.state in (State.MET, State.MET_LATE)
    }
    now_items = {(i.id, i.occurrence): (i.state, i.due, i.late_business_days) for i in after.items}
    for key, value in settled.items():
        assert now_items[key] == value


def test_appending_text_keeps_the_file_and_parses() -> None:
    entry = LogEntry.model_validate({"what": "draft", "on": "2027-03-24"})
    text = appended("workagree-log: 1\nentries:\n", entry)
    result = check_log(text, "log", AGREEMENT, today=dt.date(2027, 4, 1))
    assert result.log is not None
    assert result.log.entries == [entry]
    assert appended(None, entry).endswith("entries:\n  - what: draft\n    on: 2027-03-24\n")


def test_schedule_dates_logged_events(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC)
    before = cli("schedule", str(spec), "-f", "json")
    assert [e["id"] for e in json.loads(before.stdout)["undated"]] == ["feedback"]
    write_spec(
        "workagree-log: 1\nentries:\n  - what: draft\n    on: 2027-03-24\n"
        "  - what: draft\n    on: 2027-04-01\n",
        name="agreement.log.yaml",
    )
    data = json.loads(cli("schedule", str(spec), "-f", "json").stdout)
    dated = [(e["id"], e["date"]) for e in data["entries"] if e["id"].startswith("feedback")]
    assert dated == [("feedback-1", "2027-03-31"), ("feedback-2", "2027-04-05")]
    assert data["undated"] == []
    text = cli("schedule", str(spec)).stdout
    assert "2 business days after each draft; logged: draft on 2027-03-24" in text
    ics = cli("schedule", str(spec), "-f", "ics").stdout
    assert "UID:deadline-feedback-2-" in ics


HOURS = SPEC.replace(
    "  country: DK\n", '  country: DK\n  hours: "09:00-17:00"\n  timezone: Europe/Copenhagen\n'
).replace(
    "consequences:\n",
    "  - id: acknowledge\n    owner: studio\n    what: Confirm every request\n"
    "    deadline: 4 business hours after each request\n    if_missed: credit\n"
    "  - id: status\n    owner: studio\n    what: Send a status note\n"
    "    deadline: every friday\n    if_missed: credit\n"
    "consequences:\n",
)


def _acknowledged(at: str) -> State:
    agreement = load_text(HOURS)
    log = Log.model_validate(
        {
            "workagree-log": 1,
            "entries": [
                {"what": "request", "on": "2027-03-24", "at": "15:00"},
                {"what": "acknowledge", "on": "2027-03-30", "at": at},
            ],
        }
    )
    [item] = compute(agreement, log, LATE).item("acknowledge")
    # Two hours on Wednesday; Maundy Thursday to Easter Monday are public holidays.
    assert item.due == dt.datetime(2027, 3, 30, 11, 0, tzinfo=item.due.tzinfo)  # type: ignore[union-attr]
    return item.state


def test_business_hours_deadlines_are_met_to_the_minute() -> None:
    assert _acknowledged("11:00") is State.MET
    assert _acknowledged("11:01") is State.MET_LATE


def test_recurring_deadlines_met_every_time_are_one_line() -> None:
    from workagree.tracking.report import to_text

    agreement = load_text(HOURS)
    fridays = [f"2027-03-{day:02d}" for day in (5, 12, 19)]  # 26 March is Good Friday
    log = Log.model_validate(
        {"workagree-log": 1, "entries": [{"what": "status", "on": d} for d in fridays]}
    )
    status = compute(agreement, log, dt.datetime(2027, 3, 29, 12))
    states = [(i.occurrence, i.due, i.state) for i in status.item("status")]
    assert states == [
        (1, dt.date(2027, 3, 5), State.MET),
        (2, dt.date(2027, 3, 12), State.MET),
        (3, dt.date(2027, 3, 19), State.MET),
        (4, dt.date(2027, 3, 30), State.DUE),  # Good Friday to Easter Monday: kept on Tuesday
    ]
    text = to_text(status)
    assert "\nmet          status: 3 on time\n" in text
    assert "\ndue          status #4: Northwind Studio: Send a status note\n" in text
    assert "status #1" not in text


def test_status_markdown_and_html(cli: Callable[..., Run], write_spec: Callable[..., Path]) -> None:
    spec = write_spec(SPEC)
    write_spec(
        "workagree-log: 1\nentries:\n  - what: draft\n    on: 2027-03-24\n",
        name="agreement.log.yaml",
    )
    markdown = cli("status", str(spec), "--today", "2027-04-07", "-f", "markdown").stdout
    assert (
        "| OVERDUE | feedback \\#1: Send feedback on each draft | Contoso Ltd | 2027-03-31 |"
        in markdown
    )
    out = spec.with_name("status.html")
    result = cli("status", str(spec), "--today", "2027-04-07", "-f", "html", "-o", str(out))
    assert result.exit_code == 0
    page = out.read_text("utf-8")
    assert "<svg" in page
    assert 'id="client"' in page
    assert "feedback #1 (client, OVERDUE)" in page  # labelled, not colour alone
    assert "src=" not in page
    assert "<link" not in page
    assert "url(http" not in page


def test_log_refuses_to_append_to_a_broken_log(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(SPEC)
    broken = write_spec(
        "workagree-log: 1\nentries:\n  - what: feedbak\n    on: 2027-03-24\n",
        name="agreement.log.yaml",
    )
    before = broken.read_bytes()
    result = cli("log", str(spec), "draft", "--on", "2027-03-24", "--today", "2027-04-07")
    assert result.exit_code == 1
    assert f"{broken}:3:11: error: 'feedbak' is not a responsibility" in result.stderr
    assert broken.read_bytes() == before
    flow = write_spec("workagree-log: 1\nentries: []\n", name="agreement.log.yaml")
    result = cli("log", str(spec), "draft", "--on", "2027-03-24", "--today", "2027-04-07")
    assert result.exit_code == 1
    assert "`entries:` must be the last key, written as a block list" in result.stderr
    assert flow.read_text("utf-8") == "workagree-log: 1\nentries: []\n"
    assert (
        cli(
            "log",
            str(spec),
            "draft",
            "--on",
            "2027-03-24",
            "--log",
            str(spec),
            "--today",
            "2027-04-07",
        ).exit_code
        == 2
    )  # never over the spec


def test_diff_shows_a_consequence_that_now_moves_the_schedule() -> None:
    from workagree.diffing import diff

    plain = load_text(SPEC.replace("    moves_schedule: true\n", ""))
    changes = diff(plain, AGREEMENT)
    assert [c.summary for c in changes] == ["moves the schedule: no → yes"]
    assert plain.fingerprint != AGREEMENT.fingerprint


def test_eml_headers_stay_on_one_line() -> None:
    import email

    from workagree.tracking.notice import draft, to_eml

    spec = SPEC.replace(
        "    what: Send feedback on each draft\n",
        "    what: |-\n      Send feedback\n      Bcc: someone@example.com\n",
    )
    agreement = load_text(spec)
    status = compute(agreement, _log(("draft", "2027-03-24")), LATE)
    message = email.message_from_bytes(to_eml(agreement, draft(agreement, status, "feedback")))
    assert message["Bcc"] is None
    assert "Send feedback Bcc: someone@example.com" in message["Subject"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_log_text_gives_problems_never_a_crash(text: str) -> None:
    from workagree.errors import WorkagreeError

    try:
        result = check_log(text, "log", AGREEMENT, today=dt.date(2027, 4, 1))
    except WorkagreeError as exc:
        assert exc.problems
    else:
        assert (result.log is None) == bool(result.errors)


def test_the_scenario_log_matches_the_log_schema(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    import jsonschema

    from workagree.spec.loader import load_path

    from .conftest import ROOT

    spec = write_spec(SPEC)
    for what, on in (("draft", "2027-03-24"), ("feedback", "2027-03-31"), ("launch", "2027-04-15")):
        assert (
            cli(
                "log",
                str(spec),
                what,
                "--on",
                on,
                "--at",
                "10:00",
                "--note",
                "n",
                "--today",
                "2027-04-20",
            ).exit_code
            == 0
        )
    schema = json.loads((ROOT / "schema" / "workagree-log.schema.json").read_text("utf-8"))
    jsonschema.validate(load_path(spec.with_name("agreement.log.yaml")).data, schema)


def test_bad_today_is_a_usage_error(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    result = cli("status", str(write_spec(SPEC)), "--today", "next week")
    assert result.exit_code == 2
    assert "--today 'next week' is not a date" in result.stderr
