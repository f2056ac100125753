"""Pathological text in the editor: no stall over 100 ms (issue item 13).

Run from the repository root::

    .venv/bin/python tests/benchmarks/bench_pathological.py            # the real run (a few minutes)
    .venv/bin/python tests/benchmarks/bench_pathological.py --quick    # small inputs, a smoke run
    .venv/bin/python tests/benchmarks/bench_pathological.py --shapes marks_3m,seed --json out.json

It prints ONE pretty-printed JSON object on stdout (progress goes to stderr), in the shape
of ``bench_foundation.py``: ``{"machine", "inputs", "figures", "details", "runtime_s"}``.
No asserts: it measures and reports; ``target`` is the budget (an upper bound, from ``targets.py``).

One database (in a temporary folder, removed at the end unless ``--keep``) holds the seed
article and one document per shape, stored as they are (a raised
``HAMISH_MAX_DOCUMENT_CHARS`` would let the 12 MB line in the same way). Each shape is then
measured in a child process of its own (this script with ``--child``), so that a shape that
stalls for minutes is reported as ``timed_out`` after ``--timeout`` seconds instead of
holding up the others. The child opens the real ``MainWindow`` offscreen on the seed
article, then:

SHAPE_open_until_painted_ms
    ``MainWindow.open_document(id)`` plus event processing until ``view.painted`` fires
    (taken in the signal handler); the window's session cache is dropped before each open.
    The slowest of 3 (1 with --quick). ``SHAPE_open_until_idle_ms``: until the event queue
    is drained (informative). ``details.SHAPE.open_parts_ms``: the parts, each timed alone.
SHAPE_repaint_p95_ms, SHAPE_repaint_max_ms
    ``view.viewport().repaint()`` at the top of the document (the pathological part on
    screen), 20 times.
SHAPE_scroll_p95_ms, SHAPE_scroll_max_ms
    Page-down steps from the top: ``scrollbar.setValue(value + pageStep)`` (this also
    recomputes the visible highlights) then ``viewport().repaint()``; at most 40 steps.
SHAPE_label_key_p95_ms, SHAPE_label_key_max_ms
    A whole word after the pathological part is selected (``set_selection_cp``, scrolled to,
    untimed), then ``QTest.keyClick(view, Key_1)`` (label "person", committed) plus
    ``viewport().repaint()``; 20 words (5 with --quick). ``details`` counts the spans added
    and checks that each stored span text equals ``text[start:end]``.

Shapes (sizes with --quick in brackets):

seed
    The seed article (reference).
marks_3m
    The seed's first paragraph, then one letter followed by 3,000,000 combining marks
    (U+064B..U+0652 and U+0301 in turn) [300,000], a few words, two paragraphs of the seed.
line_12mb
    12,000,000 UTF-8 bytes (6,000,000 code points) of Arabic letters without a space or a
    line break [1,200,000 bytes], then two paragraphs of the seed.
paragraph_5mb
    5,000,000 UTF-8 bytes of seed sentences joined by spaces on ONE line (a text dump
    without line breaks) [500,000], then two paragraphs of the seed.
bidi_20k
    One paragraph of seed words, each word wrapped in U+202E…U+202C or U+2067…U+2069 in
    turn, an LRM/RLM between every tenth pair, about 20,000 controls [2,000], then two
    paragraphs of the seed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import figure, log, machine_info, percentile, remove_scratch, report

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "000_f3562d74299d4607.txt"

perf = time.perf_counter
MARKS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0301"
WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A]+")  # letters only: the label key snaps to the word itself

FULL = {
    "marks": 3_000_000,
    "line_bytes": 12_000_000,
    "paragraph_bytes": 5_000_000,
    "bidi_controls": 20_000,
    "opens": 3,
    "label_words": 20,
}
QUICK = {
    "marks": 300_000,
    "line_bytes": 1_200_000,
    "paragraph_bytes": 500_000,
    "bidi_controls": 2_000,
    "opens": 1,
    "label_words": 5,
}
SHAPES = ("seed", "marks_3m", "line_12mb", "paragraph_5mb", "bidi_20k")
REPAINTS = 20
SCROLL_STEPS = 40


# --- the documents ------------------------------------------------------------------------------


def build_texts(sizes: dict) -> dict[str, str]:
    seed = SEED.read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n") if p.strip()]
    tail = "\n" + paras[1] + "\n" + paras[2]
    words = seed.split()
    letters = "".join(WORD.findall(seed))
    texts = {"seed": seed}
    n = sizes["marks"]
    texts["marks_3m"] = paras[0] + " ب" + (MARKS * (n // len(MARKS) + 1))[:n] + " في الاجتماع الخامس" + tail
    n = sizes["line_bytes"] // 2  # Arabic letters are two bytes each in UTF-8
    texts["line_12mb"] = (letters * (n // len(letters) + 1))[:n] + tail
    flat = " ".join(paras)
    n = sizes["paragraph_bytes"] // len(flat.encode("utf-8")) + 1
    texts["paragraph_5mb"] = " ".join([flat] * n) + tail
    out, controls, i = [], 0, 0
    while controls < sizes["bidi_controls"]:
        w = words[i % len(words)]
        out.append(f"\u202e{w}\u202c" if i % 2 else f"\u2067{w}\u2069")
        controls += 2
        if i % 10 == 9:
            out.append("\u200e" if i % 20 == 9 else "\u200f")
            controls += 1
        i += 1
    texts["bidi_20k"] = " ".join(out) + tail
    return texts


def build_db(db_path: Path, texts: dict[str, str]) -> dict[str, int]:
    from app.core.stored_text import text_sha256
    from app.services.workspace import Workspace
    from app.store import repository as repo

    ws = Workspace.open(db_path, annotator="bench")
    try:
        docs = [
            repo.NewDocument(name, f"{name}.txt", text, text_sha256(text)) for name, text in texts.items()
        ]
        with ws.db.write() as s:
            ids = repo.add_documents(s, ws.project_id, docs)
    finally:
        ws.close()
    return dict(zip(texts, ids))


# --- one shape, in a child process ---------------------------------------------------------------------


class Gui:
    def __init__(self, db_path: Path, first_id: int) -> None:
        from PySide6.QtTest import QTest

        from app.services.workspace import Workspace
        from app.ui.application import ensure_app
        from app.ui.controllers.documents import SETTING_LAST_DOCUMENT
        from app.ui.main_window import MainWindow

        self.app = ensure_app()
        self.ws = Workspace.open(db_path, annotator="bench", create=False)
        self.ws.set_setting(SETTING_LAST_DOCUMENT, str(first_id))
        self.window = MainWindow(self.ws)
        self.window.resize(1400, 900)
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        self.window.view.setFocus()
        self.pump(500)  # start-up work queued for after the first paint (camel-tools import)

    def pump(self, ms: float = 0) -> None:
        from PySide6.QtCore import QEventLoop

        self.app.processEvents()
        end = perf() + ms / 1000
        while perf() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.002)

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

    def forget(self, doc_id: int) -> None:
        """Drop the window's cached session of a document (the next open is a real one)."""
        self.window.documents.drop_session(doc_id)

    def open_until_painted(self, doc_id: int) -> tuple[float, float]:
        view = self.window.view
        painted: list[float] = []

        def on_paint() -> None:
            if not painted:
                painted.append(perf())

        view.painted.connect(on_paint)
        try:
            t0 = perf()
            self.window.documents.open_document(doc_id)
            deadline = perf() + 600
            while not painted and perf() < deadline:
                self.app.processEvents()
            t_idle = self.drain()
        finally:
            view.painted.disconnect(on_paint)
        t_paint = painted[0] if painted else float("nan")
        return (t_paint - t0) * 1000, (max(t_idle, t_paint) - t0) * 1000


def open_parts(gui: Gui, doc_id: int, runs: int) -> dict[str, float]:
    """The parts of an open, each timed alone (median): the session (SQLite read, span index,
    UTF-16 map), the display text, ``view.set_session`` (which prepares the display text
    again, ``setPlainText``, lays out and highlights what is on screen), the first repaint."""
    from app.core import display
    from app.services.session import DocumentSession

    view = gui.window.view
    parts: dict[str, list[float]] = {
        "session": [],
        "display_prepare": [],
        "view_set_session": [],
        "first_repaint": [],
    }
    for _ in range(runs):
        gc.collect()
        t0 = perf()
        session = DocumentSession(gui.ws, doc_id)
        t1 = perf()
        display.prepare(session.text, astral=not session.utf16.is_identity)
        t2 = perf()
        view.set_session(None)
        gui.drain()
        t3 = perf()
        view.set_session(session)
        t4 = perf()
        view.viewport().repaint()
        t5 = perf()
        parts["session"].append(t1 - t0)
        parts["display_prepare"].append(t2 - t1)
        parts["view_set_session"].append(t4 - t3)
        parts["first_repaint"].append(t5 - t4)
    view.set_session(gui.window.session)  # the window's own session again
    gui.drain()
    return {k: round(statistics.median(v) * 1000, 1) for k, v in parts.items()}


def label_targets(text: str, n: int) -> list[tuple[int, int]]:
    """``n`` whole words of the last two paragraphs (after the pathological part)."""
    start = text.rfind("\n", 0, text.rfind("\n")) + 1
    words = [(m.start(), m.end()) for m in WORD.finditer(text, start) if m.end() - m.start() > 2]
    step = max(1, len(words) // n)
    return words[::step][:n]


def run_shape(db_path: Path, seed_id: int, doc_id: int, sizes: dict) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    gui = Gui(db_path, seed_id)
    w, view = gui.window, gui.window.view
    out: dict = {}
    try:
        opens, idles = [], []
        for _ in range(sizes["opens"]):
            if doc_id != seed_id:
                w.documents.open_document(seed_id)
                gui.pump(50)
            gui.forget(doc_id)
            gc.collect()
            painted, idle = gui.open_until_painted(doc_id)
            opens.append(painted)
            idles.append(idle)
            gui.pump(50)
        out["open_until_painted_ms"] = opens
        out["open_until_idle_ms"] = idles
        session = w.session
        assert session is not None and session.document_id == doc_id
        text = session.text
        out["display_notice"] = view.display_notice()
        out["display_blocks"] = view.document().blockCount()
        out["open_parts_ms"] = open_parts(gui, doc_id, sizes["opens"])

        sb = view.verticalScrollBar()
        sb.setValue(0)
        gui.pump(20)
        times = []
        for _ in range(REPAINTS):
            t0 = perf()
            view.viewport().repaint()
            times.append((perf() - t0) * 1000)
        out["repaint_ms"] = times

        times = []
        for _ in range(SCROLL_STEPS):
            if sb.value() >= sb.maximum():
                break
            t0 = perf()
            sb.setValue(min(sb.maximum(), sb.value() + sb.pageStep()))
            view.viewport().repaint()
            times.append((perf() - t0) * 1000)
            gui.app.processEvents()
        out["scroll_ms"] = times
        out["scroll_steps"] = len(times)

        targets = label_targets(text, sizes["label_words"])
        view.setFocus()
        times, added, exact = [], 0, 0
        for a, b in targets:
            view.set_selection_cp(a, b)
            view.ensureCursorVisible()
            gui.pump(0)
            view.viewport().repaint()
            n0 = len(session.spans)
            t0 = perf()
            QTest.keyClick(view, Qt.Key.Key_1)
            view.viewport().repaint()
            times.append((perf() - t0) * 1000)
            gui.app.processEvents()
            rec = session.spans.find_range(a, b)
            if len(session.spans) == n0 + 1 and rec is not None:
                added += 1
                exact += rec.text == text[a:b]
        out["label_key_ms"] = times
        out["label_key_spans_added"] = added
        out["label_key_span_text_exact"] = exact
        out["label_key_words"] = len(targets)
    finally:
        w.close()
        gui.pump(50)
        gui.ws.close()
    return out


def child(db: str, seed_id: int, doc_id: int, quick: bool) -> None:
    result = run_shape(Path(db), seed_id, doc_id, QUICK if quick else FULL)
    print("RESULT " + json.dumps(result), flush=True)


# --- the parent ------------------------------------------------------------------------------------------


def measure(
    name: str, db: Path, ids: dict[str, int], args: argparse.Namespace, figures: dict, details: dict
) -> None:
    log(f"{name}: measuring in a child process (timeout {args.timeout} s)")
    cmd = [sys.executable, __file__, "--child", str(db), str(ids["seed"]), str(ids[name])] + (
        ["--quick"] if args.quick else []
    )
    t0 = perf()
    try:
        proc = subprocess.run(
            cmd, check=False, capture_output=True, text=True, timeout=args.timeout, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        details[name] = {"timed_out_after_s": args.timeout}
        figures[f"{name}_open_until_painted_ms"] = figure(
            float("inf"), "ms", note=f"timed out after {args.timeout} s"
        )
        return
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        details[name] = {"failed": proc.returncode, "stderr": proc.stderr[-3000:]}
        figures[f"{name}_open_until_painted_ms"] = figure(
            float("nan"), "ms", note=f"the child failed (exit {proc.returncode})"
        )
        return
    r = json.loads(lines[-1][len("RESULT ") :])
    figures[f"{name}_open_until_painted_ms"] = figure(
        max(r["open_until_painted_ms"]), "ms", runs=[round(x, 1) for x in r["open_until_painted_ms"]]
    )
    figures[f"{name}_open_until_idle_ms"] = figure(
        max(r["open_until_idle_ms"]), "ms", runs=[round(x, 1) for x in r["open_until_idle_ms"]]
    )
    for key in ("repaint", "scroll", "label_key"):
        values = r[f"{key}_ms"]
        if not values:
            continue
        figures[f"{name}_{key}_p95_ms"] = figure(percentile(values, 95), "ms", n=len(values))
        figures[f"{name}_{key}_max_ms"] = figure(max(values), "ms")
    details[name] = {
        k: r[k]
        for k in (
            "display_notice",
            "display_blocks",
            "open_parts_ms",
            "scroll_steps",
            "label_key_words",
            "label_key_spans_added",
            "label_key_span_text_exact",
        )
    }
    details[name]["child_wall_s"] = round(perf() - t0, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small inputs: a smoke run, figures not comparable"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--shapes", default=",".join(SHAPES), help=f"comma-separated shapes (default: {','.join(SHAPES)})"
    )
    parser.add_argument(
        "--timeout", type=int, default=900, help="seconds a shape may take before it is reported as timed out"
    )
    parser.add_argument("--child", nargs=3, metavar=("DB", "SEED_ID", "DOC_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        db, seed_id, doc_id = args.child
        child(db, int(seed_id), int(doc_id), args.quick)
        return 0

    started = perf()
    sizes = QUICK if args.quick else FULL
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = set(shapes) - set(SHAPES)
    if unknown:
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))}")
    figures: dict[str, dict] = {}
    details: dict[str, object] = {}
    inputs: dict[str, object] = {"mode": "quick" if args.quick else "full", "sizes": sizes, "shapes": shapes}
    result = {
        "machine": machine_info(("sqlalchemy", "PySide6-Essentials")),
        "inputs": inputs,
        "figures": figures,
        "details": details,
    }
    tmp = Path(tempfile.mkdtemp(prefix="hamish-bench-patho-"))
    try:
        texts = build_texts(sizes)
        inputs["documents"] = {
            name: {"code_points": len(t), "utf8_bytes": len(t.encode("utf-8")), "lines": t.count("\n") + 1}
            for name, t in texts.items()
        }
        log("building the database")
        db = tmp / "patho.db"
        ids = build_db(db, {name: texts[name] for name in SHAPES})
        for name in shapes:
            measure(name, db, ids, args, figures, details)
    finally:
        remove_scratch(tmp, args.keep)
    return report(__file__, result, started, args.json)


if __name__ == "__main__":
    sys.exit(main())
