"""The package as a release would ship it: built once per test run, installed in a venv.

The venv holds the wheel alone; its dependencies (and pip) are the ones the tests run with
(a `.pth` file adds their folders, after the venv's own), so installing needs no network,
and the `workagree` on the venv's PATH is the wheel's, not the checkout's.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT


@dataclass(frozen=True)
class Built:
    sdist: Path
    wheel: Path


def build_release(folder: Path) -> Built:
    """`python -m build`: the sdist, then the wheel built from the sdist, as for PyPI."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = folder.glob("workagree-*.tar.gz")
    (wheel,) = folder.glob("workagree-*.whl")
    return Built(sdist, wheel)


def venv_with(wheel: Path, folder: Path) -> Path:
    """A venv with ``wheel`` installed; returns its ``bin`` folder."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)],
        check=True,
        capture_output=True,
    )
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (Path(purelib) / "workagree-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in ours), encoding="utf-8"
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    return folder / "bin"
