"""The import engine's reading loop: records come in, are checked one by one, grouped into
batches and handed to a writer (:mod:`app.services.ingest.writers`); problems are counted
and kept for the report. See :mod:`app.services.ingest` for the rules and the speed notes.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path

from app.core.issues import Tally
from app.formats.base import ByteCounter, FileNote, FormatError, ImportRecord, Rejected
from app.services.ingest.report import MAX_PROBLEMS, CorpusImportReport, ImportFailed
from app.services.ingest.spans import ROW, SpanChecks
from app.services.ingest.writers import BatchWriter, DatabaseWriter, DryRunWriter, Pending
from app.services.labelmap import LabelResolver
from app.services.progress import Cancelled
from app.services.workspace import Workspace

# A batch is written when it holds this many records, spans or characters of text, so memory
# stays flat whatever the corpus (and whatever the size of its documents).
BATCH_RECORDS = 500
BATCH_SPANS = 50_000
BATCH_TEXT = 1_000_000
_LABEL = itemgetter(2)


class Ingest:
    """One import run. Call :meth:`run` with the items of the files.

    ``dry_run``: every record is checked and counted as the import would, nothing is written
    (not even the rejected-records report), problems are listed rather than raised.
    """

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
        self.resolver = resolver
        self.annotator_name = annotator
        self.per_record = per_record_annotator
        self.skip_bad = skip_bad or dry_run  # a dry run checks every record
        self.progress = progress
        self.counter = counter
        self.total_bytes = total_bytes
        self.report = CorpusImportReport(fmt, files, annotator, dry_run=dry_run, tally=resolver.tally)
        self.tally = resolver.tally
        self.writer: BatchWriter = (
            DryRunWriter(ws, self.report, layer_policy, self._reject)
            if dry_run
            else DatabaseWriter(
                ws, self.report, layer_policy, self._reject, fmt=fmt, rejected_path=rejected_path
            )
        )
        self.spans = SpanChecks(resolver.fast, self._label_id, self.tally, fmt)
        self.failing = False  # a problem without skip_bad: records are still checked, nothing more is written
        self.problem_count = 0
        self.pending: list[Pending] = []
        self.pending_spans = 0
        self.pending_text = 0
        self._owners: Counter[str] = Counter()
        self._labels_read: Counter[str] = Counter()  # source label -> spans read (merged into resolver.used)

    # -- driving ---------------------------------------------------------------------------------
    def run(self, items: Iterable[object]) -> CorpusImportReport:
        gc_was_enabled = gc.isenabled()
        gc.disable()  # see the package docstring ("Speed"); back on when the import ends, whatever happens
        try:
            self.writer.run(lambda: self._consume(items), self._finish_checks, self._labels_changed)
        finally:
            if gc_was_enabled:
                gc.enable()
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
            if self.pending and (
                len(self.pending) >= BATCH_RECORDS
                or self.pending_spans >= BATCH_SPANS
                or self.pending_text >= BATCH_TEXT
            ):
                self._flush()
            if n % 200 == 0 and self.progress is not None:
                self._progress()
            if not self.skip_bad and self.problem_count >= MAX_PROBLEMS:
                break
        if self.pending:
            self._flush()
        self._progress()

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        self.pending_spans = 0
        self.pending_text = 0
        if not self.failing:
            self.writer.write_batch(batch)

    def _progress(self) -> None:
        if self.progress is not None:
            done = self.counter.n if self.counter is not None else self.report.records
            self.progress(done, self.total_bytes)

    def _finish_checks(self) -> None:
        """Before the commit: anything that leaves nothing imported raises ImportFailed."""
        if self.resolver.unknown:
            self._finish_report()
            raise ImportFailed([self.resolver.unknown_message()], report=self.report)
        if self.problem_count and not self.skip_bad:
            self._finish_report()
            raise ImportFailed(self.report.problems, self.problem_count, report=self.report)
        if self.report.records == 0 and self.problem_count == 0:
            raise ImportFailed(
                [f"{', '.join(self.report.files) or 'the input'}: no documents found; nothing was imported"]
            )

    def _labels_changed(self) -> None:
        if self.resolver.created:
            self.ws.reload_labels()

    def _finish_report(self) -> None:
        r = self.report
        if self.writer.tally:
            r.tally.merge(self.writer.tally)
            self.writer.tally = Tally()
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
    def _reject(self, item: Rejected) -> bool:
        """Count and keep a problem; True when nothing more is written (all or nothing)."""
        self.problem_count += 1
        if len(self.report.problems) < MAX_PROBLEMS:
            self.report.problems.append(str(item))
        if not self.skip_bad:
            self.tally.add("record_problem")
            self.failing = True
            self.pending.clear()
            self.pending_spans = 0
            self.pending_text = 0
            return True
        self.tally.add(self.writer.set_aside(item))
        return False

    # -- records ----------------------------------------------------------------------------------
    def _record(self, rec: ImportRecord) -> None:
        """Check one record and queue it for writing (the hot path: a million spans go through here).

        The text must be non-empty and storable as UTF-8; the spans are checked by
        :class:`~app.services.ingest.spans.SpanChecks`, which gives the flat rows of the kept
        spans (:data:`~app.services.ingest.spans.ROW` values each), ready for the multi-row INSERT.
        """
        report = self.report
        report.records += 1
        tally = self.tally
        for kind, example, k in rec.notes:
            tally.add(kind, example or None, k)  # "": counted without an example
        text = rec.text
        if not text:
            self._reject(Rejected(rec.source, rec.line, ["empty text"], rec.raw))
            return
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            self._reject(
                Rejected(
                    rec.source,
                    rec.line,
                    [
                        f"the text holds an unpaired surrogate U+{ord(text[exc.start]):04X} at character {exc.start}, "
                        "which UTF-8 cannot store"
                    ],
                    rec.raw,
                )
            )
            return
        report.spans_read += len(rec.spans)
        self._labels_read.update(map(_LABEL, rec.spans))  # C-level count per source label
        rows = self.spans.rows(rec)
        if isinstance(rows, Rejected):
            self._reject(rows)
            return
        if self.failing:
            return  # checking only: nothing will be written
        name = rec.annotator if self.per_record and rec.annotator else self.annotator_name
        kind = rec.kind if rec.kind != "human" else ("gold" if name == "gold" else "human")
        self._owners[name] += 1
        aid = self.writer.annotator(name, kind)
        self.pending.append(Pending(rec, rows, hashlib.sha256(utf8).hexdigest(), aid, utf8))
        self.pending_spans += len(rows) // ROW
        self.pending_text += len(text)

    def _label_id(self, rec: ImportRecord, label: str, line: int | None) -> int | None:
        """A label not resolved yet (first sight, dropped or unknown): None when its span is left out."""
        session = self.writer.session if not self.failing else None
        lid = self.resolver.resolve(
            session, label, rec.source, line if line is not None else rec.line, count=False
        )
        return None if lid is None or lid is False else lid  # type: ignore[return-value]


def iter_items(read, paths: list[Path], options) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Items of every file, FormatError (a whole file unreadable) as a rejected item."""
    for path in paths:
        try:
            yield from read(path, options)
        except FormatError as exc:
            yield Rejected("", None, [str(exc)])
        except Cancelled:
            raise
