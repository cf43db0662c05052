"""workagree: draft, check, render and compare "How We Work Together" agreements.

The public API::

    load(path) -> Agreement            validate(path) -> list[Problem]
    render(agreement, format=...)      diff(old, new) -> list[Change]
    verify(pdf, spec=None) -> Verification
    status(path, today=...) -> Status  (a tracked agreement, from its log)
    due(agreement, id, received) -> Reply

Names are imported on first use, so that `workagree --help` starts quickly.
"""

from __future__ import annotations

import importlib

from ._version import __version__

# Not `from typing import TYPE_CHECKING`: `workagree` forks its PDF helper as early as it
# can (see workagree.engine.helper), and `typing` is better imported after that, in parallel.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .api import check_file, check_text, due, load, load_text, status, validate
    from .diffing import diff
    from .errors import Problem, Severity, WorkagreeError
    from .model import Agreement
    from .rendering import render
    from .verifying import Verification, verify

_LAZY = {
    "Agreement": "model",
    "Problem": "errors",
    "Severity": "errors",
    "WorkagreeError": "errors",
    "check_file": "api",
    "check_text": "api",
    "due": "api",
    "load": "api",
    "load_text": "api",
    "validate": "api",
    "status": "api",
    "render": "rendering",
    # The comparison lives in `diffing`: a package called `diff` would be bound to this
    # attribute when imported and hide the function.
    "diff": "diffing",
    "verify": "verifying",
    "Verification": "verifying",
}

__all__ = [
    "Agreement",
    "Problem",
    "Severity",
    "Verification",
    "WorkagreeError",
    "__version__",
    "check_file",
    "check_text",
    "diff",
    "due",
    "load",
    "load_text",
    "render",
    "status",
    "validate",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'workagree' has no attribute {name!r}")
