"""`workagree diff` on files: output formats, exit codes, and sides that are not valid."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from workagree.diffing import diff
from workagree.diffing.format import print_text, summary_line, to_text

from .conftest import Run
from .diff_helpers import responsibility, spec

Cli = Callable[..., Run]
Write = Callable[..., Path]


def _v2(data: dict[str, Any]) -> None:
    responsibility(data, "feedback")["deadline"] = "3 business days after each draft"
    data["responsibilities"].append(
        {"id": "payment", "owner": "client", "what": "Pay each invoice", "deadline": "2027-02-01"}
    )
    del data["consequences"]["pause"]
    responsibility(data, "feedback")["if_missed"] = []


def versions(write_spec: Write) -> tuple[Path, Path]:
    old = write_spec(yaml.safe_dump(spec(), sort_keys=False), "v1.yaml")
    new = write_spec(yaml.safe_dump(spec(_v2), sort_keys=False), "v2.yaml")
    return old, new


SUMMARY = (
    "4 changes: 1 stricter deadline, 1 removed if-missed link, 1 new responsibility,"
    " 1 removed consequence"
)
EXPECTED_TEXT = (
    f"{SUMMARY}\n"
    "\nResponsibilities\n"
    "  ~ feedback: deadline 5 → 3 business days after each draft — shorter, stricter for"
    " Contoso Ltd\n"
    "  - feedback: if missed, no longer pause — looser for Contoso Ltd\n"
    "  + payment (Contoso Ltd): Pay each invoice, 2027-02-01 (new)\n"
    "\nConsequences\n"
    "  - pause: The project pauses and the schedule moves by the same number of days."
    " (removed); was used by feedback\n"
)


def test_text_output_is_plain_when_piped(cli: Cli, write_spec: Write) -> None:
    old, new = versions(write_spec)
    result = cli("diff", str(old), str(new))
    assert (result.exit_code, result.stdout, result.stderr) == (0, EXPECTED_TEXT, "")


def test_summary_line_counts_each_kind(write_spec: Write) -> None:
    from workagree import load

    old, new = versions(write_spec)
    changes = diff(load(old), load(new))
    assert summary_line(changes) == SUMMARY
    assert to_text(changes) == EXPECTED_TEXT
    assert summary_line(changes[:1]) == "1 change: 1 stricter deadline"
    assert summary_line([changes[0], changes[0]]) == "2 changes: 2 stricter deadlines"


def test_colour_on_a_terminal(write_spec: Write) -> None:
    from workagree import load

    old, new = versions(write_spec)
    console = Console(force_terminal=True, color_system="standard", width=200)
    with console.capture() as captured:
        print_text(console, diff(load(old), load(new)))
    assert "\x1b[" in captured.get()


def test_exit_code_option(cli: Cli, write_spec: Write) -> None:
    old, new = versions(write_spec)
    assert cli("diff", str(old), str(new), "--exit-code").exit_code == 1
    assert cli("diff", str(old), str(old), "--exit-code").exit_code == 0


def test_reformatted_agreement_has_no_changes(cli: Cli, write_spec: Write) -> None:
    old, _ = versions(write_spec)
    data = spec()
    data = {key: data[key] for key in reversed(list(data))}
    text = "# a comment that changed\n" + yaml.safe_dump(data, default_flow_style=True, width=60)
    new = write_spec(text, "reformatted.yaml")
    result = cli("diff", str(old), str(new), "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


def test_markdown_output(cli: Cli, write_spec: Write) -> None:
    old, new = versions(write_spec)
    result = cli("diff", str(old), str(new), "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == (
        "**4 changes: 1 stricter deadline, 1 removed if-missed link, 1 new responsibility,"
        " 1 removed consequence**\n"
        "\n#### Responsibilities\n\n"
        "- ✏️ **changed**: feedback: deadline 5 → 3 business days after each draft — shorter,"
        " stricter for Contoso Ltd\n"
        "- ➖ **removed**: feedback: if missed, no longer pause — looser for Contoso Ltd\n"
        "- ➕ **added**: payment (Contoso Ltd): Pay each invoice, 2027-02-01 (new)\n"
        "\n#### Consequences\n\n"
        "- ➖ **removed**: pause: The project pauses and the schedule moves by the same number"
        " of days. (removed); was used by feedback\n"
    )


def test_json_output(cli: Cli, write_spec: Write) -> None:
    old, new = versions(write_spec)
    result = cli("diff", str(old), str(new), "-f", "json")
    changes = json.loads(result.stdout)
    assert [c["path"] for c in changes] == [
        "responsibilities.feedback.deadline",
        "responsibilities.feedback.if_missed.pause",
        "responsibilities.payment",
        "consequences.pause",
    ]
    assert changes[0] == {
        "section": "responsibilities",
        "kind": "changed",
        "path": "responsibilities.feedback.deadline",
        "label": "stricter deadline",
        "summary": "feedback: deadline 5 → 3 business days after each draft — shorter,"
        " stricter for Contoso Ltd",
        "old": "5 business days after each draft",
        "new": "3 business days after each draft",
        "direction": "stricter",
        "party": "client",
        "words": [],
        "business_days": None,
        "affects": [],
    }
    assert changes[2]["new"] == {
        "id": "payment",
        "owner": "client",
        "what": "Pay each invoice",
        "deadline": "2027-02-01",
        "if_missed": [],
    }


def test_json_word_diff(cli: Cli, write_spec: Write) -> None:
    old = write_spec(yaml.safe_dump(spec()), "old.yaml")
    new_spec = spec(lambda d: responsibility(d, "replies").update(what="Answer each request"))
    new = write_spec(yaml.safe_dump(new_spec), "new.yaml")
    (change,) = json.loads(cli("diff", str(old), str(new), "-f", "json").stdout)
    assert change["words"] == [
        {"op": "equal", "text": "Answer"},
        {"op": "delete", "text": "every"},
        {"op": "insert", "text": "each"},
        {"op": "equal", "text": "request"},
    ]
    assert change["summary"] == "replies: Answer [-every-]{+each+} request"


def test_invalid_old_side_is_labelled_and_exits_2(cli: Cli, write_spec: Write) -> None:
    _, new = versions(write_spec)
    broken = spec(lambda d: responsibility(d, "feedback").update(owner="clinet"))
    old = write_spec(yaml.safe_dump(broken, sort_keys=False), "broken.yaml")
    result = cli("diff", str(old), str(new))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"OLD ({old}) is not a valid agreement:"
    assert lines[1:4] == [
        f"{old}:16:10: error: owner 'clinet' is not a party (did you mean 'client'?)"
        " [unknown-party]",
        " 16 |   owner: clinet",
        "    |          ^^^^^^",
    ]
    assert "NEW" not in result.stderr


def test_both_sides_unreadable_or_invalid(cli: Cli, write_spec: Write) -> None:
    old = write_spec("workagree: 1\nproject: [unclosed\n", "bad.yaml")
    result = cli("diff", str(old), str(old.parent / "missing.yaml"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"OLD ({old}) is not a valid agreement:"
    assert f"NEW ({old.parent / 'missing.yaml'}) cannot be read:" in lines
    assert f"{old.parent / 'missing.yaml'}: error: no such file [file-not-found]" in lines


def test_help_has_a_summary_and_an_example(cli: Cli) -> None:
    for command in ("diff", "git-diff-driver"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout
    assert "Show what changed between two versions" in cli("diff", "--help").stdout
    listing = cli("--help").stdout
    assert "diff" in listing
    assert "git-diff-driver" in listing


def test_driver_needs_gits_seven_arguments(cli: Cli) -> None:
    result = cli("git-diff-driver", "a.yaml", "b.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "workagree: error: git-diff-driver takes git's 7 arguments (PATH OLD-FILE OLD-HEX"
        " OLD-MODE NEW-FILE NEW-HEX NEW-MODE); got 2 [usage]"
    )


def test_driver_reports_a_renamed_file_under_its_new_name(cli: Cli, write_spec: Write) -> None:
    old, new = versions(write_spec)
    args = [
        "old.yaml",
        str(old),
        "a" * 40,
        "100644",
        str(new),
        "b" * 40,
        "100644",
        "new.yaml",
        "similarity index 90%\nrename from old.yaml\nrename to new.yaml\n",
    ]
    result = cli("git-diff-driver", *args)
    assert result.exit_code == 0
    assert result.stdout == "workagree diff a/old.yaml b/new.yaml\n" + EXPECTED_TEXT


def test_driver_on_an_unmerged_path(cli: Cli) -> None:
    result = cli("git-diff-driver", "agreement.yaml")
    assert (result.exit_code, result.stdout) == (
        0,
        "workagree diff agreement.yaml: unmerged, resolve the conflict first\n",
    )


def test_driver_on_a_removed_file(cli: Cli, write_spec: Write) -> None:
    old, _ = versions(write_spec)
    args = ["agreement.yaml", str(old), "a" * 40, "100644", "/dev/null", ".", "."]
    assert cli("git-diff-driver", *args).stdout == (
        "workagree diff a/agreement.yaml b/agreement.yaml\n"
        "removed agreement: Website for Contoso, between Northwind Studio and Contoso Ltd"
        " (3 responsibilities)\n"
    )


def test_revision_specs() -> None:
    from workagree.spec.gitsource import Source, source

    assert source("HEAD~1:agreement.yaml") == Source("agreement.yaml", "HEAD~1")
    assert source("main@{10:00}:a/b.yaml") == Source("a/b.yaml", "main@{10:00}")
    assert source("agreement.yaml") == Source("agreement.yaml")
    assert source("HEAD~1:agreement.yaml").display == "HEAD~1:agreement.yaml"
