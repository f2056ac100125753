"""Export cursors: a project's documents with one annotator's spans, streamed.

Functions take a DBAPI connection (``Database.raw_connection()``): two ordered cursors
(documents, spans) are merged, so memory stays flat whatever the corpus size, and every
row is a plain tuple (no ORM objects on a path that reads a million spans).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from app.core.layers import LayerStatus

EXPORT_DOCS_SQL = """
SELECT d.id, d.title, d.source_name, d.text, d.text_sha256, d.created_at,
       l.status, l.updated_at, d.meta
FROM document AS d
LEFT JOIN layer AS l ON l.document_id = d.id AND l.annotator_id = ?
WHERE +d.project_id = ?  -- "+": walk the table in id order, no index lookup and no sort
ORDER BY d.id
"""

EXPORT_SPANS_SQL = """
SELECT l.document_id, s.start, s."end", s.label_id, s.text
FROM layer AS l
JOIN span AS s ON s.layer_id = l.id
WHERE l.annotator_id = ?
ORDER BY l.document_id, l.id, s.start, s."end" DESC  -- all from the two indexes, no sort
"""


def iter_export_rows(
    conn: sqlite3.Connection, project_id: int, annotator: int, batch: int = 2000
) -> Iterator[tuple[tuple, list[tuple]]]:
    """Stream ``(document_row, [span rows])`` in document-id order.

    Document row: ``(id, title, source_name, text, text_sha256, created_at, status,
    updated_at, meta)`` (status and time of the annotator's layer, None without one);
    span rows: ``(document_id, start, end, label_id, text)``.
    """
    docs = conn.execute(EXPORT_DOCS_SQL, (annotator, project_id))
    spans = conn.execute(EXPORT_SPANS_SQL, (annotator,))
    pending: list[tuple] = []
    span_iter = fetch_batches(spans, batch)
    nxt = next(span_iter, None)
    while True:
        rows = docs.fetchmany(batch)
        if not rows:
            break
        for doc in rows:
            did = doc[0]
            out = []
            while True:
                if not pending:
                    if nxt is None:
                        break
                    pending = nxt
                    nxt = next(span_iter, None)
                    pending.reverse()
                if pending[-1][0] != did:
                    if pending[-1][0] < did:  # a span of a document outside the project
                        pending.pop()
                        continue
                    break
                out.append(pending.pop())
            yield doc, out


def export_statuses(conn: sqlite3.Connection, project_id: int, annotator: int) -> list[tuple[int, str, int]]:
    """``(document id, status of the annotator's layer or "new", 1 if that layer exists)`` by id."""
    return conn.execute(
        f"SELECT d.id, coalesce(l.status, '{LayerStatus.NEW}'), l.id IS NOT NULL FROM document AS d "
        "LEFT JOIN layer AS l ON l.document_id = d.id AND l.annotator_id = ? WHERE d.project_id = ? ORDER BY d.id",
        (annotator, project_id),
    ).fetchall()


def fetch_batches(cursor: sqlite3.Cursor, size: int) -> Iterator[list[tuple]]:
    """A cursor's rows, ``size`` at a time."""
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows
