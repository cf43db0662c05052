"""Text drawn where it cannot be read: found in the laid-out pages, after layout.

The built-in themes wrap long words (see templates/base/style.css.j2), but a user's
templates can still hold a line together (``white-space: nowrap``) or give a box a fixed
width. Then a word runs over its neighbour or past the paper's edge, where the PDF clips
it, and the page count alone would call the document a fit. Fitting asks this module.

Only WeasyPrint's laid-out boxes are read; nothing is imported at load time, so that the
helper process (see :mod:`workagree.engine.helper`) loads no more than it needs.
"""

from __future__ import annotations

from typing import Any

SLACK = 1.0  # CSS px: rounding in text widths, never a visible overflow
HINT = (
    "let that text wrap: look in the templates for `white-space: nowrap` or a fixed width, "
    "or break up its longest word"
)


def overflow(document: Any) -> str | None:
    """Where text first reaches outside its box or a box outside the page, else None.

    The place is the section (its ``data-section`` heading), the header or the footer:
    ``the 'Parties' section``. Text must stay inside the content box of the block that
    holds it; a box inside the page's content area (or, in the page margins, the page).
    """
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        page_box = page._page_box
        content = (page_box.content_box_x(), page_box.content_box_x() + page_box.width)
        paper = (0.0, page_box.margin_width())
        for child in page_box.children:
            area = paper if isinstance(child, boxes.MarginBox) else content
            place = _outside(child, area, area, "the page", boxes)
            if place is not None:
                return place
    return None


def _outside(
    box: Any, area: tuple[float, float], block: tuple[float, float], place: str, boxes: Any
) -> str | None:
    """The place of the first box under ``box`` outside ``area`` (text: outside ``block``)."""
    if getattr(box, "is_outside_marker", False):  # a list's bullet, in its padding by design
        return None
    place = _place(box, place)
    if isinstance(box, boxes.TextBox):  # a space after the line's last word is never drawn
        visible = box.text.strip() and _beyond(box.position_x, box.position_x + box.width, block)
        return place if visible else None
    if not isinstance(box, boxes.LineBox):
        left = box.border_box_x()
        if _beyond(left, left + box.border_width(), area):
            return place
    if isinstance(box, boxes.BlockContainerBox):
        block = (box.content_box_x(), box.content_box_x() + box.width)
    for child in getattr(box, "children", ()):
        found = _outside(child, area, block, place, boxes)
        if found is not None:
            return found
    return None


def _place(box: Any, place: str) -> str:
    element = getattr(box, "element", None)
    if element is None:
        return place
    section = element.get("data-section")
    if section:
        return f"the '{section}' section"
    if element.tag in ("header", "footer"):
        return f"the {element.tag}"
    return place


def _beyond(left: float, right: float, bounds: tuple[float, float]) -> bool:
    return left < bounds[0] - SLACK or right > bounds[1] + SLACK
