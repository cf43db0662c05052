"""The bad-input corpus: one file per hostile or broken input, each with its exit code and message.

`tests/corpus/expected.json` maps each file to the exit code and a fragment of the message
`workagree validate` must give. Inputs too large to commit are generated here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, Run

CORPUS = ROOT / "tests" / "corpus"
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)
SMALL = (CORPUS / "bom.yaml").read_bytes()


def generate(name: str, folder: Path) -> Path:
    path = folder / name.replace("generated:", "")
    if name == "generated:2MiB":
        path.write_bytes(SMALL + b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    elif name == "generated:nesting-10000":
        path.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    elif name == "generated:what-50000":
        text = SMALL.decode("utf-8-sig").replace("what: Send feedback", "what: " + "x" * 50_000)
        path.write_text(text, encoding="utf-8")
    else:  # pragma: no cover - a new generated case needs a recipe above
        raise AssertionError(f"no recipe for {name}")
    return path


def corpus_file(name: str, folder: Path) -> Path:
    if name.startswith("generated:"):
        return generate(name, folder)
    return Path(shutil.copy(CORPUS / name, folder / name))


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "expected.json"}
    listed = {name for name in EXPECTED if not name.startswith("generated:")}
    assert files == listed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_answers_as_expected(cli: Callable[..., Run], tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    path = corpus_file(name, tmp_path)
    result = cli("validate", str(path))
    assert result.exit_code == expected["exit"], result.output
    assert str(expected["message"]) in result.output
    assert "Traceback" not in result.output
