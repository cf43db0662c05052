"""`workagree status`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import console
from .options import LogOption, OutputOption


class StatusFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def status(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Judge as of this day (YYYY-MM-DD, or a time: 2027-02-10T14:00). "
            "Default: now, on the agreement's clock.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        StatusFormat,
        typer.Option("--format", "-f", help="text, json, markdown, or html (one page)."),
    ] = StatusFormat.text,
    log: LogOption = None,
    output: OutputOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is overdue (for CI).")
    ] = False,
) -> None:
    """Who is late now: every deadline's date and state, and what applies.

    Reads the log beside the spec (agreement.log.yaml), which `workagree log`
    adds to. States: met, met-late, due, overdue, not-started.

    Example:  workagree status agreement.yaml --exit-code
    """
    from ..api import load
    from ..output import check_target, write_atomic
    from ..tracking import page, report
    from ..tracking.run import moment, read
    from ..tracking.status import compute

    if output is not None and str(output) != "-":
        check_target(output)
    agreement = load(file)
    now = moment(agreement, today)
    entries, _ = read(agreement, file, log, now.date())
    result = compute(agreement, entries, now)
    formats = {
        StatusFormat.text: report.to_text,
        StatusFormat.json: report.to_json,
        StatusFormat.markdown: report.to_markdown,
        StatusFormat.html: page.to_html,
    }
    data = formats[output_format](result)
    if output is None or str(output) == "-":
        console.stdout().plain(data)
    else:
        write_atomic(output, data)
        console.stderr().print(f"Wrote {output}.", highlight=False, markup=False)
    if exit_code and result.overdue:
        raise typer.Exit(1)
