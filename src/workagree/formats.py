"""The output formats: one table that every command, the API and the PDF helper read.

Adding a format is one module in :mod:`workagree.rendering` (with ``generate()`` and,
if it can show changes, ``redline()``) and one line here; the CLI's ``--format`` choices,
``build``'s formats and output names, ``--output -`` and the early start of the PDF
helper all follow from this table.

Plain data with no imports, because ``workagree`` reads it before it imports anything
else (see :mod:`workagree.engine.helper`).
"""

from __future__ import annotations


class Format:
    """One output format and what the rest of workagree needs to know about it."""

    __slots__ = (
        "binary",
        "engine",
        "label",
        "module",
        "name",
        "redline",
        "stdout",
        "suffix",
        "templated",
    )

    def __init__(
        self,
        name: str,
        label: str,
        *,
        module: str,
        binary: bool,
        engine: bool,
        stdout: bool,
        redline: bool,
        templated: bool = True,
    ) -> None:
        self.name = name  # the --format value
        self.label = label  # for people: "Markdown"
        self.module = module  # workagree.rendering.<module> makes it
        self.suffix = "." + name  # the output file's extension
        self.binary = binary  # bytes rather than text
        self.engine = engine  # needs the PDF engine (WeasyPrint)
        self.stdout = stdout  # may be written to standard output (--output -)
        self.redline = redline  # can show what changed (--redline)
        self.templated = templated  # made from the Jinja templates (--templates applies)

    def __repr__(self) -> str:
        return f"<format {self.name}>"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "md",
            "Markdown",
            module="markdown",
            binary=False,
            engine=False,
            stdout=True,
            redline=False,
        ),
        Format(
            "html", "HTML", module="html", binary=False, engine=False, stdout=True, redline=True
        ),
        Format("pdf", "PDF", module="pdf", binary=True, engine=True, stdout=False, redline=True),
        Format(
            "docx",
            "DOCX",
            module="docx",
            binary=True,
            engine=False,
            stdout=False,
            redline=True,
            templated=False,
        ),
    )
}
ALL = "all"  # --format all: every format


def listed(names: list[str] | tuple[str, ...]) -> str:
    """``md, html or pdf``."""
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)
