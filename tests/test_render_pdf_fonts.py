"""PDF fonts: only bundled ones embedded, and the same bytes with either font subsetter.

HarfBuzz's subsetter is installed here and in CI, so the fontTools path is forced with
``WORKAGREE_FONT_SUBSETTER=fonttools``, as users without libharfbuzz-subset0 get it.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
import yaml
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont

from workagree.rendering.environment import templates_root
from workagree.rendering.themes import theme_names

from .conftest import EXAMPLES, Run
from .test_redline import _v2, spec

pytestmark = pytest.mark.pdf

Cli = Callable[..., Run]
EXAMPLE = EXAMPLES[0]  # agency-campaign: effective 2027-01-11
SUBSETTERS = ["auto", "fonttools"]


def bundled_families() -> set[str]:
    """The family names of the bundled fonts, as WeasyPrint names them in a PDF."""
    families = set()
    for path in (templates_root() / "fonts").iterdir():
        if path.suffix in (".otf", ".ttf"):
            with TTFont(path, lazy=True) as font:
                families.add(font["name"].getDebugName(1).replace(" ", "-"))
    return families


def embedded(data: bytes) -> list[tuple[str, bytes]]:
    """Each embedded font: its BaseFont without the subset prefix, and its font file."""
    fonts = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            stream = next(descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor)
            fonts.append((str(font["/BaseFont"]).split("+")[-1], stream.get_object().get_data()))
    return fonts


def use(monkeypatch: pytest.MonkeyPatch, subsetter: str) -> None:
    monkeypatch.setenv("WORKAGREE_FONT_SUBSETTER", subsetter)


def redline_specs(folder: Path) -> tuple[Path, Path]:
    old, new = folder / "v1.yaml", folder / "v2.yaml"
    old.write_text(yaml.safe_dump(spec()), encoding="utf-8")
    new.write_text(yaml.safe_dump(spec(_v2)), encoding="utf-8")
    return old, new


@pytest.mark.parametrize("subsetter", SUBSETTERS)
@pytest.mark.parametrize("theme", theme_names())
def test_agreements_and_redlines_embed_only_bundled_fonts(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str, subsetter: str
) -> None:
    use(monkeypatch, subsetter)
    old, new = redline_specs(tmp_path)
    out = tmp_path / "out.pdf"
    runs = {
        "agreement": ("render", str(EXAMPLE), "--theme", theme, "-o", str(out)),
        "Russian agreement": ("render", str(EXAMPLE), "--theme", theme, "--locale", "ru"),
        "redline": ("render", str(new), "--redline", str(old), "--theme", theme),
    }
    families = bundled_families()
    for kind, args in runs.items():
        result = cli(*args, "-o", str(out))
        assert result.exit_code == 0, result.output
        names = {name for name, _ in embedded(out.read_bytes())}
        foreign = {n for n in names if not any(n.startswith(f) for f in families)}
        assert not foreign, f"{kind}: {sorted(foreign)} are not bundled ({sorted(families)})"


@pytest.mark.parametrize("subsetter", SUBSETTERS)
def test_the_same_spec_gives_the_same_bytes_a_second_later(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subsetter: str
) -> None:
    use(monkeypatch, subsetter)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    assert cli("render", str(EXAMPLE), "-o", str(first)).exit_code == 0
    time.sleep(1.1)  # fontTools stamps fonts to the second
    assert cli("render", str(EXAMPLE), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ
    # fontTools writes the fonts it subsets: stamped with the spec's effective date.
    effective = timestampSinceEpoch(int(datetime(2027, 1, 11, tzinfo=UTC).timestamp()))
    for _, data in embedded(first.read_bytes()):
        with TTFont(io.BytesIO(data)) as font:
            if subsetter == "fonttools":
                assert font["head"].modified == effective


def test_a_redline_without_a_date_is_the_same_a_second_later(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, "fonttools")
    old, new = redline_specs(tmp_path)
    outs = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for out in outs:
        result = cli("render", str(new), "--redline", str(old), "-o", str(out))
        assert result.exit_code == 0, result.output
        time.sleep(1.1)
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_an_unknown_subsetter_is_a_usage_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, "harfbuz")
    out = tmp_path / "agreement.pdf"
    out.write_bytes(b"previous")
    result = cli("render", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        "workagree: error: WORKAGREE_FONT_SUBSETTER='harfbuz' is not a font subsetter [usage]\n"
        "  hint: set it to 'fonttools' to subset fonts with fontTools, or unset it "
        "(WORKAGREE_FONT_SUBSETTER=auto: HarfBuzz's subsetter where it is installed)\n"
    )
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement.pdf"]


@pytest.mark.parametrize(
    ("subsetter", "line"),
    [
        ("auto", "✓ Font subsetter: HarfBuzz (libharfbuzz-subset0)"),
        ("fonttools", "✓ Font subsetter: fontTools, chosen by WORKAGREE_FONT_SUBSETTER=fonttools"),
    ],
)
def test_doctor_names_the_subsetter_and_the_fonttools_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subsetter: str, line: str
) -> None:
    import fontTools

    use(monkeypatch, subsetter)
    result = cli("doctor", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert line in result.stdout.splitlines()
    tools = f"✓ fontTools: {fontTools.version} (slow layout-table path not active)"
    assert tools in result.stdout.splitlines()


def test_the_lean_subsetter_writes_what_fonttools_writes() -> None:
    """Dropping tables before subsetting changes the time it takes, not the font."""
    from fontTools import subset

    from workagree.engine.subsetting import _lean_subsetter

    path = templates_root() / "fonts" / "NotoSerif-Regular.ttf"
    written = []
    for subsetter in (subset.Subsetter, _lean_subsetter()):
        options = subset.Options(retain_gids=True, passthrough_tables=True, hinting=False)
        options.drop_tables += ["GSUB", "GPOS", "SVG"]
        worker = subsetter(options)
        worker.populate(gids=list(range(40)))
        font = TTFont(path, recalcTimestamp=False)
        worker.subset(font)
        out = io.BytesIO()
        font.save(out)
        written.append(out.getvalue())
    assert written[0] == written[1]
    assert "GPOS" not in TTFont(io.BytesIO(written[1]))
