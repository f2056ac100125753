"""Helpers of the command-line robustness tests: the real program in a subprocess, and
projects of many documents (built with the real importer)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app.main import main
from tests.conftest import ROOT, SEED


def hamish_argv(*args: object) -> list[str]:
    return [sys.executable, "-m", "app", *map(str, args)]


def hamish_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), **extra)


def hamish(
    *args: object, cwd: Path = ROOT, env: dict[str, str] | None = None, **kw
) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Run ``hamish ARGS``; output captured as text unless ``stdout``/``stderr`` are given."""
    if "stdout" not in kw and "stderr" not in kw:
        kw["capture_output"] = True
    return subprocess.run(hamish_argv(*args), text=True, cwd=cwd, timeout=300, env=env or hamish_env(), **kw)


def make_project(db: Path, documents: int = 1) -> Path:
    """A project holding ``documents`` different documents (the seed article, numbered)."""
    if documents == 1:
        assert main(["--db", str(db), "--annotator", "amal", "import", str(SEED)]) == 0
        return db
    seed = SEED.read_text(encoding="utf-8")[:1500]
    source = db.with_name(db.stem + "-docs.jsonl")
    with source.open("w", encoding="utf-8") as fh:
        for i in range(documents):
            record = {
                "format": "hamish-jsonl",
                "version": 1,
                "title": f"document {i}",
                "text": f"{i} {seed}",
                "spans": [],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    assert main(["--db", str(db), "--annotator", "amal", "import", "--format", "jsonl", str(source)]) == 0
    source.unlink()
    return db


def give_layers(db: Path, *annotators: str) -> None:
    """One span in document 1 for each annotator (so agreement has a document in common)."""
    from app.services.session import DocumentSession
    from app.services.workspace import Workspace

    for name in annotators:
        ws = Workspace.open(db, create=False, annotator=name)
        try:
            session = DocumentSession(ws, 1)
            session.apply(session.plan_label(0, 5, "role"))
        finally:
            ws.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for(condition, what: str, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition()`` until it holds; fail (not a timing assert: a guard against a hang)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)
