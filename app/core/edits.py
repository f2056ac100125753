"""Qt-free, reversible edits of a layer's spans.

The UI wraps each edit in one ``QUndoCommand`` whose redo/undo call :meth:`Edit.apply`
and :meth:`Edit.revert`; the store (``app.services.session.DocumentSession``) makes each
call one database transaction. Re-applying an undone addition reinserts the span with
its original id (ids are never reused), so later edits that name it stay valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.core.spans import SpanRecord


class SpanStore(Protocol):
    def insert_span(self, rec: SpanRecord) -> SpanRecord: ...

    def delete_span(self, span_id: int) -> SpanRecord: ...

    def set_label(self, span_id: int, label: str) -> str: ...

    def set_bounds(self, span_id: int, start: int, end: int) -> tuple[int, int]: ...

    def apply_batch(self, edits: Sequence[Edit], revert: bool = False) -> None: ...


class Edit:
    description = "edit"

    def apply(self, store: SpanStore) -> None:
        raise NotImplementedError

    def revert(self, store: SpanStore) -> None:
        raise NotImplementedError


@dataclass
class AddSpan(Edit):
    record: SpanRecord

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"Add {self.record.label} “{self.record.text}”"

    def apply(self, store: SpanStore) -> None:
        self.record = store.insert_span(self.record)

    def revert(self, store: SpanStore) -> None:
        assert self.record.id is not None, "revert before apply"
        store.delete_span(self.record.id)


@dataclass
class DeleteSpan(Edit):
    span_id: int
    record: SpanRecord | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"Delete {self.record.label} “{self.record.text}”" if self.record else "Delete span"

    def apply(self, store: SpanStore) -> None:
        self.record = store.delete_span(self.span_id)

    def revert(self, store: SpanStore) -> None:
        assert self.record is not None, "revert before apply"
        store.insert_span(self.record)


@dataclass
class RelabelSpan(Edit):
    span_id: int
    label: str
    old_label: str | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"Relabel as {self.label}"

    def apply(self, store: SpanStore) -> None:
        self.old_label = store.set_label(self.span_id, self.label)

    def revert(self, store: SpanStore) -> None:
        assert self.old_label is not None, "revert before apply"
        store.set_label(self.span_id, self.old_label)


@dataclass
class ResizeSpan(Edit):
    """Move a span's edges (its text follows: ``text[start:end]``)."""

    span_id: int
    start: int
    end: int
    old: tuple[int, int] | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        return "Resize span"

    def apply(self, store: SpanStore) -> None:
        self.old = store.set_bounds(self.span_id, self.start, self.end)

    def revert(self, store: SpanStore) -> None:
        assert self.old is not None, "revert before apply"
        store.set_bounds(self.span_id, *self.old)


@dataclass
class Batch(Edit):
    """Several edits applied (and reverted) in one transaction: one undo step."""

    edits: list[Edit] = field(default_factory=list)
    label_text: str = "Batch"

    @property
    def description(self) -> str:  # type: ignore[override]
        return self.label_text

    def apply(self, store: SpanStore) -> None:
        store.apply_batch(self.edits)

    def revert(self, store: SpanStore) -> None:
        store.apply_batch(self.edits, revert=True)
