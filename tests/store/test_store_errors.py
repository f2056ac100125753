"""A driver's error inside a unit of work comes out as the store's own exception (services,
the CLI and the window never import SQLAlchemy or sqlite3), with the driver's as its cause."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from app.store import DatabaseError, IntegrityError, OperationalError, SqlError, label_repository
from app.store import repository as repo
from app.store import spans as span_store
from app.store.db import open_database


@pytest.fixture
def db(tmp_path):
    d = open_database(tmp_path / "p.db")
    yield d
    d.dispose()


def test_a_refused_write_is_an_integrity_error_and_nothing_of_it_is_written(db):
    with db.write() as s:
        pid = repo.ensure_project(s)
        (doc,) = repo.add_documents(s, pid, [repo.NewDocument("t", "t.txt", "نص عربي", "sha")])
        layer = span_store.layer_id(s, doc, repo.annotator_id(s, pid, "amal"))
        label = label_repository.project_labels(s, pid)[0].id
        first = span_store.insert_span(s, layer, label, 0, 2, "نص")
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed") as caught, db.write() as s:
        span_store.insert_span(s, layer, label, 3, 7, "عربي")
        span_store.insert_span(s, layer, label, 3, 7, "عربي", span_id=first)
    assert isinstance(caught.value, SqlError) and isinstance(caught.value, DatabaseError)
    assert isinstance(caught.value.__cause__, sqlalchemy.exc.IntegrityError)
    with db.read() as s:
        assert [row[0] for row in span_store.layer_spans(s, layer)] == [first]  # the whole unit rolled back


def test_a_statement_that_cannot_run_is_an_operational_error_in_every_kind_of_unit(db):
    with pytest.raises(OperationalError, match="no such table: nowhere") as caught, db.read() as s:
        s.execute(text("SELECT * FROM nowhere"))
    assert isinstance(caught.value.__cause__, sqlalchemy.exc.OperationalError)
    with pytest.raises(OperationalError, match="no such table: nowhere") as caught:
        with db.raw_connection() as conn:  # the exports' DBAPI connection
            conn.execute("SELECT * FROM nowhere")
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    with pytest.raises(OperationalError, match="no such table: nowhere"), db.write() as s:
        s.execute(text("DELETE FROM nowhere"))


def test_other_errors_leave_a_unit_of_work_unchanged(db):
    with pytest.raises(KeyError), db.write() as s:
        repo.ensure_project(s)
        raise KeyError("not a database error")
    with db.read() as s:
        assert repo.project_id(s) is None  # rolled back, and the KeyError was not wrapped
