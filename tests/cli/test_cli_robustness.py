"""The command line under stress: bounded export workers that die with their parent, a
writer waiting for another writer's lock, titles that try to drive the terminal, a closed
or full standard output, an empty --db, a password in a database URL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.main import main
from app.services.export import max_workers
from tests.cli.support import give_layers, hamish, hamish_argv, hamish_env, make_project, wait_for
from tests.conftest import SEED


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return make_project(tmp_path_factory.mktemp("big") / "big.db", documents=4000)


# --- 16: --workers ----------------------------------------------------------------------------


@pytest.mark.parametrize("workers", ["0", "-3", str(max_workers() + 1), "two"])
def test_workers_out_of_bounds_are_refused(tmp_path, workers, capsys):
    db = make_project(tmp_path / "p.db")
    out = tmp_path / "o.conll"
    assert (
        main(["--db", str(db), "export", "--format", "conll", "--workers", workers, "--out", str(out)]) == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--workers {workers}: give a number from 1 to {max_workers()}" in err
    assert not out.exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or max_workers() < 2, reason="/proc and two processors"
)
def test_export_workers_die_with_the_export(big, tmp_path):
    proc = subprocess.Popen(
        hamish_argv(
            "--db", big, "export", "--format", "conll", "--workers", "2", "--out", tmp_path / "o.conll"
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=hamish_env(),
    )
    workers: list[int] = []
    try:
        wait_for(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None, "the export's workers")
        os.kill(proc.pid, signal.SIGSTOP)  # hold the export while it has its workers
        workers = _children(proc.pid)
        assert proc.poll() is None and len(workers) >= 2, "the export ended before it could be stopped"
        os.kill(proc.pid, signal.SIGKILL)  # the parent dies without any chance to clean up
        proc.wait()
        wait_for(
            lambda: not any(_alive(w) for w in workers), "the workers to end with the export", seconds=30
        )
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)


# --- 20: two writers --------------------------------------------------------------------------


def _documents(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM document").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def locked(tmp_path):  # type: ignore[no-untyped-def]
    """A project whose write lock another connection holds (as a long import would)."""
    db = make_project(tmp_path / "p.db")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    more = tmp_path / "more.txt"
    more.write_text("وثيقة أخرى", encoding="utf-8")
    env = hamish_env(HAMISH_BUSY_TIMEOUT_MS="300")  # the busy timeout, short: the same code path
    proc = subprocess.Popen(
        hamish_argv("--db", db, "import", more),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    yield db, holder, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    holder.close()


def test_a_writer_waits_for_another_writer_instead_of_failing(locked):
    db, holder, proc = locked
    line = proc.stderr.readline()  # type: ignore[union-attr]
    assert line == f"waiting for another Hamish writing to {db}… Ctrl+C to stop\n"
    time.sleep(1.0)  # the lock held for more than three busy timeouts: still waiting, not failed
    assert proc.poll() is None
    holder.execute("COMMIT")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == "", err
    assert "1 document(s) imported" in out and _documents(db) == 2


def test_ctrl_c_stops_a_waiting_writer_and_changes_nothing(locked):
    db, holder, proc = locked
    assert "waiting for another Hamish" in proc.stderr.readline()  # type: ignore[union-attr]
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    holder.execute("ROLLBACK")
    assert proc.returncode == 130 and err == "hamish import: interrupted; nothing was changed\n"
    assert _documents(db) == 1


# --- 22: titles -------------------------------------------------------------------------------


def test_titles_cannot_drive_the_terminal(tmp_path, capsys):
    db = tmp_path / "p.db"
    hostile = "\x1b]0;owned\x07\x1b[31mred\x1b[0m\nfake row\r\u2028\x9b2J\tend"
    record = tmp_path / "d.jsonl"
    import json

    record.write_text(
        json.dumps({"format": "hamish-jsonl", "version": 1, "title": hostile, "text": "ممثلي خمس شركات"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "--annotator", "amal", "import", "--format", "jsonl", str(record)]) == 0
    give_layers(db, "amal", "badr")
    capsys.readouterr()
    assert main(["--db", str(db), "documents"]) == 0
    assert main(["--db", str(db), "agreement", "--a", "amal", "--b", "badr", "--per-document"]) == 0
    out = capsys.readouterr().out
    escaped = "\\x1b]0;owned\\x07\\x1b[31mred\\x1b[0m\\nfake row\\r\\u2028\\x9b2J\\tend"
    assert out.count(escaped) == 2
    assert not any(ch in out for ch in "\x1b\x07\r\t\u2028\x9b")
    assert "fake row" not in out.replace(escaped, "")


# --- 23: standard output closed or full -------------------------------------------------------


def test_a_closed_pipe_ends_the_command_quietly(big):
    proc = subprocess.Popen(
        hamish_argv("--db", big, "documents"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=hamish_env(),
    )
    assert proc.stdout.readline().split() == [b"id", b"status", b"spans", b"chars", b"title"]  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]  # as `| head -1` does: 4,000 rows do not fit in the pipe
    err = proc.stderr.read()  # type: ignore[union-attr]
    proc.wait(timeout=120)
    assert proc.returncode == 141 and err == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["documents"], ["export", "--out", "{tmp}/o.jsonl"]])
def test_a_full_standard_output_is_one_line(big, tmp_path, command):
    with open("/dev/full", "w") as full:
        r = hamish(
            "--db", big, *[c.format(tmp=tmp_path) for c in command], stdout=full, stderr=subprocess.PIPE
        )
    assert r.returncode == 1
    assert r.stderr == f"hamish {command[0]}: cannot write to standard output (No space left on device)\n"


# --- 25: --db ---------------------------------------------------------------------------------


def test_an_empty_db_is_refused_not_taken_for_the_default(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for argv in (["--db", "", "documents"], ["documents", "--db", " "], ["--db", "", "import", str(SEED)]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
        assert "--db is empty" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_a_database_url_password_is_never_printed(capsys):
    for url in (
        "postgresql://reader:s3cret-pw@localhost/hamish",
        "postgresql://reader:s3cret-pw@localhost:port/x",
    ):
        assert main(["--db", url, "documents"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "s3cret-pw" not in err and "reader:***@localhost" in err, err
