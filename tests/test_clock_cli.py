"""The response clock at the command line: `validate`'s warnings, `due` and `ack`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]
Write = Callable[..., Path]

SPEC = """\
workagree: 1
project: Website for Contoso
locale: {locale}
calendar:
{calendar}
parties:
  studio: {{name: Northwind Studio, role: provider, contact: hello@northwind.example}}
  client: {{name: Contoso Ltd, role: client}}
responsibilities:
  - id: acknowledge
    owner: studio
    what: Confirm each request and say when a full answer follows
    deadline: {deadline}
    if_missed: credit
  - id: feedback
    owner: client
    what: Send one round of feedback on each draft
    deadline: 5 business days after each draft
    if_missed: credit
  - id: launch-check
    owner: studio
    what: Test the site
    deadline: 2 business days before launch
    if_missed: credit
  - id: status
    owner: studio
    what: Send a status note
    deadline: every friday
    if_missed: credit
consequences:
  credit: A 5% credit on the next invoice.
milestones:
  - {{id: launch, what: The site goes live, date: 2027-06-14}}
"""
DK = 'country: DK\nhours: "09:00-17:00"\ntimezone: Europe/Copenhagen'


def spec(
    calendar: str = DK,
    deadline: str = "4 business hours after each request",
    locale: str = "en",
) -> str:
    indented = "\n".join("  " + line for line in calendar.splitlines()) or "  {}"
    return SPEC.format(calendar=indented, deadline=deadline, locale=locale)


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (
            "country: DK",
            "agreement.yaml:13:15: warning: '4 business hours after each request' counts "
            "business hours, but the calendar names no hours [hours-undefined]\n"
            "    deadline: 4 business hours after each request\n"
            '  hint: add them under `calendar:`, e.g. hours: "09:00-17:00" and timezone: '
            "Europe/Copenhagen; until then 09:00-17:00 is counted in UTC\n",
        ),
        (
            "timezone: Europe/Paris",
            "agreement.yaml:13:15: warning: '4 business hours after each request' counts "
            "business hours, but the calendar names no hours [hours-undefined]\n"
            "    deadline: 4 business hours after each request\n"
            '  hint: add them under `calendar:`, e.g. hours: "09:00-17:00"; until then '
            "09:00-17:00 is counted\n",
        ),
        (
            'hours: "08:30-16:00"',
            "agreement.yaml:13:15: warning: '4 business hours after each request' counts "
            "business hours, but the calendar names no time zone [timezone-undefined]\n"
            "    deadline: 4 business hours after each request\n"
            "  hint: add one under `calendar:`, e.g. timezone: Europe/Copenhagen; until then "
            "08:30-16:00 is counted in UTC\n",
        ),
    ],
)
def test_validate_warns_when_business_hours_have_no_hours_or_zone(
    cli: Cli, write_spec: Write, calendar: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_spec(spec(calendar))
    monkeypatch.chdir(path.parent)
    result = cli("validate", "agreement.yaml")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines(keepends=True) if "^" not in line]
    assert "".join(lines) == expected.replace("    deadline", " 13 |     deadline") + (
        "agreement.yaml: valid (1 warning)\n"
    )
    assert cli("validate", "--strict", "agreement.yaml").exit_code == 1


@pytest.mark.parametrize(
    "deadline", ["5 business days after each request", "24 hours after each request"]
)
def test_no_warning_without_business_hours(cli: Cli, write_spec: Write, deadline: str) -> None:
    path = write_spec(spec("country: DK", deadline=deadline))
    result = cli("validate", "--strict", str(path))
    assert result.exit_code == 0, result.output


EXPECTED_DUE = """\
acknowledge: Confirm each request and say when a full answer follows
Owed by: Northwind Studio
Deadline: 4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request
Received: Wednesday, 24 March 2027, 15:00 (Europe/Copenhagen)
Due: Tuesday, 30 March 2027, 11:00 (Europe/Copenhagen)
"""


@pytest.mark.parametrize("moment", ["2027-03-24T15:00", "2027-03-24 15:00", "2027-03-24T14:00Z"])
def test_due_skips_the_easter_holidays_and_the_clock_change(
    cli: Cli, write_spec: Write, moment: str
) -> None:
    result = cli("due", str(write_spec(spec())), "acknowledge", "--from", moment)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_DUE


def test_due_as_json(cli: Cli, write_spec: Write) -> None:
    import json

    path = write_spec(spec())
    result = cli("due", str(path), "acknowledge", "--from", "2027-03-24T10:00-04:00", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "responsibility": "acknowledge",
        "owner": "studio",
        "owner_name": "Northwind Studio",
        "what": "Confirm each request and say when a full answer follows",
        "deadline": "4 business hours after each request",
        "received": "2027-03-24T15:00:00+01:00",
        "due": "2027-03-30T11:00:00+02:00",
        "timezone": "Europe/Copenhagen",
        "business_hours": "09:00-17:00",
        "hours_assumed": False,
    }


def test_due_in_business_days_is_a_day(cli: Cli, write_spec: Write) -> None:
    result = cli("due", str(write_spec(spec())), "feedback", "--from", "2027-03-24T15:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Due: Monday, 5 April 2027"


@pytest.mark.parametrize(
    ("locale", "hours", "deadline", "due"),
    [
        (
            "ru",
            1,
            "Срок: 1 рабочий час (09:00–17:00 Europe/Copenhagen, понедельник–пятница) "
            "после each request",
            "Крайний срок: вторник, 30 марта 2027\u202fг., 10:00 (Europe/Copenhagen)",
        ),
        (
            "ru",
            2,
            "Срок: 2 рабочих часа (09:00–17:00 Europe/Copenhagen, понедельник–пятница) "
            "после each request",
            "Крайний срок: вторник, 30 марта 2027\u202fг., 11:00 (Europe/Copenhagen)",
        ),
        (
            "ru",
            5,
            "Срок: 5 рабочих часов (09:00–17:00 Europe/Copenhagen, понедельник–пятница) "
            "после each request",
            "Крайний срок: вторник, 30 марта 2027\u202fг., 14:00 (Europe/Copenhagen)",
        ),
        (
            "da",
            1,
            "Frist: 1 arbejdstime (09:00–17:00 Europe/Copenhagen, mandag til fredag) "
            "efter each request",
            "Senest: tirsdag den 30. marts 2027 10.00 (Europe/Copenhagen)",
        ),
        (
            "fr",
            2,
            "Échéance : 2 heures ouvrées (09:00–17:00 Europe/Copenhagen, du lundi au vendredi) "
            "après each request",
            "Au plus tard : mardi 30 mars 2027, 11:00 (Europe/Copenhagen)",
        ),
    ],
)
def test_due_speaks_the_agreements_language_with_its_plurals(
    cli: Cli, write_spec: Write, *, locale: str, hours: int, deadline: str, due: str
) -> None:
    unit = "business hour" if hours == 1 else "business hours"
    path = write_spec(spec(deadline=f"{hours} {unit} after each request", locale=locale))
    result = cli("due", str(path), "acknowledge", "--from", "2027-03-26T12:00")  # Good Friday
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:] == [deadline, lines[3], due]


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ("acknowlege", "--from", "2027-03-24T15:00"),
            "there is no responsibility 'acknowlege' (did you mean 'acknowledge'?)",
            "responsibilities counted from a request: acknowledge, feedback",
        ),
        (
            ("status", "--from", "2027-03-24T15:00"),
            "responsibility 'status' is due 'every friday', which is not counted from a request",
            "responsibilities counted from a request: acknowledge, feedback",
        ),
        (
            ("launch-check", "--from", "2027-03-24T15:00"),
            "responsibility 'launch-check' is due '2 business days before launch', which is not "
            "counted from a request",
            "responsibilities counted from a request: acknowledge, feedback",
        ),
        (
            ("acknowledge", "--from", "next tuesday"),
            "--from: 'next tuesday' is not a date and time",
            "write a date and time such as 2027-03-30T14:00, optionally with an offset "
            "(+01:00 or Z)",
        ),
        (
            ("acknowledge", "--from", "2027-02-29T10:00"),
            "--from: '2027-02-29T10:00' is not a real date and time",
            "write a date and time such as 2027-03-30T14:00, optionally with an offset "
            "(+01:00 or Z)",
        ),
        (
            ("acknowledge", "--from", "9999-12-31T16:00"),
            "the reply would be due after 9999-12-31, the last date workagree can count to",
            "give an earlier --from time",
        ),
        (
            ("acknowledge", "--from", "2027-03-24T15:00", "--locale", "sv"),
            "--locale: 'sv' is not a supported language",
            "use one of: en, da, de, es, et, fr, ru",
        ),
    ],
)
@pytest.mark.parametrize("command", ["due", "ack"])
def test_bad_requests_are_usage_errors(
    cli: Cli, write_spec: Write, *, command: str, args: tuple[str, ...], message: str, hint: str
) -> None:
    result = cli(command, str(write_spec(spec())), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"workagree: error: {message} [usage]\n  hint: {hint}\n"


def test_an_invalid_spec_is_reported_as_such(cli: Cli, write_spec: Write) -> None:
    path = write_spec(spec().replace("owner: studio", "owner: studoi", 1))
    result = cli("due", str(path), "acknowledge", "--from", "2027-03-24T15:00")
    assert result.exit_code == 1
    assert "owner 'studoi' is not a party (did you mean 'studio'?)" in result.stderr


def test_without_hours_the_assumption_is_noted(cli: Cli, write_spec: Write) -> None:
    path = write_spec(spec("country: DK"))
    result = cli("due", str(path), "acknowledge", "--from", "2027-03-24T15:00")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Note: {path} names no business hours or time zone; counted 09:00-17:00 UTC "
        "(`workagree validate` says more).\n"
    )
    assert result.stdout.splitlines()[-1] == "Due: Tuesday, 30 March 2027, 11:00 (UTC)"


EXPECTED_ACK = """\
Subject: We have your request (Website for Contoso)

Hello Contoso Ltd,

We have your request of Wednesday, 24 March 2027, 15:00 (Europe/Copenhagen). \
You will hear from us by Tuesday, 30 March 2027, 11:00 (Europe/Copenhagen).

As agreed: “Confirm each request and say when a full answer follows” \
(4 business hours after each request).

Kind regards,
Northwind Studio
"""


def test_ack_drafts_the_promised_acknowledgement(cli: Cli, write_spec: Write) -> None:
    result = cli("ack", str(write_spec(spec())), "acknowledge", "--from", "2027-03-24T15:00")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_ACK


def test_ack_in_russian(cli: Cli, write_spec: Write) -> None:
    path = write_spec(spec(locale="ru"))
    result = cli("ack", str(path), "acknowledge", "--from", "2027-03-24T15:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:5] == [
        "Тема: Мы получили ваш запрос (Website for Contoso)",
        "",
        "Здравствуйте, Contoso Ltd!",
        "",
        "Мы получили ваш запрос. Дата получения — среда, 24 марта 2027\u202fг., 15:00 "
        "(Europe/Copenhagen), срок ответа — вторник, 30 марта 2027\u202fг., 11:00 (Europe/Copenhagen).",
    ]


def test_ack_as_markdown_escapes_the_users_words(cli: Cli, write_spec: Write) -> None:
    path = write_spec(spec().replace("Contoso Ltd", '"*Contoso* <b>Ltd</b>"'))
    result = cli("ack", str(path), "acknowledge", "--from", "2027-03-24T15:00", "-f", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "**We have your request (Website for Contoso)**"
    assert lines[2] == "Hello \\*Contoso\\* \\<b\\>Ltd\\</b\\>,"
    assert lines[-2:] == ["Kind regards,  ", "Northwind Studio"]


def test_ack_as_an_unsent_email(cli: Cli, write_spec: Write, tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    path = write_spec(
        spec(locale="da").replace(
            "Contoso Ltd, role: client", "Contoso Ltd, role: client, contact: ops@contoso.example"
        )
    )
    target = tmp_path / "ack.eml"
    args = ("ack", str(path), "acknowledge", "--from", "2027-03-24T15:00", "-f", "eml")
    result = cli(*args, "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, f"Wrote {target}.\n")
    raw = target.read_bytes()
    assert cli(*args).stdout == raw.decode("ascii").replace("\r\n", "\n")  # the same, printed
    assert b"\r\n" in raw
    assert b"Date:" not in raw
    assert b"Message-ID" not in raw
    message = message_from_bytes(raw, policy=policy.default)
    assert message["From"] == "Northwind Studio <hello@northwind.example>"
    assert message["To"] == "Contoso Ltd <ops@contoso.example>"
    assert message["Subject"] == "Vi har modtaget din henvendelse (Website for Contoso)"
    assert message["X-Unsent"] == "1"
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith(
        "Kære Contoso Ltd\n\nVi har modtaget din henvendelse fra onsdag den "
        "24. marts 2027 15.00 (Europe/Copenhagen). Du hører fra os senest "
        "tirsdag den 30. marts 2027 11.00 (Europe/Copenhagen).\n"
    )
    assert body.endswith("Venlig hilsen\nNorthwind Studio\n")


def test_ack_never_writes_over_the_spec(cli: Cli, write_spec: Write) -> None:
    path = write_spec(spec())
    before = path.read_bytes()
    result = cli("ack", str(path), "acknowledge", "--from", "2027-03-24T15:00", "-o", str(path))
    assert result.exit_code != 0
    assert path.read_bytes() == before


def test_the_python_api() -> None:
    import datetime as dt

    import workagree

    agreement = workagree.load_text(spec())
    reply = workagree.due(agreement, "acknowledge", dt.datetime(2027, 3, 24, 15))
    assert reply.due.isoformat() == "2027-03-30T11:00:00+02:00"
    later = workagree.due(agreement, "feedback", "2027-03-24T15:00")
    assert later.due == dt.date(2027, 4, 5)
    with pytest.raises(workagree.WorkagreeError) as caught:
        workagree.due(agreement, "status", "2027-03-24T15:00")
    assert caught.value.problems[0].code == "usage"
