"""The command line: a thin layer that parses options, calls the library, prints the result.

Exit codes: 0 success; 1 the agreement has problems (or, when asked, differences
were found / outputs are stale); 2 usage errors (bad option, missing file);
3 an internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from .. import inputs
from .._version import __version__
from ..errors import WorkagreeError
from . import console
from .build import build
from .clock import ack, due
from .diff import diff, git_diff_driver
from .doctor import doctor
from .helptext import Command
from .log import log
from .new import new
from .notice import notice
from .render import render
from .report import print_problems
from .schedule import schedule
from .schema import schema
from .status import status
from .templates import eject_theme, list_templates, templates_app
from .validate import validate
from .verify import verify

EXIT_BUG = 3
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="workagree",
    help="Draft, check, render and compare one-page 'How We Work Together' agreements.\n\n"
    "Start with `workagree new`, check with `workagree validate agreement.yaml`, "
    "and make the PDF with `workagree render agreement.yaml`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workagree {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the full traceback when workagree hits a bug."),
    ] = False,
) -> None:
    """Draft, check, render and compare one-page 'How We Work Together' agreements."""
    _state["debug"] = debug


def handled(command: F) -> F:
    """The one error handler: user errors become tidy output and an exit code; bugs say so."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with inputs.command():
                return command(*args, **kwargs)
        except WorkagreeError as exc:
            print_problems(console.stderr(), exc.problems)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            console.stderr().print("Interrupted; nothing was written.")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            console.stderr().print(
                console.styled(
                    ("workagree hit a bug:", "bold red"),
                    f" {type(exc).__name__}: {exc}\n"
                    "Run the same command with --debug to see the traceback, and please report it.",
                )
            )
            raise typer.Exit(EXIT_BUG) from None

    return run  # type: ignore[return-value]


# In the order a newcomer meets them.
app.command()(handled(new))
app.command()(handled(validate))
app.command()(handled(render))
app.command()(handled(diff))
app.command()(handled(schedule))
app.command()(handled(log))
app.command()(handled(status))
app.command()(handled(notice))
app.command()(handled(due))
app.command()(handled(ack))
app.command()(handled(build))
app.command()(handled(verify))
templates_app.command("list")(handled(list_templates))
templates_app.command("eject")(handled(eject_theme))
app.add_typer(templates_app)
app.command()(handled(doctor))
app.command()(handled(schema))
app.command("git-diff-driver")(handled(git_diff_driver))
# Every command's --help names values in words (FILE..., --jobs N), not Python types.
for _info in (*app.registered_commands, *templates_app.registered_commands):
    if _info.cls in (None, TyperCommand):
        _info.cls = Command


class _Visible:
    """A text stream that writes forbidden characters as visible escapes (see console)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from ..spec.characters import visible

        return int(self._stream.write(visible(text)))

    def flush(self) -> None:
        self._stream.flush()


def main() -> None:
    """Entry point of the `workagree` command.

    Usage errors found while parsing the command line (``No such option: --x``) quote
    what was typed; they are printed here, through the same escaping as the consoles.
    """
    import sys

    # typer's click is its own from typer 0.29 on; its exceptions share one base class.
    click_error: type[typer.BadParameter] = next(
        c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
    )
    console.command_line = sys.argv[1:]
    try:
        code = app(prog_name="workagree", standalone_mode=False)
    except click_error as exc:
        exc.show(file=_Visible(sys.stderr))  # type: ignore[arg-type]  # a text stream
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
