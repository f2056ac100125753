"""Foundation benchmarks for Hamish: start-up, a 5 MB document, labelling, scrolling, export.

Run from the repository root::

    .venv/bin/python tests/benchmarks/bench_foundation.py            # the real run (a few minutes)
    .venv/bin/python tests/benchmarks/bench_foundation.py --quick    # small inputs, a smoke run
    .venv/bin/python tests/benchmarks/bench_foundation.py --json out.json   # also write the JSON to a file

It prints ONE pretty-printed JSON object on stdout (progress goes to stderr)::

    {"machine": {...}, "inputs": {...}, "figures": {NAME: {"value", "unit", "target",
     "within_target", ...}}, "details": {...}, "runtime_s": ...}

There are no asserts: it measures and reports. ``target`` is the budget (an upper bound,
``null`` for figures that are informative only); ``within_target`` is ``value <= target``.
Everything it generates (databases, the export file) lives in a temporary folder that is
removed at the end (``--keep`` keeps it and names it on stderr). Qt runs offscreen.

Inputs are built from real Arabic text: the sentences of ``../shared/corpora/aqmar/*.txt``
(``token TAG`` lines, a blank line ends a sentence) and ``../shared/corpora/wojood-sample/*.txt``
(token then 1-4 tags; ``$#$ O`` segment markers are skipped), tokens joined by spaces.

Figures (their targets are in ``targets.py``; ``--quick`` shrinks every input, so its figures are not comparable):

cold_start_first_launch_ms
    Wall clock from ``subprocess.Popen([.venv/bin/python, -m, app, --db, NEW_DB])`` (with
    HAMISH_STARTUP_PROBE=1, offscreen) until the child prints ``HAMISH_PAINTED`` at the first
    paint of the document: creating the database (Alembic), importing the seed documents,
    building the window. One run.
cold_start_ms
    The same on the existing database (warm launch): median of 5 (2 with --quick).
python_bare_startup_ms, import_gui_stack_ms, cold_start_*_peak_rss_mib (informative)
    ``python -c pass``; ``python -c "import app.ui.main_window"`` (median of 3); the peak
    RSS of the launched app. ``details.startup_imports`` lists the slowest top-level imports
    of a launch under ``-X importtime`` (that run is slower than the real one) and whether
    each one finished before the first paint.
open_5mb_10k_spans_ms
    ``MainWindow.open_document(id)`` of a ~5 MB (5,000,000 UTF-8 bytes, ~2.8 M code points,
    ~2,900 paragraphs of 8 sentences, a few 🙂 emoji) document with 10,000 spans, plus event
    processing until ``view.painted`` fires (the time is taken in the signal handler). The
    window's session cache is dropped before each open (a true open). Median of 5.
open_5mb_until_idle_ms, open_5mb_open_document_call_ms (informative)
    From the same start, until the event queue is drained (the window cannot respond before:
    other widgets' deferred work runs after the view's paint); the ``open_document`` call alone.
open_5mb_session_load_ms, open_5mb_sqlite_read_ms, open_5mb_view_set_text_ms,
open_5mb_first_paint_ms, open_5mb_span_panel_ms, open_5mb_span_panel_deferred_ms (informative)
    Parts of an open, each timed alone (median of 5): ``DocumentSession(ws, id)`` (SQLite read
    + span index + UTF-16 map), the two SQL reads alone, ``view.set_session`` (setPlainText and
    highlights), the first ``viewport().repaint()`` after it, ``span_panel.set_session``, and the
    events it leaves behind (table layout, ResizeToContents columns, paint) until idle.
add_span_p95_ms, add_span_p50_ms, add_span_max_ms
    With the 5 MB document open: select an unlabelled whole word with
    ``view.set_selection_cp`` (and let Qt settle, untimed), then time
    ``QTest.keyClick(view, Qt.Key_1)`` (label "person", committed to SQLite synchronously)
    plus ``view.viewport().repaint()`` (a synchronous repaint paints every dirty widget of the
    window: the span list too). 200 words spread over the document (30 with --quick).
add_span_with_events_p95_ms (informative)
    The same plus one ``QApplication.processEvents()`` (the span list, status bar and any
    other widget that queued an update repaint too).
add_span_commit_p95_ms (informative)
    The key press alone (plan, SQLite commit, listeners), without the repaint.
scroll_repaint_p95_ms, scroll_repaint_p50_ms, scroll_repaint_max_ms
    Page-down steps on the 5 MB document: ``scrollbar.setValue(value + pageStep)`` (this also
    recomputes the visible span highlights) then ``view.viewport().repaint()``; 100 steps from
    the top and 100 from the middle (20 + 20 with --quick).
jsonl_export_100k_docs_1m_spans_s
    ``app.services.export.export(ws, out)`` (Hamish JSONL) in this process on a database of 100,000
    documents (5-15 corpus sentences each plus a numbered sentence that makes each text
    unique) and 1,000,000 whole-word spans (10 per document). Median of 3 runs.
jsonl_export_cli_s, jsonl_export_cli_peak_rss_mib, jsonl_export_inprocess_peak_rss_delta_mib,
jsonl_export_output_mb (informative unless stated)
    The same export as ``.venv/bin/python -m app --db DB export --format jsonl --out FILE``
    (whole process, wall clock, peak RSS from GNU ``time -f %M``); the peak RSS growth of this process
    during the in-process export (VmHWM reset through /proc/self/clear_refs); the file size.
rss_idle_mib, rss_5mb_open_mib, rss_5mb_open_mb
    In a fresh child process (this script with ``--rss-child``): VmRSS of the shown window on
    the small seed document after its start-up work settled, VmRSS after opening the 5 MB /
    10k-span document and painting it, and the difference (MiB, 2^20 bytes).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (
    CORPORA,
    conll_sentences,
    corpus_files,
    figure,
    log,
    machine_info,
    percentile,
    remove_scratch,
    report,
)

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # pragma: no cover - run with whatever interpreter was used
    PYTHON = Path(sys.executable)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

perf = time.perf_counter
TS = "2026-11-26 12:00:00.000000"  # SQLite DateTime text as SQLAlchemy stores it
EMOJI = "🙂"
# A whitespace token made only of Arabic letters is one token for camel-tools too, so a
# selection of it snaps to itself (no tatweel, no diacritics, no punctuation).
WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A]+")


# --- sizes -------------------------------------------------------------------------------------

FULL = dict(
    big_doc_bytes=5_000_000,
    big_doc_spans=10_000,
    warm_starts=5,
    opens=5,
    add_span_iterations=200,
    scroll_steps=100,  # from the top, and as many again from the middle
    export_docs=100_000,
    export_spans_per_doc=10,
    export_runs=3,
)
QUICK = dict(
    big_doc_bytes=500_000,
    big_doc_spans=1_000,
    warm_starts=2,
    opens=3,
    add_span_iterations=30,
    scroll_steps=20,
    export_docs=5_000,
    export_spans_per_doc=10,
    export_runs=1,
)


# --- small helpers -----------------------------------------------------------------------------


def rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def spawn_measured(
    cmd: list[str],
    env: dict[str, str],
    until: str | None = None,
    timeout: float = 300.0,
    merge_stderr: bool = False,
) -> dict:
    """Run ``cmd``; time to the first stdout line starting with ``until`` and to exit; peak RSS.

    Peak RSS: ``wait4``'s ru_maxrss of a child of *this* process is useless, because Linux
    charges the parent's RSS at fork/vfork time to the child (this process holds hundreds
    of MB by the export step). So the command runs under GNU ``/usr/bin/time -f %M``, a
    small process whose own child's peak is clean. Without it, the figure is left out.
    stderr goes to a temporary file so a chatty child (``-X importtime``) never blocks.
    """
    with (
        tempfile.TemporaryFile(mode="w+") as err,
        tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss,
    ):
        full = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd] if GNU_TIME else cmd
        t0 = perf()
        p = subprocess.Popen(
            full,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge_stderr else err,
            text=True,
        )
        killer = threading.Timer(timeout, p.kill)
        killer.start()
        t_line = None
        lines = []
        try:
            assert p.stdout is not None
            for line in p.stdout:
                lines.append(line)
                if until is not None and t_line is None and line.startswith(until):
                    t_line = perf()
            p.wait()
            t_exit = perf()
        finally:
            killer.cancel()
            if p.stdout is not None:
                p.stdout.close()
        err.seek(0)
        stderr = err.read()
        maxrss = None
        if GNU_TIME:
            tail = [ln for ln in rss.read().splitlines() if ln.strip()]
            if tail and tail[-1].strip().isdigit():
                maxrss = int(tail[-1]) / 1024
    return {
        "line_ms": None if t_line is None else (t_line - t0) * 1000,
        "exit_ms": (t_exit - t0) * 1000,
        "maxrss_mib": maxrss,
        "returncode": p.returncode,
        "stdout": "".join(lines),
        "stderr": stderr,
    }


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    env.update(extra)
    return env


# --- corpus text -------------------------------------------------------------------------------


def load_sentences() -> list[str]:
    """Every sentence of the AQMAR and Wojood sample files, tokens joined by spaces."""
    return [" ".join(f[0] for f in sent) for sent in conll_sentences(corpus_files())]


def word_offsets(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the whitespace tokens of ``sentence`` made only of Arabic letters."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence) if WORD.fullmatch(m.group())]


def build_big_text(sentences: list[str], target_bytes: int) -> tuple[str, dict]:
    """Paragraphs of 8 sentences separated by "\\n" until ``target_bytes`` of UTF-8; some 🙂."""
    paras: list[str] = []
    size = 0
    i = 0
    n = len(sentences)
    emojis = 0
    while size < target_bytes:
        sents = [sentences[(i + k) % n] for k in range(8)]
        i += 8
        if len(paras) % 250 == 17:  # a few emoji: astral characters (2 UTF-16 units each)
            sents.insert(4, EMOJI)
            emojis += 1
        para = " ".join(sents)
        paras.append(para)
        size += len(para.encode("utf-8")) + 1
    text = "\n".join(paras)
    info = {
        "utf8_bytes": len(text.encode("utf-8")),
        "code_points": len(text),
        "utf16_units": len(text) + text.count(EMOJI),
        "paragraphs": len(paras),
        "sentences_per_paragraph": 8,
        "emoji": emojis,
    }
    return text, info


# --- the 5 MB document database ----------------------------------------------------------------


def build_big_db(db_path: Path, sentences: list[str], sizes: dict) -> dict:
    """A project with the seed document(s) and one ~5 MB document with N whole-word spans."""
    from app.core.stored_text import text_sha256, title_from_text
    from app.paths import SEEDS
    from app.services import importing
    from app.services.workspace import Workspace
    from app.store import repository as repo
    from app.store import spans as span_store

    text, info = build_big_text(sentences, sizes["big_doc_bytes"])
    ws = Workspace.open(db_path)
    try:
        importing.ensure_seeded(ws, SEEDS)
        seed_ids = [r.id for r in ws.documents()]
        doc = repo.NewDocument(
            title=title_from_text(text, "bench 5 MB"),
            source_name="bench-5mb.txt",
            text=text,
            text_sha256=text_sha256(text),
        )
        t0 = perf()
        with ws.db.write() as s:
            (big_id,) = repo.add_documents(s, ws.project_id, [doc])
        info["add_document_ms"] = round((perf() - t0) * 1000, 1)

        # Whole-token spans, spread evenly; every 5th covers two adjacent words.
        toks = [(m.start(), m.end(), bool(WORD.fullmatch(m.group()))) for m in re.finditer(r"\S+", text)]
        word_idx = [i for i, t in enumerate(toks) if t[2]]
        n_spans = sizes["big_doc_spans"]
        step = len(word_idx) / n_spans
        covered: set[int] = set()
        spans: list[tuple[int, int]] = []
        for k in range(n_spans):
            i = word_idx[int(k * step)]
            if i in covered:
                continue
            j = i
            if k % 5 == 0 and i + 1 < len(toks) and toks[i + 1][2] and i + 1 not in covered:
                j = i + 1
            covered.update(range(i, j + 1))
            spans.append((toks[i][0], toks[j][1]))
        labels = ws.labels
        t0 = perf()
        with ws.db.write() as s:
            lid = span_store.layer_id(s, big_id, ws.annotator_id)
            for n, (a, b) in enumerate(spans):
                span_store.insert_span(s, lid, labels[n % len(labels)].id, a, b, text[a:b])
            span_store.touch_layer(s, lid)
        info["insert_spans_via_repository_s"] = round(perf() - t0, 2)
        info["spans"] = len(spans)
        info["multi_word_spans"] = sum(1 for a, b in spans if " " in text[a:b])

        # Unlabelled whole words for the add-span benchmark, spread over the document.
        free = [i for i in word_idx if i not in covered and i - 1 not in covered and i + 1 not in covered]
        n_targets = sizes["add_span_iterations"]
        stride = max(1, len(free) // (n_targets + 1))
        targets = [(toks[i][0], toks[i][1]) for i in free[stride // 2 :: stride][:n_targets]]
    finally:
        ws.close()
    return {"seed_ids": seed_ids, "big_id": big_id, "info": info, "targets": targets}


# --- start-up ----------------------------------------------------------------------------------


def bench_startup(tmp: Path, sizes: dict, figures: dict, details: dict) -> None:
    db = tmp / "startup.db"
    env = child_env(HAMISH_STARTUP_PROBE="1")
    cmd = [str(PYTHON), "-m", "app", "--db", str(db)]

    log("cold start: first launch (new database)")
    first = spawn_measured(cmd, env, until="HAMISH_PAINTED")
    if first["line_ms"] is None:
        details["cold_start_first_launch_error"] = first["stderr"][-2000:]
    figures["cold_start_first_launch_ms"] = figure(
        first["line_ms"] if first["line_ms"] is not None else float("nan"),
        "ms",
        note="new database: Alembic creates it, seed documents imported; Popen to HAMISH_PAINTED",
    )
    if first["maxrss_mib"] is not None:
        figures["cold_start_first_launch_peak_rss_mib"] = figure(
            first["maxrss_mib"], "MiB", note="GNU time %M"
        )

    log(f"cold start: {sizes['warm_starts']} warm launches")
    warm = [spawn_measured(cmd, env, until="HAMISH_PAINTED") for _ in range(sizes["warm_starts"])]
    ms = [w["line_ms"] for w in warm if w["line_ms"] is not None]
    figures["cold_start_ms"] = figure(
        statistics.median(ms) if ms else float("nan"),
        "ms",
        runs=[round(x, 1) for x in ms],
        note="existing database; median; Popen to HAMISH_PAINTED",
    )
    figures["cold_start_to_exit_ms"] = figure(
        statistics.median(w["exit_ms"] for w in warm),
        "ms",
        note="warm launch until the process has exited (after the probe quits the app)",
    )
    if all(w["maxrss_mib"] is not None for w in warm):
        figures["cold_start_peak_rss_mib"] = figure(
            statistics.median(w["maxrss_mib"] for w in warm), "MiB", note="warm launch; GNU time %M; median"
        )

    log("interpreter and import baselines")
    bare = [spawn_measured([str(PYTHON), "-c", "pass"], child_env())["exit_ms"] for _ in range(5)]
    figures["python_bare_startup_ms"] = figure(
        statistics.median(bare), "ms", note="python -c pass; median of 5"
    )
    imp = [
        spawn_measured([str(PYTHON), "-c", "import app.ui.main_window"], child_env())["exit_ms"]
        for _ in range(3)
    ]
    figures["import_gui_stack_ms"] = figure(
        statistics.median(imp),
        "ms",
        note="python -c 'import app.ui.main_window' (PySide6, SQLAlchemy, app); median of 3",
    )

    # Where a launch spends its import time (-X importtime; slower than a normal run). stderr
    # is merged into stdout so that each import is known to end before or after the paint.
    timed = spawn_measured(
        [str(PYTHON), "-X", "importtime", *cmd[1:]], env, until="HAMISH_PAINTED", merge_stderr=True
    )
    details["startup_imports"] = top_imports(timed["stdout"])


def top_imports(output: str, n: int = 10) -> list[dict]:
    """The slowest top-level imports in ``-X importtime`` output, and whether each finished
    before the ``HAMISH_PAINTED`` line (i.e. delayed the first paint)."""
    rows = []
    painted = False
    for line in output.splitlines():
        if line.startswith("HAMISH_PAINTED"):
            painted = True
            continue
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:  # "import time:   self |   cumulative | <1 space + 2 per nesting level>name"
            self_us, cum_us, name = line[len("import time:") :].split("|", 2)
            depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
            rows.append((name.strip(), int(self_us), int(cum_us), depth, not painted))
        except ValueError:
            continue
    top = sorted((r for r in rows if r[3] == 0), key=lambda r: -r[2])[:n]
    return [{"module": r[0], "cumulative_ms": round(r[2] / 1000, 1), "before_first_paint": r[4]} for r in top]


# --- the GUI benchmarks (this process) ---------------------------------------------------------


class Gui:
    def __init__(self, db_path: Path, seed_id: int) -> None:
        from PySide6.QtTest import QTest

        from app.services.workspace import Workspace
        from app.ui.application import ensure_app
        from app.ui.controllers.documents import SETTING_LAST_DOCUMENT
        from app.ui.main_window import MainWindow

        self.app = ensure_app()
        self.ws = Workspace.open(db_path, create=False)
        self.ws.set_setting(SETTING_LAST_DOCUMENT, str(seed_id))
        self.window = MainWindow(self.ws)
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        self.window.view.setFocus()
        self.pump(500)  # start-up work queued with singleShot (camel-tools import), first paints

    def pump(self, ms: float = 0) -> None:
        from PySide6.QtCore import QEventLoop

        self.app.processEvents()
        end = perf() + ms / 1000
        while perf() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.002)

    def forget(self, doc_id: int) -> None:
        """Drop the window's cached session of a document (so the next open is a real one)."""
        self.window.documents.drop_session(doc_id)

    def open_until_painted(self, doc_id: int) -> tuple[float, float, float]:
        """Open a document; ms (from the same start) until open_document() returned, until the
        view's first paint (timestamp taken in the ``painted`` handler), and until the event
        queue is drained (a processEvents() pass that finds almost nothing to do)."""
        view = self.window.view
        painted: list[float] = []

        def on_paint() -> None:
            if not painted:
                painted.append(perf())

        view.painted.connect(on_paint)
        try:
            t0 = perf()
            self.window.documents.open_document(doc_id)
            t1 = perf()
            deadline = t1 + 30
            while not painted and perf() < deadline:
                self.app.processEvents()
            t_idle = self.drain()
        finally:
            view.painted.disconnect(on_paint)
        t2 = painted[0] if painted else float("nan")
        return (t1 - t0) * 1000, (t2 - t0) * 1000, (t_idle - t0) * 1000

    def drain(self, quiet_ms: float = 2.0) -> float:
        """processEvents() until one pass takes < quiet_ms; the time the last busy pass ended."""
        last = perf()
        for _ in range(100):
            a = perf()
            self.app.processEvents()
            b = perf()
            if (b - a) * 1000 < quiet_ms:
                return last
            last = b
        return last

    def close(self) -> None:
        self.window.close()
        self.pump(50)
        self.ws.close()


def bench_open(gui: Gui, seed_id: int, big_id: int, sizes: dict, figures: dict, details: dict) -> None:
    from app.services.session import DocumentSession
    from app.store import repository as repo
    from app.store import spans as span_store

    log("open: 5 MB document with spans")
    # One untimed open first: Qt's glyph caches and font shaping warm up (as after any
    # first document), so the figures below are of opening *a* big document.
    gui.window.documents.open_document(big_id)
    gui.pump(100)
    opens, calls, idles = [], [], []
    for _ in range(sizes["opens"]):
        gui.window.documents.open_document(seed_id)
        gui.pump(50)
        gui.forget(big_id)
        gc.collect()
        call_ms, painted_ms, idle_ms = gui.open_until_painted(big_id)
        calls.append(call_ms)
        opens.append(painted_ms)
        idles.append(idle_ms)
        gui.pump(50)
    figures["open_5mb_10k_spans_ms"] = figure(
        statistics.median(opens),
        "ms",
        runs=[round(x, 1) for x in opens],
        note="open_document + events until view.painted fires; session cache dropped before each; median",
    )
    figures["open_5mb_until_idle_ms"] = figure(
        statistics.median(idles),
        "ms",
        runs=[round(x, 1) for x in idles],
        note="same start, until the event queue is drained: the window does not respond before this "
        "(the span list's deferred work runs after the text view's first paint)",
    )
    figures["open_5mb_open_document_call_ms"] = figure(
        statistics.median(calls), "ms", note="the open_document() call alone (before any paint); median"
    )

    # The parts, each alone.
    ws, view = gui.ws, gui.window.view
    sql, load, set_text, paint, panel, panel_later = [], [], [], [], [], []
    for _ in range(sizes["opens"]):
        gc.collect()
        t0 = perf()
        with ws.db.read() as s:
            repo.document_text(s, big_id)
            lid = span_store.layer_id(s, big_id, ws.annotator_id, create=False)
            span_store.layer_spans(s, lid)
        sql.append((perf() - t0) * 1000)
        gc.collect()
        t0 = perf()
        session = DocumentSession(ws, big_id)
        load.append((perf() - t0) * 1000)
        view.set_session(None)
        gui.window.span_panel.set_session(None)
        gui.pump(20)
        gui.drain()
        t0 = perf()
        view.set_session(session)
        t1 = perf()
        view.viewport().repaint()
        t2 = perf()
        set_text.append((t1 - t0) * 1000)
        paint.append((t2 - t1) * 1000)
        gui.drain()
        t0 = perf()
        gui.window.span_panel.set_session(session)
        t1 = perf()
        t2 = gui.drain()
        panel.append((t1 - t0) * 1000)
        panel_later.append((max(t1, t2) - t1) * 1000)
        gui.pump(20)
    med = statistics.median
    figures["open_5mb_sqlite_read_ms"] = figure(med(sql), "ms", note="document_text + layer_spans (SQL only)")
    figures["open_5mb_session_load_ms"] = figure(
        med(load), "ms", note="DocumentSession(ws, id): SQL + SpanIndex + Utf16Map"
    )
    figures["open_5mb_view_set_text_ms"] = figure(
        med(set_text), "ms", note="DocumentView.set_session: setPlainText, text option, visible highlights"
    )
    figures["open_5mb_first_paint_ms"] = figure(med(paint), "ms", note="first viewport().repaint() after it")
    figures["open_5mb_span_panel_ms"] = figure(med(panel), "ms", note="SpanPanel.set_session (model reset)")
    figures["open_5mb_span_panel_deferred_ms"] = figure(
        med(panel_later),
        "ms",
        note="events after SpanPanel.set_session until idle: the table's deferred layout, header "
        "ResizeToContents and paint",
    )
    # Leave the window in a consistent state: a proper open of the big document.
    gui.window.documents.open_document(seed_id)
    gui.forget(big_id)
    gui.pump(20)
    gui.open_until_painted(big_id)
    gui.pump(100)
    details["open_visible_spans_drawn"] = len(view.highlighted_span_ids())


def bench_add_span(gui: Gui, targets: list[tuple[int, int]], figures: dict, details: dict) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    log(f"add span: {len(targets)} words")
    w, view = gui.window, gui.window.view
    session = w.session
    assert session is not None
    view.setFocus()
    commit, repaint, with_events = [], [], []
    failed = 0
    for a, b in targets:
        view.set_selection_cp(a, b)
        view.ensureCursorVisible()
        gui.pump(0)
        view.viewport().repaint()
        n0 = len(session.spans)
        t0 = perf()
        QTest.keyClick(view, Qt.Key.Key_1)
        t1 = perf()
        view.viewport().repaint()
        t2 = perf()
        gui.app.processEvents()
        t3 = perf()
        if len(session.spans) != n0 + 1 or session.spans.find_range(a, b) is None:
            failed += 1
            continue
        commit.append((t1 - t0) * 1000)
        repaint.append((t2 - t0) * 1000)
        with_events.append((t3 - t0) * 1000)
    n = len(repaint)
    note = f"{n} of {len(targets)} key presses added a span"
    figures["add_span_p95_ms"] = figure(
        percentile(repaint, 95), "ms", note=note + "; keyClick(Key_1) + viewport repaint"
    )
    figures["add_span_p50_ms"] = figure(percentile(repaint, 50), "ms")
    figures["add_span_max_ms"] = figure(max(repaint) if repaint else float("nan"), "ms")
    figures["add_span_commit_p95_ms"] = figure(
        percentile(commit, 95), "ms", note="keyClick alone (plan + commit + listeners)"
    )
    figures["add_span_with_events_p95_ms"] = figure(
        percentile(with_events, 95), "ms", note="keyClick + viewport repaint + processEvents (all widgets)"
    )
    details["add_span_failed_key_presses"] = failed
    details["spans_after_add_span"] = len(session.spans)


def bench_scroll(gui: Gui, sizes: dict, figures: dict, details: dict) -> None:
    log("scroll: page-down steps")
    view = gui.window.view
    view.clear_selection()
    sb = view.verticalScrollBar()
    times: dict[str, list[float]] = {"top": [], "middle": []}
    drawn = []
    for where, start in (("top", 0), ("middle", sb.maximum() // 2)):
        sb.setValue(start)
        gui.pump(20)
        view.viewport().repaint()
        for _ in range(sizes["scroll_steps"]):
            if sb.value() >= sb.maximum():
                break
            t0 = perf()
            sb.setValue(min(sb.maximum(), sb.value() + sb.pageStep()))
            view.viewport().repaint()
            times[where].append((perf() - t0) * 1000)
            drawn.append(len(view.highlighted_span_ids()))
            gui.app.processEvents()
    all_t = times["top"] + times["middle"]
    figures["scroll_repaint_p95_ms"] = figure(
        percentile(all_t, 95), "ms", note=f"{len(all_t)} page-down steps (setValue + viewport repaint)"
    )
    figures["scroll_repaint_p50_ms"] = figure(percentile(all_t, 50), "ms")
    figures["scroll_repaint_max_ms"] = figure(max(all_t), "ms")
    details["scroll"] = {
        "scrollbar_maximum": sb.maximum(),
        "page_step": sb.pageStep(),
        "p95_ms_from_top": round(percentile(times["top"], 95), 3),
        "p95_ms_from_middle": round(percentile(times["middle"], 95), 3),
        "mean_spans_drawn_per_page": round(statistics.mean(drawn), 1) if drawn else 0,
    }


# --- RSS of a GUI process (child) --------------------------------------------------------------


def rss_child(db: str, seed_id: int, big_id: int) -> None:
    """Child mode: print RSS_RESULT {json} with VmRSS idle and with the big document open."""
    gui = Gui(Path(db), seed_id)
    gui.pump(1000)
    gc.collect()
    gui.pump(100)
    idle = rss_kib()
    gui.open_until_painted(big_id)
    gui.pump(500)
    gc.collect()
    gui.pump(100)
    with_doc = rss_kib()
    print(
        "RSS_RESULT " + json.dumps({"idle_kib": idle, "with_doc_kib": with_doc, "hwm_kib": rss_kib("VmHWM")}),
        flush=True,
    )
    gui.close()


def bench_rss(db: Path, seed_id: int, big_id: int, figures: dict, details: dict) -> None:
    log("RSS: child GUI process, idle then with the 5 MB document")
    cmd = [str(PYTHON), str(Path(__file__).resolve()), "--rss-child", str(db), str(seed_id), str(big_id)]
    res = spawn_measured(cmd, child_env())
    line = next((ln for ln in res["stdout"].splitlines() if ln.startswith("RSS_RESULT ")), None)
    if line is None:
        details["rss_child_error"] = res["stderr"][-2000:]
        return
    r = json.loads(line.split(" ", 1)[1])
    idle, with_doc = r["idle_kib"] / 1024, r["with_doc_kib"] / 1024
    figures["rss_idle_mib"] = figure(idle, "MiB", note="window shown on the seed document, start-up settled")
    figures["rss_5mb_open_mib"] = figure(with_doc, "MiB", note="after opening and painting the 5 MB document")
    figures["rss_5mb_open_mb"] = figure(with_doc - idle, "MiB", note="increase over idle (VmRSS)")
    figures["rss_5mb_peak_mib"] = figure(r["hwm_kib"] / 1024, "MiB", note="VmHWM of that process")


# --- export ------------------------------------------------------------------------------------


def build_export_db(db_path: Path, sentences: list[str], sizes: dict) -> dict:
    """N documents and N * k whole-word spans written with raw sqlite3 (schema from the app)."""
    from bisect import bisect_right

    from app.core.stored_text import text_sha256, title_from_text
    from app.services.workspace import Workspace

    ws = Workspace.open(db_path)  # creates the schema (Alembic), project, labels, annotator
    project_id, annotator, label_ids = ws.project_id, ws.annotator_id, [lab.id for lab in ws.labels]
    ws.close()

    pool = [(s, word_offsets(s)) for s in sentences]
    pool = [p for p in pool if p[1]]
    P = len(pool)
    n_docs, per_doc = sizes["export_docs"], sizes["export_spans_per_doc"]
    statuses = ("in_progress", "in_progress", "done", "new")

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    doc_sql = (
        "INSERT INTO document (id, project_id, position, title, source_name, text, text_sha256, char_count, "
        "newlines_normalised, had_bom, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    )
    layer_sql = "INSERT INTO layer (id, document_id, annotator_id, status, created_at, updated_at) VALUES (?,?,?,?,?,?)"
    span_sql = (
        'INSERT INTO span (layer_id, label_id, start, "end", text, origin, created_at, updated_at) '
        "VALUES (?,?,?,?,?,?,?,?)"
    )
    t0 = perf()
    total_chars = total_spans = 0
    batch = 2000
    for first in range(0, n_docs, batch):
        docs, layers, spans = [], [], []
        for d in range(first, min(n_docs, first + batch)):
            doc_id = d + 1
            n_s = 5 + (d * 7) % 11  # 5..15 sentences
            start = (d * 131) % P
            parts: list[str] = []
            bases: list[int] = []  # offset of each sentence
            cum: list[int] = []  # words before each sentence
            words: list[list[tuple[int, int]]] = []
            pos = n_words = 0
            k = 0
            while k < n_s or n_words < per_doc:
                sent, offs = pool[(start + k) % P]
                if k:
                    sep = "\n" if k % 4 == 0 else " "
                    parts.append(sep)
                    pos += 1
                parts.append(sent)
                bases.append(pos)
                cum.append(n_words)
                words.append(offs)
                n_words += len(offs)
                pos += len(sent)
                k += 1
            # A numbered sentence: every text is distinct (text_sha256 is unique per project).
            tail = f"وهذه هي الوثيقة رقم {doc_id} من مجموعة القياس ."
            parts.append(" ")
            parts.append(tail)
            text = "".join(parts)
            docs.append(
                (
                    doc_id,
                    project_id,
                    d,
                    title_from_text(text, f"doc {doc_id}"),
                    f"bench-{doc_id:06d}.txt",
                    text,
                    text_sha256(text),
                    len(text),
                    0,
                    0,
                    TS,
                )
            )
            layers.append((doc_id, doc_id, annotator, statuses[d % 4], TS, TS))
            step = n_words / per_doc
            for i in range(per_doc):
                j = int(i * step)
                si = bisect_right(cum, j) - 1
                a, b = words[si][j - cum[si]]
                a += bases[si]
                b += bases[si]
                spans.append((doc_id, label_ids[(d + i) % len(label_ids)], a, b, text[a:b], "manual", TS, TS))
            total_chars += len(text)
        conn.executemany(doc_sql, docs)
        conn.executemany(layer_sql, layers)
        conn.executemany(span_sql, spans)
        total_spans += len(spans)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {
        "documents": n_docs,
        "spans": total_spans,
        "text_code_points": total_chars,
        "db_mb": round(db_path.stat().st_size / 1e6, 1),
        "build_s": round(perf() - t0, 1),
    }


def bench_export(
    tmp: Path, sentences: list[str], sizes: dict, figures: dict, details: dict, inputs: dict
) -> None:
    from app.services import export as export_service
    from app.services.workspace import Workspace

    db = tmp / "export.db"
    log(
        f"export: building {sizes['export_docs']:,} documents / {sizes['export_docs'] * sizes['export_spans_per_doc']:,} spans"
    )
    inputs["export_db"] = build_export_db(db, sentences, sizes)
    log(f"export: built in {inputs['export_db']['build_s']} s ({inputs['export_db']['db_mb']} MB)")
    out = tmp / "export.jsonl"

    times, peaks = [], []
    report = None
    for run in range(sizes["export_runs"]):
        log(f"export: in-process run {run + 1}")
        if out.exists():
            out.unlink()
        ws = Workspace.open(db, create=False)
        gc.collect()
        before = rss_kib()
        can_reset = reset_peak_rss()
        t0 = perf()
        report = export_service.export(ws, out)
        times.append(perf() - t0)
        if can_reset:
            peaks.append((rss_kib("VmHWM") - before) / 1024)
        ws.close()
    assert report is not None
    size_mb = out.stat().st_size / 1e6
    label = "jsonl_export_100k_docs_1m_spans_s"
    figures[label] = figure(
        statistics.median(times),
        "s",
        runs=[round(t, 3) for t in times],
        note=f"in-process export(); {report.documents:,} documents, {report.spans:,} spans; median",
    )
    figures["jsonl_export_output_mb"] = figure(size_mb, "MB", note="10^6 bytes")
    figures["jsonl_export_throughput_mb_s"] = figure(size_mb / statistics.median(times), "MB/s")
    if peaks:
        figures["jsonl_export_inprocess_peak_rss_delta_mib"] = figure(
            max(peaks), "MiB", note="VmHWM growth over the RSS before the export (flat memory means small)"
        )

    log("export: CLI subprocess")
    out.unlink()
    res = spawn_measured(
        [str(PYTHON), "-m", "app", "--db", str(db), "export", "--format", "jsonl", "--out", str(out)],
        child_env(),
    )
    figures["jsonl_export_cli_s"] = figure(
        res["exit_ms"] / 1000,
        "s",
        note="python -m app export: whole process wall clock, imports included",
        returncode=res["returncode"],
    )
    if res["maxrss_mib"] is not None:
        figures["jsonl_export_cli_peak_rss_mib"] = figure(
            res["maxrss_mib"],
            "MiB",
            note="peak RSS of the CLI process (GNU time %M); ~47 MiB of it is imports",
        )
    details["export_cli_output"] = (res["stdout"].strip() or res["stderr"].strip())[-500:]
    with out.open("rb") as fh:
        details["export_lines"] = sum(1 for _ in fh)


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small inputs: a smoke run, figures not comparable"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--only",
        metavar="LIST",
        default="startup,gui,rss,export",
        help="comma-separated sections to run: startup, gui, rss, export (default: all)",
    )
    parser.add_argument("--rss-child", nargs=3, metavar=("DB", "SEED_ID", "BIG_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        db, seed, big = args.rss_child
        rss_child(db, int(seed), int(big))
        return 0

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
        "machine": machine_info(("sqlalchemy", "PySide6-Essentials")),
        "inputs": inputs,
        "figures": figures,
        "details": details,
    }

    tmp = Path(tempfile.mkdtemp(prefix="hamish-bench-"))
    try:
        sentences = load_sentences()
        inputs["corpus_sentences"] = len(sentences)

        if "startup" in only:
            bench_startup(tmp, sizes, figures, details)

        if only & {"gui", "rss"}:
            log(f"building the {sizes['big_doc_bytes'] / 1e6:g} MB document database")
            big_db = tmp / "big.db"
            built = build_big_db(big_db, sentences, sizes)
            inputs["big_document"] = built["info"]
            seed_id, big_id = built["seed_ids"][0], built["big_id"]
            if "rss" in only:  # first, before this process's GUI changes the database
                bench_rss(big_db, seed_id, big_id, figures, details)
            if "gui" in only:
                gui = Gui(big_db, seed_id)
                try:
                    bench_open(gui, seed_id, big_id, sizes, figures, details)
                    bench_add_span(gui, built["targets"], figures, details)
                    bench_scroll(gui, sizes, figures, details)
                finally:
                    gui.close()

        if "export" in only:
            bench_export(tmp, sentences, sizes, figures, details, inputs)
    finally:
        remove_scratch(tmp, args.keep)
    return report(__file__, result, started, args.json)


if __name__ == "__main__":
    sys.exit(main())
