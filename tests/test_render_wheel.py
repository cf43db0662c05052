"""The templates and fonts ship inside the wheel, where an installed workagree finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_templates_and_fonts(tmp_path: Path, cache_dir: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("workagree-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
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
    }
    assert shipped <= names, sorted(shipped - names)
    for built_in in (ROOT / "templates").rglob("*"):
        if built_in.is_file():
            assert f"workagree/{built_in.relative_to(ROOT).as_posix()}" in names

    # Installed (not editable), the package finds its own templates, away from the checkout.
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), wheel],
        check=True,
        capture_output=True,
    )
    script = (
        "import sys, workagree\n"
        "from workagree.rendering.environment import templates_root\n"
        "a = workagree.load(sys.argv[1])\n"
        "print(workagree.__file__, templates_root())\n"
        "print(workagree.render(a, format='md', theme='columns').splitlines()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "examples" / "agency-campaign.yaml")],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(site),
            "PATH": "/usr/bin:/bin",
            "WORKAGREE_CACHE_DIR": str(cache_dir),
        },
    )
    where, heading = done.stdout.splitlines()
    assert where == f"{site}/workagree/__init__.py {site}/workagree/templates"
    assert heading == "# How We Work Together"
