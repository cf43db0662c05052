"""Font subsetting with the same bytes, at about the same speed, with either subsetter.

WeasyPrint embeds a subset of each font it uses, made by HarfBuzz's subsetter
(libharfbuzz-subset0) where the system has it, else by fontTools. Two things differ on
the fontTools path, and :func:`install` evens them out for WeasyPrint:

- fontTools stamps every font it writes with the current time (``head.modified``), so
  PDFs made a second apart differ. While a document is written (:func:`stamped`) the
  stamp is the document's creation date instead, which comes from the spec. It is held in
  a context variable rather than ``SOURCE_DATE_EPOCH``: nothing is set in the environment,
  and fontTools used elsewhere in the process, or in another thread, keeps the time.
- fontTools 4.68 reads every layout table (GSUB, GPOS) before subsetting, although
  WeasyPrint asks for them to be dropped: eight times as long as 4.67. The subsetter
  WeasyPrint is given drops the tables first, by the rule fontTools applies after
  reading them, so the font it writes is the same.

``WORKAGREE_FONT_SUBSETTER=fonttools`` makes WeasyPrint use fontTools in this process
even where HarfBuzz's subsetter is installed: that is how tests and benchmarks measure
the fontTools path without uninstalling anything.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from ..errors import UsageError

VARIABLE = "WORKAGREE_FONT_SUBSETTER"
CHOICES = ("auto", "fonttools")  # auto: HarfBuzz's subsetter where installed
DEFAULT_CREATED = "1970-01-01"  # the stamp of documents that say nothing of their date

_stamp: ContextVar[int | None] = ContextVar("workagree_font_stamp", default=None)
_harfbuzz: list[Any] = []  # WeasyPrint's own handle on HarfBuzz's subsetter, once installed
_stamping: list[bool] = []  # whether fontTools' ``head`` takes its stamp from :func:`stamped`


def forced() -> bool:
    """Whether this process is told to subset with fontTools; a usage error if it makes no sense."""
    value = os.environ.get(VARIABLE, "").strip().lower()
    if value in ("", *CHOICES):
        return value == "fonttools"
    raise UsageError(
        f"{VARIABLE}={os.environ[VARIABLE]!r} is not a font subsetter",
        hint=f"set it to 'fonttools' to subset fonts with fontTools, or unset it ({VARIABLE}="
        "auto: HarfBuzz's subsetter where it is installed)",
    )


def install(fonts: Any) -> None:
    """Apply this module to WeasyPrint's ``weasyprint.pdf.fonts``; cheap to repeat.

    Each call also applies :data:`VARIABLE` as it is now.
    """
    force = forced()
    if not _harfbuzz:
        _harfbuzz.append(fonts.harfbuzz_subset)
        fonts.subset = _SubsetModule(fonts.subset)
        _stamp_heads()
    fonts.harfbuzz_subset = None if force else _harfbuzz[0]


def harfbuzz(fonts: Any) -> bool:
    """Whether WeasyPrint will subset with HarfBuzz (this is the test it makes itself)."""
    from weasyprint.text.ffi import harfbuzz as library

    return fonts.harfbuzz_subset is not None and bool(library.hb_version_atleast(4, 1, 0))


def slow_path(fonts: Any) -> bool:
    """Whether fontTools subsetting would read the layout tables it then drops."""
    from fontTools import subset

    lean = getattr(fonts.subset, "Subsetter", None) is _lean_subsetter()
    return hasattr(subset, "_compact_layout_tables") and not lean


@contextlib.contextmanager
def stamped(created: str | None) -> Iterator[None]:
    """Stamp the fonts written meanwhile with ``created`` (a W3C date), not the time.

    fontTools writes these stamps for WeasyPrint's PDFs and for the fonts a standalone
    HTML file carries (:mod:`workagree.rendering.webfonts`) alike.
    """
    from fontTools.misc.timeTools import timestampSinceEpoch

    _stamp_heads()
    token = _stamp.set(timestampSinceEpoch(_seconds(created)))
    try:
        yield
    finally:
        _stamp.reset(token)


def _seconds(created: str | None) -> int:
    for text in (created or "", DEFAULT_CREATED):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())
    raise AssertionError("DEFAULT_CREATED is a date")  # pragma: no cover


def _stamp_heads() -> None:
    """Make fontTools' ``head`` table take its stamp from :func:`stamped` while it is active."""
    if _stamping:
        return
    from fontTools.ttLib.tables import _h_e_a_d

    now = _h_e_a_d.timestampNow

    def timestamp() -> int:
        stamp = _stamp.get()
        return now() if stamp is None else stamp

    _h_e_a_d.timestampNow = timestamp
    _stamping.append(True)


class _SubsetModule:
    """``fontTools.subset`` as WeasyPrint sees it: the same, but with the lean subsetter."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return _lean_subsetter() if name == "Subsetter" else getattr(self._module, name)


_lean: list[type] = []


def _lean_subsetter() -> type:
    """fontTools' subsetter, dropping what it is told to drop before it reads any table."""
    if _lean:
        return _lean[0]
    from fontTools import subset

    class LeanSubsetter(subset.Subsetter):  # type: ignore[misc]
        def subset(self, font: Any) -> None:
            for tag in _dropped(font, self.options):
                del font[tag]
            super().subset(font)

    _lean.append(LeanSubsetter)
    return LeanSubsetter


def _dropped(font: Any, options: Any) -> list[str]:
    """The tables fontTools' ``_prune_pre_subset`` deletes, found without reading them."""
    gpos = "GPOS" in font
    return [
        tag
        for tag in font.keys()  # noqa: SIM118 (a TTFont lists unread tables only here)
        if tag != "GlyphOrder"
        and (
            tag.strip() in options.drop_tables
            or (tag.strip() in options.hinting_tables and not options.hinting)
            or (tag == "kern" and not options.legacy_kern and gpos)
        )
    ]
