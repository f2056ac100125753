"""Kill-9 crash safety: an annotation process is killed at random moments; nothing it
acknowledged may be lost and nothing may be half-applied.

The *driver* (``python tests/stress/crash.py drive DB SEED N``) opens a project with the
annotation service (Workspace + DocumentSession, the same code the window uses) and
performs random actions: add, relabel, delete, label-all across documents (one
ProjectBatch: all or nothing), and undo. Before each action it prints ``BEGIN`` with the
intended effect; the session's listener prints every committed change (``CH``); after the
action it prints ``ACK``. The parent kills it (SIGKILL) right after a random ACK plus a
random delay, then checks the database:

* ``PRAGMA integrity_check`` is ok, no foreign-key violation, every span's text equals its
  document's text at its offsets;
* every acknowledged change is there;
* the only difference allowed is the whole in-flight action (committed but not yet
  acknowledged) — never a part of it.

``python tests/stress/crash.py stress --trials 1000`` runs the long version;
``tests/services/test_crash_safety.py`` runs a CI-sized one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ANNOTATOR = os.environ.get("HAMISH_CRASH_ANNOTATOR", "crash-driver")
LABELS = ("person", "role", "organisation", "event", "figure")

State = dict[int, tuple[int, int, int, str]]  # span id -> (document, start, end, label)


# --- the driver (child process) -------------------------------------------------------------


def drive(db: str, seed: int, n_actions: int, extra_docs: int = 2) -> None:
    sys.path.insert(0, str(ROOT))
    from app.core.edits import AddSpan, Batch
    from app.core.spans import SpanError
    from app.services import importing
    from app.services.project_edit import ProjectBatch
    from app.services.session import DocumentSession
    from app.services.workspace import Workspace

    out = sys.stdout
    ws = Workspace.open(db, annotator=ANNOTATOR)
    if ws.document_count() == 0:
        tmp = Path(db).with_suffix(".docs")
        tmp.mkdir(exist_ok=True)
        base = (SEEDS / "000_f3562d74299d4607.txt").read_text(encoding="utf-8")
        paths = [SEEDS / "000_f3562d74299d4607.txt"]
        for k in range(extra_docs):
            p = tmp / f"doc{k}.txt"
            p.write_text(f"🙂 وثيقة {k}\n" + base[k * 500 : k * 500 + 1500], encoding="utf-8")
            paths.append(p)
        importing.import_text_files(ws, paths)
    sessions = [DocumentSession(ws, d.id) for d in ws.documents()]

    def listener_for(doc_id: int):  # type: ignore[no-untyped-def]
        def listener(changes) -> None:  # type: ignore[no-untyped-def]
            for ch in changes:
                r = ch.record
                out.write(f"CH {ch.kind} {r.id} {doc_id} {r.start} {r.end} {r.label}\n")
            out.flush()

        return listener

    for s in sessions:
        s.subscribe(listener_for(s.document_id))
    rng = random.Random(seed)
    words = {
        s.document_id: [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", s.text)]
        for s in sessions
    }
    history: list[tuple[object, object]] = []  # (session or None, edit) for undo
    out.write("READY\n")
    out.flush()
    for n in range(n_actions):
        kind = rng.choices(["add", "relabel", "delete", "batch", "undo"], [50, 15, 12, 8, 15])[0]
        s = rng.choice(sessions)
        try:
            if kind == "add":
                a, b = rng.choice(words[s.document_id])
                if rng.random() < 0.3:  # sometimes two words
                    nxt = [w for w in words[s.document_id] if w[0] > b][:1]
                    b = nxt[0][1] if nxt else b
                edit = s.plan_label(a, b, rng.choice(LABELS), exact=True)
                if edit is None or not isinstance(edit, AddSpan):
                    continue
                r = edit.record
                out.write(f"BEGIN {n} add {s.document_id} {r.start} {r.end} {r.label}\n")
                out.flush()
                s.apply(edit)
                history.append((s, edit))
            elif kind in ("relabel", "delete"):
                if not len(s.spans):
                    continue
                rec = s.spans.at_row(rng.randrange(len(s.spans)))
                if kind == "relabel":
                    edit = s.plan_relabel(rec.id, rng.choice([lab for lab in LABELS if lab != rec.label]))
                    out.write(f"BEGIN {n} relabel {rec.id} {edit.label}\n")  # type: ignore[union-attr]
                else:
                    edit = s.plan_delete(rec.id)
                    out.write(f"BEGIN {n} delete {rec.id}\n")
                out.flush()
                s.apply(edit)  # type: ignore[arg-type]
                history.append((s, edit))
            elif kind == "batch":  # label all occurrences of a word in every document
                word = s.text[slice(*rng.choice(words[s.document_id]))]
                parts, plan = [], []
                for t in sessions:
                    adds, pos = [], 0
                    while (i := t.text.find(word, pos)) >= 0:
                        pos = i + len(word)
                        try:
                            e = t.plan_label(i, i + len(word), "event", exact=True)
                        except SpanError:
                            continue
                        if isinstance(e, AddSpan) and all(
                            (x.record.start, x.record.end) != (i, i + len(word)) for x in adds
                        ):
                            adds.append(e)
                    if adds:
                        parts.append((t, Batch(adds, "label all")))
                        plan += [f"{t.document_id}:{e.record.start}:{e.record.end}" for e in adds]
                if not parts:
                    continue
                batch = ProjectBatch(parts, "label all")
                out.write(f"BEGIN {n} batch {','.join(plan)}\n")
                out.flush()
                batch.apply()
                history.append((None, batch))
            else:  # undo the last action
                if not history:
                    continue
                owner, edit = history.pop()
                out.write(f"BEGIN {n} undo\n")
                out.flush()
                if owner is None:
                    edit.revert()  # type: ignore[attr-defined]
                else:
                    owner.revert(edit)  # type: ignore[attr-defined]
        except SpanError:
            out.write(f"SKIP {n}\n")
            out.flush()
            continue
        out.write(f"ACK {n}\n")
        out.flush()
    out.write("DONE\n")
    out.flush()
    ws.close()


# --- the parent: run, kill, check ------------------------------------------------------------


@dataclass
class Trial:
    acked: int = 0
    killed: bool = False
    in_flight: str | None = None
    problems: list[str] = field(default_factory=list)


def db_state(db: Path, annotator: str | None = None) -> tuple[State, list[str]]:
    """Spans of the driver's layers, and any integrity problem found."""
    problems = []
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign keys: {fk[:5]}")
        rows = con.execute(
            'SELECT s.id, l.document_id, s.start, s."end", lab.name, s.text, d.text FROM span s '
            "JOIN layer l ON l.id = s.layer_id JOIN annotator a ON a.id = l.annotator_id "
            "JOIN label lab ON lab.id = s.label_id JOIN document d ON d.id = l.document_id WHERE a.name = ?",
            (annotator or ANNOTATOR,),
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM span WHERE layer_id NOT IN (SELECT id FROM layer)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} span(s) without a layer")
    finally:
        con.close()
    state: State = {}
    for sid, doc, start, end, label, stext, dtext in rows:
        if dtext[start:end] != stext:
            problems.append(f"span {sid}: text[{start}:{end}] != {stext!r}")
        state[sid] = (doc, start, end, label)
    return state, problems


def _apply_changes(state: State, changes: list[str]) -> None:
    for line in changes:
        _, kind, sid, doc, start, end, label = line.split(" ")
        if kind == "removed":
            state.pop(int(sid), None)
        else:
            state[int(sid)] = (int(doc), int(start), int(end), label)


def _allowed_in_flight(expected: State, actual: State, begin: str, undo_changes: list[str] | None) -> bool:
    """Does ``actual`` equal ``expected`` plus the WHOLE in-flight action?"""
    parts = begin.split(" ")
    kind = parts[2]
    if kind == "add":
        doc, s, e, lab = int(parts[3]), int(parts[4]), int(parts[5]), parts[6]
        extra = {k: v for k, v in actual.items() if k not in expected}
        return (
            len(extra) == 1
            and list(extra.values()) == [(doc, s, e, lab)]
            and {k: v for k, v in actual.items() if k in expected} == expected
        )
    if kind == "delete":
        sid = int(parts[3])
        want = dict(expected)
        want.pop(sid, None)
        return actual == want
    if kind == "relabel":
        sid, lab = int(parts[3]), parts[4]
        want = dict(expected)
        if sid in want:
            d, s, e, _ = want[sid]
            want[sid] = (d, s, e, lab)
        return actual == want
    if kind == "batch":
        planned = sorted(tuple(int(x) for x in p.split(":")) for p in parts[3].split(","))
        extra = {k: v for k, v in actual.items() if k not in expected}
        return (
            sorted((d, s, e) for d, s, e, _ in extra.values()) == planned
            and all(v[3] == "event" for v in extra.values())
            and {k: v for k, v in actual.items() if k in expected} == expected
        )
    if kind == "undo" and undo_changes is not None:
        want = dict(expected)
        _apply_changes(want, undo_changes)
        return actual == want
    return False


def _inverse(changes: list[str], before: State) -> list[str]:
    """The changes that undoing an action with these changes makes."""
    out = []
    for line in reversed(changes):
        _, kind, sid, doc, start, end, label = line.split(" ")
        if kind == "added":
            out.append(f"CH removed {sid} {doc} {start} {end} {label}")
        elif kind == "removed":
            out.append(f"CH added {sid} {doc} {start} {end} {label}")
        else:
            d, s, e, lab = before[int(sid)]
            out.append(f"CH changed {sid} {d} {s} {e} {lab}")
    return out


def run_trial(
    db: Path,
    seed: int,
    rng: random.Random,
    n_actions: int = 60,
    timeout: float = 60,
    annotator: str | None = None,
    kill: bool = True,
) -> Trial:
    """One driver run killed at a random moment (or run to the end), then checked."""
    annotator = annotator or ANNOTATOR
    before, problems = db_state(db, annotator) if db.exists() else ({}, [])
    trial = Trial(problems=list(problems))
    kill_after = rng.randrange(0, n_actions // 2 + 1) if kill else n_actions + 1
    env = dict(os.environ, PYTHONUNBUFFERED="1", HAMISH_CRASH_ANNOTATOR=annotator)
    proc = subprocess.Popen(
        [sys.executable, __file__, "drive", str(db), str(seed), str(n_actions)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    expected: State = dict(before)
    pending_changes: list[str] = []
    stack: list[tuple[list[str], State]] = []  # per acked action: its changes, and the state before
    begin: str | None = None
    undo_changes: list[str] | None = None
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        if line.startswith("BEGIN"):
            begin, pending_changes = line, []
            undo_changes = _inverse(*stack[-1]) if line.split(" ")[2] == "undo" and stack else None
        elif line.startswith("CH "):
            pending_changes.append(line)
        elif line.startswith("ACK"):
            snapshot = dict(expected)
            _apply_changes(expected, pending_changes)
            if begin and begin.split(" ")[2] == "undo":
                if stack:
                    stack.pop()
            else:
                stack.append((pending_changes, snapshot))
            trial.acked += 1
            begin, pending_changes = None, []
            if not trial.killed and trial.acked >= kill_after and rng.random() < 0.5:
                time.sleep(rng.random() * 0.004)
                proc.send_signal(signal.SIGKILL)
                trial.killed = True  # keep reading: lines printed before death still count
        elif line.startswith("SKIP"):
            begin, pending_changes = None, []
        if time.monotonic() > deadline:
            proc.kill()
            trial.problems.append("driver timed out")
            break
    proc.wait()
    if proc.returncode not in (0, -signal.SIGKILL):
        trial.problems.append(f"driver failed ({proc.returncode}): {proc.stderr.read()[-800:]}")  # type: ignore[union-attr]
    proc.stdout.close()
    proc.stderr.close()  # type: ignore[union-attr]
    actual, problems = db_state(db, annotator)
    trial.problems += problems
    if actual != expected:
        if begin is not None and _allowed_in_flight(expected, actual, begin, undo_changes):
            trial.in_flight = begin
        else:
            lost = {k: v for k, v in expected.items() if k not in actual}
            extra = {k: v for k, v in actual.items() if k not in expected}
            trial.problems.append(
                f"state differs after {trial.acked} acks (in flight: {begin}): lost {lost}, extra {extra}"
            )
    return trial


def stress(
    trials: int, db: Path | None = None, seed: int = 1, n_actions: int = 60, quiet: bool = False
) -> dict:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="hamish-crash-"))
    db = db or folder / "crash.db"
    rng = random.Random(seed)
    summary = {"trials": 0, "killed": 0, "acked_actions": 0, "in_flight_committed": 0, "problems": []}
    for t in range(trials):
        trial = run_trial(db, seed * 100_000 + t, rng, n_actions)
        summary["trials"] += 1
        summary["killed"] += int(trial.killed)
        summary["acked_actions"] += trial.acked
        summary["in_flight_committed"] += int(trial.in_flight is not None)
        if trial.problems:
            summary["problems"].append({"trial": t, "problems": trial.problems})
        if not quiet and (t + 1) % 25 == 0:
            print(
                f"{t + 1} trials, {summary['killed']} kills, {len(summary['problems'])} with problems",
                file=sys.stderr,
            )
    summary["lost_annotations"] = sum(1 for p in summary["problems"] for x in p["problems"] if "lost" in x)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("drive")
    d.add_argument("db")
    d.add_argument("seed", type=int)
    d.add_argument("n", type=int)
    s = sub.add_parser("stress")
    s.add_argument("--trials", type=int, default=1000)
    s.add_argument("--actions", type=int, default=60)
    s.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cmd == "drive":
        drive(args.db, args.seed, args.n)
        return 0
    result = stress(args.trials, seed=args.seed, n_actions=args.actions)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if not result["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
