"""SQLAlchemy 2 typed models of a Hamish project database.

One database holds one project. A *layer* is one annotator's annotation of one document;
spans belong to a layer. Changing these models needs an Alembic migration under
``app/store/migrations/versions`` (tests compare the two).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.core.layers import LayerStatus
from app.core.spans import Origin

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """Project-wide key/value settings (current annotator, last document, zoom…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Annotator(Base):
    """A person's layer owner, or the adjudicated gold layer (``kind == "gold"``)."""

    __tablename__ = "annotator"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint("kind IN ('human', 'gold')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="human", server_default="human")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Label(Base):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(10), default="")
    letter: Mapped[str] = mapped_column(String(10), default="")
    colour: Mapped[str] = mapped_column(String(9))
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")  # English guidance
    description_ar: Mapped[str] = mapped_column(Text, default="", server_default="")  # Arabic guidance
    examples: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON list of strings


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("project_id", "text_sha256"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    source_name: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    char_count: Mapped[int] = mapped_column(Integer)
    newlines_normalised: Mapped[int] = mapped_column(Integer, default=0)
    had_bom: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON object: where the document came from (format, file, external id, extra fields).
    meta: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Layer(Base):
    """One annotator's annotation of one document."""

    __tablename__ = "layer"
    __table_args__ = (
        UniqueConstraint("document_id", "annotator_id"),
        Index("ix_layer_annotator_document", "annotator_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(
        String(20), default=LayerStatus.NEW.value
    )  # app.core.layers.LayerStatus
    active_seconds: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")  # idle excluded
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    annotator: Mapped[Annotator] = relationship()


class Span(Base):
    __tablename__ = "span"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="offsets"),
        CheckConstraint("origin IN ('manual', 'imported', 'suggested')", name="origin"),
        {"sqlite_autoincrement": True},  # ids are never reused: undo/redo reinserts them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layer.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("label.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default=Origin.MANUAL.value)
    # JSON object or NULL: for gold spans {"sources": [...], "decision": ..., "by": ..., "at": ...};
    # for imported spans {"file": ..., "line": ...}.
    provenance: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewDecision(Base):
    """A reviewer's decision on one difference between two annotators' layers, kept so that
    a decision that leaves nothing in gold ("reject both") is still decided next time."""

    __tablename__ = "review_decision"
    __table_args__ = (UniqueConstraint("document_id", "a_annotator_id", "b_annotator_id", "difference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    a_annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"))
    b_annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"))
    difference: Mapped[str] = mapped_column(Text)  # the difference's class and both spans (stable key)
    decision: Mapped[str] = mapped_column(String(30))
    reviewer: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Spans of a layer in export order (start, outer first) straight from the index, no sort.
Index("ix_span_layer_start", Span.layer_id, Span.start, Span.end.desc())
