"""Large input: big files are streamed with bounded memory; beyond the limits, a message.

Run on demand from the repository root (a few minutes; ~600 MB of temporary files)::

    .venv/bin/python tests/stress/large_input.py            # 200 MB JSONL, 50 MB text, 5 MB document
    .venv/bin/python tests/stress/large_input.py --quick    # 20 MB / 5 MB / 1 MB: a smoke run
    .venv/bin/python tests/stress/large_input.py --app-root /path/to/checkout   # measure another tree

It prints ONE JSON object on stdout (progress on stderr), figures in the style of
``tests/benchmarks/bench_foundation.py``: ``{"value", "unit", "target", "within_target", ...}``.
Every import runs as the real command line (``python -m app --db DB import …``) in a
subprocess under GNU ``/usr/bin/time -f %M`` (peak RSS of that process alone).

Inputs, built from ``../shared/corpora`` (AQMAR and the Wojood sample: their sentences,
tokens joined by spaces, their PER/PERS, ORG and EVENT entities as person/organisation/event
spans):

jsonl_*  A native Hamish JSONL file of many documents (each: a numbered first line, which
         makes every text unique, then 3–12 corpus sentences, one paragraph each, with their
         spans), at two sizes (1/10 and all of ``--jsonl-mb``, default 200 MB): wall time, peak
         RSS, documents and spans imported. Bounded memory shows as the same peak RSS at both sizes.
text_*   A UTF-8 text file of corpus paragraphs (blank lines between them), at two sizes (1/5 and
         all of ``--text-mb``, default 50 MB): imported with ``hamish import FILE`` (format
         text), split into documents of at most ``HAMISH_MAX_DOCUMENT_CHARS`` (default 5,000,000)
         characters at paragraph breaks: wall time, peak RSS, documents made, largest document.
gui_5mb_*  A 5 MB (5,000,000 bytes) single-document text file imported, then opened in
         ``app.ui.main_window.MainWindow`` (offscreen) in a child process: ms until the view's
         first paint, VmRSS before and after, the document's length (one document: it is
         under the limit).
refuse_*  Inputs beyond the limits, each refused by the command line with a message naming
         the file and the line (exit status 1), with its wall time and peak RSS: a JSONL line of
         80 MB (``HAMISH_MAX_LINE_BYTES``, default 64,000,000 bytes; the line is skipped, not
         read whole), a JSONL document of 6,000,000 characters, and 12 MB of text without a
         space or line break (cannot be cut into documents).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
if not CORPORA.is_dir():  # a clone without ../shared: the same files, copied with their licences
    CORPORA = ROOT / "tests" / "data" / "corpora"
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # pragma: no cover
    PYTHON = Path(sys.executable)
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
LABELS = {"PER": "person", "PERS": "person", "ORG": "organisation", "EVENT": "event"}
perf = time.perf_counter


def log(msg: str) -> None:
    print(f"[large_input] {msg}", file=sys.stderr, flush=True)


def figure(value, unit: str, target=None, **extra) -> dict:  # type: ignore[no-untyped-def]
    v = round(value, 3) if isinstance(value, float) else value
    out: dict = {"value": v, "unit": unit, "target": target}
    out["within_target"] = None if target is None or value is None else bool(value <= target)
    out.update(extra)
    return out


# --- corpus sentences with their entities ----------------------------------------------------------


def corpus_sentences() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``(sentence, [(start, end, label)])`` of AQMAR and the Wojood sample (outermost column)."""
    out = []
    files = sorted((CORPORA / "aqmar").glob("*.txt")) + sorted((CORPORA / "wojood-sample").glob("*.txt"))
    for f in files:
        toks: list[str] = []
        tags: list[str] = []
        for line in f.read_text(encoding="utf-8").split("\n") + [""]:
            parts = line.split()
            if parts and parts[0] != "$#$":
                toks.append(parts[0])
                tags.append(parts[1] if len(parts) > 1 else "O")
                continue
            if parts:  # a segment marker
                continue
            if toks:
                text, spans, pos, cur = "", [], 0, None
                for tok, tag in zip(toks, tags):
                    start = pos
                    pos += len(tok) + 1
                    kind, _, typ = tag.partition("-")
                    if cur is not None and not (kind == "I" and typ == cur[2]):
                        spans.append(tuple(cur))
                        cur = None
                    if kind in ("B", "I") and cur is None:
                        cur = [start, start + len(tok), typ]
                    elif kind == "I" and cur is not None:
                        cur[1] = start + len(tok)
                if cur is not None:
                    spans.append(tuple(cur))
                text = " ".join(toks)
                out.append((text, [(s, e, LABELS[t]) for s, e, t in spans if t in LABELS]))
                toks, tags = [], []
    return out


def write_jsonl(path: Path, target_bytes: int, sentences) -> dict:  # type: ignore[no-untyped-def]
    import orjson

    n_docs = n_spans = 0
    size = 0
    k = 0
    with path.open("wb") as fh:
        while size < target_bytes:
            n_docs += 1
            head = f"وثيقة رقم {n_docs}\n"
            parts, spans, pos = [head.rstrip("\n")], [], len(head)
            for _ in range(3 + n_docs % 10):
                text, ents = sentences[k % len(sentences)]
                k += 1
                spans += [
                    {"start": pos + s, "end": pos + e, "label": lab, "text": text[s:e]} for s, e, lab in ents
                ]
                parts.append(text)
                pos += len(text) + 1
            doc = "\n".join(parts)
            assert all(doc[sp["start"] : sp["end"]] == sp["text"] for sp in spans)
            line = (
                orjson.dumps(
                    {
                        "format": "hamish-jsonl",
                        "version": 1,
                        "id": n_docs,
                        "title": head.strip(),
                        "text": doc,
                        "spans": spans,
                    }
                )
                + b"\n"
            )
            fh.write(line)
            size += len(line)
            n_spans += len(spans)
    return {"bytes": size, "documents": n_docs, "spans": n_spans}


def write_text(path: Path, target_bytes: int, sentences) -> dict:  # type: ignore[no-untyped-def]
    size = paras = 0
    k = 0
    with path.open("wb") as fh:
        while size < target_bytes:
            para = " ".join(sentences[(k + j) % len(sentences)][0] for j in range(4))
            k += 4
            data = (para + "\n\n").encode("utf-8")
            if size + len(data) > target_bytes:
                data = data[: target_bytes - size].decode("utf-8", "ignore").encode("utf-8")
                if not data:
                    break
            fh.write(data)
            size += len(data)
            paras += 1
    return {"bytes": size, "paragraphs": paras}


# --- running the command line, measured -------------------------------------------------------------


def run_cli(args: list[str], env: dict[str, str], app_root: Path, timeout: float = 3600) -> dict:
    with tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        cmd = [str(PYTHON), "-m", "app", *args]
        if GNU_TIME:
            cmd = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd]
        t0 = perf()
        p = subprocess.run(
            cmd,
            cwd=app_root,
            env={**env, "PYTHONPATH": str(app_root)},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        wall = perf() - t0
        peak = None
        if GNU_TIME:
            lines = [ln for ln in Path(rss.name).read_text().splitlines() if ln.strip().isdigit()]
            peak = int(lines[-1]) / 1024 if lines else None
    return {
        "returncode": p.returncode,
        "wall_s": wall,
        "peak_rss_mib": peak,
        "stdout": p.stdout,
        "stderr": p.stderr,
    }


def db_facts(db: Path) -> dict:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        docs, longest = con.execute("SELECT count(*), coalesce(max(char_count), 0) FROM document").fetchone()
        spans = con.execute("SELECT count(*) FROM span").fetchone()[0]
        bad = con.execute(
            "SELECT count(*) FROM span JOIN layer ON layer.id = span.layer_id JOIN document d ON "
            'd.id = layer.document_id WHERE substr(d.text, span.start + 1, span."end" - span.start) '
            "!= span.text"
        ).fetchone()[0]
        return {
            "documents": docs,
            "spans": spans,
            "longest_document_chars": longest,
            "spans_not_matching_text": bad,
        }
    finally:
        con.close()


def import_measured(
    name: str,
    file: Path,
    fmt: str,
    work: Path,
    env: dict,
    app_root: Path,
    figures: dict,
    details: dict,
    rss_target: float | None = None,
) -> dict:
    db = work / f"{name}.db"
    log(f"{name}: importing {file.stat().st_size / 1e6:.1f} MB ({fmt})")
    res = run_cli(["--db", str(db), "import", "--format", fmt, str(file)], env, app_root)
    facts = db_facts(db) if db.exists() else {}
    mb = file.stat().st_size / 1e6
    details[name] = {
        "input_mb": round(mb, 1),
        "returncode": res["returncode"],
        "stdout": res["stdout"][-1500:],
        "stderr": res["stderr"][-1500:],
        **facts,
    }
    if res["returncode"] != 0:
        log(f"{name}: FAILED {res['stderr'][-500:]}")
        return res
    figures[f"{name}_wall_s"] = figure(
        res["wall_s"], "s", input_mb=round(mb, 1), documents=facts.get("documents"), spans=facts.get("spans")
    )
    if res["peak_rss_mib"] is not None:
        figures[f"{name}_peak_rss_mib"] = figure(
            res["peak_rss_mib"], "MiB", rss_target, note="GNU time -f %M of the CLI"
        )
    db.unlink(missing_ok=True)
    for extra in (Path(str(db) + "-wal"), Path(str(db) + "-shm")):
        extra.unlink(missing_ok=True)
    return res


def refuse_measured(
    name: str,
    file: Path,
    fmt: str,
    work: Path,
    env: dict,
    app_root: Path,
    figures: dict,
    details: dict,
    expect: str,
) -> None:
    db = work / f"{name}.db"
    log(f"{name}: {file.stat().st_size / 1e6:.1f} MB, expecting a refusal")
    res = run_cli(["--db", str(db), "import", "--format", fmt, str(file)], env, app_root)
    ok = (
        res["returncode"] == 1 and str(file) in res["stderr"] and re.search(expect, res["stderr"]) is not None
    )
    details[name] = {
        "returncode": res["returncode"],
        "stderr": res["stderr"][-800:],
        "refused_as_expected": ok,
        **(db_facts(db) if db.exists() else {}),
    }
    figures[f"{name}_wall_s"] = figure(res["wall_s"], "s", refused_with_message=ok)
    if res["peak_rss_mib"] is not None:
        figures[f"{name}_peak_rss_mib"] = figure(res["peak_rss_mib"], "MiB")
    db.unlink(missing_ok=True)


# --- the GUI: a 5 MB document opens -------------------------------------------------------------------


def gui_child(db: str) -> None:
    """Child mode: open the window, then the largest document; print GUI_RESULT {json}."""
    import gc

    from PySide6.QtCore import QEventLoop
    from PySide6.QtTest import QTest

    from app.services.workspace import Workspace
    from app.ui.application import ensure_app
    from app.ui.controllers.documents import SETTING_LAST_DOCUMENT
    from app.ui.main_window import MainWindow

    def rss(field: str = "VmRSS") -> int:
        with open("/proc/self/status") as fh:
            return next(int(ln.split()[1]) for ln in fh if ln.startswith(field + ":"))

    def pump(ms: float) -> None:
        end = perf() + ms / 1000
        while perf() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.002)

    app = ensure_app()
    ws = Workspace.open(db, create=False)
    docs = ws.documents()
    big = max(docs, key=lambda d: d.char_count)
    ws.set_setting(SETTING_LAST_DOCUMENT, str(min(docs, key=lambda d: d.char_count).id))
    window = MainWindow(ws)
    window.show()
    QTest.qWaitForWindowExposed(window)
    pump(1500)
    gc.collect()
    idle = rss()
    painted: list[float] = []
    window.view.painted.connect(lambda: painted.append(perf()) if not painted else None)
    t0 = perf()
    window.documents.open_document(big.id)
    deadline = perf() + 60
    while not painted and perf() < deadline:
        app.processEvents()
    t_paint = (painted[0] - t0) * 1000 if painted else None
    pump(500)
    gc.collect()
    shown = window.view.toPlainText()
    print(
        "GUI_RESULT "
        + json.dumps(
            {
                "idle_kib": idle,
                "open_kib": rss(),
                "hwm_kib": rss("VmHWM"),
                "painted_ms": t_paint,
                "chars": big.char_count,
                "shown_utf16": len(shown),
                "document_id": window.document_id == big.id,
            }
        ),
        flush=True,
    )
    window.close()
    ws.close()


def gui_measured(
    work: Path, env: dict, app_root: Path, sentences, mb: float, figures: dict, details: dict
) -> None:  # type: ignore[no-untyped-def]
    text = work / "five_mb.txt"
    write_text(text, int(mb * 1_000_000), sentences)
    db = work / "gui.db"
    seed = next((app_root / "seeds").glob("*.txt"))  # document 1, shown at start; the big one is opened after
    res = run_cli(["--db", str(db), "import", str(seed), str(text)], env, app_root)
    if res["returncode"] != 0:
        details["gui_5mb"] = {"import_failed": res["stderr"][-800:]}
        return
    log(f"gui: opening the {mb:g} MB document in MainWindow (offscreen)")
    p = subprocess.run(
        [str(PYTHON), str(Path(__file__).resolve()), "--gui-child", str(db)],
        cwd=app_root,
        env={**env, "PYTHONPATH": str(app_root), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((ln for ln in p.stdout.splitlines() if ln.startswith("GUI_RESULT ")), None)
    if line is None:
        details["gui_5mb"] = {"error": p.stderr[-2000:]}
        return
    r = json.loads(line.split(" ", 1)[1])
    details["gui_5mb"] = {**r, "file_bytes": text.stat().st_size, **db_facts(db)}
    figures["gui_5mb_open_painted_ms"] = figure(
        r["painted_ms"], "ms", 100, chars=r["chars"], note="open_document → first paint"
    )
    figures["gui_5mb_rss_open_mib"] = figure(r["open_kib"] / 1024, "MiB", note="VmRSS with the document open")
    figures["gui_5mb_rss_above_idle_mib"] = figure((r["open_kib"] - r["idle_kib"]) / 1024, "MiB", 100)


# --- main ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="20 MB JSONL, 5 MB text, 1 MB document")
    parser.add_argument("--jsonl-mb", type=float, default=200.0)
    parser.add_argument("--text-mb", type=float, default=50.0)
    parser.add_argument(
        "--app-root", type=Path, default=ROOT, help="the source tree the command line runs from"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--gui-child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.gui_child:
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(ROOT)))
        gui_child(args.gui_child)
        return 0
    if args.quick:
        args.jsonl_mb, args.text_mb = 20.0, 5.0
    gui_mb = 1.0 if args.quick else 5.0
    app_root = args.app_root.resolve()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAMISH_MAX_")}
    env["HAMISH_CONFIG_DIR"] = tempfile.mkdtemp(prefix="hamish-large-config-")
    work = Path(tempfile.mkdtemp(prefix="hamish-large-"))
    figures: dict = {}
    details: dict = {}
    load_before = os.getloadavg()
    t_all = perf()
    try:
        sentences = corpus_sentences()
        log(f"{len(sentences)} corpus sentences")
        # native JSONL at two sizes
        for label, mb in (("jsonl_small", args.jsonl_mb / 10), ("jsonl_large", args.jsonl_mb)):
            f = work / f"{label}.jsonl"
            t0 = perf()
            details[f"{label}_input"] = {
                **write_jsonl(f, int(mb * 1_000_000), sentences),
                "build_s": round(perf() - t0, 1),
            }
            import_measured(label, f, "jsonl", work, env, app_root, figures, details)
            f.unlink()
        # text at two sizes: split into documents
        for label, mb in (("text_small", args.text_mb / 5), ("text_large", args.text_mb)):
            f = work / f"{label}.txt"
            details[f"{label}_input"] = write_text(f, int(mb * 1_000_000), sentences)
            import_measured(label, f, "text", work, env, app_root, figures, details)
            f.unlink()
        for a, b in (("jsonl_small", "jsonl_large"), ("text_small", "text_large")):
            if f"{a}_peak_rss_mib" in figures and f"{b}_peak_rss_mib" in figures:
                ratio = figures[f"{b}_peak_rss_mib"]["value"] / figures[f"{a}_peak_rss_mib"]["value"]
                figures[f"{b.split('_')[0]}_rss_growth_ratio"] = figure(
                    ratio,
                    "x",
                    note=f"peak RSS at the large size / at the small size (input x{10 if a.startswith('jsonl') else 5})",
                )
        gui_measured(work, env, app_root, sentences, gui_mb, figures, details)
        # beyond the limits
        big_line = work / "long_line.jsonl"
        with big_line.open("wb") as fh:
            fh.write(b'{"format": "hamish-jsonl", "version": 1, "text": "\xd9\x86\xd8\xb5"}\n' * 2)
            fh.write(
                b'{"format": "hamish-jsonl", "version": 1, "text": "' + b"\xd8\xa8" * 40_000_000 + b'"}\n'
            )
            fh.write(b'{"format": "hamish-jsonl", "version": 1, "text": "\xd9\x86\xd8\xb5 2"}\n')
        refuse_measured(
            "refuse_80mb_line",
            big_line,
            "jsonl",
            work,
            env,
            app_root,
            figures,
            details,
            r"line 3: the line is 80,000,0\d\d bytes; a line \(one record\) may hold at most 64,000,000",
        )
        big_line.unlink()
        big_doc = work / "long_document.jsonl"
        big_doc.write_bytes(
            b'{"format": "hamish-jsonl", "version": 1, "text": "' + ("ب " * 3_000_000).encode() + b'"}\n'
        )
        refuse_measured(
            "refuse_6m_char_document",
            big_doc,
            "jsonl",
            work,
            env,
            app_root,
            figures,
            details,
            r"line 1: the text is 6,000,000 characters; one document may hold at most 5,000,000",
        )
        big_doc.unlink()
        no_space = work / "no_space.txt"
        no_space.write_bytes("نص قصير\n".encode() + "ب".encode() * 6_000_000)
        refuse_measured(
            "refuse_12mb_without_spaces",
            no_space,
            "text",
            work,
            env,
            app_root,
            figures,
            details,
            r"line 2: more than 5,000,000 characters without a space",
        )
        no_space.unlink()
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(env["HAMISH_CONFIG_DIR"], ignore_errors=True)
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0],
            "app_root": str(app_root),
        },
        "figures": figures,
        "details": details,
        "runtime_s": round(perf() - t_all, 1),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
