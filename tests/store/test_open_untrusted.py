"""Opening a file that is not a sound Hamish database: every command refuses it with one
line, and the file is left exactly as it was (no WAL switch, no -wal/-shm, no project
created); a read-only database can still be exported."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.main import main
from tests.cli.support import digest, hamish_argv, hamish_env, make_project
from tests.conftest import SEED


def commands(tmp_path: Path) -> list[list[str]]:
    return [
        ["documents"],
        ["export", "--out", str(tmp_path / "o.jsonl")],
        ["export", "--format", "conll", "--out", str(tmp_path / "o.conll")],
        ["agreement", "--a", "amal", "--b", "badr"],
        ["backup", "--list"],
        ["backup"],
        ["restore", "--latest"],
        ["import", str(SEED)],
        ["merge", str(SEED)],
    ]


def beside(db: Path) -> set[str]:
    return {p.name for p in db.parent.iterdir()}


def refused_by_every_command(db: Path, tmp_path: Path, capsys, *words: str) -> None:  # type: ignore[no-untyped-def]
    before, files = digest(db), beside(db)
    for argv in commands(tmp_path):
        assert main(["--db", str(db), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1, (argv, err)
        assert all(w in err for w in words), (argv, err)
        assert digest(db) == before and beside(db) == files, argv


@pytest.fixture
def project_bytes(tmp_path_factory) -> bytes:  # type: ignore[no-untyped-def]
    db = make_project(tmp_path_factory.mktemp("src") / "p.db")
    return db.read_bytes()


@pytest.mark.parametrize("keep", ["half", "header", "magic"])
def test_a_truncated_database_is_refused_untouched(project_bytes, tmp_path, keep, capsys):
    db = tmp_path / "t.db"
    db.write_bytes(
        {
            "half": project_bytes[: len(project_bytes) // 2],
            "header": project_bytes[:100],
            "magic": project_bytes[:16],
        }[keep]
    )
    refused_by_every_command(db, tmp_path, capsys, str(db), "damaged or truncated", "not changed")


def test_a_failing_quick_check_is_reported(tmp_path, capsys):
    db = make_project(tmp_path / "p.db")
    con = sqlite3.connect(db)  # a NULL where the schema says NOT NULL: readable, but damaged
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'setting'").fetchone()[0]
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'setting'", (sql.replace("NOT NULL", ""),))
    con.commit()
    con.close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO setting (key, value) VALUES ('x', NULL)")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'setting'", (sql,))
    con.commit()
    con.close()
    refused_by_every_command(db, tmp_path, capsys, "quick_check", "NULL value in setting.value")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_applications_database_is_refused_untouched(tmp_path, journal, capsys):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA journal_mode = {journal}")
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.commit()
    con.close()
    header = db.read_bytes()[:100]
    refused_by_every_command(db, tmp_path, capsys, "is not a Hamish database", "not changed")
    assert db.read_bytes()[:100] == header  # not switched to WAL
    assert not (tmp_path / "other.db-wal").exists() and not (tmp_path / "other.db-shm").exists()


@pytest.mark.parametrize("kind", ["missing", "empty", "sqlite-without-tables"])
def test_read_only_commands_never_make_a_project(tmp_path, kind, capsys):
    db = tmp_path / "p.db"
    if kind == "empty":
        db.write_bytes(b"")
    elif kind == "sqlite-without-tables":
        con = sqlite3.connect(db)
        con.execute("PRAGMA user_version = 7")
        con.close()
    before = db.read_bytes() if db.exists() else None
    for argv in commands(tmp_path)[:6]:  # documents, export (2), agreement, backup --list, backup
        assert main(["--db", str(db), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"no Hamish project at {db}" in err, (argv, err)
        assert (db.read_bytes() if db.exists() else None) == before
    assert beside(db) == ({db.name} if before is not None else set())


def _without_privileges() -> list[str]:
    """Root may write any file: run the command as root without capabilities (owner bits apply)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("as root this needs setpriv (util-linux) to drop capabilities")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


@pytest.mark.parametrize("folder_writable", [True, False], ids=["read-only-file", "read-only-folder"])
def test_a_read_only_database_can_still_be_exported(tmp_path, folder_writable):
    folder = tmp_path / "project"
    folder.mkdir()
    db = make_project(folder / "p.db")
    out = tmp_path / "out"
    out.mkdir()
    db.chmod(0o444)
    folder.chmod(0o755 if folder_writable else 0o555)
    before = digest(db)
    prefix = _without_privileges()

    def run(*argv: object) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
        return subprocess.run(
            [*prefix, *hamish_argv("--db", db, *argv)],
            capture_output=True,
            text=True,
            cwd=out,
            env=hamish_env(),
            timeout=300,
        )

    try:
        for argv in (["export", "--out", out / "o.jsonl"], ["documents"], ["backup", "--out", out / "b.db"]):
            r = run(*argv)
            assert r.returncode == 0, (argv, r.stderr)
        assert (out / "o.jsonl").read_text(encoding="utf-8").count("\n") == 1
        assert digest(db) == before
        r = run("import", SEED)
        assert r.returncode == 1 and "read-only" in r.stderr, r.stderr
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
