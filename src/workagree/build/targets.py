"""Where a build's outputs go, checked for every spec before anything is built.

Outputs mirror the specs' paths inside the project folder under the output folder (see
:mod:`workagree.build.discover`), so two specs can map to one output (``y.yaml`` beside
``y.yml``): one would silently overwrite the other and ``--check`` would never be
satisfied. An
output must also stay inside the output folder, and must not replace a spec or land on
anything but a regular file. Each of these is a usage error naming every case at once.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from .. import inputs
from ..errors import Problem, WorkagreeError
from ..formats import FORMATS
from ..output import check_target
from .discover import Spec

SUFFIX = {name: fmt.suffix for name, fmt in FORMATS.items()}
_OTHER_OUT = "choose another --out folder"


def relative_output(spec: Spec, fmt: str) -> Path:
    """The output of ``spec`` in format ``fmt``, relative to the output folder."""
    return spec.relative.with_suffix(SUFFIX[fmt])


def _collisions(specs: list[Spec], out: Path, fmt: str) -> list[Problem]:
    by_output: dict[Path, list[Spec]] = defaultdict(list)
    for spec in specs:
        by_output[relative_output(spec, fmt)].append(spec)
    return [
        Problem(
            file=str(out / relative),
            message="would be the output of more than one spec: "
            + ", ".join(sorted(str(spec.path) for spec in same)),
            code="output-collision",
            hint="rename one of them, or build them separately into different --out folders",
        )
        for relative, same in sorted(by_output.items())
        if len(same) > 1
    ]


def _outside(path: Path, out: Path) -> bool:
    folder = os.path.realpath(out)
    return os.path.commonpath([folder, os.path.realpath(path.parent)]) != folder


def check_outputs(specs: list[Spec], out: Path, formats: list[str]) -> None:
    """Refuse (exit 2) outputs that collide, escape ``out`` or would replace an input."""
    for spec in specs:
        inputs.note(spec.path, "the spec")
    problems = _collisions(specs, out, formats[0]) if formats else []
    for spec in specs:
        for fmt in formats:
            path = out / relative_output(spec, fmt)
            if _outside(path, out):
                problems.append(
                    Problem(
                        file=str(path),
                        message=f"would be written outside the output folder {out}",
                        code="output-outside",
                        hint="keep the specs and the output folder's subfolders inside the "
                        "project (no symlinks out of the output folder)",
                    )
                )
                continue
            try:
                check_target(path, hint=_OTHER_OUT)
            except WorkagreeError as exc:
                problems += exc.problems
    if problems:
        raise WorkagreeError(problems, exit_code=2)
