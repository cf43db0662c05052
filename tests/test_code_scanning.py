"""`validate --format github|sarif|gitlab`: the reports code-review services read."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workagree.cli.code_scanning import RULES, problems_gitlab, problems_sarif, report_path
from workagree.cli.report import MAX_ANNOTATIONS, problems_github
from workagree.errors import Problem
from workagree.spec.characters import visible

from .conftest import EXAMPLES, Run
from .test_corpus import CORPUS, EXPECTED, generate
from .test_loader import VALID
from .tools import need_node_package

BROKEN = VALID.replace("owner: client", "owner: clinet")
WARNING = VALID.replace("deadline: 5 business days", "deadline: 5 days")
SYNTAX = "workagree: 1\nproject: Website\nparties: [\n"
NEW_ITEM = (
    "  - id: intro\n    owner: studio\n    what: Say hello\n"
    "    deadline: 2027-01-04\n    if_missed: pause\n"
)


def sarif(cli: Callable[..., Run], *files: str | Path) -> tuple[int, dict[str, Any]]:
    result = cli("validate", "--format", "sarif", *map(str, files))
    return result.exit_code, json.loads(result.stdout)


def gitlab(cli: Callable[..., Run], *files: str | Path) -> tuple[int, list[dict[str, Any]]]:
    result = cli("validate", "--format", "gitlab", *map(str, files))
    return result.exit_code, json.loads(result.stdout)


def sarif_fingerprints(log: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["workagreeProblem/v1"] for r in log["runs"][0]["results"]]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in the temporary folder, as a CI job runs in the repository's root."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def sarif_schema() -> Any:
    """A validator for the official SARIF 2.1.0 schema (OASIS), as @microsoft/jest-sarif ships it."""
    from jsonschema import Draft4Validator

    folder = need_node_package("@microsoft/jest-sarif")
    text = (folder / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def schema_errors(validator: Any, log: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


# --- SARIF ---------------------------------------------------------------------------


def test_sarif_log_for_code_scanning(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    write_spec(BROKEN, "my agreement.yaml")
    write_spec(WARNING, "warned.yaml")
    code, log = sarif(cli, "my agreement.yaml", "warned.yaml")
    assert code == 1
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "workagree"
    assert driver["informationUri"] == "https://github.com/workagree/workagree"
    assert [rule["id"] for rule in driver["rules"]] == ["ambiguous-days", "unknown-party"]
    party = driver["rules"][1]
    assert party["shortDescription"] == {"text": "An owner who is not one of the parties"}
    assert party["help"]["text"].startswith("An owner who is not one of the parties.")
    assert party["defaultConfiguration"] == {"level": "error"}
    error, warning = run["results"]
    assert {key: error[key] for key in ("ruleId", "ruleIndex", "level", "message")} == {
        "ruleId": "unknown-party",
        "ruleIndex": 1,
        "level": "error",
        "message": {
            "text": "owner 'clinet' is not a party (did you mean 'client'?) "
            "(hint: parties: studio, client)"
        },
    }
    assert error["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "my%20agreement.yaml"},
                "region": {"startLine": 8, "startColumn": 12, "endLine": 8, "endColumn": 18},
            }
        }
    ]
    assert re.fullmatch(r"[0-9a-f]{32}", error["partialFingerprints"]["workagreeProblem/v1"])
    assert (warning["ruleId"], warning["ruleIndex"], warning["level"]) == (
        "ambiguous-days",
        0,
        "warning",
    )
    assert warning["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "warned.yaml"}


def test_sarif_is_valid_against_the_official_schema(
    cli: Callable[..., Run],
    write_spec: Callable[..., Path],
    in_tmp: Path,
    sarif_schema: Any,
) -> None:
    (in_tmp / "a b").mkdir()
    files = [
        write_spec(BROKEN, "a b/broken.yaml"),
        write_spec(WARNING, "warned.yaml"),
        write_spec(SYNTAX, "syntax.yaml"),
        write_spec(b"\xff\xfe", "binary.yaml"),
        in_tmp / "missing.yaml",
        *EXAMPLES,  # absolute paths outside the current folder
    ]
    code, log = sarif(cli, *files)
    assert code == 2
    assert schema_errors(sarif_schema, log) == []
    assert len(log["runs"][0]["results"]) >= 5
    # The schema must be able to fail: a result without its message is refused.
    del log["runs"][0]["results"][0]["message"]
    assert schema_errors(sarif_schema, log) != []


def test_sarif_with_no_problems_is_still_a_log(cli: Callable[..., Run], sarif_schema: Any) -> None:
    code, log = sarif(cli, EXAMPLES[0])
    assert code == 0
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert schema_errors(sarif_schema, log) == []


def test_sarif_uris_are_relative_and_encoded(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    (in_tmp / "sub dir").mkdir()
    names = ["sub dir/100% #1?.yaml", "ünï,cødé:x.yaml"]
    for name in names:
        write_spec(BROKEN, name)
    _, log = sarif(cli, *names, str(in_tmp / "sub dir" / "100% #1?.yaml"), "/nowhere/x y.yaml")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == [
        "sub%20dir/100%25%20%231%3F.yaml",
        "%C3%BCn%C3%AF%2Cc%C3%B8d%C3%A9%3Ax.yaml",
        "sub%20dir/100%25%20%231%3F.yaml",  # absolute, inside the current folder
        "file:///nowhere/x%20y.yaml",
    ]
    assert [unquote(u) for u in uris[:2]] == names


def test_file_level_problems_have_no_region(cli: Callable[..., Run], in_tmp: Path) -> None:
    code, log = sarif(cli, "missing.yaml")
    assert code == 2
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "file-not-found"
    assert result["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "missing.yaml"}}}
    ]


def test_every_code_the_corpus_produces_has_a_rule_description(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    paths = [
        generate(name, tmp_path) if name.startswith("generated:") else CORPUS / name
        for name in sorted(EXPECTED)
    ]
    _, log = sarif(cli, *paths)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) >= 10
    assert [r["id"] for r in rules if r["id"] not in RULES] == []


# --- fingerprints --------------------------------------------------------------------


def test_fingerprints_are_the_same_on_every_run_and_in_both_formats(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    write_spec(BROKEN + "  spare: Unused.\n", "agreement.yaml")
    first = sarif_fingerprints(sarif(cli, "agreement.yaml")[1])
    assert len(first) == 2
    assert len(set(first)) == 2
    assert sarif_fingerprints(sarif(cli, "agreement.yaml")[1]) == first
    assert [item["fingerprint"] for item in gitlab(cli, "agreement.yaml")[1]] == first


def test_fingerprints_survive_edits_elsewhere_in_the_file(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    write_spec(BROKEN, "agreement.yaml")
    [before] = sarif_fingerprints(sarif(cli, "agreement.yaml")[1])
    edited = "# Reviewed by both sides.\n\n" + BROKEN.replace(
        "responsibilities:\n", "responsibilities:\n" + NEW_ITEM
    )
    write_spec(edited, "agreement.yaml")
    _, log = sarif(cli, "agreement.yaml")
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 15
    assert sarif_fingerprints(log) == [before]


def test_fingerprints_differ_for_different_problems(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    write_spec(BROKEN, "a.yaml")
    write_spec(BROKEN, "b.yaml")
    write_spec(VALID.replace("owner: client", "owner: klient"), "c.yaml")
    # The same mistake twice in one file: told apart by their order.
    write_spec(BROKEN.replace("owner: studio", "owner: clinet"), "d.yaml")
    _, log = sarif(cli, "a.yaml", "b.yaml", "c.yaml", "d.yaml")
    prints = sarif_fingerprints(log)
    assert len(prints) == 5
    assert len(set(prints)) == 5


# --- GitLab Code Quality -------------------------------------------------------------


def test_gitlab_code_quality_report(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path
) -> None:
    write_spec(BROKEN, "my agreement.yaml")
    write_spec(WARNING, "warned.yaml")
    write_spec(SYNTAX, "syntax.yaml")
    code, report = gitlab(cli, "my agreement.yaml", "warned.yaml", "syntax.yaml", "gone.yaml")
    assert code == 2
    assert report[0] == {
        "description": "owner 'clinet' is not a party (did you mean 'client'?) "
        "(hint: parties: studio, client)",
        "check_name": "unknown-party",
        "fingerprint": report[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "my agreement.yaml", "lines": {"begin": 8, "end": 8}},
    }
    assert [(i["check_name"], i["severity"], i["location"]) for i in report[1:]] == [
        ("ambiguous-days", "minor", {"path": "warned.yaml", "lines": {"begin": 10, "end": 10}}),
        ("yaml-syntax", "major", {"path": "syntax.yaml", "lines": {"begin": 4, "end": 4}}),
        # A problem with the file as a whole goes on line 1: GitLab needs a line.
        ("file-not-found", "major", {"path": "gone.yaml", "lines": {"begin": 1, "end": 1}}),
    ]


def test_gitlab_report_shape_for_every_corpus_file(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What GitLab requires of each entry, for every kind of problem there is."""
    paths = [
        generate(name, tmp_path) if name.startswith("generated:") else CORPUS / name
        for name in sorted(EXPECTED)
    ]
    monkeypatch.chdir(CORPUS.parent.parent)
    _, report = gitlab(cli, *paths)
    assert len(report) >= len(paths)
    for item in report:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["description"]
        assert item["check_name"]
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(item["location"]["path"], str)
        assert isinstance(item["location"]["lines"]["begin"], int)
        assert item["location"]["lines"]["begin"] >= 1
    assert len({item["fingerprint"] for item in report}) == len(report)
    relative = {item["location"]["path"] for item in report} - {str(p) for p in paths}
    assert relative
    assert relative <= {f"tests/corpus/{name}" for name in EXPECTED}


def test_gitlab_report_with_no_problems_is_an_empty_list(cli: Callable[..., Run]) -> None:
    result = cli("validate", "--format", "gitlab", str(EXAMPLES[0]))
    assert (result.exit_code, result.stdout) == (0, "[]\n")


# --- every format: all problems, same exit codes, same order -------------------------


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "gitlab"])
def test_every_problem_of_every_file_in_order(
    cli: Callable[..., Run], write_spec: Callable[..., Path], in_tmp: Path, fmt: str
) -> None:
    write_spec(BROKEN + "  spare: Unused.\n", "a.yaml")
    write_spec(SYNTAX, "b.yaml")
    args = ["validate", "--format", fmt, "a.yaml", "b.yaml"]
    first = cli(*args)
    assert first.exit_code == 1
    assert first.stderr == ""
    assert cli(*args).stdout == first.stdout
    expected = [
        ("a.yaml", "unknown-party"),
        ("a.yaml", "unused-consequence"),
        ("b.yaml", "yaml-syntax"),
    ]
    if fmt == "github":
        found = re.findall(r"^::\w+ file=([^,]+),.*title=workagree ([\w-]+)::", first.stdout, re.M)
        assert found == expected
    else:
        data = json.loads(first.stdout)
        items = data["runs"][0]["results"] if fmt == "sarif" else data
        if fmt == "json":
            found = [(i["file"], i["code"]) for i in items]
        elif fmt == "sarif":
            found = [
                (i["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], i["ruleId"])
                for i in items
            ]
        else:
            found = [(i["location"]["path"], i["check_name"]) for i in items]
        assert found == expected
    assert cli(*args, "gone.yaml").exit_code == 2
    assert cli("validate", "--format", fmt, "--strict", "a.yaml").exit_code == 1


# --- GitHub workflow commands --------------------------------------------------------


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read the way the Actions runner reads it."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    name, props, data = match.groups()

    def unescape(text: str, *, prop: bool) -> str:
        if prop:
            text = text.replace("%3A", ":").replace("%2C", ",")
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    properties = {}
    for pair in props.split(","):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop=True)
    return name, properties, unescape(data, prop=False)


@pytest.mark.parametrize(
    "name",
    [
        "a,b.yaml",
        "a:b.yaml",
        "100%25.yaml",
        "50% off.yaml",
        "line\nbreak::error file=x::owned.yaml",
        "cr\rlf.yaml",
        "title=x,line=1.yaml",
    ],
)
def test_hostile_file_names_stay_one_annotation(
    cli: Callable[..., Run], write_spec: Callable[..., Path], name: str
) -> None:
    path = write_spec(BROKEN, name)
    result = cli("validate", "--format", "github", str(path))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    command, props, message = parse_command(line)
    assert command == "error"
    assert props == {
        "file": str(path),
        "line": "8",
        "endLine": "8",
        "col": "12",
        "endColumn": "18",
        "title": "workagree unknown-party",
    }
    assert message.startswith("owner 'clinet' is not a party")


def test_hostile_messages_stay_one_annotation(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    owner = "x%0A::error file=evil::owned,50%"
    path = write_spec(VALID.replace("owner: client", f'owner: "{owner}\\nnext"'))
    result = cli("validate", "--format", "github", str(path))
    assert result.exit_code == 1
    # Two problems with the owner, so two commands and no third.
    commands = [parse_command(line) for line in result.stdout.splitlines()]
    assert [(c[0], c[1]["title"], c[1]["file"]) for c in commands] == [
        ("error", "workagree bad-id", str(path)),
        ("error", "workagree unknown-party", str(path)),
    ]
    assert commands[0][2].startswith(f"'{owner}\nnext' is not a valid id")
    assert commands[1][2].startswith(f"owner '{owner}\nnext' is not a party")


def test_github_spans_follow_the_caret(
    cli: Callable[..., Run], write_spec: Callable[..., Path]
) -> None:
    """A span as wide as the underline, on its line; none where there is no source line."""
    path = write_spec(VALID.replace("deadline: 5 business days", "deadline: 5 days"))
    text = cli("validate", str(path)).stdout.splitlines()
    caret = next(line for line in text if set(line.split("|")[-1].strip()) == {"^"})
    width = caret.count("^")
    [line] = cli("validate", "--format", "github", str(path)).stdout.splitlines()
    command, props, _ = parse_command(line)
    assert command == "warning"
    assert (props["line"], props["endLine"], props["col"]) == ("10", "10", "15")
    assert int(props["endColumn"]) == 15 + width == 15 + len("5 days after each draft")
    missing = cli("validate", "--format", "github", str(path.with_name("gone.yaml")))
    _, props, _ = parse_command(missing.stdout.strip())
    assert set(props) == {"file", "title"}


# --- any text at all -----------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(file=TEXT.filter(bool), message=TEXT, hint=st.none() | TEXT)
def test_any_name_and_message_is_one_command_that_reads_back(
    file: str, message: str, hint: str | None
) -> None:
    problem = Problem(file=file, message=message, code="unknown-party", line=3, column=2, hint=hint)
    [line] = problems_github([problem]).split("\n")
    # What the console prints: forbidden characters written as visible escapes, but for
    # carriage returns, which the command escapes itself.
    name, props, data = parse_command(visible(line))

    def shown(text: str) -> str:
        return "\r".join(visible(part) for part in text.split("\r"))

    assert name == "error"
    assert props["file"] == shown(file)
    assert data == shown(message + (f" (hint: {hint})" if hint else ""))


def problems_in(file: str) -> st.SearchStrategy[Problem]:
    """Problems in one file: with or without a line, a column, a source line and a span."""
    return st.builds(
        lambda message, line, column, source: Problem(
            file=file,
            message=message,
            code="yaml-syntax",
            line=line,
            column=column if line else None,
            source_line=source if line else None,
            width=max(1, len(source or "")),
        ),
        TEXT,
        st.none() | st.integers(1, 10**6),
        st.integers(1, 500),
        st.none() | TEXT,
    )


@given(
    st.lists(TEXT.filter(bool), min_size=1, max_size=4).flatmap(
        lambda files: st.tuples(*(problems_in(f) for f in files))
    )
)
def test_any_problem_makes_a_valid_sarif_log(sarif_schema: Any, problems: tuple[Problem]) -> None:
    log = json.loads(problems_sarif(problems))
    assert schema_errors(sarif_schema, log) == []
    report = json.loads(problems_gitlab(problems))
    assert [item["location"]["path"] for item in report] == [report_path(p.file) for p in problems]
    prints = [item["fingerprint"] for item in report]
    assert len(set(prints)) == len(prints)


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_reports_are_not_capped_like_annotations(
    cli: Callable[..., Run], write_spec: Callable[..., Path], fmt: str
) -> None:
    path = write_spec(VALID + "".join(f"unknown_key_{i}: x\n" for i in range(300)))
    result = cli("validate", "--format", fmt, str(path))
    data = json.loads(result.stdout)
    items = data["runs"][0]["results"] if fmt == "sarif" else data
    assert len(items) == 300 > MAX_ANNOTATIONS
    assert len({json.dumps(item) for item in items}) == 300
