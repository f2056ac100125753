"""Review and agreement: pairs of layers, the gold layer's status, reviewer decisions
(table ``review_decision``). The gold annotator itself is :func:`app.store.repository.gold_annotator_id`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.layers import LayerStatus, is_status
from app.store.export_rows import fetch_batches
from app.store.models import Layer, ReviewDecision, utcnow
from app.store.spans import layer_id


def layer_status(session: Session, document_id: int, annotator: int) -> str | None:
    """The layer's status, or None when the annotator has no layer on the document."""
    return session.scalar(
        select(Layer.status).where(Layer.document_id == document_id, Layer.annotator_id == annotator)
    )


def set_layer_status(session: Session, document_id: int, annotator: int, status: str) -> str:
    """Set a layer's status (creating the layer if needed); return the previous status."""
    if not is_status(status):
        raise ValueError(f"unknown layer status {status!r} (one of {', '.join(LayerStatus)})")
    lid = layer_id(session, document_id, annotator, create=False)
    previous: str = LayerStatus.NEW
    if lid is None:
        lid = layer_id(session, document_id, annotator, create=True)
    else:
        previous = session.scalar(select(Layer.status).where(Layer.id == lid)) or LayerStatus.NEW
    session.execute(update(Layer).where(Layer.id == lid).values(status=status, updated_at=utcnow()))
    return previous


def common_document_counts(
    session: Session, project_id: int, include_gold: bool = True, document_id: int | None = None
) -> list[tuple[str, str, int]]:
    """``(name, name, documents)`` for every pair of annotators with layers on the same
    documents (names in annotator-creation order); only on ``document_id`` when given."""
    rows = session.execute(
        text(
            """
            SELECT a1.name, a2.name, count(*)
            FROM layer AS l1
            JOIN layer AS l2 ON l2.document_id = l1.document_id AND l2.annotator_id > l1.annotator_id
            JOIN annotator AS a1 ON a1.id = l1.annotator_id
            JOIN annotator AS a2 ON a2.id = l2.annotator_id
            WHERE a1.project_id = :p
              AND (:gold OR (a1.kind != 'gold' AND a2.kind != 'gold'))
              AND (:doc IS NULL OR l1.document_id = :doc)
            GROUP BY l1.annotator_id, l2.annotator_id
            ORDER BY l1.annotator_id, l2.annotator_id
            """
        ),
        {"p": project_id, "gold": include_gold, "doc": document_id},
    )
    return [(r[0], r[1], int(r[2])) for r in rows]


PAIR_DOCS_SQL = """
SELECT d.id, d.title, d.text
FROM document AS d
JOIN layer AS la ON la.document_id = d.id AND la.annotator_id = ?
JOIN layer AS lb ON lb.document_id = d.id AND lb.annotator_id = ?
WHERE d.project_id = ?{doc}
ORDER BY d.id
"""

PAIR_SPANS_SQL = """
SELECT l.document_id, l.annotator_id, s.start, s."end", s.label_id
FROM layer AS l
JOIN span AS s ON s.layer_id = l.id
WHERE l.annotator_id IN (?, ?){doc}
ORDER BY l.document_id
"""


def iter_layer_pairs(
    conn: sqlite3.Connection,
    project_id: int,
    a: int,
    b: int,
    document_id: int | None = None,
    batch: int = 500,
) -> Iterator[tuple[int, str, str, list[tuple[int, int, int]], list[tuple[int, int, int]]]]:
    """Stream ``(document_id, title, text, spans_a, spans_b)`` over a DBAPI connection
    (``Database.raw_connection()``) for every document on which annotators ``a`` and ``b``
    both have a layer, in id order.

    Spans are ``(start, end, label_id)``, unordered. Two cursors (documents, spans of both
    layers ordered by document) are merged, so memory does not grow with the project.
    """
    one = document_id is not None
    docs = conn.execute(
        PAIR_DOCS_SQL.format(doc=" AND d.id = ?" if one else ""),
        (a, b, project_id, document_id) if one else (a, b, project_id),
    )
    spans = conn.execute(
        PAIR_SPANS_SQL.format(doc=" AND l.document_id = ?" if one else ""),
        (a, b, document_id) if one else (a, b),
    )
    rows = (r for chunk in fetch_batches(spans, 5000) for r in chunk)
    cur = next(rows, None)
    while True:
        chunk = docs.fetchmany(batch)
        if not chunk:
            break
        for did, title, doc_text in chunk:
            while cur is not None and cur[0] < did:  # spans of a document with one layer only
                cur = next(rows, None)
            sa: list[tuple[int, int, int]] = []
            sb: list[tuple[int, int, int]] = []
            while cur is not None and cur[0] == did:
                (sa if cur[1] == a else sb).append((cur[2], cur[3], cur[4]))
                cur = next(rows, None)
            yield did, title, doc_text, sa, sb


def decisions(session: Session, document_id: int, a: int, b: int) -> dict[str, str]:
    """``{difference key: decision}`` recorded for this document and pair."""
    rows = session.execute(
        select(ReviewDecision.difference, ReviewDecision.decision).where(
            ReviewDecision.document_id == document_id,
            ReviewDecision.a_annotator_id == a,
            ReviewDecision.b_annotator_id == b,
        )
    )
    return {k: v for k, v in rows}


def set_decision(
    session: Session, document_id: int, a: int, b: int, key: str, decision: str | None, reviewer: str
) -> None:
    """Record (or with None, forget) the decision on one difference."""
    where = (
        ReviewDecision.document_id == document_id,
        ReviewDecision.a_annotator_id == a,
        ReviewDecision.b_annotator_id == b,
        ReviewDecision.difference == key,
    )
    if decision is None:
        session.execute(delete(ReviewDecision).where(*where))
        return
    stmt = sqlite_insert(ReviewDecision).values(
        document_id=document_id,
        a_annotator_id=a,
        b_annotator_id=b,
        difference=key,
        decision=decision,
        reviewer=reviewer,
        decided_at=utcnow(),
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["document_id", "a_annotator_id", "b_annotator_id", "difference"],
            set_={"decision": decision, "reviewer": reviewer, "decided_at": utcnow()},
        )
    )
