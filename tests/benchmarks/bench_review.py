"""Review benchmarks for Hamish: project agreement, opening a review, navigating differences.

Run from the repository root::

    .venv/bin/python tests/benchmarks/bench_review.py            # the real run (about a minute)
    .venv/bin/python tests/benchmarks/bench_review.py --quick    # small inputs, a smoke run
    .venv/bin/python tests/benchmarks/bench_review.py --json out.json   # also write the JSON to a file

It prints ONE pretty-printed JSON object on stdout (progress goes to stderr), in the
shape of ``bench_foundation.py``::

    {"machine": {...}, "inputs": {...}, "figures": {NAME: {"value", "unit", "target",
     "within_target", ...}}, "details": {...}, "runtime_s": ...}

No asserts: it measures and reports. ``target`` is the budget (``null``: informative);
``within_target`` is ``value <= target``. Databases live in a temporary folder removed at
the end (``--keep`` keeps it). No Qt: this is the service part of the review (the GUI
part is measured by the lead's window benchmarks).

Inputs are the sentences of ``../shared/corpora/aqmar/{train,dev,test}.txt`` with their
gold entities (PER → person, ORG → organisation, LOC → event, MIS → figure), tokens joined
by spaces. Layer ``a`` holds the corpus entities; layer ``b`` is ``a`` perturbed by a fixed
rule: of every 10 entities one is dropped, one relabelled (next of the five labels), one
has its end moved by a corpus token (grown over a following ``O`` token, else shrunk);
one sentence in 20 (of those with an ``O`` token between two ``O`` tokens) gets a spurious
one-token span there.

Figures (their targets are in ``targets.py``; ``--quick`` shrinks every input, so its figures are not comparable):

agreement_1000_docs_s
    ``app.services.agreement.agreement(ws, "a", "b")`` in this process over a project of
    1,000 documents (10 corpus sentences each, ~1,500 code points, ~280 tokens) with both
    layers: streaming the rows, aligning, tokenising (camel-tools), counting, kappa
    (scikit-learn) and alpha (krippendorff) for the project, each label and each document.
    The process-wide token cache is emptied before each run and the libraries are already
    imported (the first call pays their import, see the next figure). Median of 5.
agreement_first_call_s, agreement_warm_cache_s, agreement_cli_s (informative)
    The first call in this process (imports scikit-learn, ~0.9 s); a run with the token
    cache already filled (what a second report in the GUI costs); the whole
    ``python -m app --db DB agreement --a a --b b --json`` process, wall clock.
agreement_sql_stream_s, agreement_tokenise_s (informative)
    Parts of one run: ``review_repository.iter_layer_pairs`` alone; tokenising the 1,000 texts
    with an empty ``TokenCache``.
review_open_1mb_5k_spans_ms
    ``Review(ws, doc, "a", "b")`` on one ~1 MB (UTF-8 bytes) document with ~5,000 spans in
    each layer: three ``DocumentSession`` loads (A, B, gold), the alignment, the list of
    differences. Median of 5.
review_open_sessions_ms, review_open_align_ms (informative)
    The three session loads alone; ``align()`` alone on the same spans.
next_difference_p95_ms, next_difference_max_ms
    One "next difference" key: ``review.next_index(i)``, ``review.differences[i]`` and its
    ``review.decision(d)`` (state read from the gold layer), over every difference of the
    1 MB document, 3 passes.
difference_at_caret_p95_ms (informative)
    ``review.index_at(pos)`` at 2,000 positions spread over the document.
decision_commit_p95_ms, accept_all_agreements_ms (informative)
    Planning and committing "accept A" on 200 differences (one SQLite transaction each);
    planning and committing "accept all agreements" as one batch.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import CORPORA, conll_sentences, figure, log, machine_info, percentile, remove_scratch, report

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # pragma: no cover
    PYTHON = Path(sys.executable)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

perf = time.perf_counter
TS = "2026-11-26 12:00:00.000000"
EMOJI = "🙂"
LABELS = ("person", "role", "organisation", "event", "figure")
TAG_LABEL = {"PER": "person", "ORG": "organisation", "LOC": "event", "MIS": "figure"}

FULL = dict(
    docs=1000, sentences_per_doc=10, agreement_runs=5, big_doc_bytes=1_000_000, big_doc_spans=5000, opens=5
)
QUICK = dict(
    docs=100, sentences_per_doc=10, agreement_runs=2, big_doc_bytes=100_000, big_doc_spans=500, opens=2
)


# --- corpus -------------------------------------------------------------------------------------


def load_sentences() -> list[list[tuple[str, str]]]:
    """AQMAR sentences as (token, tag) lists."""
    files = [CORPORA / "aqmar" / f"{name}.txt" for name in ("train", "dev", "test")]
    return [[(f[0], f[1]) for f in sent] for sent in conll_sentences(files)]


class Builder:
    """Concatenates sentences into a text, collecting their entities (with the shifts the
    perturbation may use) and spurious-span candidates."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.utf8 = 0
        # (start, end, label, end grown over a following O token or None, end shrunk by a token or None)
        self.ents: list[tuple[int, int, str, int | None, int | None]] = []
        self.free: list[tuple[int, int]] = []  # per sentence, one O token with O neighbours

    def _sep(self, sep: str) -> None:
        if self.parts:
            self.parts.append(sep)
            self.pos += len(sep)
            self.utf8 += len(sep.encode("utf-8"))

    def add_text(self, s: str, sep: str = " ") -> None:
        self._sep(sep)
        self.parts.append(s)
        self.pos += len(s)
        self.utf8 += len(s.encode("utf-8"))

    def add_sentence(self, sent: list[tuple[str, str]], sep: str = " ") -> None:
        self._sep(sep)
        offs = []
        p = self.pos
        for tok, _ in sent:
            offs.append((p, p + len(tok)))
            p += len(tok) + 1
        self.add_text(" ".join(t for t, _ in sent), sep="")
        ents: list[list] = []
        for i, (_, tag) in enumerate(sent):
            if tag == "O":
                continue
            kind, typ = tag.split("-", 1)
            if kind == "I" and ents and ents[-1][1] == i and ents[-1][2] == typ:
                ents[-1][1] = i + 1
            else:
                ents.append([i, i + 1, typ])
        covered = {t for i, j, _ in ents for t in range(i, j)}
        for i, j, typ in ents:
            grown = offs[j][1] if j < len(sent) and j not in covered else None
            shrunk = offs[j - 2][1] if j - i >= 2 else None
            self.ents.append((offs[i][0], offs[j - 1][1], TAG_LABEL[typ], grown, shrunk))
        for t in range(1, len(sent) - 1):
            if not ({t - 1, t, t + 1} & covered):
                self.free.append(offs[t])
                break

    @property
    def text(self) -> str:
        return "".join(self.parts)


def perturb(ents: list, free: list, g: int = 0) -> tuple[list, list]:
    """Layer a (the entities) and layer b (the fixed perturbation rule of the docstring)."""
    a: list[tuple[int, int, str]] = []
    b: list[tuple[int, int, str]] = []
    for k, (x, y, label, grown, shrunk) in enumerate(ents):
        a.append((x, y, label))
        r = (g + k) % 10
        if r == 1:
            continue
        if r == 3:
            b.append((x, y, LABELS[(LABELS.index(label) + 1) % len(LABELS)]))
        elif r == 5 and (grown or shrunk):
            b.append((x, grown or shrunk, label))
        else:
            b.append((x, y, label))
    for k, (x, y) in enumerate(free):
        if k % 20 == 0:
            b.append((x, y, LABELS[k % len(LABELS)]))
    return a, b


def create_project(db_path: Path) -> tuple[int, int, int, dict[str, int]]:
    from app.services.workspace import Workspace
    from app.store import repository as repo

    ws = Workspace.open(db_path, annotator="a")
    with ws.db.write() as s:
        b = repo.annotator_id(s, ws.project_id, "b")
    out = (ws.project_id, ws.annotator_id, b, {lab.name: lab.id for lab in ws.labels})
    ws.close()
    return out  # type: ignore[return-value]


def write_docs(db_path: Path, docs: list[tuple[str, list, list]], project: tuple) -> dict:
    """Documents and both layers with raw sqlite3 (schema from the app)."""
    from app.core.stored_text import text_sha256, title_from_text

    project_id, a_id, b_id, label_ids = project
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    n_spans = 0
    for n, (text, sa, sb) in enumerate(docs):
        cur = conn.execute(
            "INSERT INTO document (project_id, position, title, source_name, text, text_sha256, char_count, "
            "newlines_normalised, had_bom, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                project_id,
                n,
                title_from_text(text, f"doc {n}"),
                f"bench-{n}.txt",
                text,
                text_sha256(text),
                len(text),
                0,
                0,
                TS,
            ),
        )
        did = cur.lastrowid
        for who, spans in ((a_id, sa), (b_id, sb)):
            lid = conn.execute(
                "INSERT INTO layer (document_id, annotator_id, status, created_at, updated_at) VALUES (?,?,?,?,?)",
                (did, who, "in_progress", TS, TS),
            ).lastrowid
            conn.executemany(
                'INSERT INTO span (layer_id, label_id, start, "end", text, origin, created_at, updated_at) '
                "VALUES (?,?,?,?,?,?,?,?)",
                [(lid, label_ids[lab], x, y, text[x:y], "manual", TS, TS) for x, y, lab in spans],
            )
            n_spans += len(spans)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"documents": len(docs), "spans_both_layers": n_spans}


# --- agreement over a project --------------------------------------------------------------------


def bench_agreement(
    tmp: Path, sentences: list, sizes: dict, figures: dict, details: dict, inputs: dict
) -> None:
    db = tmp / "project.db"
    project = create_project(db)
    docs = []
    per = sizes["sentences_per_doc"]
    g = 0
    for d in range(sizes["docs"]):
        b = Builder()
        for k in range(per):
            b.add_sentence(sentences[(d * per + k) % len(sentences)])
        b.add_text(f"وهذه هي الوثيقة رقم {d + 1} من مجموعة القياس .")  # every text distinct
        la, lb = perturb(b.ents, b.free, g)
        g += len(b.ents)
        docs.append((b.text, la, lb))
    t0 = perf()
    info = write_docs(db, docs, project)
    info["code_points"] = sum(len(t) for t, _, _ in docs)
    info["build_s"] = round(perf() - t0, 2)
    inputs["agreement_project"] = info
    log(f"agreement: {info}")

    from app.review.tokens import TokenCache
    from app.services import agreement as service
    from app.services.workspace import Workspace
    from app.store import review_repository

    ws = Workspace.open(db, create=False)
    try:
        t0 = perf()
        report = service.agreement(ws, "a", "b")
        first = perf() - t0
        times = []
        for _ in range(sizes["agreement_runs"]):
            service._TOKENS = TokenCache(max_words=200_000)
            gc.collect()
            t0 = perf()
            report = service.agreement(ws, "a", "b")
            times.append(perf() - t0)
        t0 = perf()
        service.agreement(ws, "a", "b")
        warm = perf() - t0

        t0 = perf()
        rows = 0
        with ws.db.raw_connection() as conn:
            for _ in review_repository.iter_layer_pairs(
                conn, ws.project_id, ws.annotator_id_for("a"), ws.annotator_id_for("b")
            ):
                rows += 1
        stream = perf() - t0
        cache = TokenCache()
        t0 = perf()
        n_tokens = sum(len(cache.offsets(t)[0]) for t, _, _ in docs)
        tokenise = perf() - t0
    finally:
        ws.close()

    o = report.overall
    figures["agreement_1000_docs_s"] = figure(
        statistics.median(times),
        "s",
        runs=[round(t, 3) for t in times],
        note=f"{len(report.documents):,} documents, {o.tokens:,} tokens, {o.spans_a:,} + {o.spans_b:,} spans; "
        "token cache emptied before each run; median",
    )
    figures["agreement_first_call_s"] = figure(
        first, "s", note="first call: imports scikit-learn and krippendorff"
    )
    figures["agreement_warm_cache_s"] = figure(warm, "s", note="token cache already filled")
    figures["agreement_sql_stream_s"] = figure(stream, "s", note=f"iter_layer_pairs alone ({rows} documents)")
    figures["agreement_tokenise_s"] = figure(
        tokenise, "s", note=f"TokenCache over the texts ({n_tokens:,} tokens)"
    )
    details["agreement_overall"] = o.to_dict()

    t0 = perf()
    r = subprocess.run(
        [str(PYTHON), "-m", "app", "--db", str(db), "agreement", "--a", "a", "--b", "b", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cli = perf() - t0
    figures["agreement_cli_s"] = figure(
        cli,
        "s",
        note="python -m app agreement --json: whole process, imports included",
        returncode=r.returncode,
    )
    if r.returncode:
        details["agreement_cli_error"] = r.stderr[-1000:]


# --- review of a 1 MB document -------------------------------------------------------------------


def bench_review(tmp: Path, sentences: list, sizes: dict, figures: dict, details: dict, inputs: dict) -> None:
    db = tmp / "big.db"
    project = create_project(db)
    b = Builder()
    k = 0
    while b.utf8 < sizes["big_doc_bytes"]:
        sep = "\n" if k % 8 == 0 else " "
        if k % 400 == 17:
            b.add_text(EMOJI, sep)  # astral characters before spans: code points, not UTF-16
            sep = " "
        b.add_sentence(sentences[k % len(sentences)], sep)
        k += 1
    text = b.text
    n = sizes["big_doc_spans"]
    ents = [b.ents[int(i * len(b.ents) / n)] for i in range(min(n, len(b.ents)))]  # evenly spread
    sa, sb = perturb(ents, b.free)
    info = write_docs(db, [(text, sa, sb)], project)
    info.update(
        utf8_bytes=len(text.encode("utf-8")),
        code_points=len(text),
        spans_a=len(sa),
        spans_b=len(sb),
        emoji=text.count(EMOJI),
    )
    inputs["review_document"] = info
    log(f"review: {info}")

    from app.review.align import align
    from app.services.review import Review
    from app.services.session import DocumentSession
    from app.services.workspace import Workspace

    ws = Workspace.open(db, create=False, annotator="reviewer")
    try:
        Review(ws, 1, "a", "b")  # warm-up: creates the gold annotator, imports
        opens, sess, aligns = [], [], []
        review = None
        for _ in range(sizes["opens"]):
            gc.collect()
            t0 = perf()
            review = Review(ws, 1, "a", "b")
            opens.append((perf() - t0) * 1000)
            t0 = perf()
            for aid in (review.a_id, review.b_id, review.gold_id):
                DocumentSession(ws, 1, annotator_id=aid)
            sess.append((perf() - t0) * 1000)
            t0 = perf()
            align(review.session_a.spans, review.session_b.spans)
            aligns.append((perf() - t0) * 1000)
        assert review is not None
        figures["review_open_1mb_5k_spans_ms"] = figure(
            statistics.median(opens),
            "ms",
            runs=[round(x, 1) for x in opens],
            note=f"Review(): 3 layer loads + align; {len(review.items):,} items, {len(review):,} differences; median",
        )
        figures["review_open_sessions_ms"] = figure(
            statistics.median(sess), "ms", note="three DocumentSession loads"
        )
        figures["review_open_align_ms"] = figure(
            statistics.median(aligns), "ms", note="align() of the two layers"
        )
        details["review_counts"] = review.counts()

        # Next-difference key: index, item, state from gold.
        nav = []
        for _ in range(3):
            i = None
            for _ in range(len(review)):
                t0 = perf()
                i = review.next_index(i)
                d = review.differences[i]  # type: ignore[index]
                review.decision(d)
                nav.append((perf() - t0) * 1000)
        figures["next_difference_p95_ms"] = figure(
            percentile(nav, 95), "ms", note=f"{len(nav):,} key presses"
        )
        figures["next_difference_max_ms"] = figure(max(nav), "ms")

        rng = random.Random(3)
        at = []
        for _ in range(2000):
            pos = rng.randrange(len(text))
            t0 = perf()
            review.index_at(pos)
            at.append((perf() - t0) * 1000)
        figures["difference_at_caret_p95_ms"] = figure(
            percentile(at, 95), "ms", note="index_at(pos), 2,000 positions"
        )

        commits = []
        for i in range(min(200, len(review))):
            t0 = perf()
            edit = review.plan(i, "accept_a")
            if edit is not None:
                review.gold.apply(edit)
            commits.append((perf() - t0) * 1000)
        figures["decision_commit_p95_ms"] = figure(
            percentile(commits, 95), "ms", note=f"plan + commit 'accept A', {len(commits)} differences"
        )
        t0 = perf()
        batch = review.plan_accept_agreements()
        if batch is not None:
            review.gold.apply(batch)
        figures["accept_all_agreements_ms"] = figure(
            (perf() - t0) * 1000,
            "ms",
            note=f"{len(batch.edits) if batch else 0} spans in one batch (one transaction)",
        )
        bench_review_window(ws, figures)
    finally:
        ws.close()


def bench_review_window(ws, figures: dict) -> None:  # type: ignore[no-untyped-def]
    """The review window itself: build it (three layers, alignment, three right-to-left
    panes, the differences list) until all panes are painted; then the N key."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.application import ensure_app
    from app.ui.review_window import ReviewWindow

    app = ensure_app()
    opens = []
    win = None
    for _ in range(5):
        if win is not None:
            win.close()
            win.deleteLater()
            QApplication.processEvents()
        gc.collect()
        t0 = perf()
        win = ReviewWindow(ws, 1, "a", "b")
        win.show()
        for v in (win.view_a, win.view_b, win.view_gold):
            v.viewport().repaint()
        QApplication.processEvents()
        opens.append((perf() - t0) * 1000)
    figures["review_window_open_1mb_5k_spans_ms"] = figure(
        statistics.median(opens),
        "ms",
        runs=[round(x, 1) for x in opens],
        note="ReviewWindow(): Review() + 3 panes set + differences list, until painted; median of 5",
    )
    QTest.qWaitForWindowExposed(win)
    win.activateWindow()
    QTest.qWaitForWindowActive(win)
    keys = []
    for _ in range(min(300, len(win.review))):
        t0 = perf()
        QTest.keyClick(win, Qt.Key.Key_N)
        for v in (win.view_a, win.view_b, win.view_gold):
            v.viewport().repaint()
        keys.append((perf() - t0) * 1000)
    figures["review_window_next_difference_p95_ms"] = figure(
        percentile(keys, 95),
        "ms",
        note=f"N key → panes scrolled, emphasised and repainted; {len(keys)} presses",
    )
    win.close()
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small inputs: a smoke run, figures not comparable"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--only", metavar="LIST", default="agreement,review", help="sections: agreement, review"
    )
    args = parser.parse_args(argv)

    started = perf()
    sizes = QUICK if args.quick else FULL
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    figures: dict[str, dict] = {}
    details: dict[str, object] = {}
    inputs: dict[str, object] = {
        "mode": "quick" if args.quick else "full",
        "sizes": sizes,
        "corpora": str(CORPORA),
    }
    result = {
        "machine": machine_info(
            ("sqlalchemy", "numpy", "scikit-learn", "krippendorff", "PySide6-Essentials")
        ),
        "inputs": inputs,
        "figures": figures,
        "details": details,
    }
    tmp = Path(tempfile.mkdtemp(prefix="hamish-bench-review-"))
    try:
        sentences = load_sentences()
        inputs["corpus_sentences"] = len(sentences)
        if "agreement" in only:
            bench_agreement(tmp, sentences, sizes, figures, details, inputs)
        if "review" in only:
            bench_review(tmp, sentences, sizes, figures, details, inputs)
    finally:
        remove_scratch(tmp, args.keep)
    return report(__file__, result, started, args.json)


if __name__ == "__main__":
    sys.exit(main())
