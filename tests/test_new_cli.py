"""`workagree new` without a terminal: options in, a clean spec out, nothing overwritten."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from workagree import presets
from workagree.api import check_file
from workagree.locales import SUPPORTED_LOCALES

from .conftest import Run

CLI = Callable[..., Run]
BASIC = ("--provider", "Ana Berg", "--client", "Contoso Ltd", "--project", "Spring campaign")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("preset", presets.names())
def test_every_preset_without_a_terminal(
    cli: CLI, tmp_path: Path, preset: str, locale: str
) -> None:
    run = cli(
        "new", "--preset", preset, *BASIC, "--start", "2027-03-01", "--locale", locale,
        "--country", "fr", "--provider-contact", "ana@northwind.example", "--no-input",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert run.stderr == ""
    note = (
        ""
        if presets.translated(locale, preset)
        else f"Note: this preset's wording is in English (no '{locale}' translation yet); "
        "translate it before sending.\n"
    )
    assert run.stdout == (
        f"Wrote agreement.yaml (preset {preset}).\n"
        "Wrote workagree.schema.json, the schema editors check the spec with.\n"
        + note
        + "Next: read it through and adjust it to your project, then run\n"
        "  workagree validate agreement.yaml\n"
        "  workagree render agreement.yaml\n"
    )
    result = check_file(tmp_path / "agreement.yaml")
    assert result.problems == []
    assert result.agreement is not None
    assert result.agreement.locale == locale
    assert result.agreement.calendar.country == "FR"
    assert str(result.agreement.effective) == "2027-03-01"
    assert cli("validate", "agreement.yaml").exit_code == 0


def test_no_terminal_and_no_no_input_still_never_asks(cli: CLI, tmp_path: Path) -> None:
    run = cli("new", "--preset", "retainer", *BASIC, "plan.yaml")
    assert run.exit_code == 0, run.output
    assert check_file(tmp_path / "plan.yaml").problems == []


def test_missing_options_are_listed(cli: CLI, tmp_path: Path) -> None:
    run = cli("new", "--client", "Contoso")
    assert run.exit_code == 2
    assert run.stderr == (
        "workagree: error: there is no terminal to ask on, so these options are needed: "
        "--preset, --provider, --project [usage]\n"
        '  hint: e.g. workagree new --preset freelance --provider "Your name" '
        '--client "Client name" --project "What it is for" --no-input\n'
    )
    run = cli("new", "--no-input")
    assert run.exit_code == 2
    assert run.stderr.startswith(
        "workagree: error: with --no-input these options are needed: "
        "--preset, --provider, --client, --project [usage]\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_defaults_fill_in_what_was_not_given(cli: CLI, tmp_path: Path) -> None:
    import datetime as dt

    assert cli("new", "--preset", "internal-teams", *BASIC).exit_code == 0
    agreement = check_file(tmp_path / "agreement.yaml").agreement
    assert agreement is not None
    assert agreement.effective == dt.date.today()
    assert agreement.locale == "en"
    assert agreement.calendar.country is None
    assert agreement.parties["platform"].contact is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "2027-02-30"), "--start: '2027-02-30' is not a real date"),
        (
            ("--start", "1/2/2027"),
            "--start: '1/2/2027' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-11",
        ),
        (("--country", "Denmark"), "--country: 'Denmark' is not a two-letter country code "
         "such as DK, FR or US"),
        (("--country", "ZZ"), "--country: 'ZZ' is not a country whose public holidays "
         "workagree knows"),
        (("--locale", "xx"), "--locale: 'xx' is not a supported language; use one of: "
         + ", ".join(SUPPORTED_LOCALES)),
        (("--provider", " "), "--provider: the name cannot be empty"),
        (("--set", "feedback_days"), "--set 'feedback_days' is not NAME=VALUE"),
        (("--set", "feedback_days=0"), "feedback_days: give a number from 1 to 60"),
        (("--set", "feedback_days=two"), "feedback_days: 'two' is not a whole number"),
        (("--set", "feedbak_days=3"), "preset 'freelance' has no setting 'feedbak_days' "
         "(did you mean 'feedback_days'?)"),
    ],
)  # fmt: skip
def test_bad_options_are_usage_errors(
    cli: CLI, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    run = cli("new", "--preset", "freelance", *BASIC, *args)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == f"workagree: error: {message} [usage]"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_preset_suggests_the_closest(cli: CLI) -> None:
    run = cli("new", "--preset", "agency", *BASIC)
    assert run.exit_code == 2
    assert run.stderr == (
        "workagree: error: there is no preset called 'agency' [usage]\n"
        "  hint: presets: freelance, agency-campaign, software-vendor, retainer, "
        "internal-teams (see `workagree new --list-presets`)\n"
    )


def test_settings_from_the_command_line(cli: CLI, tmp_path: Path) -> None:
    run = cli(
        "new", "--preset", "agency-campaign", *BASIC,
        "--set", "feedback_days=3", "--set", "restart_fee=€400",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    text = (tmp_path / "agreement.yaml").read_text(encoding="utf-8")
    assert "deadline: 3 business days after each delivery\n" in text
    assert "costs €400.\n" in text


def test_list_presets(cli: CLI, tmp_path: Path) -> None:
    run = cli("new", "--list-presets")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "freelance        A freelance project (design, writing, development) "
        "with drafts and rounds of feedback."
    )
    assert lines[1] == (
        "                 settings: feedback_days=5  response_hours=8  payment_days=15  "
        "pause_after_days=3  restart_after_days=20  restart_fee=one day of work"
    )
    assert [line.split()[0] for line in lines[::2]] == presets.names()
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_and_leaves_the_old_file_alone(cli: CLI, tmp_path: Path) -> None:
    old = b"# my own agreement\r\nworkagree: 1\n\x00 not even valid\n"
    (tmp_path / "agreement.yaml").write_bytes(old)
    run = cli("new", "--preset", "freelance", *BASIC)
    assert run.exit_code == 1
    assert run.stderr == (
        "agreement.yaml: error: already exists; it was left as it is [exists]\n"
        "  hint: pass --force to replace it, or choose another path\n"
    )
    assert (tmp_path / "agreement.yaml").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml"]


def test_force_replaces(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "agreement.yaml").write_text("old\n", encoding="utf-8")
    assert cli("new", "--preset", "freelance", *BASIC, "--force").exit_code == 0
    assert check_file(tmp_path / "agreement.yaml").problems == []


def test_a_folder_gets_agreement_yaml(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "contoso").mkdir()
    run = cli("new", "contoso", "--preset", "software-vendor", *BASIC)
    assert run.exit_code == 0, run.output
    assert "Wrote contoso/agreement.yaml (preset software-vendor)." in run.stdout
    assert check_file(tmp_path / "contoso" / "agreement.yaml").problems == []


def test_a_missing_folder_is_reported(cli: CLI) -> None:
    run = cli("new", "nowhere/agreement.yaml", "--preset", "retainer", *BASIC)
    assert run.exit_code == 1
    assert run.stderr == (
        "nowhere/agreement.yaml: error: cannot be written: its folder does not exist "
        "[write-failed]\n  hint: create the folder first: mkdir -p nowhere\n"
    )


def test_next_commands_quote_the_path(cli: CLI, tmp_path: Path) -> None:
    run = cli("new", "my agreement.yaml", "--preset", "retainer", *BASIC)
    assert run.exit_code == 0
    assert "  workagree validate 'my agreement.yaml'\n" in run.stdout


@pytest.fixture
def fake_renderer(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """A stand-in for workagree.render that records what it was asked to render."""
    calls: list[tuple[str, str, str]] = []
    module = types.ModuleType("workagree.rendering")

    def render(agreement: object, *, format: str, theme: str) -> bytes:
        calls.append((getattr(agreement, "project", ""), format, theme))
        return b"%PDF-1.7 fake\n"

    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workagree.rendering", module)
    return calls


def test_render_writes_the_pdf_next_to_the_spec(
    cli: CLI, tmp_path: Path, fake_renderer: list[tuple[str, str, str]]
) -> None:
    run = cli("new", "spring.yaml", "--preset", "agency-campaign", *BASIC, "--render")
    assert run.exit_code == 0, run.output
    assert fake_renderer == [("Spring campaign", "pdf", "classic")]
    assert (tmp_path / "spring.pdf").read_bytes() == b"%PDF-1.7 fake\n"
    assert (
        "Wrote spring.yaml (preset agency-campaign).\n"
        "Wrote workagree.schema.json, the schema editors check the spec with.\n"
        "Wrote spring.pdf.\n"
    ) in run.stdout


def test_render_refuses_to_overwrite_a_pdf_before_writing_anything(
    cli: CLI, tmp_path: Path, fake_renderer: list[tuple[str, str, str]]
) -> None:
    (tmp_path / "agreement.pdf").write_bytes(b"signed copy")
    run = cli("new", "--preset", "freelance", *BASIC, "--render")
    assert run.exit_code == 1
    assert run.stderr.startswith("agreement.pdf: error: already exists; it was left as it is")
    assert fake_renderer == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.pdf"]
    assert (tmp_path / "agreement.pdf").read_bytes() == b"signed copy"


def test_interrupting_the_render_keeps_the_spec(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("workagree.rendering")

    def render(agreement: object, *, format: str, theme: str) -> bytes:
        raise KeyboardInterrupt

    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workagree.rendering", module)
    run = cli("new", "--preset", "freelance", *BASIC, "--render")
    assert run.exit_code == 130
    assert run.stderr == "Interrupted; agreement.yaml was written, the PDF was not.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.yaml", "workagree.schema.json"]
    assert check_file(tmp_path / "agreement.yaml").problems == []


def test_help_has_a_summary_and_an_example(cli: CLI) -> None:
    run = cli("new", "--help")
    assert run.exit_code == 0
    assert "Create a first agreement from a preset, asking a few questions." in run.stdout
    assert "Example:  workagree new -p freelance" in run.stdout


@pytest.mark.parametrize("args", [("new", "--help"), ("new", "--list-presets")])
def test_listing_and_help_load_no_heavy_libraries(args: tuple[str, ...]) -> None:
    import os
    import subprocess

    from .conftest import ROOT

    code = (
        "import sys\nfrom workagree.cli import main\n"
        f"sys.argv = ['workagree', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in ('weasyprint', 'babel', 'holidays', 'jinja2')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert "HEAVY [] 0" in result.stdout, result.stdout + result.stderr


def test_render_refuses_a_spec_named_like_its_pdf(cli: CLI, tmp_path: Path) -> None:
    run = cli("new", "n.pdf", "--preset", "freelance", *BASIC, "--render", "--force")
    assert run.exit_code == 2
    assert run.stderr.startswith(
        "workagree: error: n.pdf: --render writes the PDF beside the spec, under the same name"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []
