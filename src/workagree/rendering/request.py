"""What one output is asked to be, and what rendering it gave."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..model import Agreement

Page = Literal["a4", "letter"]
PAGES: tuple[Page, ...] = ("a4", "letter")


@dataclass(frozen=True)
class Request:
    """Everything that shapes one output besides the agreement itself.

    ``max_pages`` is the page budget ``fit`` shrinks to (default 1); ``redline`` is the old
    version to mark the changes from; ``file`` names the spec in messages;
    ``embed_source`` has an agreement PDF carry its canonical spec (a redline carries none).
    """

    format: str
    theme: str = "classic"
    templates: Path | None = None
    page: Page = "a4"
    locale: str | None = None
    fit: bool = False
    max_pages: int | None = None
    redline: Agreement | None = None
    file: str = "<agreement>"
    embed_source: bool = True

    @property
    def budget(self) -> int:
        return self.max_pages or 1


@dataclass(frozen=True)
class Rendered:
    """One output: its text or bytes, its page count (paged formats), a note for people
    (``1 page, 9.5 pt``), and where text runs off its box (PDF)."""

    data: str | bytes
    pages: int | None = None
    note: str | None = None
    overflow: str | None = None
