"""`workagree diff` and `workagree git-diff-driver`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..errors import UsageError
from . import console
from .report import print_sides

_DRIVER_ARGS = "PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def diff(
    old: Annotated[
        str,
        typer.Argument(
            help="The old version: a file, REV:PATH (HEAD~1:agreement.yaml), "
            "or a git revision when NEW is a file.",
            show_default=False,
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The new version: a file or REV:PATH.", show_default=False),
    ],
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, markdown for a pull-request comment, json for programs.",
        ),
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit with 1 when there are differences."),
    ] = False,
) -> None:
    """Show what changed between two versions of an agreement, in terms of obligations.

    Items are matched by id, so formatting, comments and key order never count.
    `workagree diff REV FILE` compares a working file with its version at REV.
    Exit codes: 0 done (1 with --exit-code when something changed), 2 a side could
    not be read or is not a valid agreement.

    Example:  workagree diff HEAD~1:agreement.yaml agreement.yaml
    """
    from ..diffing import diff as compare
    from ..diffing.format import print_text, to_json, to_markdown
    from ..diffing.sides import SidesError, load_pair

    try:
        old_agreement, new_agreement = load_pair(old, new)
    except SidesError as exc:
        print_sides(exc)
        raise typer.Exit(exc.exit_code) from None
    changes = compare(old_agreement, new_agreement)
    if output_format is DiffFormat.json:
        console.stdout().plain(to_json(changes))
    elif output_format is DiffFormat.markdown:
        console.stdout().plain(to_markdown(changes))
    else:
        print_text(console.stdout(), changes)
    raise typer.Exit(1 if exit_code and changes else 0)


def git_diff_driver(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar=_DRIVER_ARGS, help="The seven arguments git passes.", show_default=False
        ),
    ],
) -> None:
    """Show workagree's diff inside `git diff` and `git log -p` (an external diff driver).

    Set it up once per repository (see docs/diff.md):
    `echo '*.yaml diff=workagree' >> .gitattributes` and
    `git config diff.workagree.command 'workagree git-diff-driver'`.

    Example:  git -c diff.workagree.command='workagree git-diff-driver' diff HEAD~1
    """
    from ..diffing.gitdriver import report

    if len(args) == 1:
        console.stdout().plain(f"workagree diff {args[0]}: unmerged, resolve the conflict first\n")
        return
    if len(args) not in (7, 9):
        raise UsageError(
            f"git-diff-driver takes git's 7 arguments ({_DRIVER_ARGS}); got {len(args)}",
            hint="let git call it: git config diff.workagree.command 'workagree git-diff-driver'",
        )
    new_path = args[7] if len(args) == 9 else None
    console.stdout().plain(report(args[0], args[1], args[4], new_path=new_path))
