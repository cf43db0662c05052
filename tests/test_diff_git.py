"""`workagree diff` against a real git repository, and the external diff driver."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, Run
from .diff_helpers import responsibility, spec

Cli = Callable[..., Run]

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True, check=False).returncode != 0,
    reason="git is not installed",
)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env or _env(repo)
    )
    return done.stdout


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Berg",
        "GIT_AUTHOR_EMAIL": "ana@northwind.example",
        "GIT_COMMITTER_NAME": "Ana Berg",
        "GIT_COMMITTER_EMAIL": "ana@northwind.example",
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
    }


def _v2(data: dict[str, Any]) -> None:
    responsibility(data, "feedback")["deadline"] = "3 business days after each draft"
    data["version"] = "2"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of agreement.yaml (v1 then v2); the working folder."""
    git(tmp_path, "init", "-q", "-b", "main")
    spec_file = tmp_path / "agreement.yaml"
    spec_file.write_text(yaml.safe_dump(spec(), sort_keys=False), encoding="utf-8")
    git(tmp_path, "add", "agreement.yaml")
    git(tmp_path, "commit", "-q", "-m", "v1")
    spec_file.write_text(yaml.safe_dump(spec(_v2), sort_keys=False), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "v2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


CHANGES = (
    "2 changes: 1 changed version, 1 stricter deadline\n"
    "\nAgreement\n"
    "  ~ version: 1 → 2\n"
    "\nResponsibilities\n"
    "  ~ feedback: deadline 5 → 3 business days after each draft — shorter, stricter for"
    " Contoso Ltd\n"
)


def test_two_revisions(cli: Cli, repo: Path) -> None:
    result = cli("diff", "HEAD~1:agreement.yaml", "HEAD:agreement.yaml", "--exit-code")
    assert (result.exit_code, result.stdout) == (1, CHANGES)


def test_revision_and_working_file(cli: Cli, repo: Path) -> None:
    result = cli("diff", "HEAD~1", "agreement.yaml")
    assert (result.exit_code, result.stdout) == (0, CHANGES)
    assert cli("diff", "HEAD", "agreement.yaml").stdout == "no changes\n"


def test_revision_and_working_file_from_a_subfolder(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "clients").mkdir()
    monkeypatch.chdir(repo / "clients")
    assert cli("diff", "HEAD~1", "../agreement.yaml").stdout == CHANGES


def test_unknown_revision(cli: Cli, repo: Path) -> None:
    result = cli("diff", "v9:agreement.yaml", "agreement.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "OLD (v9:agreement.yaml) cannot be read:",
        "v9:agreement.yaml: error: git revision 'v9' does not exist [usage]",
    ]


def test_path_missing_at_revision(cli: Cli, repo: Path) -> None:
    result = cli("diff", "HEAD~1:contoso.yaml", "agreement.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "HEAD~1:contoso.yaml: error: 'contoso.yaml' does not exist at revision 'HEAD~1' [usage]"
    )


def test_outside_a_repository(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (folder / "agreement.yaml").write_text(yaml.safe_dump(spec()), encoding="utf-8")
    result = cli("diff", "HEAD:agreement.yaml", "agreement.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "HEAD:agreement.yaml: error: cannot read HEAD:agreement.yaml: this folder is not in a"
        " git repository [usage]"
    )


def test_git_not_installed(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    result = cli("diff", "HEAD~1:agreement.yaml", "agreement.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "HEAD~1:agreement.yaml: error: cannot read HEAD~1:agreement.yaml: git is not installed"
        " (or not on PATH) [usage]"
    )


def _driver() -> str:
    return f"{shlex.quote(sys.executable)} -m workagree git-diff-driver"


def test_external_diff_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=workagree\n", encoding="utf-8")
    command = ["-c", f"diff.workagree.command={_driver()}"]
    shown = git(repo, *command, "diff", "HEAD~1", "HEAD", "--", "agreement.yaml")
    assert shown == "workagree diff a/agreement.yaml b/agreement.yaml\n" + CHANGES


def test_external_diff_driver_in_git_log(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=workagree\n", encoding="utf-8")
    command = ["-c", f"diff.workagree.command={_driver()}"]
    log = git(
        repo, *command, "log", "-p", "--ext-diff", "--format=commit %s", "--", "agreement.yaml"
    )
    assert log.split("commit ")[1:] == [
        "v2\n\nworkagree diff a/agreement.yaml b/agreement.yaml\n" + CHANGES,
        "v1\n\nworkagree diff a/agreement.yaml b/agreement.yaml\n"
        "new agreement: Website for Contoso, between Northwind Studio and Contoso Ltd"
        " (3 responsibilities)\n",
    ]


def test_external_diff_driver_falls_back_to_a_line_diff(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=workagree\n", encoding="utf-8")
    (repo / "agreement.yaml").write_text("workagree: 1\nproject: [\n", encoding="utf-8")
    command = ["-c", f"diff.workagree.command={_driver()}"]
    shown = git(repo, *command, "diff", "--", "agreement.yaml").splitlines()
    assert shown[:4] == [
        "workagree diff a/agreement.yaml b/agreement.yaml",
        "b/agreement.yaml is not a valid agreement: 3:1: YAML syntax error: did not find"
        " expected node content (while parsing a flow node); showing a line diff instead",
        "--- a/agreement.yaml",
        "+++ b/agreement.yaml",
    ]
    assert "+project: [" in shown


def test_a_revision_is_never_taken_as_a_git_option(cli: Cli, repo: Path) -> None:
    result = cli("diff", "--", "--output=stolen:agreement.yaml", "agreement.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "--output=stolen:agreement.yaml: error: '--output=stolen' is not a git revision [usage]"
    )
    assert not (repo / "stolen:agreement.yaml").exists()
