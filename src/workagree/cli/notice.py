"""`workagree notice`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import console
from .options import LogOption, OutputOption


class NoticeFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    eml = "eml"


def notice(
    file: Annotated[Path, typer.Argument(help="The agreement spec (.yaml).", show_default=False)],
    responsibility: Annotated[
        str, typer.Argument(help="The id of a late or soon-due responsibility.", show_default=False)
    ],
    today: Annotated[
        str | None,
        typer.Option("--today", help="Judge as of this day (YYYY-MM-DD).", show_default=False),
    ] = None,
    output_format: Annotated[
        NoticeFormat,
        typer.Option("--format", "-f", help="text, markdown, or eml (an unsent e-mail draft)."),
    ] = NoticeFormat.text,
    log: LogOption = None,
    output: OutputOption = None,
) -> None:
    """Draft a courteous notice about a late or soon-due responsibility.

    Quotes what was agreed (version and fingerprint), when it was due, how late
    it is and which consequence applies, in the agreement's language. Sends nothing.

    Example:  workagree notice agreement.yaml feedback -f eml -o feedback.eml
    """
    from ..api import load
    from ..errors import UsageError
    from ..errors import suggestion as suggestion_for
    from ..output import check_target, write_atomic
    from ..tracking import notice as notices
    from ..tracking.run import moment, read
    from ..tracking.status import compute

    if output is not None and str(output) != "-":
        check_target(output)
    agreement = load(file)
    ids = [r.id for r in agreement.responsibilities]
    if responsibility not in ids:
        raise UsageError(
            f"'{responsibility[:40]}' is not a responsibility{suggestion_for(responsibility, ids)}",
            hint="responsibilities: " + ", ".join(ids),
        )
    now = moment(agreement, today)
    entries, _ = read(agreement, file, log, now.date())
    drafted = notices.draft(agreement, compute(agreement, entries, now), responsibility)
    data: str | bytes
    if output_format is NoticeFormat.eml:
        data = notices.to_eml(agreement, drafted)
    elif output_format is NoticeFormat.markdown:
        data = notices.to_markdown(drafted)
    else:
        data = notices.to_text(drafted)
    if output is None or str(output) == "-":
        console.stdout().plain(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    write_atomic(output, data)
    console.stderr().print(f"Wrote {output}; nothing was sent.", highlight=False, markup=False)
