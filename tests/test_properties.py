"""Property tests: whatever the input, the loader and checks answer with problems, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workagree.api import check_bytes, check_text
from workagree.errors import WorkagreeError

from .conftest import EXAMPLES

YAML_BITS = st.sampled_from(
    [
        ":",
        "- ",
        "\n",
        "  ",
        "\t",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "---\n",
        "...\n",
        "|\n",
        ">-\n",
        "? ",
        "workagree: 1\n",
        "parties:\n",
        "owner: ",
        "deadline: ",
        "5 business days",
        "yes",
        "no",
        "1:30",
        "3.10",
        "~",
        "null",
        "2027-02-30",
        "\u202e",
        "\x00",
        "\x07",
        "é",
        "Ж",
        "😀",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
    ]
)
yaml_text = st.one_of(st.text(max_size=200), st.lists(YAML_BITS, max_size=40).map("".join))


def answers(text: str) -> None:
    try:
        result = check_text(text, file="fuzz.yaml")
    except WorkagreeError as exc:
        assert exc.problems
        assert all(p.message for p in exc.problems)
    else:
        assert result.ok or result.errors
        if result.ok:
            assert result.agreement is not None


@given(yaml_text)
def test_any_text_gives_problems_not_crashes(text: str) -> None:
    answers(text)


@given(st.binary(max_size=200))
def test_any_bytes_give_problems_not_crashes(raw: bytes) -> None:
    try:
        check_bytes(raw, file="fuzz.yaml")
    except WorkagreeError as exc:
        assert exc.problems


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_examples_give_located_problems(example: object, data: st.DataObject) -> None:
    text = example.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    lines = text.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    mutation = data.draw(
        st.sampled_from(["delete", "duplicate", "garble", "retype", "typo"]), label="mutation"
    )
    line = lines[index]
    if mutation == "delete":
        lines[index] = ""
    elif mutation == "duplicate":
        lines.insert(index, line)
    elif mutation == "garble":
        lines[index] = data.draw(yaml_text, label="garbage") + "\n"
    elif mutation == "retype" and ": " in line:
        key = line.split(": ", 1)[0]
        lines[index] = f"{key}: [{data.draw(st.integers(), label='number')}]\n"
    elif mutation == "typo" and line.strip():
        pos = data.draw(st.integers(0, len(line.rstrip()) - 1), label="pos")
        lines[index] = line[:pos] + "x" + line[pos + 1 :]
    mutated = "".join(lines)
    try:
        result = check_text(mutated, file="m.yaml")
    except WorkagreeError as exc:
        assert exc.problems
        return
    for problem in result.problems:
        if problem.is_error:
            assert problem.line is not None, problem
            assert 1 <= problem.line <= mutated.count("\n") + 1
