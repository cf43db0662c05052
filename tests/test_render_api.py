"""The Python API: `workagree.render(agreement, format=...)`."""

from __future__ import annotations

import importlib

import pytest

import workagree
from workagree.rendering.themes import theme_names

from .conftest import EXAMPLES

THEMES = theme_names()


def test_render_is_callable_again_and_again_and_keeps_its_names() -> None:
    agreement = workagree.load(EXAMPLES[0])
    first = workagree.render(agreement, format="md")
    importlib.import_module("workagree.rendering.markup")  # binds the package to the name

    assert workagree.render(agreement, format="md") == first
    assert workagree.rendering.render(agreement, format="md") == first
    assert THEMES == ("classic", "columns")  # read from the theme folders


def test_deadlines_in_words_with_computed_dates() -> None:
    md = workagree.render(workagree.load(EXAMPLES[0]), format="md", theme="classic")
    assert isinstance(md, str)
    assert (
        "| Northwind Studio | Deliver each campaign draft | 2 business days before campaign "
        "goes live — by 11 March 2027 | Credit |" in md
    )
    assert "| 5 business days after each draft | Pause, Restart fee |" in md
    assert (
        "| 4 business hours (09:00–17:00 Europe/Copenhagen, Monday to Friday) after each request"
        " | Credit |" in md
    )
    assert "| every Friday | Credit |" in md
    assert "| by 25 January 2027 | Pause |" in md


def test_unknown_theme_is_a_usage_error() -> None:
    with pytest.raises(workagree.WorkagreeError) as caught:
        workagree.render(workagree.load(EXAMPLES[0]), format="html", theme="modern")
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith("workagree: unknown theme 'modern'")


@pytest.mark.pdf
def test_pdf_is_bytes() -> None:
    data = workagree.render(workagree.load(EXAMPLES[0]), format="pdf")
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF-")
