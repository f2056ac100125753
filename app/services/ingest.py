"""The import engine: records from a format reader into the database, in one transaction.

Used by :func:`app.services.importing.import_corpus` (and ``inspect_corpus``) and by
:mod:`app.services.merge`. Records stream in, are checked and mapped one by one, and are
written in batches through bulk statements; memory stays flat in corpus size.

Rules (documented in README, "Import and export formats"):

* **Documents** are matched by the SHA-256 of their stored text. A record whose text is
  already in the project (from an earlier import, or an earlier record of this one) adds
  its spans to that document; no second copy is made.
* **Spans** go to one annotator's layer (``--annotator``, default the current one; a
  merge uses the annotator each record names). A span identical (start, end, label) to
  one already in that layer is skipped and counted, so importing the same file twice adds
  nothing. A span that would cross a span of the layer (Hamish layers hold nested or
  disjoint spans only) makes its record a problem.
* **Layers in a merge** (``layer_policy="newer"``): a layer the project does not have is
  added; one it has is replaced when the incoming one is newer (``updated_at``), kept
  otherwise — merging the same file twice changes nothing.
* **All or nothing**: any problem (a rejected record) or unknown label stops the import
  and nothing is written; with ``skip_bad`` the valid records are imported and the
  rejected ones written to a JSONL report (file, line, reasons, the record as written).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import threading
import time

import orjson

from app.core.fs import OutputError
from app.core.issues import Tally
from app.core.outputs import OutputGroup
from app.core.text import text_sha256, title_from_text
from app.formats.base import ByteCounter, FileNote, FormatError, ImportRecord, Rejected
from app.services.labelmap import LabelResolver
from app.services.progress import Cancelled
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo

ORIGINS = ("manual", "imported", "suggested")
MAX_PROBLEMS = 200  # kept in memory (all are counted)
BATCH_RECORDS = 500
BATCH_SPANS = 50_000


class ImportFailed(ServiceError):
    """Nothing was imported. ``problems`` holds one message per problem (the first 200)."""

    def __init__(self, problems: list[str], total: int | None = None, report: "CorpusImportReport | None" = None) -> None:
        self.problems = list(problems)
        self.report = report
        n = total if total is not None else len(self.problems)
        head = self.problems[0] if self.problems else "nothing to import"
        more = f" (and {n - 1} more problem(s); nothing was imported)" if n > 1 else " (nothing was imported)"
        if head.endswith("nothing was imported"):
            more = ""
        super().__init__(head + more)


@dataclass
class CorpusImportReport:
    format: str
    files: list[str]
    annotator: str
    dry_run: bool = False
    records: int = 0
    documents_added: int = 0
    documents_existing: int = 0
    layers_added: int = 0
    spans_added: int = 0
    spans_read: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    rejected_path: Path | None = None
    labels_created: list[str] = field(default_factory=list)
    label_counts: dict[str, int] = field(default_factory=dict)  # source label -> spans read
    unknown_labels: dict[str, int] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    added: list[tuple[int, str]] = field(default_factory=list)  # (document id, source name), first 10,000
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (source name, existing id), first 10,000
    annotators: list[str] = field(default_factory=list)  # merge: layers' owners
    commit_s: float = 0.0  # time of the final commit (and SQLite's WAL checkpoint)

    @property
    def documents(self) -> int:
        return self.documents_added + self.documents_existing

    @property
    def spans(self) -> int:
        return self.spans_added

    def summary(self) -> str:
        verb = "would be imported" if self.dry_run else "imported"
        owner = ", ".join(self.annotators) if self.annotators else self.annotator
        lines = [
            f"{self.documents_added:,} document(s) {verb}, {self.documents_existing:,} already in the project; "
            f"{self.spans_added:,} span(s) {'would be ' if self.dry_run else ''}added to the layer(s) of {owner} "
            f"({len(self.files)} file(s), {self.format})"
        ]
        if self.labels_created:
            lines.append(f"labels created: {', '.join(self.labels_created)}")
        if self.label_counts:
            lines.append("labels read: " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.label_counts.items(), key=lambda kv: -kv[1])))
        lines += [f"  {line}" for line in self.tally.lines()]
        if self.rejected:
            where = f", written to {self.rejected_path}" if self.rejected_path else ""
            lines.append(f"{self.rejected:,} record(s) rejected{where}")
            lines += [f"  {p}" for p in self.problems[:5]]
        return "\n".join(lines)


def _ts(value: str | None) -> str | None:
    """ISO 8601 ("…T…Z") → the SQLite text form, comparable as a string."""
    if not value:
        return None
    v = value.strip().replace("T", " ").rstrip("Z")
    if "." in v:
        head, frac = v.split(".", 1)
        v = f"{head}.{(frac + '000000')[:6]}"
    elif len(v) == 19:
        v += ".000000"
    return v


class _Pending:
    __slots__ = ("rec", "rows", "sha", "annotator")

    def __init__(self, rec: ImportRecord, rows: list, sha: str, annotator: int) -> None:
        self.rec = rec
        self.rows = rows  # (start, end, label_id, text, line, origin, provenance)
        self.sha = sha
        self.annotator = annotator


class Ingest:
    """One import run. Call :meth:`run` with the items of the files."""

    def __init__(
        self,
        ws: Workspace,
        fmt: str,
        files: list[str],
        resolver: LabelResolver,
        *,
        annotator: str,
        per_record_annotator: bool = False,
        layer_policy: str = "union",
        skip_bad: bool = False,
        rejected_path: Path | None = None,
        dry_run: bool = False,
        progress: Callable[[int, int | None], None] | None = None,
        counter: ByteCounter | None = None,
        total_bytes: int | None = None,
    ) -> None:
        self.ws = ws
        self.fmt = fmt
        self.resolver = resolver
        self.annotator_name = annotator
        self.per_record = per_record_annotator
        self.layer_policy = layer_policy
        self.skip_bad = skip_bad
        self.rejected_path = rejected_path
        self.dry_run = dry_run
        self.progress = progress
        self.counter = counter
        self.total_bytes = total_bytes
        self.report = CorpusImportReport(fmt, files, annotator, dry_run=dry_run, tally=resolver.tally)
        self.tally = resolver.tally
        self.failing = False
        self.problem_count = 0
        self.pending: list[_Pending] = []
        self.pending_spans = 0
        self.annotators: dict[tuple[str, str], int] = {}
        self.first_new_doc = 0
        self.slot = (0, 0)
        self.seen_hashes: dict[str, int] = {}  # dry run only: hashes of this import
        self.group: OutputGroup | None = None
        self.rejected_fh = None
        self.session = None
        self._fake_doc = 0
        self._prov_prefix: dict[str, str] = {}
        self._owners: Counter[str] = Counter()
        # Writer-side counts (batches): kept apart from the reading side's, merged at the end.
        # _lock guards the session and the rejected-records report.
        self._lock = threading.RLock()
        self.wt = Tally()

    # -- driving ---------------------------------------------------------------------------------
    def run(self, items: Iterable[object]) -> CorpusImportReport:
        try:
            if self.dry_run:
                with self.ws.db.read() as s:
                    self.session = s
                    self._consume(items)
            else:
                with self.ws.db.write() as s:
                    self.session = s
                    repo.bulk_mode(s, True)
                    self.slot = repo.next_document_slot(s, self.ws.project_id)
                    self.first_new_doc = self.slot[0]
                    self._consume(items)
                    t_commit = time.perf_counter()
                    self._finish_checks()
                    if self.group is not None:
                        self._close_rejected()
                self.report.commit_s = round(time.perf_counter() - t_commit, 3)
                if self.group is not None:
                    self.group.commit()
        except BaseException:
            if self.group is not None:
                self.group.abort()
            raise
        finally:
            if not self.dry_run:
                with self.ws.db.read() as s:
                    repo.bulk_mode(s, False)
            self.session = None
        if self.dry_run:
            self._finish_report()
            return self.report
        if self.resolver.created:
            self.ws.reload_labels()
        self._finish_report()
        return self.report

    def _consume(self, items: Iterable[object]) -> None:
        n = 0
        for item in items:
            n += 1
            if isinstance(item, ImportRecord):
                self._record(item)
            elif isinstance(item, FileNote):
                self.tally.add(item.kind, item.source)
            elif isinstance(item, Rejected):
                self._reject(item)
            if self.pending and (len(self.pending) >= BATCH_RECORDS or self.pending_spans >= BATCH_SPANS):
                self._flush()
            if n % 200 == 0 and self.progress is not None:
                self._progress()
            if not self.skip_bad and self.problem_count >= MAX_PROBLEMS:
                break
        if self.pending:
            self._flush()
        self._progress()

    def _progress(self) -> None:
        if self.progress is not None:
            done = self.counter.n if self.counter is not None else self.report.records
            self.progress(done, self.total_bytes)

    def _finish_checks(self) -> None:
        if self.resolver.unknown:
            self._finish_report()
            raise ImportFailed([self.resolver.unknown_message()], report=self.report)
        if self.problem_count and not self.skip_bad:
            self._finish_report()
            raise ImportFailed(self.report.problems, self.problem_count, report=self.report)
        if self.report.records == 0 and self.problem_count == 0:
            raise ImportFailed([f"{', '.join(self.report.files) or 'the input'}: no documents found; nothing was imported"])

    def _finish_report(self) -> None:
        r = self.report
        if self.wt:
            r.tally.merge(self.wt)
            self.wt = Tally()
        r.labels_created = list(self.resolver.created)
        r.label_counts = dict(self.resolver.used)
        r.unknown_labels = {k: v.count for k, v in self.resolver.unknown.items()}
        r.rejected = self.problem_count
        mapped = self.resolver.mapped_spans()
        if mapped:
            r.tally.counts["label_mapped"] = mapped
        r.annotators = [name for name, _ in self._owners.most_common()] if self.per_record else []

    # -- problems ---------------------------------------------------------------------------------
    def _reject(self, item: Rejected) -> None:
        with self._lock:
            self._reject_locked(item)

    def _reject_locked(self, item: Rejected) -> None:
        self.problem_count += 1
        if len(self.report.problems) < MAX_PROBLEMS:
            self.report.problems.append(str(item))
        self.tally.add("record_rejected")
        if not self.skip_bad and not self.dry_run:
            self.failing = True
            self.pending.clear()
            self.pending_spans = 0
            return
        if self.dry_run:
            return
        if self.group is None:
            path = self.rejected_path or Path(f"rejected-{self.fmt}.jsonl")
            self.group = OutputGroup()
            try:
                self.rejected_fh = self.group.open(path)
            except OutputError as exc:
                raise ServiceError(f"cannot write the rejected-records report: {exc}") from None
            self.report.rejected_path = path
        raw = item.raw.decode("utf-8", "replace") if isinstance(item.raw, bytes) else item.raw
        self.rejected_fh.write(  # type: ignore[union-attr]
            orjson.dumps({"file": item.source, "line": item.line, "reasons": item.reasons, "record": raw},
                         option=orjson.OPT_APPEND_NEWLINE)
        )

    def _close_rejected(self) -> None:
        pass  # the OutputGroup flushes and renames on commit

    # -- records ----------------------------------------------------------------------------------
    def _annotator(self, name: str, kind: str) -> int:
        key = (name, kind)
        aid = self.annotators.get(key)
        if aid is None:
            with self._lock:
                if self.dry_run:
                    found = repo.annotator_kind(self.session, self.ws.project_id, name)  # type: ignore[arg-type]
                    aid = found[0] if found else -(len(self.annotators) + 1)
                else:
                    aid = repo.ensure_annotator(self.session, self.ws.project_id, name, kind)  # type: ignore[arg-type]
            self.annotators[key] = aid
        return aid

    def _name(self, source: str) -> str:
        return Path(source).name

    def _stem(self, source: str) -> str:
        return Path(source).stem

    def _provenance(self, rec: ImportRecord) -> str:
        prefix = self._prov_prefix.get(rec.source)
        if prefix is None:
            prefix = orjson.dumps({"format": self.fmt, "file": Path(rec.source).name}).decode()[:-1]
            self._prov_prefix[rec.source] = prefix
        return prefix

    def _record(self, rec: ImportRecord) -> None:
        self.report.records += 1
        for kind, example, k in rec.notes:
            self.tally.add(kind, example, k)
        text = rec.text
        if not text:
            self._reject(Rejected(rec.source, rec.line, ["empty text"], rec.raw))
            return
        resolver = self.resolver
        fast = resolver.fast
        session = self.session if not self.failing else None
        src = rec.source
        prefix = self._provenance(rec)
        origins = rec.origins
        provs = rec.provenance
        origin = rec.origin
        rows = []
        n_len = len(text)
        spans = rec.spans
        self.report.spans_read += len(spans)
        resolver.count([sp[2] for sp in spans])
        for k, (s, e, label, st, line) in enumerate(spans):
            lid = fast.get(label)
            if lid is None:
                with self._lock:
                    lid = resolver.resolve(session, label, src, line if line is not None else rec.line, count=False)
                if lid is None or lid is False:
                    continue
            if not (0 <= s < e <= n_len):
                self._reject(Rejected(src, line, [f"span {s}–{e} ({label}) lies outside the text or is empty"], rec.raw))
                return
            if st is None:
                st = text[s:e]
            if provs is not None:
                prov = provs[k]
            else:
                prov = f'{prefix},"line":{line}}}' if line is not None else prefix + "}"
            if origins is not None:
                origin = origins[k]
                if origin not in ORIGINS:
                    self._reject(Rejected(src, line, [f"span {s}–{e}: origin {origin!r} is not one of {', '.join(ORIGINS)}"], rec.raw))
                    return
            rows.append((s, e, lid, st, line, origin, prov, k))
        rows.sort(key=lambda r: (r[0], -r[1], r[7]))
        rows, problem = _laminar(rows, self.tally, src)
        if problem is not None:
            self._reject(Rejected(src, problem[0] if problem[0] is not None else (rec.line or None), [problem[1]], rec.raw))
            return
        if self.failing:
            return  # checking only: nothing will be written
        name = rec.annotator if self.per_record and rec.annotator else self.annotator_name
        kind = rec.kind if rec.kind != "human" else ("gold" if name == "gold" else "human")
        self._owners[name] += 1
        aid = self._annotator(name, kind)
        self.pending.append(_Pending(rec, rows, text_sha256(text), aid))
        self.pending_spans += len(rows)

    # -- writing ----------------------------------------------------------------------------------
    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        self.pending_spans = 0
        if self.failing:
            return
        self._write_batch(batch)

    def _write_batch(self, batch: list[_Pending]) -> None:
        if self.failing:
            return
        s = self.session
        pid = self.ws.project_id
        existing = repo.document_ids_by_hash(s, pid, {p.sha for p in batch})  # type: ignore[arg-type]
        if self.dry_run:
            for p in batch:
                if p.sha in self.seen_hashes and p.sha not in existing:
                    existing[p.sha] = self.seen_hashes[p.sha]
        new_docs: list[_Pending] = []
        first_in_batch: dict[str, _Pending] = {}
        doc_of: dict[int, int] = {}  # id(pending) -> document id
        for p in batch:
            if p.sha in existing:
                did = existing[p.sha]
                doc_of[id(p)] = did
                repeated = (did >= self.first_new_doc > 0) or (self.dry_run and p.sha in self.seen_hashes)
                self.wt.add("document_repeated" if repeated else "document_existing", f"{p.rec.source}, line {p.rec.line}")
                self.report.documents_existing += 1
                if len(self.report.duplicates) < 10_000:
                    self.report.duplicates.append((p.rec.source_name or Path(p.rec.source).name, did))
            elif p.sha in first_in_batch:
                self.wt.add("document_repeated", f"{p.rec.source}, line {p.rec.line}")
                self.report.documents_existing += 1
            else:
                first_in_batch[p.sha] = p
                new_docs.append(p)
        if self.dry_run:
            ids = []
            for p in new_docs:
                self._fake_doc -= 1
                ids.append(self._fake_doc)
                self.seen_hashes[p.sha] = self._fake_doc
        else:
            ids = repo.bulk_insert_documents(
                s,  # type: ignore[arg-type]
                pid,
                slot=self.slot,
                rows=
                [
                    (
                        (p.rec.title or title_from_text(p.rec.text, self._stem(p.rec.source)))[:300],
                        (p.rec.source_name or self._name(p.rec.source))[:500],
                        p.rec.text,
                        p.sha,
                        p.rec.newlines_normalised,
                        p.rec.had_bom,
                        orjson.dumps(p.rec.meta, default=str).decode(),
                    )
                    for p in new_docs
                ],
            )
            self.slot = (self.slot[0] + len(ids), self.slot[1] + len(ids))
        for p, did in zip(new_docs, ids):
            doc_of[id(p)] = did
            if len(self.report.added) < 10_000:
                self.report.added.append((did, p.rec.source_name or self._name(p.rec.source)))
        self.report.documents_added += len(new_docs)
        for p in batch:
            if id(p) not in doc_of:  # repeated within this batch
                doc_of[id(p)] = doc_of[id(first_in_batch[p.sha])]
        self._write_layers(batch, doc_of)

    def _write_layers(self, batch: list[_Pending], doc_of: dict[int, int]) -> None:
        s = self.session
        wanted = [p for p in batch if p.rows or p.rec.status]
        if not wanted:
            return
        by_annot: dict[int, list[int]] = {}
        for p in wanted:
            by_annot.setdefault(p.annotator, []).append(doc_of[id(p)])
        known: dict[tuple[int, int], tuple[int, str, str]] = {}
        for aid, dids in by_annot.items():
            real = [d for d in dids if d > 0]
            if aid > 0 and real:
                for did, info in repo.layers_for(s, aid, real).items():  # type: ignore[arg-type]
                    known[(did, aid)] = info
        new_layers: list[tuple[int, int, str, str | None, float | None]] = []
        new_layer_spans: list[list] = []
        fresh: dict[tuple[int, int], int] = {}  # (doc, annot) -> index in new_layers
        span_rows: list[tuple] = []
        batch_added: dict[int, list] = {}  # existing layer id -> rows added in this batch
        for p in wanted:
            did = doc_of[id(p)]
            key = (did, p.annotator)
            if key in fresh:  # the same document twice in this batch: merge into the new layer
                rows = _union(new_layer_spans[fresh[key]], p.rows, self.wt, p.rec)
                if isinstance(rows, str):
                    self._reject(Rejected(p.rec.source, p.rec.line, [rows], p.rec.raw))
                    if self.failing:
                        return
                    continue
                new_layer_spans[fresh[key]].extend(rows)
                continue
            info = known.get(key)
            if info is None:
                fresh[key] = len(new_layers)
                new_layers.append((did, p.annotator, p.rec.status or "new", _ts(p.rec.updated_at), p.rec.active_seconds))
                new_layer_spans.append(list(p.rows))
                continue
            lid, _status, updated = info
            if self.layer_policy == "newer":
                incoming = _ts(p.rec.updated_at) or ""
                if incoming > (updated or ""):
                    if not self.dry_run:
                        repo.replace_layer(s, lid, p.rec.status, incoming, p.rec.active_seconds)  # type: ignore[arg-type]
                    self.wt.add("layer_replaced", f"document {did}")
                    span_rows.extend([(lid, r[2], r[0], r[1], r[3], r[5], r[6]) for r in p.rows])
                    self.report.spans_added += len(p.rows)
                else:
                    self.wt.add("layer_kept", f"document {did}")
                continue
            old = [(r[1], r[2], r[3]) for r in repo.layer_spans(s, lid)] if lid > 0 else []  # type: ignore[arg-type]
            old += [(r[0], r[1], r[2]) for r in batch_added.get(lid, [])]
            rows = _union_existing(old, p.rows, self.wt, p.rec)
            if isinstance(rows, str):
                self._reject(Rejected(p.rec.source, p.rec.line, [rows], p.rec.raw))
                if self.failing:
                    return
                continue
            if rows:
                batch_added.setdefault(lid, []).extend(rows)
                span_rows.extend([(lid, r[2], r[0], r[1], r[3], r[5], r[6]) for r in rows])
                self.report.spans_added += len(rows)
                self.wt.add("layer_merged", f"document {did}")
                if not self.dry_run:
                    repo.touch_layer_at(s, lid)  # type: ignore[arg-type]
        if self.dry_run:
            self.report.layers_added += len(new_layers)
            self.report.spans_added += sum(len(x) for x in new_layer_spans)
            return
        lids = repo.bulk_insert_layers(s, new_layers)  # type: ignore[arg-type]
        self.report.layers_added += len(lids)
        for lid, rows in zip(lids, new_layer_spans):
            span_rows.extend([(lid, r[2], r[0], r[1], r[3], r[5], r[6]) for r in rows])
            self.report.spans_added += len(rows)
        repo.bulk_insert_spans(s, span_rows)  # type: ignore[arg-type]


def _laminar(rows: list[tuple], tally: Tally, src: str) -> tuple[list[tuple], tuple[int | None, str] | None]:
    """Drop identical duplicates; find a crossing pair. Rows are sorted by (start, -end, order)."""
    out: list[tuple] = []
    stack: list[tuple] = []
    same_range: list[tuple] = []
    for r in rows:
        if same_range and same_range[0][0] == r[0] and same_range[0][1] == r[1]:
            if any(x[2] == r[2] for x in same_range):
                tally.add("span_duplicate", f"{src}, line {r[4]}: {r[0]}–{r[1]} “{r[3]}”")
                continue
            same_range.append(r)
        else:
            same_range = [r]
        while stack and stack[-1][1] <= r[0]:
            stack.pop()
        if stack and r[1] > stack[-1][1]:
            top = stack[-1]
            return out, (r[4], f"span {r[0]}–{r[1]} “{r[3]}” crosses span {top[0]}–{top[1]} “{top[3]}”: "
                               "spans of a layer may nest but not cross")
        stack.append(r)
        out.append(r)
    return out, None


def _union_existing(old: list[tuple[int, int, int]], rows: list[tuple], tally: Tally, rec: ImportRecord) -> list[tuple] | str:
    """New rows not already in the layer (``old``: (start, end, label_id)); a message if one crosses."""
    have = set(old)
    fresh = []
    for r in rows:
        if (r[0], r[1], r[2]) in have:
            tally.add("span_duplicate", f"{rec.source}, line {r[4]}: {r[0]}–{r[1]} “{r[3]}”")
            continue
        fresh.append(r)
    if not fresh or not old:
        return fresh
    merged = sorted([(a, b, 0) for a, b, _ in old] + [(r[0], r[1], 1) for r in fresh], key=lambda x: (x[0], -x[1], x[2]))
    stack: list[tuple] = []
    for a, b, new in merged:
        while stack and stack[-1][1] <= a:
            stack.pop()
        if stack and b > stack[-1][1]:
            other = stack[-1]
            return (f"span {a}–{b} “{rec.text[a:b]}” crosses span {other[0]}–{other[1]} “{rec.text[other[0]:other[1]]}” "
                    "already in the layer: spans of a layer may nest but not cross")
        stack.append((a, b, new))
    return fresh


def _union(have_rows: list[tuple], rows: list[tuple], tally: Tally, rec: ImportRecord) -> list[tuple] | str:
    return _union_existing([(r[0], r[1], r[2]) for r in have_rows], rows, tally, rec)


def iter_items(read, paths: list[Path], options) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Items of every file, FormatError (a whole file unreadable) as a rejected item."""
    for path in paths:
        try:
            yield from read(path, options)
        except FormatError as exc:
            yield Rejected("", None, [str(exc)])
        except Cancelled:
            raise


__all__ = ["Ingest", "ImportFailed", "CorpusImportReport", "iter_items"]
