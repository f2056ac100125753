"""Backups, restore, and a database that disappears, fills up or locks while in use."""

import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import text as sql

from app.services.session import DocumentSession, SaveError
from app.store import backup as bk
from app.store.db import DatabaseGone


def spans(path):
    con = sqlite3.connect(path)
    try:
        return con.execute('SELECT start, "end", text FROM span ORDER BY start').fetchall()
    finally:
        con.close()


def label(session, word, lab="organisation", nth=0):
    i = -1
    for _ in range(nth + 1):
        i = session.text.index(word, i + 1)
    session.apply(session.plan_label(i, i + len(word), lab))


def test_backup_rotate_and_restore_keep_a_copy_of_the_live_state(ws, db_path):
    s = DocumentSession(ws, 1)
    label(s, "طهران")
    first = bk.backup(db_path, "manual")
    label(s, "موسكو")
    for _ in range(4):
        bk.backup(db_path, "auto")
    assert len([b for b in bk.list_backups(db_path) if b.reason == "auto"]) == 4
    removed = bk.rotate(db_path, keep=2)
    assert len(removed) == 2 and len([b for b in bk.list_backups(db_path) if b.reason == "auto"]) == 2
    assert bk.list_backups(db_path)[-1].path == first  # the manual one is kept, oldest last
    assert len(spans(first)) == 1 and len(spans(db_path)) == 2
    safety = bk.restore(db_path, first)
    assert len(spans(db_path)) == 1  # restored…
    assert len(spans(safety)) == 2  # …and the state before it was saved first
    assert bk.counts(db_path) == bk.counts(first)


def test_backup_is_consistent_while_another_connection_writes(ws, db_path):
    s = DocumentSession(ws, 1)
    stop = threading.Event()

    def writer():
        con = sqlite3.connect(db_path, timeout=30)
        n = 0
        while not stop.is_set():
            con.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (f"k{n}", "v"))
            con.commit()
            n += 1
        con.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        label(s, "طهران")
        copies = [bk.backup(db_path, "auto") for _ in range(5)]
    finally:
        stop.set()
        t.join()
    for c in copies:
        con = sqlite3.connect(c)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


def test_restore_refuses_damaged_or_foreign_files(ws, db_path, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    with pytest.raises(bk.BackupError):
        bk.restore(db_path, junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (y)")
    con.commit()
    con.close()
    with pytest.raises(bk.BackupError, match="not a Hamish database"):
        bk.restore(db_path, other)
    assert bk.counts(db_path)["document"] == 1


def test_deleted_database_refuses_writes_and_the_open_data_can_be_saved(ws, db_path, tmp_path):
    s = DocumentSession(ws, 1)
    label(s, "طهران")
    os.unlink(db_path)
    with pytest.raises(DatabaseGone, match="deleted, moved or replaced"):
        label(s, "موسكو")
    assert [r.text for r in s.spans] == ["طهران"]  # memory still agrees with what was saved
    rescued = ws.db.save_copy(tmp_path / "rescued.db")
    assert [t for _, _, t in spans(rescued)] == ["طهران"]


def test_disk_full_is_reported_and_leaves_the_database_whole(ws, db_path):
    from sqlalchemy import event

    from app.store import (
        OperationalError,  # the store's error: services and interfaces never see SQLAlchemy's
    )

    s = DocumentSession(ws, 1)
    label(s, "طهران")
    with ws.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    ws.db.engine.dispose()

    def cap(dbapi_conn, _record):  # every connection: the file may not grow (a full disk)
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(ws.db.engine, "connect", cap)
    with pytest.raises(OperationalError, match="full"):
        for n in range(100_000):  # the disk fills up…
            with ws.db.write() as w:
                w.execute(
                    sql("INSERT INTO setting (key, value) VALUES (:k, :v)"), {"k": f"f{n}", "v": "x" * 300}
                )
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", s.text)]
    failed = None
    for a, b in words:  # …while the annotator keeps labelling
        try:
            s.apply(s.plan_label(a, b, "person", exact=True))
        except SaveError as exc:
            failed = exc
            break
    assert failed is not None and "full" in str(failed)
    with ws.db.read() as r:
        saved = r.execute(sql("SELECT count(*) FROM span")).scalar_one()
    assert saved == len(s.spans)  # what is shown is exactly what was saved
    event.remove(ws.db.engine, "connect", cap)
    ws.db.engine.dispose()
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    before = len(spans(db_path))
    i = s.text.index("موسكو")
    s.apply(s.plan_label(i, i + 5, "organisation", exact=True))  # work goes on once there is space
    assert len(spans(db_path)) == before + 1 == len(s.spans)


def test_a_locked_database_waits_then_reports_not_saved(ws, db_path, monkeypatch):
    s = DocumentSession(ws, 1)
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    released.start()
    t0 = time.monotonic()
    label(s, "طهران")  # waits for the other writer (busy timeout) instead of failing
    assert time.monotonic() - t0 >= 0.4
    released.join()
    assert len(spans(db_path)) == 1
    # held longer than the busy timeout: a clear failure, nothing half-written
    holder.execute("BEGIN IMMEDIATE")
    from app.store import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    from app.store.db import open_database

    fresh = open_database(db_path)
    monkeypatch.setattr(ws, "db", fresh)
    with pytest.raises(SaveError, match="locked"):
        label(s, "موسكو")
    holder.execute("ROLLBACK")
    holder.close()
    assert len(spans(db_path)) == 1 and [r.text for r in s.spans] == ["طهران"]
    fresh.dispose()


def test_a_database_that_became_read_only_reports_not_saved(ws, db_path):
    from sqlalchemy import event

    s = DocumentSession(ws, 1)
    label(s, "طهران")
    ws.db.engine.dispose()

    def read_only(dbapi_conn, _record):  # as if the file or its folder lost write permission
        dbapi_conn.execute("PRAGMA query_only = ON")

    event.listen(ws.db.engine, "connect", read_only)
    with pytest.raises(SaveError, match="readonly"):
        label(s, "موسكو")
    assert [r.text for r in s.spans] == ["طهران"]
    event.remove(ws.db.engine, "connect", read_only)
    ws.db.engine.dispose()
    assert len(spans(db_path)) == 1
