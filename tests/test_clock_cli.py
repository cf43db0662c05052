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
