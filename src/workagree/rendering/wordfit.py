"""Fitting a DOCX onto one page without laying it out: the text size, from an estimate.

Word or LibreOffice lays out a .docx, with whatever fonts they have, so workagree cannot
measure the page the way it measures its PDF (:mod:`workagree.rendering.fit`). Instead it
estimates each section's height from its text (lines of a column, at an average letter
width on the wide side, so a substituted font still fits) and takes the largest size of
:data:`SIZES` at which the whole agreement fits the page, with room to spare.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .wordml import CELL_PADDING, MARGINS, PAGES, runs

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # points, largest first
LETTER = 0.56  # an average letter's width, in ems (DejaVu's, wider than most)
LINE = 1.2  # a line's height, in ems
ROOM = 0.9  # the share of the page the estimate may fill


def _text(markup: object) -> str:
    return "".join(seg.text for seg in runs(str(markup)))


def _lines(text: str, width: float, size: float) -> int:
    """How many lines ``text`` takes in a column ``width`` points wide."""
    per_line = max(1, int((width - CELL_PADDING) / (LETTER * size)))
    return max(1, math.ceil(len(text) / per_line))


def _grid(items: Iterable[float], columns: int) -> float:
    """Lines of a grid of items ``columns`` to a row: the tallest of each row."""
    heights = list(items)
    return sum(max(heights[i : i + columns]) for i in range(0, len(heights), columns))


def height(marked: dict[str, Any], width: float, size: float) -> float:
    """The estimated height, in points, of the document at ``size``."""
    small = size * 0.95
    ems = 1.9 + 0.2 + 1.12 + 0.9  # title, project, effective date and version
    ems += 3 * 0.9 + 2.4  # parties; the responsibilities' heading
    ems += 0.75  # the table's header
    columns = (0.49, 0.36, 0.15)
    for side in marked["duties"]:
        ems += 1
        for row in side.rows:
            cells = (row.cells["what"], row.cells["when"], row.cells["missed"])
            tallest = max(
                _lines(_text(cell), width * share, small)
                for cell, share in zip(cells, columns, strict=True)
            )
            ems += tallest * 0.95
    if marked["consequences"]:
        texts = [
            _text(r.cells["label"]) + " " + _text(r.cells["text"]) for r in marked["consequences"]
        ]
        ems += 2.4 + _grid((_lines(t, width / 2, size) for t in texts), 2)
    if marked["milestones"]:
        texts = [
            _text(r.cells["date"]) + " " + _text(r.cells["what"]) for r in marked["milestones"]
        ]
        ems += 2.4 + _grid((_lines(t, width / 2, size) for t in texts), 2)
    if marked["terms"]:
        count = min(len(marked["terms"]), 3)
        heights = (
            1 + _lines(_text(r.cells["text"]), width / count, small) * 0.95 for r in marked["terms"]
        )
        ems += 2.4 + _grid(heights, count)
    ems += 1.6 + 3  # the space above the signatures, and the signatures
    return ems * LINE * size


def size_for(marked: dict[str, Any], page: str) -> float:
    """The largest text size at which the document is estimated to fit one page."""
    page_width, page_height = PAGES.get(page, PAGES["a4"])
    width = page_width - 2 * MARGINS[0]
    room = (page_height - 2 * MARGINS[1] - 24) * ROOM  # 24 pt: the footer
    return next((s for s in SIZES if height(marked, width, s) <= room), SIZES[-1])
