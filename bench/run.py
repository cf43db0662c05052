"""Benchmarks for workagree, measured side by side in one run and reported as ratios.

    python bench/run.py               # everything
    python bench/run.py startup       # only the named groups

Prints a table and writes bench/results.json. Machines are noisy: compare the ratios,
which are measured in the same run, rather than absolute times between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "agency-campaign.yaml"
RESULTS = Path(__file__).resolve().parent / "results.json"


def cold(argv: Sequence[str], repeat: int) -> float:
    """Median wall time of running a command from scratch (a new process each time)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    subprocess.run(argv, capture_output=True, env=env, check=False)  # warm the file cache
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported_modules(argv: Sequence[str]) -> set[str]:
    """Top-level modules a `workagree` command imports (from `python -X importtime`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "workagree", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def startup(repeat: int) -> list[dict[str, object]]:
    """Cold `--help` and `validate` against a bare `python -c pass` (target: validate <= 10x)."""
    py = sys.executable
    base = cold([py, "-c", "pass"], repeat)
    help_ = cold([py, "-m", "workagree", "--help"], repeat)
    validate = cold([py, "-m", "workagree", "validate", str(EXAMPLE)], repeat)
    heavy = sorted(
        {"weasyprint", "babel", "holidays"} & imported_modules(["validate", str(EXAMPLE)])
    )
    return [
        row("python -c pass", base, None, None),
        row("workagree --help", help_, help_ / base, None),
        row("workagree validate", validate, validate / base, 10.0),
        {"name": "validate imports weasyprint/babel/holidays", "value": heavy, "ok": not heavy},
    ]


def row(name: str, seconds: float, ratio: float | None, target: float | None) -> dict[str, object]:
    return {
        "name": name,
        "seconds": round(seconds, 4),
        "ratio": None if ratio is None else round(ratio, 2),
        "target": target,
        "ok": None if target is None or ratio is None else ratio <= target,
    }


GROUPS: dict[str, Callable[[int], list[dict[str, object]]]] = {"startup": startup}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", choices=[*GROUPS, []], help="groups to run")
    parser.add_argument("--repeat", type=int, default=9, help="repetitions per measurement")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "groups": {},
    }
    failed = False
    for name in args.groups or list(GROUPS):
        rows = GROUPS[name](args.repeat)
        results["groups"][name] = rows  # type: ignore[index]
        print(f"\n## {name}")
        print(f"{'measurement':45} {'median s':>9} {'ratio':>7} {'target':>7}  ok")
        for r in rows:
            if "seconds" in r:
                ratio = "" if r["ratio"] is None else f"{r['ratio']}x"
                target = "" if r["target"] is None else f"{r['target']}x"
                print(f"{r['name']:45} {r['seconds']:>9} {ratio:>7} {target:>7}  {r['ok'] or ''}")
            else:
                print(f"{r['name']:45} {r['value']!s:>25}  {r['ok']}")
            failed |= r.get("ok") is False
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
