"""The consoles commands print to: stdout for results, stderr for problems and progress.

Much of what is printed comes from outside: file names, git revisions, settings,
text from specs. So these consoles print text as text. Rich markup and emoji
codes are off (a file named ``[/x].yaml`` is a name, not a closing tag; colours
come from :class:`rich.text.Text` styles), and every character that could steer
the terminal or disguise text (ESC, C1 controls, bidi overrides) is printed as a
visible escape such as ``\\x1b``. That happens in :meth:`SafeConsole.render`, which
every ``print``, table, prompt and progress bar goes through, so no call site can
forget it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text, TextType

from ..spec.characters import FORBIDDEN, visible

# The arguments of the `workagree` command as typed, set by its entry point; None when
# the commands are called from Python (tests, the CLI runner).
command_line: list[str] | None = None


class SafeConsole(Console):
    """A rich Console that never interprets the text it prints nor passes controls through."""

    def __init__(self, **options: Any) -> None:
        for name in ("markup", "emoji", "highlight"):
            options.setdefault(name, False)
        if os.environ.get("NO_COLOR"):
            options.setdefault("no_color", True)
        super().__init__(**options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Rich's rendering, with forbidden characters in text made visible.

        Rich's own control segments (cursor moves of a progress bar) are left alone;
        styles become escape codes only later, when the segments are written.
        """
        for segment in super().render(renderable, options):
            if segment.control is None and FORBIDDEN.search(segment.text):
                yield Segment(visible(segment.text), segment.style)
            else:
                yield segment

    def render_str(self, text: str, **options: Any) -> Text:
        """A printed string as Text, its controls made visible before rich drops some of them."""
        return super().render_str(visible(text), **options)

    def input(
        self,
        prompt: TextType = "",
        *,
        markup: bool = False,
        emoji: bool = False,
        password: bool = False,
        stream: Any = None,
    ) -> str:
        """Rich's prompt, without markup or emoji in the prompt by default."""
        return super().input(prompt, markup=markup, emoji=emoji, password=password, stream=stream)

    def plain(self, text: str) -> None:
        """Write text exactly as it is (no wrapping, no tab expansion) but for forbidden characters.

        For text made elsewhere that goes to a terminal: a diff, a listing, JSON.
        """
        self.file.write(visible(text))
        self.file.flush()


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line from plain and ``(text, style)`` parts, for printing on a :class:`SafeConsole`.

    Controls are made visible here already: rich's Text silently drops some of them
    (a bell, a carriage return), which would show a name other than the real one.
    """
    return Text.assemble(
        *(visible(part) if isinstance(part, str) else (visible(part[0]), part[1]) for part in parts)
    )


@cache
def stdout() -> SafeConsole:
    return SafeConsole()


@cache
def stderr() -> SafeConsole:
    return SafeConsole(stderr=True)


@cache
def note_slow_subsetting(fast: bool | None = None) -> None:
    """Say once per run when PDFs are slow for want of HarfBuzz's subsetter.

    ``fast`` is what a process that made the PDFs found; None asks WeasyPrint here.
    """
    from ..engine import SLOW_SUBSETTING_NOTE, fast_subsetting

    if not (fast_subsetting() if fast is None else fast):
        stderr().print(SLOW_SUBSETTING_NOTE, soft_wrap=True)
