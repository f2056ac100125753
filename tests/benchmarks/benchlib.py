"""Helpers shared by the benchmark scripts (figures, percentiles, machine description).

Every script prints one JSON object whose ``figures`` are ``{"value", "unit", "target",
"within_target", ...}``: a target is an upper bound, or a lower bound with
``better="higher"`` (throughputs). The targets come from ``targets.py`` (``report`` adds
them); ``run.py`` runs every script and compares. There are no asserts: the scripts measure
and report.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import targets


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile ``q`` (0–100); NaN for no values."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def figure(value: float | int, unit: str, **extra: object) -> dict:
    """A figure: its value, unit and anything that explains it (``note``, ``runs`` …)."""
    return {"value": round(value, 4) if isinstance(value, float) else value, "unit": unit, **extra}


def with_targets(script: str, figures: dict[str, dict]) -> dict[str, dict]:
    """``figures`` with each one's ``target`` (``better``) and ``within_target`` from the table."""
    out = {}
    for key, fig in figures.items():
        row = targets.lookup(script, key)
        value, unit, rest = (
            fig["value"],
            fig["unit"],
            {k: v for k, v in fig.items() if k not in ("value", "unit")},
        )
        head: dict = {"value": value, "unit": unit, "target": None if row is None else row.limit}
        if row is not None and row.better == "higher":
            head["better"] = "higher"
        head["within_target"] = None if row is None else row.met_by(float(value))
        out[key] = {**head, **rest}
    return out


def machine_info(packages: tuple[str, ...] = ("sqlalchemy", "PySide6-Essentials")) -> dict:
    """CPU, memory, load, Python/SQLite and the versions of ``packages``."""
    cpu_model = ""
    mem_total = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in packages:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpu_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model,
        "memory_gib": mem_total,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "sqlite": sqlite3.sqlite_version,
        "qpa_platform": os.environ.get("QT_QPA_PLATFORM"),
        "versions": versions,
    }


def remove_scratch(tmp: Path, keep: bool) -> None:
    """Remove a benchmark's temporary folder (``--keep``: keep it and say where)."""
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def report(script: str, result: dict, started: float, json_path: str | None) -> int:
    """Finish ``result`` of the script at path ``script`` (targets from the table, load at the
    end, run time since ``started``, a ``time.perf_counter`` value), print it as JSON and,
    with ``--json FILE``, write it there too."""
    result["figures"] = with_targets(Path(script).name, result["figures"])
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["runtime_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if json_path:
        Path(json_path).write_text(text + "\n", encoding="utf-8")
    return 0


_SHARED_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
_TEST_CORPORA = Path(__file__).resolve().parents[1] / "data" / "corpora"
# The corpora beside the checkout (../shared) when present, else the copies in tests/data
# (the same files, with their licences), so a fresh clone can run every benchmark.
CORPORA = _SHARED_CORPORA if _SHARED_CORPORA.is_dir() else _TEST_CORPORA
if CORPORA is _TEST_CORPORA:
    print(
        f"note: {_SHARED_CORPORA} is absent; benchmarks read the copies in {_TEST_CORPORA}", file=sys.stderr
    )


def conll_sentences(files: list[Path]) -> list[list[list[str]]]:
    """The sentences of CoNLL files, each a list of lines' fields (token, then its tags);
    blank lines end sentences, Wojood's ``$#$`` segment markers are dropped."""
    if not files:
        raise SystemExit(f"no corpus files under {CORPORA}")
    out: list[list[list[str]]] = []
    for path in files:
        cur: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if not fields:
                if cur:
                    out.append(cur)
                    cur = []
                continue
            if fields[0] != "$#$":
                cur.append(fields)
        if cur:
            out.append(cur)
    return out


def corpus_files() -> list[Path]:
    """The AQMAR and Wojood sample files."""
    return sorted((CORPORA / "aqmar").glob("*.txt")) + sorted((CORPORA / "wojood-sample").glob("*.txt"))
