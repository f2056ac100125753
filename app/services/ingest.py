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
  A record is what a format reads as one: a JSON line or task, a brat document, a CoNLL
  *sentence* (a bad sentence is left out, not its file).

Speed (``tests/benchmarks/bench_formats.py``; 1,000,000 spans in 100,000 documents, measured
on the development machine, see README). What the engine does per span is kept to a few
C-level operations, and every check stays:

* Spans that come sorted (start, outer first; every Hamish export and CoNLL reader gives
  them so) are checked for crossing and duplicates in the reading loop itself, with the
  previous span and a stack of the enclosing spans' ends; others are sorted by two stable
  C-level sorts and swept (:func:`_laminar`). Same rules, same messages.
* A record's kept spans go into ONE flat list of values (:data:`ROW` per span, the last
  slot holding the line until it becomes the layer id), written by multi-row INSERTs
  (``repository.bulk_insert_span_rows``: 1,024 spans a statement, cached statements; one
  timestamp for the whole import so the statement text never changes).
* The text is encoded to UTF-8 once: those bytes are hashed and stored
  (``CAST(? AS TEXT)``), so SQLite's binding does not encode it again.
* New documents are inserted without a look-up first (``ON CONFLICT DO NOTHING`` on the
  text-hash index); only a batch where a text was already there is looked up (and from
  then on every batch), so document ids stay consecutive.
* The cyclic garbage collector is off during the import: a batch's records and rows are
  millions of container objects that trigger full collections again and again (12 % of
  the import's time, profiled), and an import makes no reference cycles in bulk.
* CHECK constraints are checked here rather than by SQLite per row
  (``repository.begin_bulk_import``, undone on the same connection before the commit).
  ``synchronous`` and the journal mode are untouched: the commit (and the checkpoint SQLite
  runs at it) is as durable as any other.

Tried and dropped (measured): writing on a second thread (SQLite releases the GIL while it
inserts, but the writer then waits up to the 5 ms switch interval for the GIL after every
statement: 9.9-12.0 s against 8.9-9.8 s on one thread, on this 2-core machine under load);
multi-row INSERTs for documents and layers (their rows are few and large: 1.61 s against
1.06 s per 100,000 documents with ``executemany``); a larger SQLite page cache (no
difference within noise, up to +66 MiB); deferring the WAL checkpoint past the commit (it
would only move ~1 s of disk writes to the next commit, a key press in the editor); the
format's reader in a second process, sending pickled batches of records (CoNLL 127k → 146k
spans/s, JSONL 146k → 115k: pickling and unpickling a record costs about what parsing it
does, and the second core is then busy with that instead).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator

import gc
import threading
import time

import orjson

from app.core.fs import OutputError
from app.core.issues import Tally
from app.core.outputs import OutputGroup
from app.core.text import title_from_text
from app.formats.base import ByteCounter, FileNote, FormatError, ImportRecord, Rejected
from app.services.labelmap import LabelResolver
from app.services.progress import Cancelled
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo

ORIGINS = ("manual", "imported", "suggested")
MAX_PROBLEMS = 200  # kept in memory (all are counted)
# A batch is written when it holds this many records, spans or characters of text, so memory
# stays flat whatever the corpus (and whatever the size of its documents).
BATCH_RECORDS = 500
BATCH_SPANS = 50_000
BATCH_TEXT = 1_000_000


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
            lines.append(f"{self.rejected:,} record(s) {'would be ' if self.dry_run else ''}rejected{where}")
            lines += [f"  {p}" for p in self.problems[:5]]
            if self.rejected > 5:
                lines.append(f"  … and {self.rejected - 5:,} more" + (f" (every one in {self.rejected_path})"
                                                                       if self.rejected_path else ""))
        return "\n".join(lines)


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


class _Pending:
    __slots__ = ("rec", "rows", "sha", "annotator", "utf8")

    def __init__(self, rec: ImportRecord, rows: list, sha: str, annotator: int, utf8: bytes) -> None:
        self.rec = rec
        self.rows = rows  # flat: ROW values per span (see ROW), spans in (start, end descending) order
        self.sha = sha
        self.annotator = annotator
        self.utf8 = utf8  # the text as UTF-8: hashed, and stored as it is (encoded once)


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
        self.pending_text = 0
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
        self._now: str | None = None
        self._look_up_first = False  # documents are looked up by hash before inserting (see _write_batch)
        self._labels_read: Counter[str] = Counter()  # source label -> spans read (merged into resolver.used)

    # -- driving ---------------------------------------------------------------------------------
    def run(self, items: Iterable[object]) -> CorpusImportReport:
        gc_was_enabled = gc.isenabled()
        gc.disable()  # see the module docstring ("Speed"); back on when the import ends, whatever happens
        try:
            return self._run(items)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _run(self, items: Iterable[object]) -> CorpusImportReport:
        try:
            if self.dry_run:
                with self.ws.db.read() as s:
                    self.session = s
                    self._consume(items)
            else:
                with self.ws.db.write() as s:
                    self.session = s
                    settings = repo.begin_bulk_import(s)
                    try:
                        self._now = repo.sqlite_ts()  # one time for the import: its statements stay cached
                        self.slot = repo.next_document_slot(s, self.ws.project_id)
                        self.first_new_doc = self.slot[0]
                        self._consume(items)
                        t_commit = time.perf_counter()
                        self._finish_checks()
                    except BaseException:
                        with contextlib.suppress(Exception):  # the connection may be the problem
                            repo.end_bulk_import(settings)
                        raise
                    repo.end_bulk_import(settings)  # before the commit: the connection goes back as it was
                self.report.commit_s = round(time.perf_counter() - t_commit, 3)
                if self.group is not None:
                    self.group.commit()
        except BaseException:
            if self.group is not None:
                self.group.abort()
            raise
        finally:
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
            if self.pending and (len(self.pending) >= BATCH_RECORDS or self.pending_spans >= BATCH_SPANS
                                 or self.pending_text >= BATCH_TEXT):
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
        if self._labels_read:
            used = self.resolver.used
            for label, n in self._labels_read.items():
                used[label] = used.get(label, 0) + n
            self._labels_read.clear()
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
        self.tally.add("record_rejected" if self.skip_bad and not self.dry_run else "record_problem")
        if not self.skip_bad and not self.dry_run:
            self.failing = True
            self.pending.clear()
            self.pending_spans = 0
            self.pending_text = 0
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
        """Check one record and queue it for writing (the hot path: a million spans go through here).

        Per span: its label resolved, its offsets within the text, its stored text sliced from
        the record's text (``text[start:end] == span text`` by construction), its provenance
        and origin. The spans must nest or be disjoint, and identical ones (start, end, label)
        are dropped. Spans that come sorted (start, outer first), as Hamish exports and
        token-level corpora have them, are checked in the same pass (:meth:`_spans_in_order`);
        others are sorted and swept by :func:`_laminar`. Each kept span adds :data:`ROW`
        values to one flat list, ready for the multi-row INSERT.
        """
        report = self.report
        report.records += 1
        tally = self.tally
        for kind, example, k in rec.notes:
            tally.add(kind, example or None, k)  # "": counted without an example
        text = rec.text
        src = rec.source
        if not text:
            self._reject(Rejected(src, rec.line, ["empty text"], rec.raw))
            return
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            self._reject(Rejected(src, rec.line, [
                f"the text holds an unpaired surrogate U+{ord(text[exc.start]):04X} at character {exc.start}, "
                "which UTF-8 cannot store"], rec.raw))
            return
        spans = rec.spans
        report.spans_read += len(spans)
        self._labels_read.update(map(_LABEL, spans))  # C-level count per source label
        if rec.origins is None and rec.provenance is None:
            if rec.origin not in ORIGINS:
                self._reject(Rejected(src, rec.line, [f"origin {rec.origin!r} is not one of {', '.join(ORIGINS)}"], rec.raw))
                return
            rows = self._spans_in_order(rec, text)
        else:
            rows = self._spans_any(rec, text)
        if rows is None:
            return  # rejected
        if self.failing:
            return  # checking only: nothing will be written
        name = rec.annotator if self.per_record and rec.annotator else self.annotator_name
        kind = rec.kind if rec.kind != "human" else ("gold" if name == "gold" else "human")
        self._owners[name] += 1
        aid = self._annotator(name, kind)
        self.pending.append(_Pending(rec, rows, hashlib.sha256(utf8).hexdigest(), aid, utf8))
        self.pending_spans += len(rows) // ROW
        self.pending_text += len(text)

    def _label_id(self, rec: ImportRecord, label: str, line: int | None) -> int | None:
        """A label not resolved yet (first sight, dropped or unknown): None when its span is left out."""
        with self._lock:
            session = self.session if not self.failing else None
            lid = self.resolver.resolve(session, label, rec.source, line if line is not None else rec.line, count=False)
        return None if lid is None or lid is False else lid  # type: ignore[return-value]

    def _spans_in_order(self, rec: ImportRecord, text: str) -> list | None:
        """Flat rows of a record whose spans share its origin and provenance prefix; sorted
        input is checked in the loop (previous span and a stack of the open outer spans' ends)."""
        fast_get = self.resolver.fast.get
        tally = self.tally
        src = rec.source
        prefix = self._provenance(rec)
        origin = rec.origin
        n_len = len(text)
        rows: list = []
        last_line: object = _NO_LINE
        prov = ""
        ordered = True
        ends: list[int] = []  # ends of the open spans enclosing the previous one, innermost last
        ps = pe = -1  # the previous span kept (pe: -1 before the first)
        here = -1  # its label id
        more: list[int] | None = None  # other label ids on that same range
        for s, e, label, _quoted, line in rec.spans:
            lid = fast_get(label)
            if lid is None:
                lid = self._label_id(rec, label, line)
                if lid is None:
                    continue
            if not (0 <= s < e <= n_len):
                self._reject(Rejected(src, line, [f"span {s}–{e} ({label}) lies outside the text or is empty"], rec.raw))
                return None
            if line != last_line:
                last_line = line
                prov = f'{prefix},"line":{line}}}' if line is not None else prefix + "}"
            if ordered:
                if s >= pe:  # after the previous span (the common case: disjoint spans)
                    while ends and ends[-1] <= s:
                        ends.pop()
                    if ends and e > ends[-1]:
                        self._reject(Rejected(src, line if line is not None else (rec.line or None),
                                              [_crossing(rows, s, e, ends[-1], text)], rec.raw))
                        return None
                    here = lid
                    more = None
                elif s > ps or (s == ps and e < pe):  # starts inside the previous span
                    if e > pe:
                        self._reject(Rejected(src, line if line is not None else (rec.line or None),
                                              [_crossing(rows, s, e, pe, text)], rec.raw))
                        return None
                    ends.append(pe)
                    here = lid
                    more = None
                elif s == ps and e == pe:  # the same range again
                    if lid == here or (more is not None and lid in more):
                        tally.add("span_duplicate", f"{src}, line {line}: {s}–{e} “{text[s:e]}”")
                        continue
                    if more is None:
                        more = []
                    more.append(lid)
                else:
                    ordered = False  # sorted and checked below
                ps = s
                pe = e
            rows += (lid, s, e, text[s:e], origin, prov, line)
        if ordered:
            return rows
        return self._sorted_checked(rec, rows)

    def _spans_any(self, rec: ImportRecord, text: str) -> list | None:
        """Flat rows of a record whose spans carry their own origin and provenance (a merge)."""
        fast_get = self.resolver.fast.get
        src = rec.source
        origins = rec.origins
        provs = rec.provenance
        prefix = self._provenance(rec)
        n_len = len(text)
        rows: list = []
        for k, (s, e, label, _quoted, line) in enumerate(rec.spans):
            lid = fast_get(label)
            if lid is None:
                lid = self._label_id(rec, label, line)
                if lid is None:
                    continue
            if not (0 <= s < e <= n_len):
                self._reject(Rejected(src, line, [f"span {s}–{e} ({label}) lies outside the text or is empty"], rec.raw))
                return None
            if provs is not None:
                prov = provs[k]
            else:
                prov = f'{prefix},"line":{line}}}' if line is not None else prefix + "}"
            origin = origins[k] if origins is not None else rec.origin
            if origin not in ORIGINS:
                self._reject(Rejected(src, line, [f"span {s}–{e}: origin {origin!r} is not one of {', '.join(ORIGINS)}"], rec.raw))
                return None
            rows += (lid, s, e, text[s:e], origin, prov, line)
        return self._sorted_checked(rec, rows)

    def _sorted_checked(self, rec: ImportRecord, rows: list) -> list | None:
        """Flat rows sorted (start, end descending, file order), identical ones dropped; None
        (the record rejected) if two spans cross."""
        if len(rows) <= ROW:
            return rows
        grouped = list(zip(*[iter(rows)] * ROW))
        # Two stable C-level sorts, no per-span key tuple.
        grouped.sort(key=_END, reverse=True)
        grouped.sort(key=_START)
        grouped, problem = _laminar(grouped, self.tally, rec.source)
        if problem is not None:
            self._reject(Rejected(rec.source, problem[0] if problem[0] is not None else (rec.line or None), [problem[1]], rec.raw))
            return None
        return list(chain.from_iterable(grouped))

    # -- writing ----------------------------------------------------------------------------------
    def _insert_documents(self, docs: list[_Pending]) -> int:
        """Insert at the current slot; the number inserted (a text already there is skipped)."""
        return repo.bulk_insert_documents_utf8(
            self.session,  # type: ignore[arg-type]
            self.ws.project_id,
            [
                (
                    (p.rec.title or title_from_text(p.rec.text, self._stem(p.rec.source)))[:300],
                    (p.rec.source_name or self._name(p.rec.source))[:500],
                    p.utf8,
                    len(p.rec.text),
                    p.sha,
                    p.rec.newlines_normalised,
                    p.rec.had_bom,
                    orjson.dumps(p.rec.meta, default=str).decode(),
                )
                for p in docs
            ],
            self.slot,
            self._now,
        )

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        self.pending_spans = 0
        self.pending_text = 0
        if self.failing:
            return
        self._write_batch(batch)

    def _write_batch(self, batch: list[_Pending]) -> None:
        """Documents of a batch (matched by text hash, new ones inserted), then their layers.

        A new corpus needs no look-up: the batch's documents are inserted with ``ON CONFLICT
        DO NOTHING`` on the (project, text hash) unique index, and when every one went in
        that was all. When one was already there, this batch's rows are taken out again,
        the hashes looked up and only the new documents inserted (ids stay consecutive);
        from then on every batch is looked up first (the corpus overlaps the project).
        """
        if self.failing:
            return
        s = self.session
        pid = self.ws.project_id
        first_in_batch: dict[str, _Pending] = {}
        for p in batch:
            first_in_batch.setdefault(p.sha, p)
        cands = list(first_in_batch.values())  # the first record of each text, in order
        given: dict[str, int] = {}
        existing: dict[str, int] = {}
        if self.dry_run:
            existing = repo.document_ids_by_hash_raw(s, pid, [p.sha for p in cands])  # type: ignore[arg-type]
            for p in cands:
                if p.sha in self.seen_hashes and p.sha not in existing:
                    existing[p.sha] = self.seen_hashes[p.sha]
            for p in cands:
                if p.sha not in existing:
                    self._fake_doc -= 1
                    given[p.sha] = self._fake_doc
                    self.seen_hashes[p.sha] = self._fake_doc
        else:
            new = cands
            if self._look_up_first:
                existing = repo.document_ids_by_hash_raw(s, pid, [p.sha for p in cands])  # type: ignore[arg-type]
                new = [p for p in cands if p.sha not in existing]
            inserted = self._insert_documents(new)
            if inserted < len(new):
                if self._look_up_first:  # cannot happen: the write lock is held and hashes were looked up
                    raise ServiceError("a document was added to the project during the import; nothing was imported")
                self._look_up_first = True
                if inserted:
                    repo.delete_documents_from(s, pid, self.slot[0])  # type: ignore[arg-type]
                existing = repo.document_ids_by_hash_raw(s, pid, [p.sha for p in cands])  # type: ignore[arg-type]
                new = [p for p in cands if p.sha not in existing]
                if self._insert_documents(new) != len(new):
                    raise ServiceError("a document was added to the project during the import; nothing was imported")
            first = self.slot[0]
            given = {p.sha: first + i for i, p in enumerate(new)}
            self.slot = (self.slot[0] + len(new), self.slot[1] + len(new))
        doc_of: dict[int, int] = {}  # id(pending) -> document id
        found: set[int] = set()  # documents that were in the project before this batch
        report = self.report
        for p in batch:
            if p.sha in existing:
                did = existing[p.sha]
                found.add(did)
                repeated = (did >= self.first_new_doc > 0) or (self.dry_run and p.sha in self.seen_hashes)
                self.wt.add("document_repeated" if repeated else "document_existing", f"{p.rec.source}, line {p.rec.line}")
                report.documents_existing += 1
                if len(report.duplicates) < 10_000:
                    report.duplicates.append((p.rec.source_name or Path(p.rec.source).name, did))
            elif first_in_batch[p.sha] is not p:  # repeated within this batch
                self.wt.add("document_repeated", f"{p.rec.source}, line {p.rec.line}")
                report.documents_existing += 1
            else:
                report.documents_added += 1
                if len(report.added) < 10_000:
                    report.added.append((given[p.sha], p.rec.source_name or self._name(p.rec.source)))
            doc_of[id(p)] = existing[p.sha] if p.sha in existing else given[p.sha]
        self._write_layers(batch, doc_of, found)

    def _write_layers(self, batch: list[_Pending], doc_of: dict[int, int], found: set[int]) -> None:
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
                real = [d for d in dids if d > 0]
                if aid > 0 and real:
                    for did, info in repo.layers_for(s, aid, real).items():  # type: ignore[arg-type]
                        known[(did, aid)] = info
        new_layers: list[tuple[int, int, str, str | None, float | None]] = []
        new_layer_spans: list[list] = []  # flat rows of each new layer
        fresh: dict[tuple[int, int], int] = {}  # (doc, annot) -> index in new_layers
        old_layer_rows: list[tuple[int, list]] = []  # (existing layer id, flat rows added to it)
        batch_added: dict[int, list] = {}  # existing layer id -> flat rows added in this batch
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
                new_layer_spans.append(p.rows)
                continue
            lid, _status, updated = info
            if self.layer_policy == "newer":
                incoming = _ts(p.rec.updated_at) or ""
                if incoming > (updated or ""):
                    if not self.dry_run:
                        repo.replace_layer(s, lid, p.rec.status, incoming, p.rec.active_seconds)  # type: ignore[arg-type]
                    self.wt.add("layer_replaced", f"document {did}")
                    old_layer_rows.append((lid, p.rows))
                    self.report.spans_added += len(p.rows) // ROW
                else:
                    self.wt.add("layer_kept", f"document {did}")
                continue
            old = [(r[1], r[2], r[3]) for r in repo.layer_spans(s, lid)] if lid > 0 else []  # type: ignore[arg-type]
            added = batch_added.get(lid)
            if added:
                old += zip(added[1::ROW], added[2::ROW], added[0::ROW])
            rows = _union_existing(old, p.rows, self.wt, p.rec)
            if isinstance(rows, str):
                self._reject(Rejected(p.rec.source, p.rec.line, [rows], p.rec.raw))
                if self.failing:
                    return
                continue
            if rows:
                batch_added.setdefault(lid, []).extend(rows)
                old_layer_rows.append((lid, rows))
                self.report.spans_added += len(rows) // ROW
                self.wt.add("layer_merged", f"document {did}")
                if not self.dry_run:
                    repo.touch_layer_at(s, lid)  # type: ignore[arg-type]
        if self.dry_run:
            self.report.layers_added += len(new_layers)
            self.report.spans_added += sum(len(x) for x in new_layer_spans) // ROW
            return
        lids = repo.bulk_insert_layers(s, new_layers, created_at=self._now)  # type: ignore[arg-type]
        self.report.layers_added += len(lids)
        # The last value of each span's ROW held its line (for messages); now that every check
        # is done it becomes the layer id, and the rows go to the INSERT as they are.
        flat: list = []
        for lid, rows in (*old_layer_rows, *zip(lids, new_layer_spans)):
            rows[ROW - 1 :: ROW] = [lid] * (len(rows) // ROW)
            flat += rows
        self.report.spans_added += sum(len(rows) for rows in new_layer_spans) // ROW
        repo.bulk_insert_span_rows(s, flat, self._now)  # type: ignore[arg-type]


ROW = 7  # values per span in a record's flat row list: label id, start, end, text, origin, provenance, line
_NO_LINE = object()
_LABEL = itemgetter(2)
_START = itemgetter(1)
_END = itemgetter(2)


def _crossing(rows: list, s: int, e: int, end: int, text: str) -> str:
    """The message for span s–e crossing the innermost open span (the last one kept ending at ``end``)."""
    for b in range(len(rows) - ROW, -1, -ROW):
        if rows[b + 2] == end and rows[b + 1] < s:
            a = rows[b + 1]
            break
    else:  # pragma: no cover - the open span is always among the rows
        a = s
    return f"span {s}–{e} “{text[s:e]}” crosses span {a}–{end} “{text[a:end]}”: spans of a layer may nest but not cross"


def _laminar(rows: list[tuple], tally: Tally, src: str) -> tuple[list[tuple], tuple[int | None, str] | None]:
    """Drop identical duplicates; find a crossing pair. ``rows`` are (label id, start, end,
    text, origin, provenance, line), sorted by (start, end descending, file order).

    One sweep with a stack of the spans still open: a span starting before the innermost
    open span ends must end inside it (nesting), else the two cross.
    """
    stack: list[tuple] = []
    dup: list[int] | None = None
    ps = pe = -1
    here: list[int] = []  # labels already seen on the current range
    for i, r in enumerate(rows):
        s = r[1]
        e = r[2]
        if s == ps and e == pe:
            if r[0] in here:
                tally.add("span_duplicate", f"{src}, line {r[6]}: {s}–{e} “{r[3]}”")
                if dup is None:
                    dup = []
                dup.append(i)
                continue
            here.append(r[0])
        else:
            ps = s
            pe = e
            here = [r[0]]
        while stack and stack[-1][2] <= s:
            stack.pop()
        if stack and e > stack[-1][2]:
            top = stack[-1]
            return rows, (r[6], f"span {s}–{e} “{r[3]}” crosses span {top[1]}–{top[2]} “{top[3]}”: "
                                "spans of a layer may nest but not cross")
        stack.append(r)
    if dup is not None:
        drop = set(dup)
        rows = [r for i, r in enumerate(rows) if i not in drop]
    return rows, None


def _union_existing(old: list[tuple[int, int, int]], rows: list, tally: Tally, rec: ImportRecord) -> list | str:
    """Flat rows (see :data:`ROW`) not already in the layer (``old``: (start, end, label id)
    triples); a message if one would cross a span of the layer."""
    have = set(old)
    keys = list(zip(rows[1::ROW], rows[2::ROW], rows[0::ROW]))
    if have.isdisjoint(keys):
        fresh = rows
    else:
        fresh = []
        for i, key in enumerate(keys):
            b = i * ROW
            if key in have:
                tally.add("span_duplicate", f"{rec.source}, line {rows[b + ROW - 1]}: {key[0]}–{key[1]} “{rows[b + 3]}”")
                continue
            fresh += rows[b : b + ROW]
    if not fresh or not old:
        return fresh
    merged = sorted([(a, b, 0) for a, b, _ in old] + [(a, b, 1) for a, b in zip(fresh[1::ROW], fresh[2::ROW])],
                    key=lambda x: (x[0], -x[1], x[2]))
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


def _union(have_rows: list, rows: list, tally: Tally, rec: ImportRecord) -> list | str:
    return _union_existing(list(zip(have_rows[1::ROW], have_rows[2::ROW], have_rows[0::ROW])), rows, tally, rec)


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
