"""Annotating one document: the current annotator's layer, in memory and in the database.

``DocumentSession`` is the Qt-free store behind every edit. Each call is one database
transaction, committed before it returns; the in-memory :class:`SpanIndex` changes only
after the commit succeeds (on failure it is restored and the error propagates, so what
the user sees is always what is saved). Listeners hear about every committed change.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from app.core import tokens
from app.core.edits import AddSpan, DeleteSpan, Edit, RelabelSpan, ResizeSpan
from app.core.offsets import Utf16Map
from app.core.spans import Origin, SpanConflict, SpanError, SpanIndex, SpanRecord, check_span
from app.services.workspace import ServiceError, Workspace
from app.store import SqlError
from app.store import repository as repo
from app.store import spans as span_store

logger = logging.getLogger(__name__)


class SaveError(ServiceError):
    """The database refused a change; nothing of it was saved."""


@dataclass(frozen=True, slots=True)
class SpanChange:
    kind: str  # "added" | "removed" | "changed"
    record: SpanRecord  # the span after the change (before it, for "removed")
    old: SpanRecord | None = None  # for "changed"


Listener = Callable[[Sequence[SpanChange]], None]


class DocumentSession:
    """One layer of one document: the current annotator's, unless ``annotator_id`` is given
    (the review uses it for the gold layer)."""

    def __init__(self, ws: Workspace, document_id: int, annotator_id: int | None = None) -> None:
        self.ws = ws
        self.document_id = document_id
        self.annotator_id = ws.annotator_id if annotator_id is None else annotator_id
        with ws.db.read() as s:
            found = repo.document_text(s, document_id)
            if found is None:
                raise ServiceError(f"document {document_id} does not exist")
            self.title, self.text = found
            self._layer = span_store.layer_id(s, document_id, self.annotator_id, create=False)
            rows = span_store.layer_spans(s, self._layer) if self._layer is not None else []
        names = {lab.id: lab.name for lab in ws.labels}
        origins = {o.value: o for o in Origin}
        self.spans = SpanIndex(
            [
                SpanRecord(start, end, names[label], text, sid, origins[origin], prov)
                for sid, start, end, label, text, origin, prov in rows
            ]
        )
        self.utf16 = Utf16Map(self.text)
        self._listeners: list[Listener] = []
        self._log: list[Callable[[], None]] | None = None
        self._changes: list[SpanChange] | None = None
        self._session = None  # the open write session inside a transaction
        self._touched = False  # the layer's updated_at/status already set in this transaction

    # -- listeners ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    # -- planning edits (no writes) ------------------------------------------------------------
    def plan_label(self, start: int, end: int, label: str, *, exact: bool = False) -> Edit | None:
        """The edit that labels the selection ``[start, end)``, or None if nothing to do.

        Unless ``exact``, the edges snap to whole words. Labelling the range of an
        existing span relabels it. Raises SpanConflict if the span would cross one.
        """
        self.ws.label(label)
        if not exact:
            snapped = tokens.snap_to_tokens(self.text, start, end)
            if snapped is None:
                raise SpanError("the selection holds no word to label")
            start, end = snapped
        span_text = check_span(self.text, start, end)
        same = self.spans.find_range(start, end)
        if same is not None:
            return None if same.label == label else RelabelSpan(same.id, label)  # type: ignore[arg-type]
        other = self.spans.crossing(start, end)
        if other is not None:
            raise SpanConflict(
                f"“{span_text}” would cross the {other.label} span “{other.text}” ({other.start}–{other.end}); "
                "spans may nest but not cross",
                other,
            )
        return AddSpan(SpanRecord(start, end, label, span_text))

    def plan_relabel(self, span_id: int, label: str) -> Edit | None:
        self.ws.label(label)
        rec = self.spans.get(span_id)
        return None if rec.label == label else RelabelSpan(span_id, label)

    def plan_delete(self, span_id: int) -> Edit:
        self.spans.get(span_id)
        return DeleteSpan(span_id)

    # -- SpanStore: each call one transaction ----------------------------------------------------
    def apply(self, edit: Edit) -> None:
        edit.apply(self)

    def revert(self, edit: Edit) -> None:
        edit.revert(self)

    def insert_span(self, rec: SpanRecord) -> SpanRecord:
        with self._transaction() as s:
            return self._insert(s, rec)

    def delete_span(self, span_id: int) -> SpanRecord:
        with self._transaction() as s:
            return self._delete(s, span_id)

    def set_label(self, span_id: int, label: str) -> str:
        with self._transaction() as s:
            return self._relabel(s, span_id, label)

    def set_bounds(self, span_id: int, start: int, end: int) -> tuple[int, int]:
        with self._transaction() as s:
            return self._resize(s, span_id, start, end)

    def plan_resize(self, span_id: int, start: int, end: int) -> Edit | None:
        """The edit moving a span's edges to ``[start, end)``; None if unchanged.

        Raises SpanError/SpanConflict when the new range is empty, out of the text, equal to
        another span's range, or would cross another span.
        """
        rec = self.spans.get(span_id)
        if (start, end) == (rec.start, rec.end):
            return None
        self._check_bounds(span_id, start, end)
        return ResizeSpan(span_id, start, end)

    def _check_bounds(self, span_id: int, start: int, end: int) -> str:
        covered = check_span(self.text, start, end)
        same = self.spans.find_range(start, end)
        if same is not None and same.id != span_id:
            raise SpanError(f"a {same.label} span already covers {start}–{end}")
        other = self.spans.crossing(start, end, ignore=span_id)
        if other is not None:
            raise SpanConflict(
                f"“{covered}” would cross the {other.label} span “{other.text}” ({other.start}–{other.end})",
                other,
            )
        return covered

    def apply_batch(self, edits: Sequence[Edit], revert: bool = False) -> None:
        with self._transaction():
            for edit in reversed(edits) if revert else edits:
                (edit.revert if revert else edit.apply)(self)

    # -- internals -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[object]:
        if self._session is not None:  # nested inside a batch: same transaction
            yield self._session
            return
        shared = self.ws.shared_transaction
        if shared is not None:  # part of a multi-document edit: the workspace commits
            yield from self._shared_part(shared)
            return
        log: list[Callable[[], None]] = []
        changes: list[SpanChange] = []
        self._log, self._changes = log, changes
        self._touched = False
        try:
            with self.ws.db.write() as s:
                self._session = s
                yield s
        except SqlError as exc:
            for undo in reversed(log):
                undo()
            raise SaveError(f"{self.ws.location}: the change was not saved ({exc})") from exc
        except BaseException:
            for undo in reversed(log):
                undo()
            raise
        finally:
            self._session = None
            self._log = self._changes = None
        self._notify(changes)

    def _shared_part(self, shared) -> Iterator[object]:  # type: ignore[no-untyped-def]
        log: list[Callable[[], None]] = []
        changes: list[SpanChange] = []
        self._log, self._changes, self._session = log, changes, shared.session
        self._touched = False
        try:
            yield shared.session
        except BaseException:
            for undo in reversed(log):
                undo()
            raise
        finally:
            self._session = None
            self._log = self._changes = None
        shared.undo_logs.extend(log)  # undone if a later part of the transaction fails
        shared.after_commit.append(lambda: self._notify(changes))

    def _notify(self, changes: list[SpanChange]) -> None:
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:
                logger.exception("a listener failed after a committed change")

    def _touch(self, s) -> None:  # type: ignore[no-untyped-def]
        """Record the change on the layer once per transaction (a batch of 3,000 spans
        makes one UPDATE, not 3,000)."""
        if not self._touched:
            span_store.touch_layer(s, self._layer_id(s))
            self._touched = True

    def _layer_id(self, s) -> int:  # type: ignore[no-untyped-def]
        if self._layer is None:
            self._layer = span_store.layer_id(s, self.document_id, self.annotator_id, create=True)
            self._log.append(self._forget_layer)  # type: ignore[union-attr]
        return self._layer  # type: ignore[return-value]

    def _forget_layer(self) -> None:
        self._layer = None

    def _insert(self, s, rec: SpanRecord) -> SpanRecord:  # type: ignore[no-untyped-def]
        check_span(self.text, rec.start, rec.end, rec.text)
        label = self.ws.label(rec.label)
        if self.spans.find_range(rec.start, rec.end) is not None:
            raise SpanError(f"a span {rec.start}–{rec.end} already exists")
        other = self.spans.crossing(rec.start, rec.end)
        if other is not None:
            raise SpanConflict(
                f"span {rec.start}–{rec.end} would cross span {other.start}–{other.end}", other
            )
        layer = self._layer_id(s)
        sid = span_store.insert_span(
            s,
            layer,
            label.id,
            rec.start,
            rec.end,
            rec.text,
            rec.origin.value,
            span_id=rec.id,
            provenance=rec.provenance,
        )
        self._touch(s)
        saved = rec.with_id(sid)
        self.spans.add(saved)
        self._log.append(lambda: self.spans.remove(sid))  # type: ignore[union-attr]
        self._changes.append(SpanChange("added", saved))  # type: ignore[union-attr]
        return saved

    def _delete(self, s, span_id: int) -> SpanRecord:  # type: ignore[no-untyped-def]
        rec = self.spans.get(span_id)
        if span_store.delete_span(s, span_id) != 1:
            raise ServiceError(f"span {span_id} is no longer in the database")
        self._touch(s)
        self.spans.remove(span_id)
        self._log.append(lambda: self.spans.add(rec))  # type: ignore[union-attr]
        self._changes.append(SpanChange("removed", rec))  # type: ignore[union-attr]
        return rec

    def _resize(self, s, span_id: int, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        rec = self.spans.get(span_id)
        covered = self._check_bounds(span_id, start, end)
        if span_store.set_span_bounds(s, span_id, start, end, covered) != 1:
            raise ServiceError(f"span {span_id} is no longer in the database")
        self._touch(s)
        new = replace(rec, start=start, end=end, text=covered)
        self.spans.replace(new)
        self._log.append(lambda: self.spans.replace(rec))  # type: ignore[union-attr]
        self._changes.append(SpanChange("changed", new, rec))  # type: ignore[union-attr]
        return rec.start, rec.end

    def _relabel(self, s, span_id: int, label: str) -> str:  # type: ignore[no-untyped-def]
        rec = self.spans.get(span_id)
        lab = self.ws.label(label)
        if span_store.set_span_label(s, span_id, lab.id) != 1:
            raise ServiceError(f"span {span_id} is no longer in the database")
        self._touch(s)
        new = rec.with_label(label)
        self.spans.replace(new)
        self._log.append(lambda: self.spans.replace(rec))  # type: ignore[union-attr]
        self._changes.append(SpanChange("changed", new, rec))  # type: ignore[union-attr]
        return rec.label
