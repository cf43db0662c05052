"""Benchmarks for workagree, measured side by side in one run and reported as ratios.

    python bench/run.py               # everything
    python bench/run.py startup       # only the named groups

Prints a table and writes bench/results.json, keeping the results of the groups not run
this time. Machines are noisy: compare the ratios,
which are measured in the same run, rather than absolute times between runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "agency-campaign.yaml"
RESULTS = Path(__file__).resolve().parent / "results.json"


def _environment() -> dict[str, str]:
    """The environment of measured commands: this tree's code, with bytecode written and
    used as in an installed copy (a shell's PYTHONDONTWRITEBYTECODE would have every
    process compile workagree's modules again)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cold(argv: Sequence[str], repeat: int, **variables: str) -> float:
    """Median wall time of running a command from scratch (a new process each time)."""
    env = {**_environment(), **variables}
    times = []
    subprocess.run(argv, capture_output=True, env=env, check=False)  # warm the file cache
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported_modules(argv: Sequence[str]) -> set[str]:
    """Top-level modules a `workagree` command imports (from `python -X importtime`)."""
    env = _environment()
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


TYPER_FLOOR = """
from pathlib import Path
import typer
app = typer.Typer()
@app.command()
def validate(file: Path) -> None:
    pass
app()
"""


def startup(repeat: int) -> list[dict[str, object]]:
    """Cold `--help` and `validate` against a bare `python -c pass` (target: validate <= 10x)."""
    py = sys.executable
    base = cold([py, "-c", "pass"], repeat)
    help_ = cold([py, "-m", "workagree", "--help"], repeat)
    validate = cold([py, "-m", "workagree", "validate", str(EXAMPLE)], repeat)
    # The floor of any typer CLI here: one command taking a file, doing nothing with it.
    floor = cold([py, "-c", TYPER_FLOOR, str(EXAMPLE)], repeat)
    heavy = sorted(
        {"weasyprint", "babel", "holidays"} & imported_modules(["validate", str(EXAMPLE)])
    )
    return [
        row("python -c pass", base, None, None),
        row("workagree --help", help_, help_ / base, None),
        row("workagree validate", validate, validate / base, 10.0),
        row("  typer app with one command (floor)", floor, floor / base, None),
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


def _workagree(*args: str) -> list[str]:
    return [sys.executable, "-m", "workagree", *args]


def render_cold(repeat: int) -> list[dict[str, object]]:
    """Cold HTML vs cold PDF (target <= 0.3x), and cold PDF vs the weasyprint CLI (<= 1.15x)."""
    from workagree.rendering.environment import templates_root

    with tempfile.TemporaryDirectory() as tmp:
        html_out, pdf_out, ref_out = (Path(tmp) / n for n in ("a.html", "a.pdf", "ref.pdf"))
        html = cold(_workagree("render", str(EXAMPLE), "-f", "html", "-o", str(html_out)), repeat)
        pdf = cold(_workagree("render", str(EXAMPLE), "-f", "pdf", "-o", str(pdf_out)), repeat)
        base = templates_root().as_uri() + "/"
        engine = cold(
            [
                sys.executable,
                "-m",
                "weasyprint",
                "--pdf-tags",
                "-u",
                base,
                str(html_out),
                str(ref_out),
            ],
            repeat,
        )
    return [
        row("cold render --format html", html, html / pdf, 0.3),
        row("cold render --format pdf", pdf, None, None),
        row("cold weasyprint CLI on the same HTML", engine, None, None),
        row("render pdf / weasyprint CLI", pdf, pdf / engine, 1.15),
    ]


def _warm_sample(count: int) -> tuple[list[float], list[float]]:
    """In this (fresh) process: ``count`` PDF renders each way, interleaved, in seconds."""
    import weasyprint

    import workagree
    from workagree.rendering.environment import templates_root

    agreement = workagree.load(EXAMPLE)
    html = workagree.render(agreement, format="html")
    base = templates_root().as_uri() + "/"
    ours, theirs = [], []
    workagree.render(agreement, format="pdf")  # warm caches and imports
    weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_tags=True)
    for _ in range(count):
        # Each side starts with no garbage of the other's: a collection caused by one
        # side's allocations would otherwise land in the other's time as often as not.
        gc.collect()
        start = time.perf_counter()
        workagree.render(workagree.load(EXAMPLE), format="pdf")
        ours.append(time.perf_counter() - start)
        gc.collect()
        start = time.perf_counter()
        weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_tags=True)
        theirs.append(time.perf_counter() - start)
    return ours, theirs


def render_warm(repeat: int) -> list[dict[str, object]]:
    """50 PDF renders of one example vs WeasyPrint alone on the same HTML (target <= 1.1x).

    The renders are spread over five fresh processes, ten each way in each: one process's
    string-hash seed and memory layout alone move its timings by 10% or more, one way or
    the other, which a single process would report as a difference between the two sides.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    processes, count = 5, 10
    ours: list[float] = []
    theirs: list[float] = []
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
        for mine, engine in pool.map(_warm_sample, [count] * processes):
            ours += mine
            theirs += engine
    mine_s, engine_s = statistics.median(ours), statistics.median(theirs)
    total = processes * count
    return [
        row(f"load + render pdf, median of {total}", mine_s, None, None),
        row(f"weasyprint alone, median of {total}", engine_s, None, None),
        row("warm render / weasyprint", mine_s, mine_s / engine_s, 1.1),
    ]


def _rss_tree(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) * 1024
                for line in status.splitlines()
                if line.startswith("VmRSS")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _timed_peak(argv: Sequence[str], cwd: Path) -> tuple[float, int]:
    env = _environment()
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _rss_tree(process.pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peak


def _specs(folder: Path, count: int) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for index in range(count):
        text = examples[index % len(examples)].read_text(encoding="utf-8")
        text = text.replace("project: ", f"project: Agreement {index:04d}, ", 1)
        (folder / f"spec-{index:04d}.yaml").write_text(text, encoding="utf-8")


def build(repeat: int) -> list[dict[str, object]]:
    """`build` of 100 and 400 specs with 1 and 2 jobs, against the floors it should approach."""
    import weasyprint

    import workagree
    from workagree.rendering.environment import templates_root

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        specs = folder / "specs"
        specs.mkdir()
        _specs(specs, 400)
        small = folder / "small"
        small.mkdir()
        _specs(small, 100)
        times: dict[tuple[int, int], float] = {}
        for count, source in ((100, small), (400, specs)):
            for jobs in (1, 2):
                seconds, peak = _timed_peak(
                    _workagree(
                        "build",
                        str(source),
                        "--out",
                        f"out-{count}-{jobs}",
                        "-j",
                        str(jobs),
                        "--force",
                    ),
                    folder,
                )
                times[count, jobs] = seconds
                rows.append(
                    {
                        "name": f"build {count} specs, {jobs} job(s)",
                        "seconds": round(seconds, 3),
                        "ratio": None,
                        "target": None,
                        "ok": None,
                        "per_second": round(count / seconds, 1),
                        "peak_mb": round(peak / 2**20),
                    }
                )
                if count == 100:
                    rows.append(
                        {
                            "name": "  peak memory (MB, target < 400)",
                            "value": round(peak / 2**20),
                            "ok": peak < 400 * 2**20,
                        }
                    )
        # The floor for one core: the same 100 documents rendered serially, warm, by WeasyPrint.
        base = templates_root().as_uri() + "/"
        htmls = [
            workagree.render(workagree.load(p), format="html") for p in sorted(small.glob("*.yaml"))
        ]
        start = time.perf_counter()
        for html in htmls:
            weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_tags=True)
        serial = time.perf_counter() - start
        rows.append(row("weasyprint serial, warm, 100 documents", serial, None, None))
        rows.append(
            row(
                "build 100 (2 jobs) / warm serial weasyprint",
                times[100, 2],
                times[100, 2] / serial,
                0.6,
            )
        )
        # 100 separate `workagree render` calls, estimated from 10.
        one = folder / "one.pdf"
        separate = (
            sum(
                cold(_workagree("render", str(p), "-o", str(one)), 1)
                for p in sorted(small.glob("*.yaml"))[:10]
            )
            * 10
        )
        rows.append(row("100 separate render calls (10 timed, x10)", separate, None, None))
        rows.append(
            row(
                "build 100 (2 jobs) / separate renders",
                times[100, 2],
                times[100, 2] / separate,
                0.1,
            )
        )
        rows.append(
            row(
                "growth: build 400 / build 100 (1 job; linear = 4)",
                times[400, 1],
                times[400, 1] / times[100, 1],
                None,
            )
        )
        # Nothing to do: a second build and --check, against one cold validate.
        validate = cold(_workagree("validate", str(EXAMPLE)), repeat)
        again = cold(_workagree("build", str(small), "--out", str(folder / "out-100-2")), repeat)
        check = cold(
            _workagree("build", str(small), "--out", str(folder / "out-100-2"), "--check"), repeat
        )
        rows.append(row("cold validate of one spec", validate, None, None))
        rows.append(row("second build of 100, nothing changed", again, again / validate, 3.0))
        rows.append(row("build --check of 100", check, check / validate, 3.0))
    return rows


def fit(repeat: int) -> list[dict[str, object]]:
    """`--fit` on an overlong spec: how many renders, and how long (target: at most 7 renders)."""
    import workagree
    from workagree.rendering import fit as fitting

    text = EXAMPLE.read_text(encoding="utf-8")
    extra = "".join(
        f"  - id: extra-{i}\n    owner: studio\n    what: Extra duty number {i} with a sentence "
        f"long enough to wrap onto a second line in the table\n    deadline: every friday\n"
        f"    if_missed: credit\n"
        for i in range(9)
    )
    agreement = workagree.load_text(
        text.replace("responsibilities:\n", "responsibilities:\n" + extra, 1)
    )
    calls = 0
    original = fitting.render_pdf

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    fitting.render_pdf = counting  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        result, layout = fitting.fit_pdf(
            agreement, theme="classic", templates=None, page="a4", max_pages=1
        )
        seconds = time.perf_counter() - start
    finally:
        fitting.render_pdf = original
    return [
        row(
            f"--fit to 1 page (root size {layout.root_size:g} pt, {result.pages} page)",
            seconds,
            None,
            None,
        ),
        {"name": "  renders (target <= 7)", "value": calls, "ok": calls <= 7},
    ]


def _validate_in_process(path: Path, repeat: int) -> float:
    """Median time to check ``path`` and print its problems as `validate` does (to nowhere)."""
    import io

    from rich.console import Console

    from workagree.api import check_file
    from workagree.cli.report import print_problems

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        print_problems(Console(file=io.StringIO(), width=200), check_file(path).problems)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def many_problems(repeat: int) -> list[dict[str, object]]:
    """A file with 20,000 unknown keys vs one with 2,000 (target <= 15x: linear, not quadratic)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        timings = {}
        for count in (2_000, 20_000):
            path = Path(tmp) / f"unknown-{count}.yaml"
            path.write_text(
                text + "".join(f"unknown_key_{i}: x\n" for i in range(count)), encoding="utf-8"
            )
            timings[count] = _validate_in_process(path, max(1, repeat // 3))
    small, large = timings[2_000], timings[20_000]
    return [
        row("validate, 2,000 unknown keys", small, None, None),
        row("validate, 20,000 unknown keys", large, large / small, 15.0),
    ]


# Forces WeasyPrint's fontTools path in one process (see workagree.engine.subsetting).
FONTTOOLS = {"WORKAGREE_FONT_SUBSETTER": "fonttools"}


def _subsetter_sample(count: int) -> tuple[list[float], list[float]]:
    """In this (fresh) process: ``count`` PDF renders with each subsetter, interleaved."""
    import workagree

    agreement = workagree.load(EXAMPLE)
    times: dict[str, list[float]] = {"auto": [], "fonttools": []}
    for index in range(count + 1):
        for subsetter, seconds in times.items():
            os.environ["WORKAGREE_FONT_SUBSETTER"] = subsetter
            gc.collect()
            start = time.perf_counter()
            workagree.render(agreement, format="pdf")
            if index:  # the first of each warms caches and imports
                seconds.append(time.perf_counter() - start)
    return times["auto"], times["fonttools"]


def _same_bytes(folder: Path, variables: dict[str, str], renders: int = 5) -> bool:
    """Whether ``renders`` cold renders at least a second apart give identical PDFs."""
    outputs = []
    for index in range(renders):
        out = folder / f"same-{index}.pdf"
        env = {**_environment(), **variables}
        subprocess.run(
            _workagree("render", str(EXAMPLE), "-o", str(out)),
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
        time.sleep(1.0)
    return len(set(outputs)) == 1


def _build_matches_renders(folder: Path, variables: dict[str, str]) -> bool:
    """Whether `build -j 2` writes the bytes that serial `render` calls write."""
    specs = folder / "specs"
    specs.mkdir(parents=True)
    _specs(specs, 4)
    env = {**_environment(), **variables}
    built = folder / "built"
    subprocess.run(
        _workagree("build", str(specs), "--out", str(built), "-j", "2", "--force"),
        env=env,
        check=True,
        capture_output=True,
    )
    for spec in sorted(specs.glob("*.yaml")):
        out = folder / f"{spec.stem}.pdf"
        subprocess.run(
            _workagree("render", str(spec), "-o", str(out)),
            env=env,
            check=True,
            capture_output=True,
        )
        if out.read_bytes() != (built / out.name).read_bytes():
            return False
    return True


def subsetting(repeat: int) -> list[dict[str, object]]:
    """PDFs with fontTools as the font subsetter vs HarfBuzz's: time, and identical bytes.

    HarfBuzz's subsetter need not be uninstalled: ``WORKAGREE_FONT_SUBSETTER=fonttools``
    has WeasyPrint use fontTools in the measured process.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pdf = ("render", str(EXAMPLE), "-f", "pdf", "-o")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "a.pdf")
        # Interleaved, one process each way at a time: other load on the machine then
        # falls on both sides alike.
        pairs = [
            (cold(_workagree(*pdf, out), 1), cold(_workagree(*pdf, out), 1, **FONTTOOLS))
            for _ in range(repeat)
        ]
        fast = statistics.median(pair[0] for pair in pairs)
        slow = statistics.median(pair[1] for pair in pairs)
        rows += [
            row("cold render pdf, HarfBuzz subsetter", fast, None, None),
            row("cold render pdf, fontTools subsetter", slow, None, None),
            row("  fontTools / HarfBuzz, cold", slow, slow / fast, 1.25),
        ]
        processes, count = 3, 6
        ours: list[float] = []
        theirs: list[float] = []
        context = get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context, max_tasks_per_child=1) as pool:
            for harfbuzz, fonttools in pool.map(_subsetter_sample, [count] * processes):
                ours += harfbuzz
                theirs += fonttools
        fast, slow = statistics.median(ours), statistics.median(theirs)
        total = processes * count
        rows += [
            row(f"warm render pdf, HarfBuzz, median of {total}", fast, None, None),
            row(f"warm render pdf, fontTools, median of {total}", slow, None, None),
            row("  fontTools / HarfBuzz, warm", slow, slow / fast, 1.3),
        ]
        for name, variables in (("HarfBuzz", {}), ("fontTools", FONTTOOLS)):
            same = _same_bytes(Path(tmp), variables)
            rows.append(
                {"name": f"5 renders 1 s apart identical, {name}", "value": same, "ok": same}
            )
            built = _build_matches_renders(Path(tmp) / name, variables)
            rows.append(
                {"name": f"build -j 2 == serial renders, {name}", "value": built, "ok": built}
            )
    return rows


GROUPS: dict[str, Callable[[int], list[dict[str, object]]]] = {
    "startup": startup,
    "render-cold": render_cold,
    "render-warm": render_warm,
    "build": build,
    "fit": fit,
    "many-problems": many_problems,
    "subsetting": subsetting,
}


def _previous_groups() -> dict[str, object]:
    try:
        groups = json.loads(RESULTS.read_text(encoding="utf-8"))["groups"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return groups if isinstance(groups, dict) else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)}")
    parser.add_argument("--repeat", type=int, default=9, help="repetitions per measurement")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "groups": _previous_groups(),  # a run of some groups keeps the others' results
    }
    failed = False
    unknown = set(args.groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    for name in args.groups or list(GROUPS):
        rows = GROUPS[name](args.repeat)
        results["groups"][name] = rows  # type: ignore[index]
        print(f"\n## {name}")
        print(f"{'measurement':45} {'median s':>9} {'ratio':>7} {'target':>7}  ok")
        for r in rows:
            if "per_second" in r:
                print(
                    f"{r['name']:45} {r['seconds']:>9} {r['per_second']:>6}/s  "
                    f"peak {r['peak_mb']} MB"
                )
            elif "seconds" in r:
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
