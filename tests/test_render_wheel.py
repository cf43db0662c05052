"""The release: an sdist and a wheel PyPI would accept, carrying every file workagree reads.

Templates, fonts, catalogs, presets and the JSON Schema live outside Python modules, so a
packaging mistake would surface only in an installed copy, far from the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from workagree.schema import json_schema_text

from .conftest import ROOT
from .packaging import Built

pytestmark = pytest.mark.slow
SOURCE = ROOT / "src" / "workagree"


def test_the_wheel_carries_templates_fonts_catalogs_presets_and_the_schema(
    release: Built,
) -> None:
    names = set(zipfile.ZipFile(release.wheel).namelist())
    shipped = {
        "workagree/py.typed",
        "workagree/rendering/__init__.py",
        "workagree/templates/base/agreement.html.j2",
        "workagree/templates/base/agreement.md.j2",
        "workagree/templates/classic/theme.css.j2",
        "workagree/templates/classic/theme.toml",
        "workagree/templates/columns/parts/responsibilities.html.j2",
        "workagree/templates/fonts/Inter-Regular.otf",
        "workagree/templates/fonts/NotoSerif-Regular.ttf",
        "workagree/i18n/catalogs/workagree.pot",
        "workagree/i18n/catalogs/ru.po",
        "workagree/i18n/coverage.py",
        "workagree/presets/index.yaml",
        "workagree/presets/en/freelance.yaml.j2",
        "workagree/workagree.schema.json",
        "workagree-0.1.0.dist-info/licenses/templates/fonts/Inter-LICENSE.txt",
    }
    assert shipped <= names, sorted(shipped - names)
    # Every file of the package and every built-in template, not only those named above.
    for path in SOURCE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"workagree/{path.relative_to(SOURCE).as_posix()}" in names, path
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            assert f"workagree/{path.relative_to(ROOT).as_posix()}" in names, path
    # Nothing from the checkout that is not the package.
    assert {name.split("/")[0] for name in names} == {"workagree", "workagree-0.1.0.dist-info"}
    schema = zipfile.ZipFile(release.wheel).read("workagree/workagree.schema.json")
    assert schema.decode("utf-8") == json_schema_text()


def test_the_sdist_holds_what_the_wheel_is_built_from(release: Built) -> None:
    with tarfile.open(release.sdist) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    expected = {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "schema/workagree.schema.json",
        "templates/base/agreement.html.j2",
        "src/workagree/i18n/catalogs/da.po",
        "src/workagree/presets/index.yaml",
        "examples/ci/github-actions.yml",
    }
    assert expected <= names, sorted(expected - names)
    assert not any("node_modules" in name or name.startswith(".venv") for name in names)


def test_twine_accepts_the_release(release: Built) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "check",
            "--strict",
            str(release.sdist),
            str(release.wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_installed_wheel_finds_its_own_files(
    wheel_bin: Path, tmp_path: Path, cache_dir: Path
) -> None:
    script = (
        "import sys, workagree\n"
        "from workagree.rendering.environment import templates_root\n"
        "a = workagree.load(sys.argv[1])\n"
        "print(workagree.__file__, templates_root())\n"
        "print(workagree.render(a, format='md', theme='columns').splitlines()[0])\n"
    )
    done = subprocess.run(
        [str(wheel_bin / "python"), "-c", script, str(ROOT / "examples" / "agency-campaign.yaml")],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "WORKAGREE_CACHE_DIR": str(cache_dir)},
    )
    where, heading = done.stdout.splitlines()
    package = Path(where.split()[0]).parent
    assert package.is_relative_to(wheel_bin.parent), where
    assert where == f"{package}/__init__.py {package}/templates"
    assert heading == "# How We Work Together"
    # A preset and a translation, read from the installed package.
    env = {"PATH": "/usr/bin:/bin", "WORKAGREE_CACHE_DIR": str(cache_dir), "NO_COLOR": "1"}
    new = "new new.yaml -p freelance --locale da --provider Ana --client Bo --project Logo"
    for command in (f"{new} --no-input", "render new.yaml -f md -o -"):
        done = subprocess.run(
            [str(wheel_bin / "workagree"), *command.split()],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Sådan arbejder vi sammen"), done.stdout[:200]
