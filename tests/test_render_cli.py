"""`workagree render` and `workagree templates` through the CLI, as a user sees them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT, Run

Cli = Callable[..., Run]


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    target = tmp_path / "agreement.yaml"
    shutil.copy(EXAMPLES[0], target)
    return target


def long_spec(spec: Path, count: int) -> Path:
    extra = "".join(
        f"  - id: extra{i}\n    owner: {'studio' if i % 2 else 'client'}\n"
        f"    what: Extra responsibility number {i}, described in a fair number of words\n"
        "    deadline: 3 business days after each request\n    if_missed: credit\n"
        for i in range(count)
    )
    text = spec.read_text(encoding="utf-8").replace("\nconsequences:", extra + "\nconsequences:")
    spec.write_text(text, encoding="utf-8")
    return spec


def test_markdown_to_stdout(cli: Cli, spec: Path) -> None:
    run = cli("render", str(spec), "--format", "md", "--output", "-", "--theme", "columns")
    assert run.exit_code == 0
    assert run.stdout.startswith("# How We Work Together\n\n**Spring campaign for Contoso**\n")
    assert run.stderr == ""


@pytest.mark.pdf
def test_all_formats_go_beside_the_spec(cli: Cli, spec: Path) -> None:
    run = cli("render", str(spec), "--format", "all")
    assert run.exit_code == 0, run.output
    for suffix in (".md", ".html", ".pdf"):
        assert spec.with_suffix(suffix).is_file()
    assert f"Wrote {spec.with_suffix('.pdf')} (1 page)" in run.stderr


def test_all_formats_into_a_folder(cli: Cli, spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run = cli("render", str(spec), "-f", "all", "-o", str(out))
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir()) == [
        "agreement.docx",
        "agreement.html",
        "agreement.md",
        "agreement.pdf",
    ]


def test_output_into_an_existing_folder(cli: Cli, spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run = cli("render", str(spec), "-f", "html", "-o", str(out))
    assert run.exit_code == 0, run.output
    assert run.stderr == f"Wrote {out / 'agreement.html'}\n"
    assert (out / "agreement.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_invalid_spec_prints_the_validate_problems_and_writes_nothing(cli: Cli, spec: Path) -> None:
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("owner: client", "owner: clinet", 1),
        encoding="utf-8",
    )
    run = cli("render", str(spec), "-f", "all")
    validate = cli("validate", str(spec))
    assert run.exit_code == 1
    assert run.stdout == ""
    problems = [line for line in validate.stdout.splitlines() if "error:" in line]
    assert problems
    assert all(line in run.stderr for line in problems)
    assert "'clinet' is not a party" in run.stderr
    assert not any(spec.with_suffix(s).exists() for s in (".md", ".html", ".pdf"))


def test_missing_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    run = cli("render", str(tmp_path / "nope.yaml"))
    assert run.exit_code == 2
    assert "nope.yaml: error: no such file" in run.stderr


def test_unknown_theme_suggests_the_closest(cli: Cli, spec: Path) -> None:
    run = cli("render", str(spec), "--theme", "clasic")
    assert run.exit_code == 2
    assert "workagree: error: unknown theme 'clasic' (did you mean 'classic'?)" in run.stderr


def test_missing_templates_folder_is_a_usage_error(cli: Cli, spec: Path, tmp_path: Path) -> None:
    run = cli("render", str(spec), "--templates", str(tmp_path / "none"))
    assert run.exit_code == 2
    assert f"the templates folder '{tmp_path / 'none'}' does not exist" in run.stderr


def test_pdf_cannot_go_to_stdout(cli: Cli, spec: Path) -> None:
    run = cli("render", str(spec), "--output", "-")
    assert run.exit_code == 2
    assert "--output - writes to stdout, which works only for --format md or html" in run.stderr


@pytest.mark.pdf
def test_too_many_pages_warns_and_strict_fails_keeping_the_old_file(cli: Cli, spec: Path) -> None:
    long_spec(spec, 10)
    out = spec.with_suffix(".pdf")
    run = cli("render", str(spec))
    assert run.exit_code == 0
    assert "warning: the PDF has 2 pages, more than the 1 page allowed [too-many-pages]" in (
        run.stderr
    )
    out.write_bytes(b"previous")
    run = cli("render", str(spec), "--strict")
    assert run.exit_code == 1
    assert "error: the PDF has 2 pages, more than the 1 page allowed" in run.stderr
    assert out.read_bytes() == b"previous"
    assert cli("render", str(spec), "--max-pages", "2", "--strict").exit_code == 0


@pytest.mark.pdf
def test_fit_shrinks_onto_one_page(cli: Cli, spec: Path) -> None:
    long_spec(spec, 10)
    run = cli("render", str(spec), "--fit")
    assert run.exit_code == 0, run.output
    assert "(1 page, " in run.stderr
    size = float(run.stderr.split("(1 page, ")[1].split(" pt)")[0])
    assert 8 <= size < 10.5


@pytest.mark.pdf
def test_fit_fails_naming_the_section_that_spills_over(cli: Cli, spec: Path) -> None:
    long_spec(spec, 60)
    run = cli("render", str(spec), "--fit")
    assert run.exit_code == 1
    assert (
        "does not fit on 1 page even at 8 pt: the 'Responsibilities' section spills over "
        "onto page 2" in run.stderr
    )
    assert not spec.with_suffix(".pdf").exists()


def test_templates_list(cli: Cli) -> None:
    run = cli("templates", "list")
    assert run.exit_code == 0
    assert "classic  Noto Serif" in run.stdout
    assert "columns  Inter" in run.stdout


def test_eject_copies_a_theme_and_refuses_to_overwrite(
    cli: Cli, spec: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    run = cli("templates", "eject", "columns", str(folder))
    assert run.exit_code == 0, run.output
    assert (folder / "agreement.html.j2").is_file()
    assert (folder / "parts" / "responsibilities.html.j2").is_file()
    ejected = cli(
        "render", str(spec), "-f", "html", "-o", "-", "-t", "columns", "--templates", str(folder)
    )
    builtin = cli("render", str(spec), "-f", "html", "-o", "-", "--theme", "columns")
    assert ejected.stdout == builtin.stdout
    (folder / "theme.css.j2").write_text("/* mine */", encoding="utf-8")
    again = cli("templates", "eject", "columns", str(folder))
    assert again.exit_code == 1
    assert f"{folder / 'theme.css.j2'}: error: already exists; nothing was copied" in again.stderr
    assert (folder / "theme.css.j2").read_text(encoding="utf-8") == "/* mine */"


def test_eject_unknown_theme(cli: Cli, tmp_path: Path) -> None:
    run = cli("templates", "eject", "column", str(tmp_path / "x"))
    assert run.exit_code == 2
    assert "unknown theme 'column' (did you mean 'columns'?)" in run.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "command", [("render",), ("templates",), ("templates", "list"), ("templates", "eject")]
)
def test_help_has_a_summary_and_an_example(cli: Cli, command: tuple[str, ...]) -> None:
    run = cli(*command, "--help")
    assert run.exit_code == 0
    assert "Example:" in run.stdout


def test_missing_pdf_engine_is_one_clear_message(
    cli: Cli, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be imported
    run = cli("render", str(spec))
    assert run.exit_code == 1
    assert "workagree: error: PDF output needs WeasyPrint and its system libraries" in run.stderr
    assert "Markdown and HTML output work without them" in run.stderr
    assert "Traceback" not in run.output
    assert not spec.with_suffix(".pdf").exists()
    assert cli("render", str(spec), "-f", "html").exit_code == 0


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--help"], ["weasyprint", "babel", "holidays", "jinja2"]),
        (["render", "{spec}", "-f", "html"], ["weasyprint"]),
        (["render", "{spec}", "-f", "md", "-o", "-"], ["weasyprint"]),
    ],
)
def test_heavy_imports_stay_lazy(spec: Path, args: list[str], absent: list[str]) -> None:
    script = (
        "import sys\n"
        "from workagree.cli import main\n"
        "sys.argv = ['workagree', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('loaded:', ' '.join(m for m in {absent!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *(a.format(spec=spec) for a in args)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.stdout.splitlines()[-1] == "loaded: "
