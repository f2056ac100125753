"""Format benchmarks for Hamish: corpus import, JSONL export, CoNLL export, memory.

Run from the repository root::

    .venv/bin/python tests/benchmarks/bench_formats.py            # the real run (several minutes)
    .venv/bin/python tests/benchmarks/bench_formats.py --quick    # small inputs, a smoke run
    .venv/bin/python tests/benchmarks/bench_formats.py --json out.json
    .venv/bin/python tests/benchmarks/bench_formats.py --only import   # the import figures only

It prints ONE pretty-printed JSON object on stdout (progress on stderr), in the style of
``bench_foundation.py``: ``{"machine", "inputs", "figures": {NAME: {"value", "unit",
"target", "within_target", ...}}, "details", "runtime_s"}``. Targets are upper bounds,
except figures with ``"better": "higher"`` (throughputs), whose target is a lower bound.
No asserts: it measures and reports. Everything lives in a temporary folder removed at the
end (``--keep`` keeps it).

Inputs: the foundation's export corpus (``bench_foundation.build_export_db``: 100,000
documents of 5-15 real Arabic sentences from ../shared/corpora, 1,000,000 whole-word spans),
and a CoNLL file made of the AQMAR and Wojood sentences repeated (flat IOB2 tags).

Figures (their targets are in ``targets.py``):

import_jsonl_spans_per_s
    ``importing.import_corpus(ws, [FILE], "jsonl")`` into a new database, FILE being the
    JSONL export of the 100k-document corpus (1M spans): spans / wall-clock second (one run;
    the whole import is one transaction: parse, check, hash, insert, commit and the WAL
    checkpoint SQLite runs at that commit). Each import figure also gives ``cpu_s`` (this
    process's CPU time: less sensitive to other load on the machine than wall time),
    ``commit_s`` (the final commit and checkpoint), ``read_s`` (the format's reader alone on
    the same file, a separate pass: the share of the time the import engine does not own) and
    the load average before and after.
import_conll_spans_per_s
    The same for a CoNLL file with ~1M entities (``--format conll``, labels created).
jsonl_export_100k_docs_1m_spans_s
    ``export.export(ws, out)`` (Hamish JSONL) on the 100k-document database: median of 3 (the
    foundation's figure, re-measured on the formats code path).
conll_export_tokens_per_s_1_worker, conll_export_tokens_per_s_2_workers
    ``export.export(ws, out, ExportOptions(format="conll", workers=N))`` of raw-text
    documents (camel-tools tokens): tokens written / second, median of 3; and of token-aligned
    documents (imported from CoNLL: their own tokens), ``conll_export_aligned_tokens_per_s_*``.
peak_rss_import_mib_{small,large}, peak_rss_import_conll_mib_{small,large}, peak_rss_export_conll_mib_{small,large}
    Peak RSS (GNU time %M) of ``python -m app import --format jsonl`` (and ``--format conll
    --create-labels``) and ``export --format conll`` for two corpus sizes (10x apart): flat
    memory means the two are close.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import figure, remove_scratch, report

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location(
    "bench_foundation", Path(__file__).with_name("bench_foundation.py")
)
bf = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(bf)  # type: ignore[union-attr]

perf = time.perf_counter
log = bf.log
CORPORA = bf.CORPORA
PYTHON = bf.PYTHON

FULL = dict(
    docs=100_000, spans_per_doc=10, small_docs=10_000, conll_docs=20_000, conll_entities=1_000_000, runs=3
)
QUICK = dict(docs=5_000, spans_per_doc=10, small_docs=1_000, conll_docs=2_000, conll_entities=50_000, runs=1)


def corpus_sentences() -> list[list[tuple[str, str]]]:
    """AQMAR and Wojood sentences as (token, first tag) pairs."""
    out = []
    for path in sorted((CORPORA / "aqmar").glob("*.txt")) + sorted((CORPORA / "wojood-sample").glob("*.txt")):
        cur: list[tuple[str, str]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            f = line.split(" ")
            if len(f) < 2:
                if cur:
                    out.append(cur)
                    cur = []
                continue
            cur.append((f[0], f[1]))
        if cur:
            out.append(cur)
    return out


def write_conll(path: Path, sentences: list[list[tuple[str, str]]], entities: int) -> dict:
    """Sentences repeated (shuffled) until ``entities`` entities; tags as in the corpus (I- after O repaired)."""
    rng = random.Random(1)
    n_ent = n_tok = n_sent = 0
    with path.open("w", encoding="utf-8") as fh:
        while n_ent < entities:
            s = sentences[rng.randrange(len(sentences))]
            prev = "O"
            lines = []
            for tok, tag in s:
                if tag.startswith("I-") and prev[2:] != tag[2:]:
                    tag = "B-" + tag[2:]
                if tag.startswith("B-"):
                    n_ent += 1
                prev = tag
                lines.append(f"{tok} {tag}\n")
            fh.write("".join(lines) + "\n")
            n_tok += len(s)
            n_sent += 1
    return {
        "entities": n_ent,
        "tokens": n_tok,
        "sentences": n_sent,
        "mb": round(path.stat().st_size / 1e6, 1),
    }


def tokens_in(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        for line in fh:
            if line.strip():
                n += 1
    return n


def measured(cmd: list[str]) -> dict:
    return bf.spawn_measured(cmd, bf.child_env(), timeout=1800)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed_import(db: Path, src: Path, fmt: str, **kwargs: object) -> tuple[object, dict]:
    """One import into a new database: the report, and wall/CPU seconds with the load around it."""
    from app.services import importing
    from app.services.workspace import Workspace

    ws = Workspace.open(db, annotator="bench")
    before = load()
    t0, c0 = perf(), time.process_time()
    rep = importing.import_corpus(ws, [src], fmt, **kwargs)
    dt, cpu = perf() - t0, time.process_time() - c0
    ws.close()
    return rep, {
        "seconds": round(dt, 2),
        "cpu_s": round(cpu, 2),
        "commit_s": rep.commit_s,
        "load_before": before,  # type: ignore[attr-defined]
        "load_after": load(),
    }


def read_only_s(src: Path, fmt: str) -> float:
    """The format's reader alone over the file (what the import engine does not own)."""
    from app.formats import ReadOptions, get_format

    t0 = perf()
    for _item in get_format(fmt).read(src, ReadOptions()):  # type: ignore[misc]
        pass
    return round(perf() - t0, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--only",
        choices=("all", "import"),
        default="all",
        help="import: the import figures and their peak RSS only (the export runs once, untimed, to make the JSONL input)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    only_import = args.only == "import"
    started = perf()
    figures: dict[str, dict] = {}
    details: dict[str, object] = {}
    inputs: dict[str, object] = {"mode": "quick" if args.quick else "full", "sizes": sizes, "only": args.only}
    result = {"machine": bf.machine_info(), "inputs": inputs, "figures": figures, "details": details}

    from app.services import export
    from app.services.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="hamish-bench-formats-"))
    try:
        sentences = bf.load_sentences()
        # --- the 100k-document corpus, and its JSONL export ------------------------------------
        big = tmp / "big.db"
        log(f"building {sizes['docs']:,} documents / {sizes['docs'] * sizes['spans_per_doc']:,} spans")
        inputs["corpus"] = bf.build_export_db(
            big, sentences, {"export_docs": sizes["docs"], "export_spans_per_doc": sizes["spans_per_doc"]}
        )
        small = tmp / "small.db"
        inputs["corpus_small"] = bf.build_export_db(
            small,
            sentences,
            {"export_docs": sizes["small_docs"], "export_spans_per_doc": sizes["spans_per_doc"]},
        )

        out = tmp / "big.jsonl"
        times = []
        for run in range(1 if only_import else sizes["runs"]):
            log(f"jsonl export run {run + 1}")
            ws = Workspace.open(big, create=False)
            t0 = perf()
            rep = export.export(ws, out)
            times.append(perf() - t0)
            ws.close()
        if not only_import:
            figures["jsonl_export_100k_docs_1m_spans_s"] = figure(
                statistics.median(times),
                "s",
                runs=[round(t, 3) for t in times],
                note=f"{rep.documents:,} documents, {rep.spans:,} spans; median",
            )
        inputs["jsonl_mb"] = round(out.stat().st_size / 1e6, 1)

        # --- import: native JSONL, then CoNLL ------------------------------------------------------
        log("import jsonl")
        rep, timing = timed_import(tmp / "imported.db", out, "jsonl")
        figures["import_jsonl_spans_per_s"] = figure(
            rep.spans_added / timing["seconds"],
            "spans/s",  # type: ignore[attr-defined]
            **timing,
            read_s=read_only_s(out, "jsonl"),
            note=f"{rep.documents_added:,} documents, {rep.spans_added:,} spans, {inputs['jsonl_mb']} MB",
        )  # type: ignore[attr-defined]
        conll_file = tmp / "big.conll"
        inputs["conll_file"] = write_conll(conll_file, corpus_sentences(), sizes["conll_entities"])
        log(f"import conll ({inputs['conll_file']})")
        aligned = tmp / "aligned.db"
        rep, timing = timed_import(aligned, conll_file, "conll", create_labels=True)
        figures["import_conll_spans_per_s"] = figure(
            rep.spans_added / timing["seconds"],
            "spans/s",  # type: ignore[attr-defined]
            **timing,
            read_s=read_only_s(conll_file, "conll"),
            note=f"{rep.documents_added:,} documents, {rep.spans_added:,} spans, "  # type: ignore[attr-defined]
            f"{inputs['conll_file']['tokens']:,} tokens",
        )

        # --- CoNLL export: raw-text documents (camel-tools) and token-aligned ones ---------------------
        if not only_import:
            raw = tmp / "raw.db"
            inputs["conll_export_corpus"] = bf.build_export_db(
                raw,
                sentences,
                {"export_docs": sizes["conll_docs"], "export_spans_per_doc": sizes["spans_per_doc"]},
            )
            for label, db, annot in (("", raw, None), ("aligned_", aligned, "bench")):
                for workers in (1, 2):
                    times = []
                    for run in range(sizes["runs"]):
                        log(f"conll export {label or 'raw '}workers={workers} run {run + 1}")
                        ws = Workspace.open(db, create=False)
                        target = tmp / f"out-{label}{workers}.conll"
                        t0 = perf()
                        export.export(
                            ws, target, export.ExportOptions(format="conll", annotator=annot, workers=workers)
                        )
                        times.append(perf() - t0)
                        ws.close()
                    n_tok = tokens_in(target)
                    t = statistics.median(times)
                    figures[
                        f"conll_export_{label}tokens_per_s_{workers}_worker{'s' if workers > 1 else ''}"
                    ] = figure(
                        n_tok / t,
                        "tokens/s",
                        seconds=round(t, 2),
                        tokens=n_tok,
                        runs=[round(x, 3) for x in times],
                    )
                details[f"conll_export_{label}same_bytes_1_and_2_workers"] = (
                    tmp / f"out-{label}1.conll"
                ).read_bytes() == (tmp / f"out-{label}2.conll").read_bytes()

        # --- memory: two corpus sizes, whole processes ------------------------------------------------
        if bf.GNU_TIME:
            small_jsonl = tmp / "small.jsonl"
            ws = Workspace.open(small, create=False)
            export.export(ws, small_jsonl)
            ws.close()
            for name, src in (("small", small_jsonl), ("large", out)):
                log(f"peak RSS: import {name}")
                res = measured(
                    [
                        str(PYTHON),
                        "-m",
                        "app",
                        "--db",
                        str(tmp / f"rss-{name}.db"),
                        "import",
                        "--format",
                        "jsonl",
                        str(src),
                    ]
                )
                figures[f"peak_rss_import_mib_{name}"] = figure(
                    res["maxrss_mib"],
                    "MiB",
                    note=f"{src.stat().st_size / 1e6:.0f} MB JSONL",
                    returncode=res["returncode"],
                    seconds=round(res["exit_ms"] / 1000, 2),
                )
            small_conll = tmp / "small.conll"
            inputs["conll_file_small"] = write_conll(
                small_conll, corpus_sentences(), sizes["conll_entities"] // 10
            )
            for name, src in (("small", small_conll), ("large", conll_file)):
                log(f"peak RSS: import conll {name}")
                res = measured(
                    [
                        str(PYTHON),
                        "-m",
                        "app",
                        "--db",
                        str(tmp / f"rss-conll-{name}.db"),
                        "import",
                        "--format",
                        "conll",
                        "--create-labels",
                        str(src),
                    ]
                )
                figures[f"peak_rss_import_conll_mib_{name}"] = figure(
                    res["maxrss_mib"],
                    "MiB",
                    returncode=res["returncode"],
                    seconds=round(res["exit_ms"] / 1000, 2),
                    note=f"{src.stat().st_size / 1e6:.0f} MB CoNLL",
                )
            for name, db in (("small", small), ("large", big)):
                if only_import:
                    break
                log(f"peak RSS: export conll {name}")
                res = measured(
                    [
                        str(PYTHON),
                        "-m",
                        "app",
                        "--db",
                        str(db),
                        "export",
                        "--format",
                        "conll",
                        "--workers",
                        "1",
                        "--out",
                        str(tmp / f"rss-{name}.conll"),
                    ]
                )
                figures[f"peak_rss_export_conll_mib_{name}"] = figure(
                    res["maxrss_mib"],
                    "MiB",
                    returncode=res["returncode"],
                    note=f"{db.stat().st_size / 1e6:.0f} MB database",
                )
    finally:
        remove_scratch(tmp, args.keep)
    return report(__file__, result, started, args.json)


if __name__ == "__main__":
    sys.exit(main())
