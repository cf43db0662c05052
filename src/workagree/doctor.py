"""What workagree will use to make PDFs, and whether it is healthy."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ._version import __version__

# Letters a font must have for the languages workagree writes.
SAMPLES = {
    "Latin": "AaZzÆØÅæøåÄÖÜäöüßÉÈÊéèêÇçÑñÕõŠšŽž€",
    "Cyrillic": "АаБбЖжЩщЫыЭэЮюЯяЁё",
}
HARFBUZZ_FIX = {
    "Debian/Ubuntu": "sudo apt-get install libharfbuzz-subset0",
    "Fedora": "sudo dnf install harfbuzz",
    "macOS": "brew install harfbuzz",
}
PANGO_FIX = {
    "Debian/Ubuntu": "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0",
    "Fedora": "sudo dnf install pango",
    "macOS": "brew install pango",
}


class Status(StrEnum):
    OK = "ok"
    WARN = "warning"
    FAIL = "failed"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    status: Status
    detail: str
    fix: str | None = None


def _fixes(table: dict[str, str]) -> str:
    return "; ".join(f"{system}: {command}" for system, command in table.items())


def _pdf_engine() -> list[Check]:
    try:
        import weasyprint
        from weasyprint.text import ffi
    except (OSError, ImportError) as exc:
        return [
            Check(
                "WeasyPrint",
                Status.FAIL,
                f"cannot be loaded: {exc}",
                "install Pango, which WeasyPrint needs for PDFs: " + _fixes(PANGO_FIX),
            )
        ]
    checks = [Check("WeasyPrint", Status.OK, weasyprint.__version__)]
    version = int(ffi.pango.pango_version())
    checks.append(
        Check("Pango", Status.OK, f"{version // 10000}.{version // 100 % 100}.{version % 100}")
    )
    checks += _subsetting()
    return checks


def _subsetting() -> list[Check]:
    """Which font subsetter WeasyPrint uses, and whether fontTools takes its slow path."""
    import fontTools
    from weasyprint.pdf import fonts

    from .engine import subsetting
    from .engine.weasy import weasyprint
    from .errors import WorkagreeError

    try:
        weasyprint()  # applies WORKAGREE_FONT_SUBSETTER
    except WorkagreeError as exc:
        problem = exc.problems[0]
        return [Check("Font subsetter", Status.FAIL, problem.message, problem.hint)]
    slow = "active" if subsetting.slow_path(fonts) else "not active"
    tools = Check("fontTools", Status.OK, f"{fontTools.version} (slow layout-table path {slow})")
    if subsetting.harfbuzz(fonts):
        return [Check("Font subsetter", Status.OK, "HarfBuzz (libharfbuzz-subset0)"), tools]
    if subsetting.forced():
        why = f"chosen by {subsetting.VARIABLE}=fonttools"
        return [Check("Font subsetter", Status.OK, f"fontTools, {why}"), tools]
    return [
        Check(
            "Font subsetter",
            Status.WARN,
            "fontTools: HarfBuzz's subsetter is not installed, so PDFs render a little more slowly",
            "install HarfBuzz's subsetting library: " + _fixes(HARFBUZZ_FIX),
        ),
        tools,
    ]


def _fonts() -> list[Check]:
    from fontTools.ttLib import TTFont

    from .rendering.themes import templates_root

    folder = templates_root() / "fonts"
    fonts = sorted(p for p in folder.glob("*") if p.suffix in (".otf", ".ttf"))
    if not fonts:
        return [
            Check(
                "Fonts",
                Status.FAIL,
                f"no bundled fonts in {folder}",
                "reinstall workagree: python -m pip install --force-reinstall workagree",
            )
        ]
    checks = []
    for script, letters in SAMPLES.items():
        missing_in = []
        for path in fonts:
            with TTFont(path, lazy=True) as font:
                cmap = font.getBestCmap()
            if any(ord(char) not in cmap for char in letters):
                missing_in.append(path.name)
        checks.append(
            Check(
                f"Fonts for {script}",
                Status.FAIL if missing_in else Status.OK,
                f"missing letters in {', '.join(missing_in)}"
                if missing_in
                else f"{len(fonts)} bundled fonts cover it",
                "reinstall workagree" if missing_in else None,
            )
        )
    return checks


def _writable(folder: Path) -> Check:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".workagree-doctor-"):
            pass
    except OSError as exc:
        return Check(
            "Output folder",
            Status.FAIL,
            f"{folder} is not writable ({exc.strerror or exc})",
            "run workagree from a folder you can write to, or pass --output",
        )
    return Check("Output folder", Status.OK, f"{folder} is writable")


def diagnose(folder: Path | None = None) -> list[Check]:
    """Every check, in the order they are shown."""
    checks = [
        Check("Python", Status.OK, f"{platform.python_version()} ({sys.executable})"),
        Check("workagree", Status.OK, __version__),
        *_pdf_engine(),
    ]
    with contextlib.suppress(ImportError):
        checks += _fonts()
    checks.append(_writable(folder or Path(os.getcwd())))
    return checks


def pdf_works(checks: list[Check]) -> bool:
    """Whether PDF output can work: no check failed."""
    return all(check.status is not Status.FAIL for check in checks)
