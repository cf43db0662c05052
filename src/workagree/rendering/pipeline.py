"""The one way to make an output: an agreement and a :class:`Request` in, :class:`Rendered` out.

``workagree render`` (also with ``--redline`` and ``--watch``), ``build``, ``new --render``
and :func:`workagree.render` all come here. The format is looked up in
:data:`workagree.formats.FORMATS`, its module makes the output, and an option the format
cannot honour is refused here, once, with the reason, rather than dropped on some path.
"""

from __future__ import annotations

import importlib

from ..errors import UsageError
from ..formats import FORMATS, Format, listed
from ..model import Agreement
from .environment import theme_folders
from .request import Rendered, Request


def output_format(name: str) -> Format:
    """The format called ``name``; a usage error listing the formats for any other name."""
    from ..errors import suggestion

    if name not in FORMATS:
        raise UsageError(
            f"unknown format '{name}'{suggestion(name, FORMATS)}",
            hint=f"the formats are {listed(list(FORMATS))}",
        )
    return FORMATS[name]


def refusal(format: str, *, fit: bool, redline: bool) -> UsageError | None:
    """Why ``format`` cannot be made with these options, or None when it can."""
    fmt = output_format(format)
    if redline and not fmt.redline:
        able = [f.name for f in FORMATS.values() if f.redline]
        return UsageError(
            f"--redline makes {listed([FORMATS[n].label for n in able])}, not --format {fmt.name}",
            hint=f"pass --format {listed(able)}; `workagree diff` shows changes as text or "
            "Markdown",
        )
    if redline and fit:
        return UsageError(
            "--fit does not apply to --redline: a redline may take more than one page",
            hint="leave out --fit, or use --max-pages to be warned about long redlines",
        )
    if fit and not fmt.engine and fmt.binary:
        return UsageError(
            f"--fit shrinks the PDF; a {fmt.label} is laid out by the program that opens it",
            hint=f"leave out --fit: workagree already sizes a {fmt.label} for one page",
        )
    if fit and not fmt.engine:
        return UsageError(
            f"--fit shrinks a paged document; {fmt.label} has no pages",
            hint="leave out --fit, or use --format pdf",
        )
    return None


def check(request: Request) -> None:
    """Refuse, as a usage error, a request that :func:`produce` could not honour."""
    refused = refusal(request.format, fit=request.fit, redline=request.redline is not None)
    if refused is not None:
        raise refused
    if request.templates is not None and not FORMATS[request.format].templated:
        label = FORMATS[request.format].label
        raise UsageError(
            f"--templates shapes Markdown, HTML and PDF, not {label}",
            hint=f"leave out --templates for --format {request.format}, and restyle the "
            f"{label} in Word (see docs/templates.md); --theme picks its fonts and colour",
        )
    theme_folders(request.theme, request.templates)  # an unknown theme or missing folder
    if request.locale is not None:
        from ..locales import require_locale

        require_locale(request.locale)


def produce(agreement: Agreement, request: Request) -> Rendered:
    """The output ``request`` asks for. Raises :class:`~workagree.WorkagreeError`."""
    check(request)
    module = importlib.import_module(f"{__package__}.{FORMATS[request.format].module}")
    if request.redline is not None:
        rendered: Rendered = module.redline(agreement, request.redline, request)
    else:
        rendered = module.generate(agreement, request)
    return rendered
