"""Where an import's checked records go: the database (:class:`DatabaseWriter`) or nowhere
(:class:`DryRunWriter`, for ``inspect_corpus``: every count, nothing written).

The engine (:mod:`app.services.ingest.engine`) reads and checks records and hands them to its
writer in batches. Both writers follow the same rules (:class:`BatchWriter`): documents are
matched by the SHA-256 of their text, the spans of a record go to its annotator's layer, a
span already in the layer is skipped, one that would cross a span of the layer rejects its
record, and what was done is counted in the report. They differ in what they touch: the
session, where the ids of new documents, annotators and layers come from (the database, or
negative stand-ins), the rows written and the rejected-records report.
"""

from __future__ import annotations

import contextlib
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import orjson

from app.core.fs import OutputError
from app.core.issues import Tally
from app.core.layers import LayerStatus
from app.core.outputs import OutputGroup
from app.core.stored_text import title_from_text
from app.formats.base import ImportRecord, Rejected
from app.services.ingest.report import CorpusImportReport
from app.services.ingest.spans import ROW, union, union_existing
from app.services.workspace import ServiceError, Workspace
from app.store import Session, bulk
from app.store import repository as repo
from app.store import spans as span_store

# Records a rejected record; True when the import has stopped writing (all or nothing).
Reject = Callable[[Rejected], bool]
NewLayer = tuple[
    int, int, str, str | None, float | None
]  # document, annotator, status, updated_at, active_seconds


class Pending:
    """A checked record waiting for its batch to be written."""

    __slots__ = ("rec", "rows", "sha", "annotator", "utf8")

    def __init__(self, rec: ImportRecord, rows: list, sha: str, annotator: int, utf8: bytes) -> None:
        self.rec = rec
        self.rows = rows  # flat: ROW values per span (see spans.ROW), spans in (start, end descending) order
        self.sha = sha
        self.annotator = annotator
        self.utf8 = utf8  # the text as UTF-8: hashed, and stored as it is (encoded once)


def _ts(value: str | None) -> str | None:
    """ISO 8601 ("…T…Z") → the SQLite text form, comparable as a string."""
    if not value:
        return None
    if len(value) == 27 and value[10] == "T" and value[19] == "." and value[26] == "Z":  # as Hamish writes it
        return f"{value[:10]} {value[11:26]}"
    v = value.strip().replace("T", " ").rstrip("Z")
    if "." in v:
        head, frac = v.split(".", 1)
        v = f"{head}.{(frac + '000000')[:6]}"
    elif len(v) == 19:
        v += ".000000"
    return v


class BatchWriter(ABC):
    """The rules of writing a batch, shared by both writers; the subclasses say what is touched.

    ``layer_policy``: ``"union"`` adds the incoming spans missing from a layer the project
    has; ``"newer"`` (a merge) replaces that layer when the incoming one changed later, else
    keeps it. ``reject`` is the engine's: a record found bad while writing (its spans cross a
    layer's) is rejected through it.
    """

    def __init__(self, ws: Workspace, report: CorpusImportReport, layer_policy: str, reject: Reject) -> None:
        self.ws = ws
        self.report = report
        self.layer_policy = layer_policy
        self._reject = reject
        self.tally = Tally()  # the writing side's counts, merged into the report's at the end
        self.session: Session | None = None  # while the import runs
        self._annotators: dict[tuple[str, str], int] = {}

    # -- what each writer does its own way -------------------------------------------------------
    @abstractmethod
    def run(
        self, consume: Callable[[], None], before_commit: Callable[[], None], after_commit: Callable[[], None]
    ) -> None:
        """Open the session and ``consume()`` the records (each batch comes to
        :meth:`write_batch`). ``before_commit`` raises to leave nothing written;
        ``after_commit`` runs once the import is in the project."""

    @abstractmethod
    def set_aside(self, item: Rejected) -> str:
        """Keep a record rejected while the import goes on (``skip_bad``); the tally kind it counts as."""

    @abstractmethod
    def _annotator_id(self, name: str, kind: str) -> int:
        """The id of annotator ``name`` (of ``kind``, if the project does not have it yet)."""

    @abstractmethod
    def _place_documents(self, cands: list[Pending]) -> tuple[dict[str, int], dict[str, int]]:
        """Ids of the batch's texts: ``(those the project already has, those added now)``, by hash."""

    @abstractmethod
    def _added_here(self, document: int) -> bool:
        """Whether the document was added by this import (an earlier batch)."""

    @abstractmethod
    def _replace_layer(self, layer: int, rec: ImportRecord, updated_at: str) -> None:
        """A newer version of the layer replaces it (a merge, policy ``"newer"``): its spans go."""

    @abstractmethod
    def _touch_layer(self, layer: int) -> None:
        """Spans are added to an existing layer: its time changes."""

    @abstractmethod
    def _add_layers(
        self, new_layers: list[NewLayer], new_layer_rows: list[list], old_layer_rows: list[tuple[int, list]]
    ) -> None:
        """Add the new layers with their spans, and the spans added to existing layers."""

    # -- the shared rules ------------------------------------------------------------------------
    def annotator(self, name: str, kind: str) -> int:
        key = (name, kind)
        aid = self._annotators.get(key)
        if aid is None:
            aid = self._annotators[key] = self._annotator_id(name, kind)
        return aid

    def write_batch(self, batch: list[Pending]) -> None:
        """Documents of a batch (matched by text hash, new ones added), then their layers."""
        first_in_batch: dict[str, Pending] = {}
        for p in batch:
            first_in_batch.setdefault(p.sha, p)
        existing, given = self._place_documents(
            list(first_in_batch.values())
        )  # the first record of each text
        doc_of: dict[int, int] = {}  # id(pending) -> document id
        found: set[int] = set()  # documents that were in the project before this batch
        report = self.report
        for p in batch:
            if p.sha in existing:
                did = existing[p.sha]
                found.add(did)
                self.tally.add(
                    "document_repeated" if self._added_here(did) else "document_existing",
                    f"{p.rec.source}, line {p.rec.line}",
                )
                report.documents_existing += 1
                if len(report.duplicates) < 10_000:
                    report.duplicates.append((p.rec.source_name or Path(p.rec.source).name, did))
            elif first_in_batch[p.sha] is not p:  # repeated within this batch
                self.tally.add("document_repeated", f"{p.rec.source}, line {p.rec.line}")
                report.documents_existing += 1
            else:
                report.documents_added += 1
                if len(report.added) < 10_000:
                    report.added.append((given[p.sha], p.rec.source_name or Path(p.rec.source).name))
            doc_of[id(p)] = existing[p.sha] if p.sha in existing else given[p.sha]
        self._write_layers(batch, doc_of, found)

    def _write_layers(self, batch: list[Pending], doc_of: dict[int, int], found: set[int]) -> None:
        s = self.session
        wanted = [p for p in batch if p.rows or p.rec.status]
        if not wanted:
            return
        known: dict[tuple[int, int], tuple[int, str, str]] = {}
        if found:  # a document added by this batch has no layer yet: only those found by hash are looked up
            by_annot: dict[int, list[int]] = {}
            for p in wanted:
                did = doc_of[id(p)]
                if did in found:
                    by_annot.setdefault(p.annotator, []).append(did)
            for aid, dids in by_annot.items():
                real = [d for d in dids if d > 0]  # a dry run's stand-in ids are negative
                if aid > 0 and real:
                    for did, layer in bulk.layers_for(s, aid, real).items():  # type: ignore[arg-type]
                        known[(did, aid)] = layer
        new_layers: list[NewLayer] = []
        new_layer_rows: list[list] = []  # flat rows of each new layer
        fresh: dict[tuple[int, int], int] = {}  # (doc, annot) -> index in new_layers
        old_layer_rows: list[tuple[int, list]] = []  # (existing layer id, flat rows added to it)
        batch_added: dict[int, list] = {}  # existing layer id -> flat rows added in this batch
        for p in wanted:
            did = doc_of[id(p)]
            key = (did, p.annotator)
            if key in fresh:  # the same document twice in this batch: merge into the new layer
                rows = union(new_layer_rows[fresh[key]], p.rows, self.tally, p.rec)
                if isinstance(rows, str):
                    if self._reject(Rejected(p.rec.source, p.rec.line, [rows], p.rec.raw)):
                        return
                    continue
                new_layer_rows[fresh[key]].extend(rows)
                continue
            info = known.get(key)
            if info is None:
                fresh[key] = len(new_layers)
                new_layers.append(
                    (
                        did,
                        p.annotator,
                        p.rec.status or LayerStatus.NEW,
                        _ts(p.rec.updated_at),
                        p.rec.active_seconds,
                    )
                )
                new_layer_rows.append(p.rows)
                continue
            lid, _status, updated = info
            if self.layer_policy == "newer":
                incoming = _ts(p.rec.updated_at) or ""
                if incoming > (updated or ""):
                    self._replace_layer(lid, p.rec, incoming)
                    self.tally.add("layer_replaced", f"document {did}")
                    old_layer_rows.append((lid, p.rows))
                    self.report.spans_added += len(p.rows) // ROW
                else:
                    self.tally.add("layer_kept", f"document {did}")
                continue
            old = [(r[1], r[2], r[3]) for r in span_store.layer_spans(s, lid)] if lid > 0 else []  # type: ignore[arg-type]
            added = batch_added.get(lid)
            if added:
                old += zip(added[1::ROW], added[2::ROW], added[0::ROW])
            rows = union_existing(old, p.rows, self.tally, p.rec)
            if isinstance(rows, str):
                if self._reject(Rejected(p.rec.source, p.rec.line, [rows], p.rec.raw)):
                    return
                continue
            if rows:
                batch_added.setdefault(lid, []).extend(rows)
                old_layer_rows.append((lid, rows))
                self.report.spans_added += len(rows) // ROW
                self.tally.add("layer_merged", f"document {did}")
                self._touch_layer(lid)
        self._add_layers(new_layers, new_layer_rows, old_layer_rows)
        self.report.layers_added += len(new_layers)
        self.report.spans_added += sum(len(rows) for rows in new_layer_rows) // ROW


class DatabaseWriter(BatchWriter):
    """A real import: one write transaction, rows inserted in bulk, rejected records (with
    ``skip_bad``) written to a JSONL report (file, line, reasons, the record as written).

    New documents are inserted without a look-up first (``ON CONFLICT DO NOTHING`` on the
    text-hash index); only a batch where a text was already there is looked up (and from then
    on every batch), so document ids stay consecutive. One timestamp serves the whole import,
    so the statements' text never changes (they stay cached). CHECK constraints are not
    evaluated by SQLite during the import (``bulk.begin_bulk_import``): every row was checked
    by the engine, and the setting is undone on the same connection before the commit.
    """

    def __init__(
        self,
        ws: Workspace,
        report: CorpusImportReport,
        layer_policy: str,
        reject: Reject,
        *,
        fmt: str,
        rejected_path: Path | None,
    ) -> None:
        super().__init__(ws, report, layer_policy, reject)
        self._rejected_path = rejected_path or Path(f"rejected-{fmt}.jsonl")
        self._group: OutputGroup | None = None  # the rejected-records report, once there is one
        self._rejected_fh: BinaryIO | None = None
        self._now: str | None = None
        self._slot = (0, 0)  # (next document id, next position)
        self._first_new = 0  # the first document id of this import
        self._look_up_first = False  # documents are looked up by hash before inserting (see _place_documents)

    def run(
        self, consume: Callable[[], None], before_commit: Callable[[], None], after_commit: Callable[[], None]
    ) -> None:
        try:
            with self.ws.db.write() as s:
                self.session = s
                settings = bulk.begin_bulk_import(s)
                try:
                    self._now = bulk.sqlite_ts()  # one time for the import: its statements stay cached
                    self._slot = bulk.next_document_slot(s, self.ws.project_id)
                    self._first_new = self._slot[0]
                    consume()
                    t_commit = time.perf_counter()
                    before_commit()
                except BaseException:
                    with contextlib.suppress(Exception):  # the connection may be the problem
                        bulk.end_bulk_import(settings)
                    raise
                bulk.end_bulk_import(settings)  # before the commit: the connection goes back as it was
            self.report.commit_s = round(time.perf_counter() - t_commit, 3)
            if self._group is not None:
                self._group.commit()
        except BaseException:
            if self._group is not None:
                self._group.abort()
            raise
        finally:
            self.session = None
        after_commit()

    def set_aside(self, item: Rejected) -> str:
        if self._group is None:
            self._group = OutputGroup()
            try:
                self._rejected_fh = self._group.open(self._rejected_path)
            except OutputError as exc:
                raise ServiceError(f"cannot write the rejected-records report: {exc}") from None
            self.report.rejected_path = self._rejected_path
        raw = item.raw.decode("utf-8", "replace") if isinstance(item.raw, bytes) else item.raw
        self._rejected_fh.write(  # type: ignore[union-attr]  # opened above
            orjson.dumps(
                {"file": item.source, "line": item.line, "reasons": item.reasons, "record": raw},
                option=orjson.OPT_APPEND_NEWLINE,
            )
        )
        return "record_rejected"

    def _annotator_id(self, name: str, kind: str) -> int:
        return repo.ensure_annotator(self.session, self.ws.project_id, name, kind)  # type: ignore[arg-type]

    def _place_documents(self, cands: list[Pending]) -> tuple[dict[str, int], dict[str, int]]:
        """A new corpus needs no look-up: the batch's documents are inserted with ``ON CONFLICT
        DO NOTHING`` on the (project, text hash) unique index, and when every one went in that
        was all. When one was already there, this batch's rows are taken out again, the hashes
        looked up and only the new documents inserted (ids stay consecutive); from then on every
        batch is looked up first (the corpus overlaps the project)."""
        s = self.session
        pid = self.ws.project_id
        existing: dict[str, int] = {}
        new = cands
        if self._look_up_first:
            existing = bulk.document_ids_by_hash_raw(s, pid, [p.sha for p in cands])  # type: ignore[arg-type]
            new = [p for p in cands if p.sha not in existing]
        inserted = self._insert_documents(new)
        if inserted < len(new):
            if self._look_up_first:  # cannot happen: the write lock is held and hashes were looked up
                raise ServiceError(
                    "a document was added to the project during the import; nothing was imported"
                )
            self._look_up_first = True
            if inserted:
                bulk.delete_documents_from(s, pid, self._slot[0])  # type: ignore[arg-type]
            existing = bulk.document_ids_by_hash_raw(s, pid, [p.sha for p in cands])  # type: ignore[arg-type]
            new = [p for p in cands if p.sha not in existing]
            if self._insert_documents(new) != len(new):
                raise ServiceError(
                    "a document was added to the project during the import; nothing was imported"
                )
        first = self._slot[0]
        self._slot = (self._slot[0] + len(new), self._slot[1] + len(new))
        return existing, {p.sha: first + i for i, p in enumerate(new)}

    def _insert_documents(self, docs: list[Pending]) -> int:
        """Insert at the current slot; the number inserted (a text already there is skipped)."""
        return bulk.bulk_insert_documents_utf8(
            self.session,  # type: ignore[arg-type]
            self.ws.project_id,
            [
                (
                    (p.rec.title or title_from_text(p.rec.text, Path(p.rec.source).stem))[:300],
                    (p.rec.source_name or Path(p.rec.source).name)[:500],
                    p.utf8,
                    len(p.rec.text),
                    p.sha,
                    p.rec.newlines_normalised,
                    p.rec.had_bom,
                    orjson.dumps(p.rec.meta, default=str).decode(),
                )
                for p in docs
            ],
            self._slot,
            self._now,
        )

    def _added_here(self, document: int) -> bool:
        return document >= self._first_new > 0

    def _replace_layer(self, layer: int, rec: ImportRecord, updated_at: str) -> None:
        bulk.replace_layer(self.session, layer, rec.status, updated_at, rec.active_seconds)  # type: ignore[arg-type]

    def _touch_layer(self, layer: int) -> None:
        bulk.touch_layer_at(self.session, layer)  # type: ignore[arg-type]

    def _add_layers(
        self, new_layers: list[NewLayer], new_layer_rows: list[list], old_layer_rows: list[tuple[int, list]]
    ) -> None:
        lids = bulk.bulk_insert_layers(self.session, new_layers, created_at=self._now)  # type: ignore[arg-type]
        # The last value of each span's ROW held its line (for messages); now that every check
        # is done it becomes the layer id, and the rows go to the INSERT as they are.
        flat: list = []
        for lid, rows in (*old_layer_rows, *zip(lids, new_layer_rows)):
            rows[ROW - 1 :: ROW] = [lid] * (len(rows) // ROW)
            flat += rows
        bulk.bulk_insert_span_rows(self.session, flat, self._now)  # type: ignore[arg-type]


class DryRunWriter(BatchWriter):
    """What an import would do, in one read transaction: nothing is written, not even the
    rejected-records report. Documents, annotators and labels the project does not have get
    negative stand-in ids, so that every later record is counted as the import would count it."""

    def __init__(self, ws: Workspace, report: CorpusImportReport, layer_policy: str, reject: Reject) -> None:
        super().__init__(ws, report, layer_policy, reject)
        self._seen: dict[str, int] = {}  # text hash -> stand-in id of a document this import would add
        self._last_stand_in = 0

    def run(
        self, consume: Callable[[], None], before_commit: Callable[[], None], after_commit: Callable[[], None]
    ) -> None:
        """Nothing is committed: neither hook runs (a dry run reports every problem instead)."""
        try:
            with self.ws.db.read() as s:
                self.session = s
                consume()
        finally:
            self.session = None

    def set_aside(self, item: Rejected) -> str:
        return "record_problem"

    def _annotator_id(self, name: str, kind: str) -> int:
        found = repo.annotator_kind(self.session, self.ws.project_id, name)  # type: ignore[arg-type]
        return found[0] if found else -(len(self._annotators) + 1)

    def _place_documents(self, cands: list[Pending]) -> tuple[dict[str, int], dict[str, int]]:
        existing = bulk.document_ids_by_hash_raw(self.session, self.ws.project_id, [p.sha for p in cands])  # type: ignore[arg-type]
        given: dict[str, int] = {}
        for p in cands:
            if p.sha in existing:
                continue
            if p.sha in self._seen:
                existing[p.sha] = self._seen[p.sha]
            else:
                self._last_stand_in -= 1
                given[p.sha] = self._seen[p.sha] = self._last_stand_in
        return existing, given

    def _added_here(self, document: int) -> bool:
        return document < 0

    def _replace_layer(self, layer: int, rec: ImportRecord, updated_at: str) -> None:
        pass

    def _touch_layer(self, layer: int) -> None:
        pass

    def _add_layers(
        self, new_layers: list[NewLayer], new_layer_rows: list[list], old_layer_rows: list[tuple[int, list]]
    ) -> None:
        pass
