"""`workagree build`: incremental, parallel, loud about failures, never deleting."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLES, Run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with agreements in nested folders, a broken one and an unrelated YAML file."""
    (tmp_path / "agreements" / "clients").mkdir(parents=True)
    shutil.copy(EXAMPLES[0], tmp_path / "agreements" / "one.yaml")
    shutil.copy(EXAMPLES[1], tmp_path / "agreements" / "clients" / "two.yaml")
    (tmp_path / "agreements" / "other.yaml").write_text("name: not an agreement\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_builds_mirrored_outputs_then_skips_them(cli: Callable[..., Run], project: Path) -> None:
    first = cli("build", "agreements", "--format", "md,html", "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert sorted(outputs(project / "build")) == [
        "agreements/clients/two.html",
        "agreements/clients/two.md",
        "agreements/one.html",
        "agreements/one.md",
    ]
    assert "built 4, current 0, failed 0" in first.stderr
    before = {p: (project / "build" / p).stat().st_mtime_ns for p in outputs(project / "build")}
    second = cli("build", "agreements", "--format", "md,html")
    assert second.exit_code == 0
    assert "built 0, current 4, failed 0" in second.stderr
    after = {p: (project / "build" / p).stat().st_mtime_ns for p in outputs(project / "build")}
    assert after == before
    forced = cli("build", "agreements", "--format", "md,html", "--force")
    assert "built 4, current 0" in forced.stderr


def test_check_reports_stale_outputs_and_writes_nothing(
    cli: Callable[..., Run], project: Path
) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    assert cli("build", "agreements", "--format", "md", "--check").exit_code == 0
    spec = project / "agreements" / "one.yaml"
    spec.write_text(spec.read_text() + "# a comment changes nothing\n")
    assert cli("build", "agreements", "--format", "md", "--check").exit_code == 0
    spec.write_text(spec.read_text().replace("Deliver each", "Deliver every"))
    snapshot = outputs(project / "build")
    check = cli("build", "agreements", "--format", "md", "--check")
    assert check.exit_code == 1
    assert "stale build/agreements/one.md" in check.stderr
    assert "stale 1, missing 0, current 1, failed 0" in check.stderr
    assert check.stderr.endswith("  to build them: workagree build\n")
    assert outputs(project / "build") == snapshot


def test_check_notices_an_edited_or_missing_output(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    (project / "build" / "agreements" / "one.md").write_text("edited by hand\n")
    (project / "build" / "agreements" / "clients" / "two.md").unlink()
    check = cli("build", "agreements", "--format", "md", "--check")
    assert check.exit_code == 1
    assert "   stale build/agreements/one.md" in check.stderr
    assert " missing build/agreements/clients/two.md" in check.stderr
    assert "stale 1, missing 1, current 0" in check.stderr


def test_one_broken_spec_does_not_stop_the_others(cli: Callable[..., Run], project: Path) -> None:
    broken = project / "agreements" / "broken.yaml"
    broken.write_text(EXAMPLES[0].read_text().replace("owner: client", "owner: clinet", 1))
    result = cli("build", "agreements", "--format", "md")
    assert result.exit_code == 1
    assert "owner 'clinet' is not a party (did you mean 'client'?)" in result.stderr
    assert f"failed {broken}" in result.stderr or "failed agreements/broken.yaml" in result.stderr
    assert "built 2, current 0, failed 1" in result.stderr
    assert not (project / "build" / "agreements" / "broken.md").exists()


def test_removed_spec_is_reported_not_deleted(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--format", "md").exit_code == 0
    (project / "agreements" / "one.yaml").unlink()
    result = cli("build", "agreements", "--format", "md")
    assert "orphan build/agreements/one.md (its spec is gone; not deleted)" in result.stderr
    assert (project / "build" / "agreements" / "one.md").exists()


def test_configuration_file_sets_globs_out_and_formats(
    cli: Callable[..., Run], project: Path
) -> None:
    (project / "workagree.toml").write_text(
        'include = ["agreements/clients/*.yaml"]\nout = "site"\nformats = ["html"]\n'
    )
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert sorted(outputs(project / "site")) == ["agreements/clients/two.html"]


def test_pyproject_table_is_read(cli: Callable[..., Run], project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.workagree]\ninclude = ["agreements/*.yaml"]\nformats = "md"\n'
    )
    assert cli("build").exit_code == 0
    assert sorted(outputs(project / "build")) == ["agreements/one.md"]


def test_unknown_setting_or_format_is_a_usage_error(cli: Callable[..., Run], project: Path) -> None:
    result = cli("build", "agreements", "--format", "pdf,odt")
    assert result.exit_code == 2
    assert "unknown format(s): odt" in result.stderr
    (project / "workagree.toml").write_text('outdir = "x"\n')
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree.toml:1:1: error: unknown setting 'outdir' [bad-setting]\n"
        ' 1 | outdir = "x"\n'
        "   | ^^^^^^\n"
        "  hint: known settings: include, out, formats, theme, locale, page, fit, embed-source\n"
    )


@pytest.mark.pdf
def test_parallel_pdf_build_matches_a_serial_one(cli: Callable[..., Run], project: Path) -> None:
    assert cli("build", "agreements", "--out", "serial", "--jobs", "1").exit_code == 0
    parallel = cli("build", "agreements", "--out", "parallel", "--jobs", "2")
    assert parallel.exit_code == 0, parallel.output
    serial_files = outputs(project / "serial")
    assert sorted(serial_files) == ["agreements/clients/two.pdf", "agreements/one.pdf"]
    assert outputs(project / "parallel") == serial_files


def test_no_more_workers_than_specs(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from workagree.build import runner

    started: list[int | None] = []

    def recorded(max_workers: int | None = None, **options: Any) -> ProcessPoolExecutor:
        started.append(max_workers)
        return ProcessPoolExecutor(max_workers, **options)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", recorded)
    result = cli("build", "agreements", "--out", "out", "--format", "md", "--jobs", "16")
    assert result.exit_code == 0, result.output
    assert started == [2]  # two specs, so two workers, not sixteen
    assert sorted(outputs(project / "out")) == ["agreements/clients/two.md", "agreements/one.md"]


def test_specs_mapping_to_one_output_are_refused_before_building(
    cli: Callable[..., Run], project: Path
) -> None:
    (project / "more").mkdir()
    shutil.copy(EXAMPLES[0], project / "more" / "one.yaml")  # its own output: more/one.md
    shutil.copy(EXAMPLES[0], project / "agreements" / "one.yml")
    expected = (
        "build/agreements/one.md: error: would be the output of more than one spec: "
        "agreements/one.yaml, agreements/one.yml [output-collision]\n"
        "  hint: rename one of them, or build them separately into different --out folders\n"
    )
    for check in ([], ["--check"]):
        result = cli("build", "agreements", "more", "--format", "md", *check)
        assert result.exit_code == 2
        assert result.stderr == expected
    assert not (project / "build").exists()
    (project / "agreements" / "one.yml").unlink()
    result = cli("build", "agreements", "more", "--format", "md")
    assert result.exit_code == 0, result.output
    assert sorted(outputs(project / "build")) == [
        "agreements/clients/two.md",
        "agreements/one.md",
        "more/one.md",
    ]


def test_build_never_writes_over_a_spec(cli: Callable[..., Run], project: Path) -> None:
    spec = (project / "agreements" / "one.yaml").read_bytes()
    (project / "one.md").write_bytes(spec)
    result = cli("build", "one.md", "--format", "md", "--out", ".")
    assert result.exit_code == 2
    assert result.stderr == (
        "one.md: error: the output would replace the spec one.md, an input of this command "
        "[output-is-input]\n"
        "  hint: choose another --out folder\n"
    )
    assert (project / "one.md").read_bytes() == spec


def test_outputs_stay_inside_the_output_folder(cli: Callable[..., Run], project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "site" / "agreements").mkdir(parents=True)
    (project / "site" / "agreements" / "clients").symlink_to(project / "elsewhere")
    result = cli("build", "agreements", "--format", "md", "--out", "site")
    assert result.exit_code == 2
    assert result.stderr == (
        "site/agreements/clients/two.md: error: would be written outside the output folder site "
        "[output-outside]\n"
        "  hint: keep the specs and the output folder's subfolders inside the project "
        "(no symlinks out of the output folder)\n"
    )
    assert list((project / "elsewhere").iterdir()) == []
    assert sorted(p.name for p in (project / "site" / "agreements").iterdir()) == ["clients"]


def _setting_problem(file: str, line: int, source: str, message: str, hint: str) -> str:
    """The message for a bad setting on ``line``, its key underlined."""
    key = source.partition("=")[0].strip()
    return (
        f"{file}:{line}:1: error: {message} [bad-setting]\n"
        f" {line} | {source}\n"
        f"   | {'^' * len(key)}\n"
        f"  hint: {hint}\n"
    )


INCLUDE_HINT = 'relative glob patterns, e.g. include = ["agreements/**/*.yaml"]'
FORMATS_HINT = 'a list of md, html, pdf, docx, e.g. formats = ["pdf", "html"]'


def test_every_bad_setting_is_reported_at_once(cli: Callable[..., Run], project: Path) -> None:
    lines = [
        "include = [1, 2]",
        "theme = 5",
        "out = 7",
        'formats = "odt"',
    ]
    (project / "workagree.toml").write_text("\n".join(lines) + "\n")
    result = cli("build")
    assert result.exit_code == 2
    file = "workagree.toml"
    assert result.stderr == (
        _setting_problem(
            file,
            1,
            lines[0],
            "setting 'include' must be a glob pattern or a list of them (strings), "
            "not a list holding a number",
            INCLUDE_HINT,
        )
        + _setting_problem(
            file,
            2,
            lines[1],
            "setting 'theme' must be a string, not a number",
            'a theme name, e.g. theme = "classic"',
        )
        + _setting_problem(
            file,
            3,
            lines[2],
            "setting 'out' must be a string, not a number",
            'a folder name, e.g. out = "build"',
        )
        + _setting_problem(
            file,
            4,
            lines[3],
            "setting 'formats' names unknown format(s): 'odt'",
            FORMATS_HINT,
        )
    )
    assert not (project / "build").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("include = 5", "must be a glob pattern or a list of them (strings), not a number"),
        (
            'include = ["../*.yaml", "/etc/*.yaml", "a/../../b.yaml"]',
            "has patterns reaching outside the project folder: "
            "'../*.yaml', '/etc/*.yaml', 'a/../../b.yaml'",
        ),
    ],
)
def test_include_must_be_patterns_inside_the_project(
    cli: Callable[..., Run], project: Path, line: str, message: str
) -> None:
    (project / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.workagree]\n{line}\n")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == _setting_problem(
        "pyproject.toml", 5, line, f"setting 'include' {message}", INCLUDE_HINT
    )


def test_formats_of_the_wrong_shape_and_theme_as_a_table(
    cli: Callable[..., Run], project: Path
) -> None:
    (project / "workagree.toml").write_text("formats = [3]\n\n[theme]\nname = 'classic'\n")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        _setting_problem(
            "workagree.toml",
            1,
            "formats = [3]",
            "setting 'formats' must be a list of formats (strings), not a list holding a number",
            FORMATS_HINT,
        )
        + "workagree.toml: error: setting 'theme' must be a string, not a table [bad-setting]\n"
        '  hint: a theme name, e.g. theme = "classic"\n'
    )


def test_tool_workagree_must_be_a_table(cli: Callable[..., Run], project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool]\nworkagree = 5\n")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == _setting_problem(
        "pyproject.toml",
        2,
        "workagree = 5",
        "setting 'tool.workagree' must be a table, not a number",
        "write the settings under a [tool.workagree] header",
    )


def test_a_settings_file_that_is_not_utf8_or_unreadable_is_a_usage_error(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = project / "workagree.toml"
    settings.write_bytes(b'out = "\xff"\n')
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree.toml: error: is not UTF-8 text (byte 8) [usage]\n"
        "  hint: save the file as UTF-8\n"
    )
    from workagree.build import config

    read_regular = config.read_regular

    def denied(path: Path, limit: int = -1) -> bytes:
        if path.name == "workagree.toml":
            raise PermissionError(13, "Permission denied")
        return read_regular(path, limit)

    monkeypatch.setattr(config, "read_regular", denied)
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree.toml: error: cannot be read: Permission denied [usage]\n"
        "  hint: check the file's permissions, or remove it\n"
    )
    assert not (project / "build").exists()


def test_build_never_writes_inside_its_templates_folder(
    cli: Callable[..., Run], project: Path
) -> None:
    assert cli("templates", "eject", "classic", "mine").exit_code == 0
    before = sorted(p.relative_to(project) for p in (project / "mine").rglob("*"))
    result = cli("build", "agreements/one.yaml", "-f", "md", "--templates", "mine", "--out", "mine")
    assert result.exit_code == 2
    assert result.stderr == (
        "mine/agreements/one.md: error: the output would go inside the templates folder mine, "
        "an input "
        "of this command [output-is-input]\n"
        "  hint: choose another --out folder\n"
    )
    assert sorted(p.relative_to(project) for p in (project / "mine").rglob("*")) == before


_KEY_FIRST = EXAMPLES[0].read_text(encoding="utf-8").split("\nworkagree:", 1)[1]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bom.yaml", "\ufeffworkagree:" + _KEY_FIRST),
        ("quoted.yaml", '"workagree":' + _KEY_FIRST),
        ("single.yaml", "'workagree':" + _KEY_FIRST),
    ],
)
def test_specs_with_a_byte_order_mark_or_a_quoted_key_are_found(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / name).write_text(text, encoding="utf-8")
    (tmp_path / "agreements" / "mismatched.yaml").write_text("\"workagree': 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("build", "agreements", "--format", "md")
    assert run.exit_code == 0, run.output
    assert sorted(outputs(tmp_path / "build")) == ["agreements/" + name.replace(".yaml", ".md")]


@pytest.mark.parametrize(
    ("args", "settings"),
    [
        (["agreements"], ""),
        (["agreements/"], ""),
        (["./agreements/one.yaml", "agreements/clients"], ""),
        (["agreements/clients/two.yaml", "agreements/one.yaml"], ""),
        ([], ""),  # the current folder is searched
        ([], 'include = ["agreements/**/*.yaml"]\n'),
        ([], 'include = ["agreements/*.yaml", "agreements/clients/*.yaml"]\n'),
    ],
)
def test_outputs_mirror_the_spec_paths_inside_the_project_however_they_are_found(
    cli: Callable[..., Run], project: Path, args: list[str], settings: str
) -> None:
    if settings:
        (project / "workagree.toml").write_text(settings)
    built = cli("build", *args, "--format", "md")
    assert built.exit_code == 0, built.output
    assert sorted(outputs(project / "build")) == [
        "agreements/clients/two.md",
        "agreements/one.md",
    ]
    # Whichever way the specs were named, a bare check (and one by folder) finds the outputs.
    for check in (["build", "--check"], ["build", "agreements", "--check"]):
        result = cli(*check, "--format", "md")
        assert result.exit_code == 0, result.output
        assert "stale 0, missing 0, current 2, failed 0" in result.stderr


def test_the_documented_recipe_builds_then_checks(cli: Callable[..., Run], project: Path) -> None:
    """`build --help`'s example, then a bare `build --check` with the same formats."""
    built = cli("build", "agreements/", "--out", "build", "--format", "md,html")
    assert built.exit_code == 0, built.output
    assert "   built build/agreements/clients/two.html\n" in built.stderr
    check = cli("build", "--check", "--format", "md,html")
    assert check.exit_code == 0, check.output


def test_a_spec_outside_the_project_mirrors_its_path_inside_what_was_named(
    cli: Callable[..., Run], project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "deep").mkdir()
    shutil.copy(EXAMPLES[0], elsewhere / "far.yaml")
    shutil.copy(EXAMPLES[1], elsewhere / "deep" / "near.yaml")
    for named in ([str(elsewhere)], [f"{elsewhere}/", str(elsewhere / "far.yaml")]):
        result = cli("build", "agreements", *named, "-f", "md", "--out", "out", "--force")
        assert result.exit_code == 0, result.output
        assert sorted(outputs(project / "out")) == [
            "agreements/clients/two.md",
            "agreements/one.md",
            "deep/near.md",
            "far.md",
        ]
        assert (
            cli("build", "agreements", *named, "-f", "md", "--out", "out", "--check").exit_code == 0
        )
    # Two folders outside the project holding the same names would make the same outputs.
    other = tmp_path_factory.mktemp("other")
    shutil.copy(EXAMPLES[1], other / "far.yaml")
    clash = cli("build", str(elsewhere), str(other), "-f", "md", "--out", "clash")
    assert clash.exit_code == 2
    assert clash.stderr.startswith(
        "clash/far.md: error: would be the output of more than one spec: "
        f"{elsewhere / 'far.yaml'}, {other / 'far.yaml'} [output-collision]\n"
    )
    assert not (project / "clash").exists()
    alone = cli("build", str(elsewhere / "deep" / "near.yaml"), "-f", "md", "--out", "alone")
    assert alone.exit_code == 0, alone.output
    assert sorted(outputs(project / "alone")) == ["near.md"]


def test_a_spec_named_through_a_symlink_to_the_project_is_inside_it(
    cli: Callable[..., Run], project: Path
) -> None:
    alias = project.parent / (project.name + "-alias")
    alias.symlink_to(project)
    result = cli("build", str(alias / "agreements" / "one.yaml"), "-f", "md")
    assert result.exit_code == 0, result.output
    assert sorted(outputs(project / "build")) == ["agreements/one.md"]


def test_check_refuses_to_leave_out_a_format_that_was_built(
    cli: Callable[..., Run], project: Path
) -> None:
    assert cli("build", "agreements", "--format", "md,html").exit_code == 0
    hint = (
        "  hint: check every format that is built (--format md,html), best by listing them in "
        "workagree.toml (formats = [...]), which build and build --check both read; or delete "
        "the files of a format that is no longer built\n"
    )
    for narrower in (["--format", "md"], ["agreements", "--format", "md"]):
        result = cli("build", "--check", *narrower)
        assert result.exit_code == 2
        assert result.stderr == (
            "build/agreements/clients/two.html: error: was built, but this check covers "
            "only md [format-unchecked]\n"
            f"{hint}"
            "build/agreements/one.html: error: was built, but this check covers only md "
            "[format-unchecked]\n"
            f"{hint}"
        )
    # The default format (PDF) leaves out both.
    default = cli("build", "--check")
    assert default.exit_code == 2
    assert "build/agreements/one.md: error: was built, but this check covers only pdf" in (
        default.stderr
    )
    assert "(--format md,html,pdf)" in default.stderr
    # With the formats in workagree.toml, a bare build and a bare check agree.
    (project / "workagree.toml").write_text('formats = ["md", "html"]\n')
    assert cli("build", "--check").exit_code == 0
    # A format that is no longer built stops counting once its files are deleted.
    for html in (project / "build").rglob("*.html"):
        html.unlink()
    assert cli("build", "--check", "--format", "md").exit_code == 0
