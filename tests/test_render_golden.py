"""Markdown and HTML of every example in every theme, and of one example in every
language, compared with reviewed golden files.

Refresh them on purpose with `pytest --update-golden`, then review the diff in git.

The fonts an HTML file carries are kept out of its golden file: each ``data:`` URL's
base64 is replaced by "…". The fonts' bytes follow fontTools' and Brotli's versions, not
the templates, and tests/test_render_html_standalone.py checks what they hold.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

import workagree
from workagree.locales import SUPPORTED_LOCALES
from workagree.rendering.themes import theme_names

from .conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
# Written in every other language too (it has no title of its own, so the default is translated).
TRANSLATED = ROOT / "examples" / "freelance-design.yaml"
OTHER_LOCALES = [locale for locale in SUPPORTED_LOCALES if locale != "en"]

THEMES = theme_names()
FONT_DATA = re.compile(r"(data:font/woff2;base64,)[A-Za-z0-9+/=]+")


def without_fonts(text: str) -> str:
    """``text`` with each embedded font's data left out."""
    return FONT_DATA.sub(r"\1…", text)


def expected_outputs() -> dict[str, str]:
    outputs: dict[str, str] = {}
    for example in EXAMPLES:
        agreement = workagree.load(example)
        for theme in THEMES:
            for fmt in ("md", "html"):
                text = workagree.render(agreement, format=fmt, theme=theme)
                assert isinstance(text, str)
                outputs[f"{example.stem}.{theme}.{fmt}"] = without_fonts(text)
    agreement = workagree.load(TRANSLATED)
    for locale in OTHER_LOCALES:
        for fmt in ("md", "html"):
            text = workagree.render(agreement, format=fmt, theme="classic", locale=locale)
            assert isinstance(text, str)
            outputs[f"{TRANSLATED.stem}.{locale}.classic.{fmt}"] = without_fonts(text)
    return dict(sorted(outputs.items()))


def golden_files() -> dict[str, Path]:
    return {path.name: path for path in sorted(GOLDEN.glob("*")) if path.is_file()}


def test_golden_outputs_match(update_golden: bool) -> None:
    outputs = expected_outputs()
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        for name, path in golden_files().items():
            if name not in outputs:
                path.unlink()
        for name, text in outputs.items():
            (GOLDEN / name).write_text(text, encoding="utf-8", newline="")
    mismatches = []
    for name, text in outputs.items():
        path = GOLDEN / name
        stored = path.read_text(encoding="utf-8") if path.exists() else ""
        if stored != text:
            diff = difflib.unified_diff(
                stored.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"tests/golden/{name}",
                tofile=f"rendered {name}",
            )
            mismatches.append("".join(diff) or f"tests/golden/{name} is missing\n")
    assert not mismatches, (
        "rendered output differs from the golden files "
        "(run `pytest --update-golden` if the change is intended):\n" + "".join(mismatches)
    )


def test_golden_html_keeps_each_font_but_its_data() -> None:
    html = workagree.render(workagree.load(EXAMPLES[0]), format="html")
    assert isinstance(html, str)
    kept = without_fonts(html)
    assert kept.count('src: url("data:font/woff2;base64,…") format("woff2");') == 6
    assert len(kept) < len(html) // 10
    data = re.compile(r'data:font/woff2;base64,[^"]*')
    assert data.sub("", kept) == data.sub("", html)  # and nothing else changed


def test_no_golden_file_is_orphaned() -> None:
    expected = set(expected_outputs())
    orphans = sorted(set(golden_files()) - expected)
    assert not orphans, f"golden files no longer produced by any example x theme: {orphans}"
    assert len(expected) == (len(EXAMPLES) * len(THEMES) + len(OTHER_LOCALES)) * 2


@pytest.mark.parametrize("theme", THEMES)
def test_themes_look_different(theme: str) -> None:
    agreement = workagree.load(EXAMPLES[0])
    html = workagree.render(agreement, format="html", theme=theme)
    others = [workagree.render(agreement, format="html", theme=t) for t in THEMES if t != theme]
    assert isinstance(html, str)
    assert all(html != other for other in others)
    assert f'<body class="theme-{theme}">' in html
