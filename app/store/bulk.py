"""Bulk import writes: documents, layers and spans by the thousand, in the caller's transaction.

``app.services.ingest`` (imports and merges) and ``app.services.importing`` (text files)
write through the session's DBAPI connection (same transaction): ``executemany`` of plain
tuples is ~10x faster than ORM flushes for a million spans. Ids of new documents and
layers are allocated from ``max(id) + 1``: the caller holds the write lock (``BEGIN
IMMEDIATE``) for the whole import, so nobody else can take them meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from app.store.models import utcnow


def _dbapi(session: Session) -> sqlite3.Connection:
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def begin_bulk_import(session: Session) -> tuple:
    """Settings of this connection for one bulk import transaction; give the result to
    :func:`end_bulk_import` before the commit, so the connection goes back to the pool as it
    was (whatever pooled connection a later session gets).

    CHECK constraints are not re-evaluated per row: they cost half of a span insert (0.56 s
    against 0.24 s per 200,000 rows, measured). Only for a caller that has checked every row
    itself (offsets, origin, non-empty text), as ``app.services.ingest`` does. Durability is
    untouched: ``synchronous`` stays NORMAL, the journal stays WAL.

    Not changed, measured: a larger page cache (16, 32 or 64 MiB against SQLite's 2 MiB) gave
    the same import time within noise (1,000,000 spans: 7.62-7.90 s in all four, three runs
    each) for up to +66 MiB of memory.
    """
    con = _dbapi(session)
    con.execute("PRAGMA ignore_check_constraints = ON")
    return (con,)


def end_bulk_import(state: tuple) -> None:
    """Undo :func:`begin_bulk_import` on the same DBAPI connection."""
    (con,) = state
    con.execute("PRAGMA ignore_check_constraints = OFF")


def sqlite_ts(ts: datetime | None = None) -> str:
    """A timestamp as SQLAlchemy stores DateTime in SQLite ("YYYY-MM-DD HH:MM:SS.ffffff")."""
    return (ts or utcnow()).strftime("%Y-%m-%d %H:%M:%S.%f")


def next_document_slot(session: Session, project_id: int) -> tuple[int, int]:
    """``(next document id, next position)`` (one scan: ``position`` has no index)."""
    con = _dbapi(session)
    first = (con.execute("SELECT coalesce(max(id), 0) FROM document").fetchone()[0] or 0) + 1
    pos = con.execute("SELECT max(position) FROM document WHERE project_id = ?", (project_id,)).fetchone()[0]
    return first, (0 if pos is None else pos + 1)


def bulk_insert_documents(
    session: Session,
    project_id: int,
    rows: Sequence[tuple[str, str, str, str, int, bool, str]],
    slot: tuple[int, int] | None = None,
) -> list[int]:
    """Insert ``(title, source_name, text, text_sha256, newlines_normalised, had_bom, meta)`` rows.

    ``slot``: the caller's ``next_document_slot`` (bulk imports keep it instead of re-scanning).
    """
    if not rows:
        return []
    con = _dbapi(session)
    first, next_pos = slot if slot is not None else next_document_slot(session, project_id)
    pos = next_pos - 1
    now = sqlite_ts()
    con.executemany(
        "INSERT INTO document (id, project_id, position, title, source_name, text, text_sha256, char_count, "
        "newlines_normalised, had_bom, meta, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                first + i,
                project_id,
                pos + 1 + i,
                r[0],
                r[1],
                r[2],
                r[3],
                len(r[2]),
                r[4],
                1 if r[5] else 0,
                r[6],
                now,
            )
            for i, r in enumerate(rows)
        ],
    )
    return list(range(first, first + len(rows)))


def layers_for(
    session: Session, annotator: int, document_ids: Sequence[int]
) -> dict[int, tuple[int, str, str]]:
    """``{document_id: (layer_id, status, updated_at)}`` of the annotator's layers on those documents."""
    out: dict[int, tuple[int, str, str]] = {}
    con = _dbapi(session)
    ids = list(document_ids)
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        q = ",".join("?" * len(chunk))
        for did, lid, status, updated in con.execute(
            f"SELECT document_id, id, status, updated_at FROM layer WHERE annotator_id = ? AND document_id IN ({q})",
            (annotator, *chunk),
        ):
            out[did] = (lid, status, updated)
    return out


def bulk_insert_layers(
    session: Session,
    rows: Sequence[tuple[int, int, str, str | None, float | None]],
    created_at: str | None = None,
) -> list[int]:
    """Insert ``(document_id, annotator_id, status, updated_at or None, active_seconds or None)``
    (``created_at``: the import's time, else now)."""
    if not rows:
        return []
    con = _dbapi(session)
    first = (con.execute("SELECT coalesce(max(id), 0) FROM layer").fetchone()[0] or 0) + 1
    now = created_at or sqlite_ts()
    con.executemany(
        "INSERT INTO layer (id, document_id, annotator_id, status, active_seconds, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?)",
        [(first + i, r[0], r[1], r[2], r[4] or 0.0, now, r[3] or now) for i, r in enumerate(rows)],
    )
    return list(range(first, first + len(rows)))


SPAN_PARAMS = 7  # label_id, start, end, text, origin, provenance, layer_id
MAX_ROWS_PER_STATEMENT = 1024


def _insert_flat(
    con, head: str, row: str, width: int, flat: list, max_rows: int = MAX_ROWS_PER_STATEMENT
) -> int:  # type: ignore[no-untyped-def]
    """``head`` + ``VALUES row, row, …`` for a flat parameter list (``width`` per row).

    Multi-row statements: SQLite's per-statement work (the statement reset, AUTOINCREMENT's
    ``sqlite_sequence`` read and write) is done once per up to 1,024 rows instead of once per
    row, and Python binds a statement's parameters in one C loop. Statements hold a power of
    two of rows (1,024, then the rest as 512, 256, … 1), so at most 11 distinct statements
    exist and all stay in the connection's statement cache (a 1,000-row statement costs
    ~1.5 ms to prepare, 0.2 ms once cached).
    """
    n = len(flat) // width
    if not n:
        return 0
    per = max_rows
    limit = _max_variables(con) // width
    while per > limit:
        per //= 2
    pos = 0
    while pos < n:
        while per > n - pos:
            per //= 2
        k = (n - pos) // per
        sql = head + ",".join([row] * per)
        a = pos * width
        w = per * width
        if k == 1:
            con.execute(sql, flat[a : a + w])
        else:
            con.executemany(sql, [flat[a + i * w : a + (i + 1) * w] for i in range(k)])
        pos += k * per
    return n


def _max_variables(con) -> int:  # type: ignore[no-untyped-def]
    """SQLite's limit on ``?`` parameters per statement (999 before 3.32, 32,766 since)."""
    try:
        return con.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):  # Python < 3.11
        return 999


def bulk_insert_span_rows(session: Session, flat: list, created_at: str | None = None) -> int:
    """Insert spans given as ONE flat list of values, :data:`SPAN_PARAMS` per span: ``label_id,
    start, end, text, origin, provenance, layer_id`` (the import builds it in one pass);
    returns the number of spans. Multi-row statements (:func:`_insert_flat`): 1,000,000 spans
    in 1.16 s against 2.04 s as ``executemany`` of one-row statements (measured)."""
    now = f"'{created_at or sqlite_ts()}'"
    return _insert_flat(
        _dbapi(session),
        'INSERT INTO span (label_id, start, "end", text, origin, provenance, layer_id, created_at, updated_at) VALUES ',
        f"(?,?,?,?,?,?,?,{now},{now})",
        SPAN_PARAMS,
        flat,
    )


def bulk_insert_documents_utf8(
    session: Session,
    project_id: int,
    rows: Sequence[tuple[str, str, bytes, int, str, int, bool, str]],
    slot: tuple[int, int],
    created_at: str | None = None,
) -> int:
    """Insert ``(title, source_name, text as UTF-8 bytes, characters, text_sha256,
    newlines_normalised, had_bom, meta)`` rows with ids and positions from ``slot``
    (:func:`next_document_slot`) on; a row whose text the project already has is skipped
    (``ON CONFLICT (project_id, text_sha256) DO NOTHING``; its id and position stay unused).
    Returns the number of rows inserted.

    The text comes already encoded (the import hashed these bytes) and is stored as TEXT by
    ``CAST(? AS TEXT)`` (SQLite reads a BLOB cast to TEXT as text in the database encoding,
    UTF-8): Python does not encode 260 MB a second time to bind it (0.27 s per 100,000
    documents, measured).
    """
    if not rows:
        return 0
    con = _dbapi(session)
    first, next_pos = slot
    now = created_at or sqlite_ts()
    before = con.total_changes
    con.executemany(
        "INSERT INTO document (id, project_id, position, title, source_name, text, char_count, text_sha256, "
        "newlines_normalised, had_bom, meta, created_at) VALUES (?,?,?,?,?,CAST(? AS TEXT),?,?,?,?,?,?) "
        "ON CONFLICT (project_id, text_sha256) DO NOTHING",
        [
            (
                first + i,
                project_id,
                next_pos + i,
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                1 if r[6] else 0,
                r[7],
                now,
            )
            for i, r in enumerate(rows)
        ],
    )
    return con.total_changes - before


def delete_documents_from(session: Session, project_id: int, first_id: int) -> int:
    """Delete the project's documents with ids from ``first_id`` on (a bulk import taking back
    the batch it has just inserted, before any layer refers to them)."""
    return (
        _dbapi(session)
        .execute("DELETE FROM document WHERE project_id = ? AND id >= ?", (project_id, first_id))
        .rowcount
    )


def document_ids_by_hash_raw(session: Session, project_id: int, hashes: Sequence[str]) -> dict[str, int]:
    """As :func:`app.store.repository.document_ids_by_hash`, over the session's DBAPI connection (a bulk import's
    batches: ~1.2 ms a batch of 500 hashes instead of ~2.3 ms through the ORM statement)."""
    out: dict[str, int] = {}
    con = _dbapi(session)
    hs = list(hashes)
    for k in range(0, len(hs), 500):
        chunk = hs[k : k + 500]
        out.update(
            con.execute(
                f"SELECT text_sha256, id FROM document WHERE project_id = ? AND text_sha256 IN ({','.join('?' * len(chunk))})",
                (project_id, *chunk),
            ).fetchall()
        )
    return out


def replace_layer(
    session: Session, layer: int, status: str | None, updated_at: str | None, active_seconds: float | None
) -> None:
    """Drop a layer's spans and set its status and time (a newer version of it is merged in)."""
    con = _dbapi(session)
    con.execute("DELETE FROM span WHERE layer_id = ?", (layer,))
    con.execute(
        "UPDATE layer SET status = coalesce(?, status), updated_at = coalesce(?, updated_at), "
        "active_seconds = coalesce(?, active_seconds) WHERE id = ?",
        (status, updated_at, active_seconds, layer),
    )


def touch_layer_at(session: Session, layer: int) -> None:
    """Record that spans were added to a layer by an import: its time (its status is kept)."""
    _dbapi(session).execute("UPDATE layer SET updated_at = ? WHERE id = ?", (sqlite_ts(), layer))
