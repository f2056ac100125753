"""`hamish check`: SQLite's full integrity check on demand (every command checks a database
of up to 32 MiB when it opens it; a larger one only here), and truncation caught at open
from the header whatever the size."""

from __future__ import annotations

import sqlite3

from app.main import main
from app.store import db as dbm
from tests.store.test_open_untrusted import make_project


def test_a_sound_project_passes(tmp_path, capsys):
    db = make_project(tmp_path / "p.db")
    assert main(["--db", str(db), "check"]) == 0
    assert "sound" in capsys.readouterr().out


def _damage(db):
    con = sqlite3.connect(db)  # a NULL where the schema says NOT NULL: readable, but damaged
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'setting'").fetchone()[0]
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'setting'", (sql.replace("NOT NULL", ""),))
    con.commit()
    con.close()
    con = sqlite3.connect(db)  # the relaxed schema is read again
    con.execute("INSERT INTO setting (key, value) VALUES ('x', NULL)")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'setting'", (sql,))
    con.commit()
    con.close()


def test_a_large_damaged_project_opens_but_check_reports_it(tmp_path, capsys, monkeypatch):
    db = make_project(tmp_path / "p.db")
    _damage(db)
    before = db.read_bytes()
    monkeypatch.setattr(dbm, "QUICK_CHECK_MAX_BYTES", 0)  # as if the project were large
    assert main(["--db", str(db), "documents"]) == 0  # not checked at every open
    capsys.readouterr()
    assert main(["--db", str(db), "check"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "NULL value in setting.value" in err
    assert db.read_bytes() == before  # checked without changing it


def test_truncation_is_caught_from_the_header_at_any_size(tmp_path, capsys, monkeypatch):
    db = make_project(tmp_path / "p.db")
    data = db.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    db.write_bytes(data[: len(data) - page])  # the last page lost
    monkeypatch.setattr(dbm, "QUICK_CHECK_MAX_BYTES", 0)
    assert main(["--db", str(db), "documents"]) == 1
    assert "truncated" in capsys.readouterr().err
