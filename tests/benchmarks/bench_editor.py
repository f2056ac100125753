"""Editor benchmarks for Hamish: Arabic-aware search across a project, label-all preview.

Run from the repository root::

    .venv/bin/python tests/benchmarks/bench_editor.py            # the real run (about a minute)
    .venv/bin/python tests/benchmarks/bench_editor.py --quick    # small inputs, a smoke run
    .venv/bin/python tests/benchmarks/bench_editor.py --json out.json   # also write the JSON to a file

It prints ONE pretty-printed JSON object on stdout (progress goes to stderr), in the
shape of ``bench_foundation.py``::

    {"machine": {...}, "inputs": {...}, "figures": {NAME: {"value", "unit", "target",
     "within_target", ...}}, "details": {...}, "runtime_s": ...}

No asserts: it measures and reports. ``target`` is the budget (``null``: informative);
``within_target`` is ``value <= target``. The database lives in a temporary folder
removed at the end (``--keep`` keeps it). No Qt: these are the Qt-free parts the find bar
and the label-all dialog call (``app.core.search``, ``app.services.search``).

Inputs are the sentences of ``../shared/corpora/aqmar/*.txt`` and
``../shared/corpora/wojood-sample/*.txt`` (tokens joined by spaces; ``$#$`` markers
skipped), in file order, reused round-robin.

Figures (their targets are in ``targets.py``; ``--quick`` shrinks every input, so its figures are not comparable):

project_search_1000_docs_ms
    ``ProjectSearch(ws).search(query)`` (whole words, every normalisation on, at most
    10,000 hits mapped to original offsets with context) over a project of 1,000
    documents of 20 corpus sentences each (~3,000 code points, ~5.5 KB) plus the seed
    article: the slowest of the 8 queries below, each the median of 5 runs, with the
    normalised-text cache filled (a find bar's second and later queries).
project_search_1000_docs_cold_ms
    The first query of a fresh ``ProjectSearch`` on the same project: reads the 1,001 texts
    (one column query, SQLite page cache warm), normalises them all, searches. Median of 5.
project_search_queries (details)
    Per query: median ms, hits in the project, documents with hits, truncated.
label_all_preview_5mb_ms
    ``app.core.search.candidates(text, surface, None, spans, "organisation")`` on one ~5 MB
    document (5,000,000 UTF-8 bytes, ~2.8 M code points, a few 🙂) with 10,000 existing
    spans, for the surface form with the most whole-word occurrences among the corpora's
    organisation/location entities: normalising the 5 MB text, finding every occurrence,
    mapping each back with its context, classifying each against the span index. Median of 5.
label_all_preview_5mb_cached_ms (informative)
    The same with the document's normalised text taken from ``ProjectSearch.document``
    (the cache the editor keeps while the document is open).
normalise_5mb_ms, normalise_5mb_vocalised_ms (informative)
    ``Normaliser().normalise(text)`` of the 5 MB document, and of the same text fully
    vocalised (a haraka after each Arabic letter, a shadda on every 7th: ~4.6 M code points,
    ~40 % of them removed, the worst case of the offset map). Median of 5.
find_frequent_word_5mb_ms (informative)
    ``find_all(text, "في")`` in the 5 MB document (tens of thousands of hits, each with
    context). Median of 3.
"""

from __future__ import annotations

import argparse
import collections
import gc
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import CORPORA, conll_sentences, corpus_files, figure, log, machine_info, remove_scratch, report

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

perf = time.perf_counter
EMOJI = "🙂"

FULL = dict(docs=1000, sentences_per_doc=20, big_doc_bytes=5_000_000, big_doc_spans=10_000, runs=5)
QUICK = dict(docs=100, sentences_per_doc=20, big_doc_bytes=500_000, big_doc_spans=1_000, runs=2)

QUERIES = [
    "في",  # the most frequent word: the 10,000-hit limit applies
    "فلسطين",
    "الاتحاد الأوروبي",
    "الإسلامية",  # alef variants
    "فِلَسْطِين",  # a vocalised query
    "كرة القدم",
    "لينكس",
    "بيرزيت",
]


def timed(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median wall time in ms of ``runs`` calls (GC collected before each), and the last result."""
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        t0 = perf()
        result = fn()
        times.append((perf() - t0) * 1000)
    return statistics.median(times), result


def load_sentences() -> tuple[list[str], collections.Counter[str]]:
    """Every corpus sentence, and how often each ORG/LOC/GPE entity token starts an entity."""
    sentences: list[str] = []
    entities: collections.Counter[str] = collections.Counter()
    for sent in conll_sentences(corpus_files()):
        sentences.append(" ".join(f[0] for f in sent))
        entities.update(f[0] for f in sent if any(t in ("B-ORG", "B-LOC", "B-GPE") for t in f[1:]))
    return sentences, entities


def build_big_text(sentences: list[str], target_bytes: int) -> str:
    paras, size, i, n = [], 0, 0, len(sentences)
    while size < target_bytes:
        para = " ".join(sentences[(i + k) % n] for k in range(8))
        if (i // 8) % 300 == 5:
            para = EMOJI + " " + para
        i += 8
        paras.append(para)
        size += len(para.encode("utf-8")) + 1
    return "\n".join(paras)


def vocalise(text: str) -> str:
    harakat = "\u064e\u064f\u0650"
    out = []
    k = 0
    for ch in text:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a":
            k += 1
            out.append(harakat[k % 3])
            if k % 7 == 0:
                out.append("\u0651")
    return "".join(out)


def build_project(db: Path, sentences: list[str], sizes: dict) -> dict:
    from app.core.stored_text import text_sha256
    from app.paths import SEEDS
    from app.services import importing
    from app.services.workspace import Workspace
    from app.store import repository as repo

    ws = Workspace.open(db, annotator="bench")
    try:
        importing.ensure_seeded(ws, SEEDS)
        per = sizes["sentences_per_doc"]
        docs = []
        n = len(sentences)
        for d in range(sizes["docs"]):
            body = "\n".join(sentences[(d * per + k) % n] for k in range(per)) + f"\nالوثيقة رقم {d}."
            docs.append(repo.NewDocument(f"وثيقة {d}", f"doc{d}.txt", body, text_sha256(body)))
        with ws.db.write() as s:
            repo.add_documents(s, ws.project_id, docs)
        chars = sum(len(doc.text) for doc in docs)
        return {
            "documents": ws.document_count(),
            "generated_code_points": chars,
            "avg_code_points": chars // len(docs),
        }
    finally:
        ws.close()


def bench_project_search(db: Path, sizes: dict, figures: dict, details: dict) -> None:
    from app.services.search import ProjectSearch
    from app.services.workspace import Workspace

    ws = Workspace.open(db, annotator="bench")
    try:
        ProjectSearch(ws).search("تجربة")  # imports, camel-tools tables, SQLite page cache
        log("project search: cold")
        cold, result = timed(lambda: ProjectSearch(ws).search(QUERIES[1]), sizes["runs"])
        figures["project_search_1000_docs_cold_ms"] = figure(cold, "ms", documents=result.documents)  # type: ignore[attr-defined]
        ps = ProjectSearch(ws)
        ps.search(QUERIES[1])
        per_query = {}
        log("project search: warm, per query")
        for q in QUERIES:
            ms, r = timed(lambda q=q: ps.search(q), sizes["runs"])
            per_query[q] = {
                "median_ms": round(ms, 2),
                "hits": r.total,  # type: ignore[attr-defined]
                "documents_with_hits": len(r.per_document),  # type: ignore[attr-defined]
                "truncated": r.truncated,  # type: ignore[attr-defined]
            }
        worst = max(per_query, key=lambda q: per_query[q]["median_ms"])
        figures["project_search_1000_docs_ms"] = figure(
            per_query[worst]["median_ms"], "ms", slowest_query=worst,
            median_of_queries_ms=round(statistics.median(v["median_ms"] for v in per_query.values()), 2),
        )  # fmt: skip
        details["project_search_queries"] = per_query
        details["project_search_cached_documents"] = ps.cached_documents
    finally:
        ws.close()


def bench_label_all(
    sentences: list[str], entities: collections.Counter[str], sizes: dict, figures: dict, details: dict
) -> None:
    from app.core.normalise import Normaliser
    from app.core.search import candidates, find_all
    from app.core.spans import SpanIndex, SpanRecord

    text = build_big_text(sentences, sizes["big_doc_bytes"])
    details["big_document"] = {
        "utf8_bytes": len(text.encode("utf-8")),
        "code_points": len(text),
        "emoji": text.count(EMOJI),
    }
    # Existing spans: every n-th Arabic word, one label each in turn.
    words = [m.span() for m in re.finditer(r"[\u0621-\u064a]+", text)]
    step = max(1, len(words) // sizes["big_doc_spans"])
    labels = ["person", "role", "organisation", "event", "figure"]
    recs = [
        SpanRecord(a, b, labels[k % 5], text[a:b], k + 1)
        for k, (a, b) in enumerate(words[::step][: sizes["big_doc_spans"]])
    ]
    spans = SpanIndex(recs)
    # The surface: the ORG/LOC entity token with most whole-word occurrences in the text.
    counts = collections.Counter(text[a:b] for a, b in words)
    surface = max((e for e in entities if e in counts), key=lambda e: counts[e])
    norm = Normaliser()
    log(f"label-all on the {len(text):,}-code-point document, surface {surface!r}")
    candidates(text, surface, None, spans, "organisation")  # warm-up (tables, regex)
    ms, preview = timed(lambda: candidates(text, surface, None, spans, "organisation"), sizes["runs"])
    figures["label_all_preview_5mb_ms"] = figure(
        ms, "ms", surface=surface, existing_spans=len(spans),
        candidates=len(preview.candidates), skipped=len(preview.skipped),  # type: ignore[attr-defined]
    )  # fmt: skip
    cached = norm.normalise(text)
    ms, _ = timed(
        lambda: candidates(text, surface, None, spans, "organisation", normalised=cached), sizes["runs"]
    )
    figures["label_all_preview_5mb_cached_ms"] = figure(ms, "ms")
    ms, n = timed(lambda: norm.normalise(text), sizes["runs"])
    figures["normalise_5mb_ms"] = figure(ms, "ms", breakpoints=n.breakpoints)  # type: ignore[attr-defined]
    heavy = vocalise(text)
    ms, n = timed(lambda: norm.normalise(heavy), sizes["runs"])
    figures["normalise_5mb_vocalised_ms"] = figure(
        ms,
        "ms",
        code_points=len(heavy),
        breakpoints=n.breakpoints,  # type: ignore[attr-defined]
    )
    ms, hits = timed(lambda: find_all(text, "في"), 3)
    figures["find_frequent_word_5mb_ms"] = figure(ms, "ms", hits=len(hits))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small inputs: a smoke run, figures not comparable"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    started = perf()
    sizes = QUICK if args.quick else FULL
    figures: dict[str, dict] = {}
    details: dict[str, object] = {}
    inputs: dict[str, object] = {
        "mode": "quick" if args.quick else "full",
        "sizes": sizes,
        "corpora": str(CORPORA),
    }
    result = {
        "machine": machine_info(("numpy", "camel-tools")),
        "inputs": inputs,
        "figures": figures,
        "details": details,
    }
    tmp = Path(tempfile.mkdtemp(prefix="hamish-bench-editor-"))
    try:
        sentences, entities = load_sentences()
        inputs["corpus_sentences"] = len(sentences)
        log(f"building a project of {sizes['docs']} documents")
        db = tmp / "project.db"
        inputs["project"] = build_project(db, sentences, sizes)
        bench_project_search(db, sizes, figures, details)
        bench_label_all(sentences, entities, sizes, figures, details)
    finally:
        remove_scratch(tmp, args.keep)
    return report(__file__, result, started, args.json)


if __name__ == "__main__":
    sys.exit(main())
