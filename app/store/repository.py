"""Queries and writes on a project database: the project, settings, annotators and
documents, one function per operation.

Functions take the caller's ``Session`` so that a service decides the unit of work (one
transaction per user action). Labels are :mod:`app.store.label_repository`; the editor's
spans :mod:`app.store.spans`; bulk import writes :mod:`app.store.bulk`; export cursors
:mod:`app.store.export_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.core.labels import DEFAULT_LABELS, Label
from app.core.layers import LayerStatus
from app.store.label_repository import insert_label
from app.store.models import Annotator, Document, Layer, Project, ReviewDecision, Setting, Span, utcnow
from app.store.spans import layer_id


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    title: str
    source_name: str
    char_count: int
    span_count: int
    status: str
    active_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class NewDocument:
    title: str
    source_name: str
    text: str
    text_sha256: str
    newlines_normalised: int = 0
    had_bom: bool = False


# --- project, settings, annotators -------------------------------------------------------


def ensure_project(
    session: Session,
    name: str = "Hamish project",
    labels: Sequence[Label] | Callable[[], Sequence[Label]] = DEFAULT_LABELS,
) -> int:
    """The project id; creates the project and its default labels on first use
    (``labels`` may be a function, called only then)."""
    pid = session.scalar(select(Project.id).order_by(Project.id).limit(1))
    if pid is not None:
        return pid
    if callable(labels):
        labels = labels()
    project = Project(name=name)
    session.add(project)
    session.flush()
    for pos, lab in enumerate(labels):
        insert_label(session, project.id, lab, pos)
    return project.id


def project_id(session: Session) -> int | None:
    return session.scalar(select(Project.id).order_by(Project.id).limit(1))


def get_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def annotator_id(session: Session, project_id: int, name: str, create: bool = True) -> int | None:
    aid = session.scalar(
        select(Annotator.id).where(Annotator.project_id == project_id, Annotator.name == name)
    )
    if aid is None and create:
        a = Annotator(project_id=project_id, name=name)
        session.add(a)
        session.flush()
        aid = a.id
    return aid


def drop_annotator_if_unused(session: Session, annotator: int) -> bool:
    """Delete an annotator who owns no layer and no review decision (a name offered at the
    first launch and replaced before any work). True when deleted."""
    used = session.scalar(select(Layer.id).where(Layer.annotator_id == annotator).limit(1)) is not None or (
        session.scalar(
            select(ReviewDecision.id)
            .where(
                (ReviewDecision.a_annotator_id == annotator) | (ReviewDecision.b_annotator_id == annotator)
            )
            .limit(1)
        )
        is not None
    )
    if used:
        return False
    session.execute(delete(Annotator).where(Annotator.id == annotator, Annotator.kind != "gold"))
    return True


GOLD_NAME = "gold"


def annotators(session: Session, project_id: int) -> list[tuple[int, str, str]]:
    """``(id, name, kind)`` of every annotator of the project, in creation order."""
    rows = session.execute(
        select(Annotator.id, Annotator.name, Annotator.kind)
        .where(Annotator.project_id == project_id)
        .order_by(Annotator.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def gold_annotator_id(
    session: Session, project_id: int, name: str = GOLD_NAME, create: bool = True
) -> int | None:
    """The gold layer's annotator (``kind = 'gold'``), created on first use.

    Raises ValueError if an annotator with that name exists and is not a gold one.
    """
    row = session.execute(
        select(Annotator.id, Annotator.kind).where(Annotator.project_id == project_id, Annotator.name == name)
    ).first()
    if row is not None:
        if row[1] != "gold":
            raise ValueError(f"the annotator {name!r} is a person's layer, not the gold layer")
        return row[0]
    if not create:
        return None
    a = Annotator(project_id=project_id, name=name, kind="gold")
    session.add(a)
    session.flush()
    return a.id


def ensure_annotator(session: Session, project_id: int, name: str, kind: str = "human") -> int:
    """The annotator's id, created with ``kind`` if missing."""
    aid = session.scalar(
        select(Annotator.id).where(Annotator.project_id == project_id, Annotator.name == name)
    )
    if aid is None:
        a = Annotator(project_id=project_id, name=name, kind=kind)
        session.add(a)
        session.flush()
        aid = a.id
    return aid


def annotator_kind(session: Session, project_id: int, name: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Annotator.id, Annotator.kind).where(Annotator.project_id == project_id, Annotator.name == name)
    ).first()
    return (row[0], row[1]) if row else None


# --- documents ------------------------------------------------------------------------------


def document_ids_by_hash(session: Session, project_id: int, hashes: Iterable[str]) -> dict[str, int]:
    hs = list(hashes)
    if not hs:
        return {}
    rows = session.execute(
        select(Document.text_sha256, Document.id).where(
            Document.project_id == project_id, Document.text_sha256.in_(hs)
        )
    )
    return {h: i for h, i in rows}


def add_documents(session: Session, project_id: int, docs: Sequence[NewDocument]) -> list[int]:
    """Insert documents at the end of the project's list; return their ids (in order)."""
    last = session.scalar(select(func.max(Document.position)).where(Document.project_id == project_id))
    pos = -1 if last is None else last
    ids = []
    for d in docs:
        pos += 1
        doc = Document(
            project_id=project_id,
            position=pos,
            title=d.title,
            source_name=d.source_name,
            text=d.text,
            text_sha256=d.text_sha256,
            char_count=len(d.text),
            newlines_normalised=d.newlines_normalised,
            had_bom=d.had_bom,
        )
        session.add(doc)
        session.flush()
        ids.append(doc.id)
    return ids


def document_count(session: Session, project_id: int) -> int:
    return (
        session.scalar(select(func.count()).select_from(Document).where(Document.project_id == project_id))
        or 0
    )


def list_documents(session: Session, project_id: int, annotator: int) -> list[DocumentRow]:
    """Every document with the annotator's span count and status, in project order."""
    counts = (
        select(Layer.document_id, Layer.status, Layer.active_seconds, func.count(Span.id).label("n"))
        .select_from(Layer)
        .outerjoin(Span, Span.layer_id == Layer.id)
        .where(Layer.annotator_id == annotator)
        .group_by(Layer.id)
        .subquery()
    )
    rows = session.execute(
        select(
            Document.id,
            Document.title,
            Document.source_name,
            Document.char_count,
            func.coalesce(counts.c.n, 0),
            func.coalesce(counts.c.status, LayerStatus.NEW.value),
            func.coalesce(counts.c.active_seconds, 0.0),
        )
        .outerjoin(counts, counts.c.document_id == Document.id)
        .where(Document.project_id == project_id)
        .order_by(Document.position, Document.id)
    )
    return [DocumentRow(*r) for r in rows]


def document_ids_matching(session: Session, project_id: int, needle: str) -> set[int]:
    """Documents whose title or text contains ``needle`` (exact characters; SQLite instr)."""
    rows = session.execute(
        select(Document.id).where(
            Document.project_id == project_id,
            (func.instr(Document.title, needle) > 0) | (func.instr(Document.text, needle) > 0),
        )
    )
    return {r[0] for r in rows}


def label_counts(session: Session, annotator: int) -> dict[int, dict[int, int]]:
    """``{document_id: {label_id: count}}`` of an annotator's spans."""
    rows = session.execute(
        select(Layer.document_id, Span.label_id, func.count())
        .select_from(Layer)
        .join(Span, Span.layer_id == Layer.id)
        .where(Layer.annotator_id == annotator)
        .group_by(Layer.document_id, Span.label_id)
    )
    out: dict[int, dict[int, int]] = {}
    for doc, label, n in rows:
        out.setdefault(doc, {})[label] = n
    return out


def set_document_status(session: Session, document_id: int, annotator: int, status: str) -> None:
    """Set the status of an annotator's layer of a document (the layer is created if needed)."""
    lid = layer_id(session, document_id, annotator, create=True)
    session.execute(update(Layer).where(Layer.id == lid).values(status=status, updated_at=utcnow()))


def add_active_seconds(session: Session, document_id: int, annotator: int, seconds: float) -> None:
    lid = layer_id(session, document_id, annotator, create=True)
    session.execute(
        update(Layer).where(Layer.id == lid).values(active_seconds=Layer.active_seconds + seconds)
    )


def document_text(session: Session, document_id: int) -> tuple[str, str] | None:
    row = session.execute(select(Document.title, Document.text).where(Document.id == document_id)).first()
    return (row[0], row[1]) if row else None


def existing_document_ids(session: Session, document_ids: Iterable[int]) -> set[int]:
    """Those of ``document_ids`` that are still in the database."""
    return set(session.scalars(select(Document.id).where(Document.id.in_(list(document_ids)))))


def active_seconds(session: Session, document_id: int, annotator: int) -> float:
    """Seconds saved for the annotator on a document (0 when there is no layer)."""
    value = session.scalar(
        select(Layer.active_seconds).where(Layer.document_id == document_id, Layer.annotator_id == annotator)
    )
    return float(value or 0.0)


def document_catalogue(session: Session, project_id: int) -> list[tuple[int, str, str]]:
    """``(id, title, text_sha256)`` of every document, in project order (no texts)."""
    rows = session.execute(
        select(Document.id, Document.title, Document.text_sha256)
        .where(Document.project_id == project_id)
        .order_by(Document.position, Document.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def document_texts(session: Session, document_ids: Sequence[int]) -> dict[int, str]:
    """``{id: text}`` of those documents (a deleted one is missing)."""
    return dict(
        session.execute(select(Document.id, Document.text).where(Document.id.in_(document_ids))).all()
    )  # type: ignore[arg-type]
