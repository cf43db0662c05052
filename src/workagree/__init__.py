"""workagree: draft, check, render and compare "How We Work Together" agreements.

The public API::

    load(path) -> Agreement            validate(path) -> list[Problem]
    render(agreement, format=...)      diff(old, new) -> list[Change]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .api import check_file, check_text, load, load_text, validate
from .errors import Problem, Severity, WorkagreeError
from .model import Agreement

if TYPE_CHECKING:
    from .diffing import diff as diff
    from .render import render as render

__all__ = [
    "Agreement",
    "Problem",
    "Severity",
    "WorkagreeError",
    "__version__",
    "check_file",
    "check_text",
    "diff",
    "load",
    "load_text",
    "render",
    "validate",
]


def __getattr__(name: str) -> Any:
    # Rendering pulls in Jinja (and, for PDF, WeasyPrint): import it only when asked for.
    if name == "render":
        from .render import render

        return render
    if name == "diff":
        # The comparison lives in the `diffing` package: a package called `diff` would be
        # bound to this attribute on import and hide the function.
        from .diffing import diff

        return diff
    raise AttributeError(f"module 'workagree' has no attribute {name!r}")
