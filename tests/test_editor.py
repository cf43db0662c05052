"""A spec made by `workagree new` works in an editor with no network.

yaml-language-server (the server behind VS Code's YAML extension, and what Neovim, Helix,
Emacs and others run) is driven over LSP as an editor drives it, in an empty folder, with
the schema store off and every web request sent to a closed local port. It must load the
schema the spec's first line names, and with it report a typo'd key, complete the keys of
a responsibility and describe a key on hover.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from workagree.schema import SCHEMA_FILE

from .conftest import EXAMPLES, ROOT, Run
from .lsp import LanguageServer
from .test_schema_rules import CASES, spec_of
from .tools import need, need_node_package

COMMITTED = ROOT / "schema" / "workagree.schema.json"

NOWHERE = "http://127.0.0.1:9"  # the discard port: a web request fails at once, locally
SETTINGS: dict[str, Any] = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "kubernetesCRDStore": {"enable": False},
        "schemas": {},
        "format": {"enable": False},
    },
    "http": {"proxy": NOWHERE, "proxyStrictSSL": True},
}
NEW = ("new", "-p", "freelance", "--provider", "Ana", "--client", "Bo", "--project", "Logo")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanguageServer]:
    """One server for the module (it takes seconds to start); each test has its own folder."""
    package = need_node_package("yaml-language-server")
    node = need("node")
    home = tmp_path_factory.mktemp("editor")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "HTTP_PROXY": NOWHERE,
        "HTTPS_PROXY": NOWHERE,
        "http_proxy": NOWHERE,
        "https_proxy": NOWHERE,
        "NO_PROXY": "",
    }
    command = [node, str(package / "bin" / "yaml-language-server"), "--stdio"]
    with LanguageServer(command, home, SETTINGS, env) as running:
        yield running


@pytest.fixture
def spec(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    run = cli(*NEW, "--country", "DK", "--no-input")
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml", SCHEMA_FILE]
    return tmp_path / "agreement.yaml"


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines()) if line.startswith(start))


def messages(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [d["message"] for d in diagnostics]


def test_the_new_spec_checks_clean(server: LanguageServer, spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    # a typo first, so that the clean result below is known to come from the schema
    typo = server.open(spec.with_name("typo.yaml"), text.replace("\nproject:", "\nprojet:"))
    server.wait_for_diagnostics(typo, bool)
    uri = server.open(spec, text)
    assert server.wait_for_diagnostics(uri) == []


def test_a_typo_in_a_key_is_reported_at_its_line(server: LanguageServer, spec: Path) -> None:
    text = spec.read_text(encoding="utf-8").replace("    what:", "    wat:", 1)
    uri = server.open(spec.with_name("typo.yaml"), text)
    found = server.wait_for_diagnostics(uri, bool)
    assert not [m for m in messages(found) if "Unable to load schema" in m], found
    typo = [d for d in found if "wat" in d["message"]]
    assert typo, found
    assert typo[0]["range"]["start"]["line"] == line_of(text, "    wat:")
    assert "not allowed" in typo[0]["message"]
    missing = [d for d in found if "what" in d["message"]]  # and the key it should have been
    assert missing, found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("locale: en", "locale: xx", "One of: en, da, de, es, et, fr, ru"),
        ("  workdays: [mon, tue, wed, thu, fri]", "  workdays: [mon, mon]", "duplicate"),
        ("  country: DK", "  country: dk", None),
        ("effective: 2026-12-01", "effective: 2027-02-29", "A real date, written YYYY-MM-DD"),
    ],
)
def test_values_are_checked_as_validate_checks_them(
    server: LanguageServer, spec: Path, old: str, new: str, expected: str | None
) -> None:
    text = spec.read_text(encoding="utf-8")
    text = text.replace(next(line for line in text.splitlines() if line.startswith(old)), new)
    assert new in text
    uri = server.open(spec.with_name("edited.yaml"), text)
    found = server.wait_for_diagnostics(uri)
    if expected is None:
        assert found == []
    else:
        assert [d for d in found if expected.lower() in d["message"].lower()], found
        assert {d["range"]["start"]["line"] for d in found} == {line_of(text, new)}


def test_completion_in_a_responsibility_offers_its_keys(server: LanguageServer, spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    at = line_of(text, "responsibilities:") + 1
    lines = text.splitlines()
    lines[at:at] = ["  - id: extra", "    "]
    uri = server.open(spec.with_name("adding.yaml"), "\n".join(lines) + "\n")
    labels = {item["label"] for item in server.completion(uri, at + 1, 4)}
    assert {"owner", "what", "deadline", "if_missed"} <= labels, labels
    assert "id" not in labels  # already there
    assert not labels & {"name", "role", "heading"}  # other models' keys


def test_hover_describes_a_key(server: LanguageServer, spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    uri = server.open(spec, text)
    line = line_of(text, "    what:")
    shown = server.hover(uri, line, 5)
    assert "What is owed, as one short sentence." in shown


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("effective:", "Effective"),
        ("version:", "Version"),
        ("  country:", "Country"),
        ("    deadline:", "Deadline"),
        ("    if_missed:", "If Missed"),
    ],
)
def test_hover_names_an_optional_key_once(
    server: LanguageServer, spec: Path, key: str, title: str
) -> None:
    text = spec.read_text(encoding="utf-8")
    uri = server.open(spec, text)
    shown = server.hover(uri, line_of(text, key), len(key) - len(key.lstrip()) + 2)
    assert shown.startswith(f"#### {title}\n"), shown
    assert "||" not in shown


def test_a_spec_in_a_subfolder_finds_the_schema_above_it(
    server: LanguageServer, cli: Callable[..., Run], spec: Path
) -> None:
    (spec.parent / ".git").mkdir()
    (spec.parent / "clients").mkdir()
    assert cli(*NEW, "clients/acme.yaml", "--no-input").exit_code == 0
    nested = spec.parent / "clients" / "acme.yaml"
    text = nested.read_text(encoding="utf-8").replace("\nproject:", "\nprojet:")
    uri = server.open(nested, text)
    found = server.wait_for_diagnostics(uri, bool)
    assert [m for m in messages(found) if "projet" in m], found


def test_the_schema_moved_away_is_reported(server: LanguageServer, spec: Path) -> None:
    # the test above would pass with any schema; this one shows it is the project's file
    shutil.move(spec.parent / SCHEMA_FILE, spec.parent / "elsewhere.json")
    uri = server.open(spec, spec.read_text(encoding="utf-8"))
    found = server.wait_for_diagnostics(uri, bool)
    assert [m for m in messages(found) if "Unable to load schema" in m], found


def test_the_editor_agrees_with_check_jsonschema_on_every_edge_case(
    server: LanguageServer, tmp_path: Path
) -> None:
    """The table of tests/test_schema_rules.py, as the editor's own validator sees it."""
    modeline = f"# yaml-language-server: $schema={COMMITTED}\n"
    uris = {}
    for case in CASES:
        text = modeline + yaml.safe_dump(spec_of(case), allow_unicode=True)
        uris[case.name] = server.open(tmp_path / f"{case.name}.yaml", text)
    wrong = []
    for case in CASES:
        found = server.wait_for_diagnostics(uris[case.name])
        expected = case.valid or case.beyond_schema is not None
        if (not found) is not expected:
            wrong.append(f"{case.name}: {messages(found) or 'valid'}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_the_examples_check_clean(server: LanguageServer, example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/workagree.schema.json\n")
    assert server.wait_for_diagnostics(server.open(example, text)) == []
