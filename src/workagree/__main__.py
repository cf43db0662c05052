"""The `workagree` command (also `python -m workagree`).

Kept apart from :mod:`workagree.cli` so that, when the command will make a PDF, the
helper that loads WeasyPrint is forked before the command line framework is imported.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `workagree` command."""
    import atexit
    import gc

    # Run last at exit (handlers run in reverse): the interpreter then skips a final
    # garbage collection over every object of every module loaded, tens of milliseconds
    # spent on memory that goes back to the system anyway.
    atexit.register(gc.freeze)

    from .engine import helper

    if helper.wants_pdf(sys.argv[1:]):
        helper.start()
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
