"""What the command line says when the store refuses: one line on stderr, exit 1, through
the real entry point (the CLI sees only the errors app.services re-exports)."""

from __future__ import annotations

import shutil
import sqlite3

from app.main import main
from tests.cli.support import make_project


def run(capsys, *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def test_a_statement_the_database_cannot_run_is_a_database_error_line(tmp_path, capsys):
    db = make_project(tmp_path / "p.db")
    con = sqlite3.connect(db)
    con.execute("DROP TABLE span")  # a damaged project: the document list joins the spans
    con.close()
    code, err = run(capsys, "--db", db, "documents")
    assert code == 1
    assert err == "hamish documents: database error (no such table: span)\n"


def test_merge_refuses_a_database_it_cannot_read(tmp_path, capsys):
    project = make_project(tmp_path / "p.db")
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    code, err = run(capsys, "--db", project, "merge", other)
    assert (code, err) == (1, f"hamish merge: {other}: is not a Hamish database\n")
    newer = tmp_path / "newer.db"
    shutil.copy(project, newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    code, err = run(capsys, "--db", project, "merge", newer)
    assert (code, err) == (
        1,
        f"hamish merge: {newer}: was written by a newer Hamish (schema 9999); update Hamish to merge it\n",
    )


def test_restore_names_what_is_missing(tmp_path, capsys):
    code, err = run(capsys, "--db", tmp_path / "none.db", "restore", "--latest")
    assert (code, err) == (1, f"hamish restore: {tmp_path / 'none.db'}: no database file there\n")
    db = make_project(tmp_path / "p.db")
    code, err = run(capsys, "--db", db, "restore", "--latest")
    assert (code, err) == (1, f"hamish restore: {db}: no backups to restore\n")
