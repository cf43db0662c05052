"""A diff that misses nothing: every field of the model, and the dates computed from them.

Through the CLI: the exit code, the exact lines, and the two spec files left as they were.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from workagree import Agreement
from workagree.diffing import diff
from workagree.diffing.fields import COMPARED, IGNORED

from .conftest import Run
from .diff_helpers import agreement, responsibility, spec
from .test_diff_properties import mirrored, observed

Cli = Callable[..., Run]
Write = Callable[..., Path]


def _models(root: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model reachable from ``root`` through its fields' annotations."""
    found: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.add(model)
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    todo.append(kind)
                stack.extend(typing.get_args(kind))
    return found


def test_every_model_field_is_compared_or_ignored_with_a_reason() -> None:
    for model in _models(Agreement):
        compared = COMPARED.get(model, frozenset())
        ignored = IGNORED.get(model, {})
        assert not compared & set(ignored), model
        assert set(model.model_fields) == compared | set(ignored), model.__name__
        assert all(reason.strip() for reason in ignored.values())


def _pair(write_spec: Write, change: Callable[[dict[str, Any]], object]) -> tuple[Path, Path]:
    old = write_spec(yaml.safe_dump(spec(), sort_keys=False), "v1.yaml")
    new = write_spec(yaml.safe_dump(spec(change), sort_keys=False), "v2.yaml")
    return old, new


def _diff(cli: Cli, old: Path, new: Path, *options: str) -> Run:
    before = old.read_bytes(), new.read_bytes()
    result = cli("diff", str(old), str(new), *options)
    assert (old.read_bytes(), new.read_bytes()) == before
    assert result.stderr == ""
    return result


@pytest.mark.parametrize(
    ("calendar", "line"),
    [
        ({"closed": ["2027-03-12"]}, "  ~ closed days: none → 2027-03-12; affects testing"),
        ({"hours": "09:00-17:00"}, "  + business hours: 09:00-17:00 (new)"),
        ({"timezone": "Europe/Copenhagen"}, "  + time zone: Europe/Copenhagen (new)"),
        (
            {"country": "DE", "subdivision": "BY"},
            "  + holiday region: BY (new)",
        ),
        (
            {"workdays": ["mon", "tue", "wed", "thu"]},
            "  ~ working week: mon, tue, wed, thu, fri → mon, tue, wed, thu; affects testing",
        ),
    ],
)
def test_every_calendar_field_is_reported(
    cli: Cli, write_spec: Write, calendar: dict[str, Any], line: str
) -> None:
    old, new = _pair(write_spec, lambda d: d.update(calendar=calendar))
    result = _diff(cli, old, new)
    assert result.exit_code == 0
    assert line in result.stdout.splitlines()


MOVED = (
    "testing: due 2027-03-11 → 2027-03-18 (2 business days before launch), "
    "5 business days later — looser for Northwind Studio"
)


def test_a_moved_milestone_reports_the_dates_counted_from_it_in_every_format(
    cli: Cli, write_spec: Write
) -> None:
    old, new = _pair(write_spec, lambda d: d["milestones"][0].update(date="2027-03-22"))
    text = _diff(cli, old, new)
    assert (text.exit_code, text.stdout) == (
        0,
        "2 changes: 1 moved due date, 1 moved milestone\n"
        f"\nResponsibilities\n  ~ {MOVED}\n"
        "\nMilestones\n  ~ launch: 2027-03-15 → 2027-03-22, 5 business days later; affects testing\n",
    )
    markdown = _diff(cli, old, new, "--format", "markdown").stdout
    assert f"- ✏️ **moved**: {MOVED}\n" in markdown
    changes = json.loads(_diff(cli, old, new, "--format", "json").stdout)
    assert [
        (c["path"], c["kind"], c["old"], c["new"], c["direction"], c["affects"]) for c in changes
    ] == [
        ("responsibilities.testing.date", "moved", "2027-03-11", "2027-03-18", "looser", []),
        ("milestones.launch.date", "moved", "2027-03-15", "2027-03-22", "later", ["testing"]),
    ]


def test_closed_days_that_move_a_date_are_reported_with_the_date(
    cli: Cli, write_spec: Write
) -> None:
    old, new = _pair(
        write_spec, lambda d: d.update(calendar={"closed": ["2027-03-10..2027-03-12"]})
    )
    result = _diff(cli, old, new)
    assert result.stdout == (
        "2 changes: 1 changed closed days, 1 moved due date\n"
        "\nCalendar\n  ~ closed days: none → 2027-03-10..2027-03-12; affects testing\n"
        "\nResponsibilities\n  ~ testing: due 2027-03-11 → 2027-03-08 (2 business days before"
        " launch), 1 business day earlier — stricter for Northwind Studio\n"
    )


@pytest.mark.parametrize(
    ("old_deadline", "new_deadline", "summary"),
    [
        (
            "2027-03-01",
            "10 business days after kickoff",
            "testing: deadline 2027-03-01 → 10 business days after kickoff — due 2027-03-01 → "
            "2027-03-15, later, looser for Northwind Studio",
        ),
        (
            "10 business days after kickoff",
            "2027-03-01",
            "testing: deadline 10 business days after kickoff → 2027-03-01 — due 2027-03-15 → "
            "2027-03-01, earlier, stricter for Northwind Studio",
        ),
        (
            "2 business days before launch",
            "2027-03-12",
            "testing: deadline 2 business days before launch → 2027-03-12 — due 2027-03-11 → "
            "2027-03-12, later, looser for Northwind Studio",
        ),
    ],
)
def test_a_deadline_of_another_kind_gets_a_direction_from_its_dates(
    cli: Cli, write_spec: Write, old_deadline: str, new_deadline: str, summary: str
) -> None:
    def kickoff(deadline: str) -> Callable[[dict[str, Any]], None]:
        def edit(data: dict[str, Any]) -> None:
            data["milestones"].append({"id": "kickoff", "what": "Kick-off", "date": "2027-03-01"})
            responsibility(data, "testing")["deadline"] = deadline

        return edit

    old = write_spec(yaml.safe_dump(spec(kickoff(old_deadline)), sort_keys=False), "v1.yaml")
    new = write_spec(yaml.safe_dump(spec(kickoff(new_deadline)), sort_keys=False), "v2.yaml")
    result = _diff(cli, old, new)
    assert result.exit_code == 0
    assert f"  ~ {summary}" in result.stdout.splitlines()


def test_links_to_consequences_say_for_whom_they_are_stricter(cli: Cli, write_spec: Write) -> None:
    def edit(data: dict[str, Any]) -> None:
        responsibility(data, "testing")["if_missed"] = ["credit", "pause"]
        responsibility(data, "feedback")["if_missed"] = []
        data["consequences"]["credit"] = "A 10% credit on the next invoice."

    old, new = _pair(write_spec, edit)
    result = _diff(cli, old, new)
    assert result.stdout.splitlines()[3:] == [
        "  - feedback: if missed, no longer pause — looser for Contoso Ltd",
        "  + testing: if missed, now also pause — stricter for Northwind Studio",
        "",
        "Consequences",
        "  ~ credit: A [-5%-]{+10%+} credit on the next invoice.; affects replies, testing"
        " (owed by Northwind Studio)",
    ]
    changes = json.loads(_diff(cli, old, new, "-f", "json").stdout)
    assert [(c["direction"], c["party"]) for c in changes[:2]] == [
        ("looser", "client"),
        ("stricter", "studio"),
    ]


def test_markdown_marks_are_the_ones_github_renders(cli: Cli, write_spec: Write) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["consequences"]["credit"] = "A 10% credit on the next <invoice>."
        data["terms"] = []
        data["milestones"].append({"id": "review", "what": "Review", "date": "2027-03-01"})

    old, new = _pair(write_spec, edit)
    result = _diff(cli, old, new, "--format", "markdown")
    assert result.stdout == (
        "**3 changes: 1 changed consequence, 1 new milestone, 1 removed term**\n"
        "\n#### Consequences\n\n"
        "- ✏️ **changed**: credit: A <del>5%</del><ins>10%</ins> credit on the next"
        " <del>invoice.</del><ins>\\<invoice\\>.</ins>; affects replies, testing"
        " (owed by Northwind Studio)\n"
        "\n#### Milestones\n\n"
        "- ➕ **added**: review: Review, 2027-03-01 (new)\n"
        "\n#### Terms\n\n"
        "- ➖ **removed**: Changes: Changes to the scope are quoted first. (removed)\n"
    )
    assert "{+" not in result.stdout
    assert "[-" not in result.stdout


def test_the_redline_lists_the_same_changes_as_the_diff(
    cli: Cli, write_spec: Write, tmp_path: Path
) -> None:
    old, new = _pair(write_spec, lambda d: d["milestones"][0].update(date="2027-03-22"))
    out = tmp_path / "changes.html"
    result = cli("render", str(new), "--redline", str(old), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2 changes: 1 moved due date, 1 moved milestone" in html
    assert "testing: due 2027-03-11 → 2027-03-18" in html


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["milestones"][0].update(date="2027-03-22"),
        lambda d: d.update(calendar={"country": "DK", "closed": ["2027-03-11"]}),
        lambda d: d.update(effective="2027-03-01"),
        lambda d: responsibility(d, "testing").update(deadline="2027-03-01"),
        lambda d: responsibility(d, "testing").update(if_missed=["credit", "pause"]),
        lambda d: responsibility(d, "testing").update(id="checks"),
    ],
    ids=["milestone", "calendar", "effective", "kind", "link", "renamed"],
)
def test_new_kinds_of_change_mirror_each_other(edit: Callable[[dict[str, Any]], object]) -> None:
    def also_moved(data: dict[str, Any]) -> None:
        edit(data)
        data["milestones"][0]["date"] = "2027-03-22"

    old = agreement(lambda d: responsibility(d, "replies").update(deadline="every friday"))
    for change in (edit, also_moved):
        new = agreement(
            lambda d, change=change: (
                change(d),
                responsibility(d, "replies").update(deadline="every friday"),
            )
        )
        forward, backward = diff(old, new), diff(new, old)
        renamed = {
            c.new: c.old for c in forward if str(c.kind) == "renamed" and c.path.count(".") == 1
        }
        assert sorted(map(str, (mirrored(c, old, renamed) for c in forward))) == sorted(
            map(str, (observed(c) for c in backward))
        )
        assert any(c.direction for c in forward) or change is edit
