#!/usr/bin/env python3
"""Run every benchmark script, compare its figures with the targets, write the benchmark page.

From the repository root (any Python 3.11 runs this file; the scripts run with .venv's)::

    tests/benchmarks/run.py            # the real run: docs/benchmarks.md and README's table
    tests/benchmarks/run.py --quick    # small inputs, a smoke run (figures not comparable):
                                       # the page goes to tests/benchmarks/out/, README is left alone
    tests/benchmarks/run.py --check    # also exit 1 when a target is missed

The scripts of ``targets.SCRIPTS`` run one after the other, each in a process of its own
(``--quick`` passed on, its JSON written to tests/benchmarks/out/, its progress on
stderr). The runner then prints every figure with its target (``targets.py``) and verdict
(pass, MISSED, no target, not measured), the machine and its load, and writes the page.
README's table goes between ``<!-- benchmarks:start -->`` and ``<!-- benchmarks:end -->``
(no markers: README is skipped, with a note). Exit status 1: a script failed, a targeted
figure was not measured or has another unit than its target, or (``--check``) a target
was missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from targets import MISSED, NOT_MEASURED, SCRIPTS, TARGETS, Target, lookup, verdict

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "out"
PAGE = ROOT / "docs" / "benchmarks.md"
README = ROOT / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
COMMAND = "tests/benchmarks/run.py"


@dataclass(frozen=True)
class Row:
    """One figure of one script, judged against its target."""

    script: str
    key: str
    value: float
    unit: str
    target: Target | None
    note: str = ""

    @property
    def verdict(self) -> str:
        return verdict(self.target, self.value)

    @property
    def description(self) -> str:
        if self.target is None:
            return self.note
        part = self.target.wildcard(self.key)
        return f"{self.target.description} ({part})" if part else self.target.description

    def measured(self) -> str:
        return f"{number(self.value)} {self.unit}"


@dataclass(frozen=True)
class Run:
    """What one run of the runner gathered."""

    quick: bool
    started: datetime
    seconds: float
    load_start: tuple[float, ...]
    load_end: tuple[float, ...]
    results: dict[str, dict]  # script → its JSON
    failed: dict[str, str]  # script → why it failed


def number(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "∞"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return "0" if value == 0 else f"{value:.2g}"


def loads(values: tuple[float, ...] | list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def interpreter() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run_script(script: str, quick: bool) -> tuple[dict | None, str]:
    """Run one script; its JSON, or None and why."""
    OUT.mkdir(exist_ok=True)
    out = OUT / f"{Path(script).stem}{'-quick' if quick else ''}.json"
    out.unlink(missing_ok=True)
    cmd = [interpreter(), str(HERE / script), "--json", str(out), *(["--quick"] if quick else [])]
    print(f"== {script}{' --quick' if quick else ''}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        return None, f"exited {done.returncode}"
    if not out.exists():
        return None, f"wrote no {out.name}"
    return json.loads(out.read_text(encoding="utf-8")), ""


def collect(run: Run) -> tuple[list[Row], list[str]]:
    """Every figure as a row (targets not measured too), and the problems that fail a run."""
    rows: list[Row] = []
    problems = [f"{script}: {why}" for script, why in run.failed.items()]
    for script, result in run.results.items():
        for key, fig in result["figures"].items():
            note = fig.get("note", "")
            rows.append(
                Row(
                    script,
                    key,
                    float(fig["value"]),
                    fig["unit"],
                    lookup(script, key),
                    note if isinstance(note, str) else "",
                )
            )
    for target in TARGETS:
        if target.script not in run.results:
            continue
        found = [r for r in rows if r.target == target]
        if not found:
            found = [Row(target.script, target.figure, math.nan, target.unit, target)]
            rows += found
        for r in found:
            if r.unit != target.unit:
                problems.append(f"{r.script}: {r.key} is in {r.unit}, its target in {target.unit}")
            if r.verdict == NOT_MEASURED:
                problems.append(f"{r.script}: {r.key} was not measured")
    order = {s: i for i, s in enumerate(SCRIPTS)}
    rows.sort(key=lambda r: order.get(r.script, len(order)))  # stable: each script's own order within
    return rows, problems


def headline(rows: list[Row]) -> list[tuple[Target, Row]]:
    """Each headline target with its row; a glob's worst row (which names the part)."""
    out = []
    for target in TARGETS:
        if not target.headline:
            continue
        found = [r for r in rows if r.target == target]
        if not found:
            continue
        failed = [r for r in found if math.isnan(r.value)]
        worst = failed or sorted(found, key=lambda r: -r.value if target.better == "lower" else r.value)
        out.append((target, worst[0]))
    return out


def machine(run: Run) -> str:
    if not run.results:
        return "unknown (no script finished)"
    m = next(iter(run.results.values()))["machine"]
    versions: dict[str, str] = {}
    for result in run.results.values():
        versions |= {k: v for k, v in result["machine"].get("versions", {}).items() if v}
    cores = f"{m.get('cpu_usable') or m.get('cpu_count')} of {m.get('cpu_count')} cores"
    parts = [m.get("cpu_model") or "unknown CPU", cores, f"{m.get('memory_gib')} GiB", m.get("platform", ""),
             f"Python {m.get('python')}", f"SQLite {m.get('sqlite')}", *(f"{k} {v}" for k, v in sorted(versions.items())),
             f"Qt platform {m.get('qpa_platform') or 'offscreen'}"]  # fmt: skip
    return ", ".join(p for p in parts if p)


def mode(run: Run) -> str:
    return "quick run: small inputs, figures not comparable with the targets" if run.quick else "full run"


def stamp(run: Run) -> str:
    return run.started.strftime("%Y-%m-%d %H:%M UTC")


def print_report(run: Run, rows: list[Row], problems: list[str]) -> None:
    print(f"Hamish benchmarks, {mode(run)}, {stamp(run)}, {run.seconds / 60:.1f} min")
    print(f"Machine: {machine(run)}")
    print(
        f"Load average (1 / 5 / 15 min): {loads(run.load_start)} at the start, {loads(run.load_end)} at the end"
    )
    width = max((len(r.key) for r in rows), default=10)
    for script in SCRIPTS:
        mine = [r for r in rows if r.script == script]
        if script in run.failed:
            print(f"\n{script}: FAILED ({run.failed[script]})")
        if not mine:
            continue
        m = run.results[script]["machine"]
        print(f"\n{script} ({run.results[script].get('runtime_s', '?')} s; load {loads(m['load_average_at_start'][:1])}"
              f" → {loads(m.get('load_average_at_end', [math.nan])[:1])})")  # fmt: skip
        print(f"  {'figure':<{width}}  {'measured':>18}  {'target':>18}  verdict")
        for r in mine:
            bound = r.target.bound() if r.target else ""
            print(f"  {r.key:<{width}}  {r.measured():>18}  {bound:>18}  {r.verdict}")
    counts = {v: sum(r.verdict == v for r in rows) for v in dict.fromkeys(r.verdict for r in rows)}
    print("\n" + ", ".join(f"{n} {v}" for v, n in counts.items()))
    for p in problems:
        print(f"problem: {p}")


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def page(run: Run, rows: list[Row]) -> str:
    generated = (f"Generated by `{COMMAND}{' --quick' if run.quick else ''}` on {stamp(run)} in {run.seconds / 60:.1f} min"
                 f" ({mode(run)}). Do not edit it by hand: run the command again.")  # fmt: skip
    where = (f"Machine: {machine(run)}. Load average (1 / 5 / 15 min): {loads(run.load_start)} at the start, "
             f"{loads(run.load_end)} at the end; other work on the machine slows the figures.")  # fmt: skip
    lines = [
        "# Benchmarks", "", generated, "", where, "",
        "Targets are in `tests/benchmarks/targets.py`; a figure without one is informative. Each",
        "script's docstring says how a figure is measured; `--quick` shrinks every input.",
        "", "## Targets", "", "| Figure | Script | Target | Measured | Verdict |", "|---|---|---|---|---|",
    ]  # fmt: skip
    for target in TARGETS:
        lines += [f"| {cell(r.description)} | `{r.script}` | {target.bound()} | {r.measured()} | {r.verdict} |"
                  for r in rows if r.target == target]  # fmt: skip
    for script in SCRIPTS:
        mine = [r for r in rows if r.script == script]
        lines += ["", f"## `{script}`", ""]
        if script in run.failed:
            lines += [f"Failed: {run.failed[script]}.", ""]
        if not mine:
            continue
        result = run.results[script]
        m = result["machine"]
        ran = (f"Ran {result.get('runtime_s', '?')} s; load average {loads(m['load_average_at_start'])} at its start, "
               f"{loads(m.get('load_average_at_end', []))} at its end.")  # fmt: skip
        lines += [ran, "", "| Figure | Measured | Target | Verdict | Note |", "|---|---|---|---|---|"]
        lines += [f"| `{r.key}` | {r.measured()} | {r.target.bound() if r.target else ''} | {r.verdict} | {cell(r.note)} |"
                  for r in mine]  # fmt: skip
    return "\n".join(lines) + "\n"


def readme_table(run: Run, rows: list[Row]) -> str:
    lines = ["| Figure | Target | Measured | |", "|---|---|---|---|"]
    for target, r in headline(rows):
        part = target.wildcard(r.key)
        measured = f"{r.measured()} (worst: {part})" if part else r.measured()
        lines.append(f"| {cell(target.description)} | {target.bound()} | {measured} | {r.verdict} |")
    cores = next(iter(run.results.values()))["machine"].get("cpu_usable", "?") if run.results else "?"
    generated = (f"Generated by `{COMMAND}` on {stamp(run)} ({cores} cores, load {loads(run.load_start[:1])} → "
                 f"{loads(run.load_end[:1])}); every figure: [docs/benchmarks.md](docs/benchmarks.md).")  # fmt: skip
    return "\n".join([*lines, "", generated])


def update_readme(path: Path, table: str) -> bool:
    """Put ``table`` between the markers of ``path``; False (unchanged) without them."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return False
    path.write_text(f"{text[: start + len(START)]}\n{table}\n{text[end:]}", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small inputs: a smoke run, figures not comparable"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    started, t0, load_start = datetime.now(UTC), time.perf_counter(), os.getloadavg()
    results: dict[str, dict] = {}
    failed: dict[str, str] = {}
    for script in SCRIPTS:
        result, why = run_script(script, args.quick)
        if result is None:
            failed[script] = why
        else:
            results[script] = result
    run = Run(args.quick, started, time.perf_counter() - t0, load_start, os.getloadavg(), results, failed)
    rows, problems = collect(run)
    print_report(run, rows, problems)
    target_page = OUT / "benchmarks-quick.md" if run.quick else PAGE
    target_page.write_text(page(run, rows), encoding="utf-8")
    print(f"wrote {target_page.relative_to(ROOT)}")
    if problems:
        print("note: README.md's benchmark table is only written by a run without problems")
    elif not run.quick:
        if update_readme(README, readme_table(run, rows)):
            print("wrote README.md's benchmark table")
        else:
            print(f"note: README.md has no {START} … {END} markers: its table was not written")
    return exit_status(rows, problems, args.check)


def exit_status(rows: list[Row], problems: list[str], check: bool) -> int:
    """1 for a problem (a failed script, a targeted figure not measured or in another unit)
    and, with ``check``, for a missed target."""
    return 1 if problems or (check and any(r.verdict == MISSED for r in rows)) else 0


if __name__ == "__main__":
    sys.exit(main())
