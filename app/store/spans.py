"""The editor's hot path: one annotator's layer of a document and its spans, one at a time.

Every label key press is one transaction of :func:`insert_span` and :func:`touch_layer`
(``app.services.session.DocumentSession``); opening a document is one :func:`layer_spans`.
Statements are built once: SQLAlchemy caches their compiled form, and the Core table (not
the ORM entity) skips the ORM's bulk-persistence path (≈0.3 ms saved of a ~3 ms budget).
"""

from __future__ import annotations

from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlalchemy.orm import Session

from app.core.layers import LayerStatus
from app.core.spans import Origin
from app.store.models import Layer, Span, utcnow


def layer_id(session: Session, document_id: int, annotator: int, create: bool = True) -> int | None:
    lid = session.scalar(
        select(Layer.id).where(Layer.document_id == document_id, Layer.annotator_id == annotator)
    )
    if lid is None and create:
        layer = Layer(document_id=document_id, annotator_id=annotator)
        session.add(layer)
        session.flush()
        lid = layer.id
    return lid


_SPAN = Span.__table__
_LAYER = Layer.__table__
_TOUCH_LAYER = (
    update(_LAYER)
    .where(_LAYER.c.id == bindparam("layer"))
    .values(
        updated_at=bindparam("now"),
        status=case(
            (_LAYER.c.status == LayerStatus.NEW.value, bindparam("status_if_new")), else_=_LAYER.c.status
        ),
    )
)
_INSERT_SPAN = insert(_SPAN).returning(_SPAN.c.id)
_DELETE_SPAN = delete(_SPAN).where(_SPAN.c.id == bindparam("sid"))
_RELABEL_SPAN = (
    update(_SPAN)
    .where(_SPAN.c.id == bindparam("sid"))
    .values(label_id=bindparam("lid"), updated_at=bindparam("now"))
)
_RESIZE_SPAN = (
    update(_SPAN)
    .where(_SPAN.c.id == bindparam("sid"))
    .values(start=bindparam("s"), end=bindparam("e"), text=bindparam("t"), updated_at=bindparam("now"))
)


def touch_layer(session: Session, layer: int, status_if_new: str = LayerStatus.IN_PROGRESS.value) -> None:
    """Record a change to the layer: its time, and "new" becomes ``status_if_new``."""
    session.execute(_TOUCH_LAYER, {"layer": layer, "now": utcnow(), "status_if_new": status_if_new})


LAYER_SPANS_SQL = 'SELECT id, start, "end", label_id, text, origin, provenance FROM span WHERE layer_id = ?'


def layer_spans(session: Session, layer: int) -> list[tuple[int, int, int, int, str, str, str | None]]:
    """``(id, start, end, label_id, text, origin, provenance)`` of a layer's spans, unordered.

    A hot path (opening a document): plain DBAPI rows, no ORDER BY (the caller's
    SpanIndex sorts anyway; SQLite would need a temporary B-tree for ``"end" DESC``).
    """
    dbapi = session.connection().connection.driver_connection
    return dbapi.execute(LAYER_SPANS_SQL, (layer,)).fetchall()  # type: ignore[union-attr]


def insert_span(
    session: Session,
    layer: int,
    label_id: int,
    start: int,
    end: int,
    text: str,
    origin: str = Origin.MANUAL.value,
    span_id: int | None = None,
    provenance: str | None = None,
) -> int:
    now = utcnow()
    values = {
        "provenance": provenance,
        "layer_id": layer,
        "label_id": label_id,
        "start": start,
        "end": end,
        "text": text,
        "origin": origin,
        "created_at": now,
        "updated_at": now,
    }
    stmt = _INSERT_SPAN
    if span_id is not None:  # redo of an undone addition: the same id again
        stmt = insert(_SPAN).values(id=span_id).returning(_SPAN.c.id)
    return session.execute(stmt, values).scalar_one()


def delete_span(session: Session, span_id: int) -> int:
    return session.execute(_DELETE_SPAN, {"sid": span_id}).rowcount


def set_span_bounds(session: Session, span_id: int, start: int, end: int, text: str) -> int:
    return session.execute(
        _RESIZE_SPAN, {"sid": span_id, "s": start, "e": end, "t": text, "now": utcnow()}
    ).rowcount


def set_span_label(session: Session, span_id: int, label_id: int) -> int:
    return session.execute(_RELABEL_SPAN, {"sid": span_id, "lid": label_id, "now": utcnow()}).rowcount
