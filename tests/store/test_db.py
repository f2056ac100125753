import os
import sqlite3
import stat

import pytest
from sqlalchemy import create_engine, text

from app.store import repository as repo
from app.store.db import HEAD_REVISION, DatabaseError, NewerSchemaError, open_database, resolve


def test_new_database_is_created_at_head_with_wal_and_foreign_keys(db_path):
    db = open_database(db_path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
    db.dispose()


def test_a_committed_span_is_visible_from_a_second_engine(ws, db_path):
    from app.services.session import DocumentSession

    session = DocumentSession(ws, 1)
    edit = session.plan_label(0, 5, "role")
    session.apply(edit)
    other = create_engine(f"sqlite:///{db_path}")
    with other.connect() as conn:
        rows = conn.execute(text('SELECT start, "end", text FROM span')).all()
    other.dispose()
    assert rows == [(0, 5, "ممثلي")]


def test_url_and_path_forms(tmp_path):
    p = tmp_path / "a.db"
    assert resolve(str(p)).path == p
    assert resolve(f"sqlite:///{p}").path == p
    db = open_database(f"sqlite:///{p}")
    db.dispose()
    assert p.exists()


def test_newer_schema_is_refused_and_left_untouched(db_path):
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer Hamish"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_not_a_database_and_foreign_database_are_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all, just text")
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        open_database(junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="not a Hamish database"):
        open_database(other)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_reported(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(DatabaseError, match="not writable"):
            open_database(ro / "x.db")
    finally:
        ro.chmod(stat.S_IRWXU)


def test_unwritable_location_is_reported_even_as_root(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        open_database(blocker / "sub" / "x.db")
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


def test_missing_database_without_create(tmp_path):
    with pytest.raises(DatabaseError, match="no database there"):
        open_database(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_write_unit_of_work_rolls_back_on_error(ws):
    with pytest.raises(RuntimeError), ws.db.write() as s:
        repo.set_setting(s, "k", "v")
        raise RuntimeError("boom")
    assert ws.setting("k") is None
