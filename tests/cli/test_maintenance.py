"""hamish backup / restore from the command line."""

import sqlite3

from app.main import main
from tests.conftest import SEED


def span_count(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM document").fetchone()[0]
    finally:
        con.close()


def test_backup_list_and_restore_latest(tmp_path, capsys):
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "import", str(SEED)]) == 0
    assert main(["--db", str(db), "backup"]) == 0
    out = capsys.readouterr().out
    assert "backed up to" in out
    other = tmp_path / "more.txt"
    other.write_text("وثيقة أخرى", encoding="utf-8")
    assert main(["--db", str(db), "import", str(other)]) == 0
    assert span_count(db) == 2
    assert main(["--db", str(db), "backup", "--list"]) == 0
    assert "manual" in capsys.readouterr().out
    assert main(["--db", str(db), "restore", "--latest"]) == 0
    out = capsys.readouterr().out
    assert "previous state is in" in out
    assert span_count(db) == 1  # back to the backup
    safety = out.rsplit("previous state is in ", 1)[1].strip()
    assert span_count(safety) == 2  # nothing lost: the state before the restore was kept


def test_restore_errors_are_one_line(tmp_path, capsys):
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "import", str(SEED)]) == 0
    assert main(["--db", str(db), "restore", str(tmp_path / "nope.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such backup" in err
    assert main(["--db", str(tmp_path / "missing.db"), "backup"]) == 1
