"""Exporting the project's documents with one annotator's spans, in any export format.

GUI contract
------------
Export… dialog::

    from app.services.export import ExportOptions, export
    report = export(ws, out, ExportOptions(format="conll", annotator="gold", split="80/10/10"), progress=cb)
    # report.summary(): counts, files written, and everything expanded/skipped/dropped
    # (report.tally.lines()); report.files: the paths written.
    export(ws, out)  # ExportOptions(): every document with the current annotator's spans, Hamish JSONL

:class:`ExportOptions` says what is exported and how (each field is described there); a bad
value is a ServiceError when the options are made. ``progress(done, total)`` is called
with documents written and documents to write; returning ``False`` (or raising
``progress.Cancelled``) cancels: :class:`Cancelled` is raised and no target was touched. Formats: ``export.EXPORT_FORMATS``; a format with
``folder_output`` (brat) and any split export write a folder at ``out``. ``out`` is
checked first by :func:`app.core.outputs.check_output` (never the project database, its
backups, an input, a link or a device; a folder only when it is new, empty or a previous
Hamish folder export: the refusal is a one-line ServiceError, shown by the dialog); outputs
keep the permissions of the files they replace, else the umask's.

Streaming: two cursors walk documents and spans in id order, each document is encoded
and written as it comes, so memory does not grow with the corpus. Every output goes to a
temporary file renamed into place only when all are complete; on any error (including a
span whose text no longer matches its offsets) or cancel, every target stays as it was.
Token-level formats can spread the encoding over a process pool (``workers``, at most one
per processor); documents are written in id order whatever the number of workers. The
workers die with the process that started them (Linux: ``PR_SET_PDEATHSIG``) and leave
Ctrl+C and SIGTERM to it.

Splits are by document, deterministic: the ids of the documents that pass the filter
are sorted, shuffled with ``random.Random(seed)``, and cut by the ratios (largest
remainder), so the same seed and documents always give the same split.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from app.core.fs import OutputError
from app.core.issues import Tally
from app.core.labelnames import LabelMapError, check_label_map
from app.core.layers import LayerStatus, is_status
from app.core.outputs import OutputGroup, check_output
from app.formats import FORMATS, ExportDocument, Format, FormatError, WriteOptions, encode_chunk, get_format
from app.services.progress import Cancelled, ProgressFn, adapt
from app.services.workspace import ServiceError, Workspace
from app.store import export_rows

EXPORT_FORMATS = [n for n, f in FORMATS.items() if f.write is not None or f.write_doc is not None]
SPLIT_NAMES = {1: ("all",), 2: ("train", "test"), 3: ("train", "dev", "test")}
AUTO_WORKERS_MIN_DOCS = 2000
CHUNK_DOCS = 200

__all__ = [
    "export",
    "ExportOptions",
    "ExportReport",
    "EXPORT_FORMATS",
    "Cancelled",
    "parse_split",
    "max_workers",
]


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how. ``ExportOptions()``: every document with the current
    annotator's spans, as Hamish JSONL.

    Every value that does not depend on the project is checked when the options are made
    (ServiceError naming it); the annotator, the labels of the label map and the output are
    checked by :func:`export`.
    """

    format: str = "jsonl"  # one of EXPORT_FORMATS
    annotator: str | None = None  # whose layer ("gold": the adjudicated one); None: the current annotator
    status: str | Sequence[str] | None = (
        None  # e.g. "done,reviewed": only documents whose layer has that status
    )
    split: str | Sequence[float] | None = None  # e.g. "80/10/10": train/dev/test by document, into a folder
    seed: int = 0  # of the split's shuffle
    label_map: dict[str, str | None] | None = None  # {Hamish label: name written, or None to drop its spans}
    partial: str = "expand"  # token formats, a span not on token edges: expand | skip
    nested: str = "outermost"  # flat token formats: outermost | innermost
    offsets: str | None = None  # doccano/labelstudio: utf16 | codepoints (None: the format's own)
    workers: int = 1  # token formats: processes (0: automatic; at most max_workers())
    docstart: bool = False  # CoNLL: a -DOCSTART- line before every document
    only_annotated: bool = False  # leave out documents without the annotator's layer
    inputs: Sequence[str | os.PathLike[str]] = ()  # files the same command reads (refused as the output)
    # Derived when the options are made:
    format_spec: Format = field(init=False, repr=False, compare=False)
    statuses: frozenset[str] | None = field(init=False, repr=False, compare=False)  # ``status``, parsed
    ratios: tuple[float, ...] | None = field(init=False, repr=False, compare=False)  # ``split``, parsed

    def __post_init__(self) -> None:
        try:
            format_ = get_format(self.format)
        except FormatError as exc:
            raise ServiceError(str(exc)) from None
        if format_.encode is None and format_.write_doc is None:
            raise ServiceError(
                f"format {self.format!r} cannot be exported (export formats: {', '.join(EXPORT_FORMATS)})"
            )
        if self.partial not in ("expand", "skip"):
            raise ServiceError(f"partial-token policy {self.partial!r}: use expand or skip")
        if self.nested not in ("outermost", "innermost"):
            raise ServiceError(f"nesting policy {self.nested!r}: use outermost or innermost")
        if self.offsets not in (None, "utf16", "codepoints"):
            raise ServiceError(f"offsets {self.offsets!r}: use utf16 or codepoints")
        statuses = _statuses(self.status)
        ratios = parse_split(self.split)
        limit = max_workers()
        if not 0 <= self.workers <= limit:
            raise ServiceError(
                f"{self.workers} workers: give 1 to {limit} (one per processor), or 0 for automatic"
            )
        object.__setattr__(self, "format_spec", format_)
        object.__setattr__(self, "statuses", statuses)
        object.__setattr__(self, "ratios", ratios)


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    documents: int
    spans: int
    annotator: str
    files: list[Path] = field(default_factory=list)
    splits: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (documents, spans)
    tally: Tally = field(default_factory=Tally)
    filtered_out: int = 0
    workers: int = 1

    def summary(self) -> str:
        head = (
            f"{self.documents} document(s), {self.spans} span(s) of {self.annotator} "
            f"written to {self.path} ({self.format})"
        )
        lines = [head]
        if self.filtered_out:
            lines.append(f"{self.filtered_out:,} document(s) left out by the status filter")
        if len(self.splits) > 1:
            lines.append(
                "split: "
                + ", ".join(f"{k} {d:,} document(s) / {s:,} span(s)" for k, (d, s) in self.splits.items())
            )
        lines += [f"  {line}" for line in self.tally.lines()]
        return "\n".join(lines)


def _iso(ts: str | None) -> str:
    # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff" (UTC); exports use ISO 8601 with "Z".
    return ts.replace(" ", "T") + "Z" if ts else ""


def parse_split(value: str | Sequence[float] | None) -> tuple[float, ...] | None:
    """``"80/10/10"`` → (80, 10, 10); 1 to 3 positive parts."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parts = tuple(float(x) for x in value.replace(",", "/").replace(":", "/").split("/") if x.strip())
        except ValueError:
            raise ServiceError(
                f"split {value!r}: give ratios such as 80/10/10 (train/dev/test) or 90/10"
            ) from None
    else:
        parts = tuple(float(x) for x in value)
    if not 1 <= len(parts) <= 3 or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise ServiceError(f"split {value!r}: give 2 or 3 non-negative ratios such as 80/10/10 or 90/10")
    return parts


def split_documents(ids: Sequence[int], ratios: Sequence[float], seed: int) -> dict[int, int]:
    """Document id → part index; deterministic for the same ids, ratios and seed."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    n = len(order)
    total = sum(ratios)
    exact = [n * r / total for r in ratios]
    sizes = [int(x) for x in exact]
    for k in sorted(range(len(ratios)), key=lambda i: -(exact[i] - sizes[i]))[: n - sum(sizes)]:
        sizes[k] += 1
    out: dict[int, int] = {}
    pos = 0
    for part, size in enumerate(sizes):
        for did in order[pos : pos + size]:
            out[did] = part
        pos += size
    return out


def _annotator_id(ws: Workspace, name: str) -> int:
    aid = ws.annotator_id_for(name)
    if aid is None:
        hint = " (the adjudicated layer does not exist yet)" if name == "gold" else ""
        raise ServiceError(f"no annotator named {name!r} in {ws.location}{hint}")
    return aid


class _Sink:
    """One output (a file or a folder) receiving documents one at a time."""

    def __init__(
        self, format_, group: OutputGroup, target: Path, folder: Path | None, options: WriteOptions
    ) -> None:  # type: ignore[no-untyped-def]
        self.format = format_
        self.options = options
        self.docs = 0
        self.spans = 0
        self.fh = None
        self.folder: Path | None = None
        self.owned = False  # a file inside a temporary folder: closed here, not by the group
        if format_.write_doc is not None:
            self.folder = folder if folder is not None else group.folder(target, format_.name)
        elif folder is not None:
            self.fh = (folder / target.name).open("wb", buffering=1 << 20)
            self.owned = True
        else:
            self.fh = group.open(target)
        if self.fh is not None and format_.header:
            self.fh.write(format_.header)

    def write_doc(self, doc: ExportDocument) -> None:
        if self.folder is not None:
            self.format.write_doc(doc, self.folder, self.options)
        else:
            self.write_bytes(self.format.encode(doc, self.options))
        self.docs += 1
        self.spans += len(doc.spans)

    def write_bytes(self, data: bytes) -> None:
        if self.docs and self.format.separator:
            self.fh.write(self.format.separator)  # type: ignore[union-attr]
        self.fh.write(data)  # type: ignore[union-attr]

    def close(self) -> None:
        if self.folder is not None and self.format.finish_folder is not None:
            self.format.finish_folder(self.folder, self.options)
        if self.fh is not None and self.format.footer:
            self.fh.write(self.format.footer)
        if self.owned and self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()

    def discard(self) -> None:
        if self.owned and self.fh is not None and not self.fh.closed:
            self.fh.close()


def export(
    ws: Workspace,
    out: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: ProgressFn | None = None,
) -> ExportReport:
    """Export to ``out`` (see the module docstring); ``options``: by default, ``ExportOptions()``."""
    options = options if options is not None else ExportOptions()
    format_ = options.format_spec
    name = options.annotator or ws.annotator_name
    aid = _annotator_id(ws, name)
    statuses = options.statuses
    ratios = options.ratios
    only_annotated = options.only_annotated
    try:
        path = check_output(
            out,
            database=ws.db.location.path,
            inputs=options.inputs,
            folder=format_.write_doc is not None or (ratios is not None and len(ratios) > 1),
        )
    except OutputError as exc:
        raise ServiceError(str(exc)) from None
    report_progress = adapt(progress)

    # Labels: names written, dropped labels.
    try:  # names the format could not read back (a space in a CoNLL tag) are refused here
        label_map = check_label_map(
            options.label_map or {}, "export label map", format_.name if format_.one_word_labels else None
        )
    except LabelMapError as exc:
        raise ServiceError(str(exc)) from None
    project = {lab.name for lab in ws.labels}
    unknown = [k for k in label_map if k not in project]
    if unknown:
        raise ServiceError(
            f"the export label map names {', '.join(map(repr, unknown))}, not project label(s) "
            f"({', '.join(sorted(project))})"
        )
    names: dict[str, str] = {}
    dropped: set[str] = set()
    for lab in ws.labels:
        if lab.name in label_map:
            if label_map[lab.name] is None:
                dropped.add(lab.name)
            else:
                names[lab.name] = label_map[lab.name]  # type: ignore[assignment]
        elif format_.token_level:
            names[lab.name] = lab.name.upper()
    tally = Tally()
    write_options = WriteOptions(
        partial=options.partial,
        nested=options.nested,
        offsets=options.offsets,
        label_names=names,
        all_labels=[lab.name for lab in ws.labels if lab.name not in dropped],
        tally=tally,
        docstart=options.docstart,
    )
    label_names = {lab.id: lab.name for lab in ws.labels}
    dropped_ids = {lab.id for lab in ws.labels if lab.name in dropped}

    # Which documents, and where each goes.
    if statuses is None and not only_annotated and not ratios:
        chosen, filtered_out, total = [], 0, ws.document_count()  # everything: no list needed
    else:
        with ws.db.raw_connection() as conn:
            rows = export_rows.export_statuses(conn, ws.project_id, aid)
        chosen = [
            did
            for did, st, has in rows
            if (statuses is None or st in statuses) and (has or not only_annotated)
        ]
        filtered_out = len(rows) - len(chosen)
        total = len(chosen)
        del rows
    parts = SPLIT_NAMES[len(ratios)] if ratios else ("all",)
    assign = split_documents(chosen, ratios, options.seed) if ratios and len(ratios) > 1 else None
    chosen_set = set(chosen) if statuses is not None or only_annotated else None
    del chosen

    n_workers = _workers(options.workers, total, format_.token_level)
    group = OutputGroup()
    sinks: list[_Sink] = []
    try:
        sinks, base = _open_sinks(format_, group, path, parts, assign is not None, write_options)
        if format_.extra_files is not None:
            for target, data in format_.extra_files(base or path, write_options, base is not None).items():
                if base is not None:
                    target.write_bytes(data)
                else:
                    group.open(target).write(data)
        docs = _stream(ws, aid, name, label_names, dropped_ids, chosen_set, format_.token_level, tally)
        done = 0
        if n_workers > 1:
            done = _write_parallel(
                format_.name, docs, sinks, assign, write_options, n_workers, report_progress, total
            )
        else:
            for doc in docs:
                sinks[assign[doc.id] if assign is not None else 0].write_doc(doc)
                done += 1
                if report_progress is not None and done % 500 == 0:
                    report_progress(done, total)
        for sink in sinks:
            sink.close()
        if report_progress is not None:
            report_progress(done, total)
        group.commit()
    except BaseException as exc:
        for sink in sinks:
            sink.discard()
        group.abort()
        if isinstance(exc, OutputError):
            raise ServiceError(str(exc)) from None
        if isinstance(exc, FormatError):
            raise ServiceError(f"{exc}; nothing was written") from None
        if isinstance(exc, OSError):
            raise ServiceError(f"{path}: cannot write the export ({exc.strerror or exc})") from None
        raise
    n_docs = sum(s.docs for s in sinks)
    n_spans = sum(s.spans for s in sinks)
    splits = {p: (s.docs, s.spans) for p, s in zip(parts, sinks)}
    return ExportReport(
        path,
        format_.name,
        n_docs,
        n_spans,
        name,
        list(group.targets) or [path],
        splits,
        tally,
        filtered_out,
        n_workers,
    )


def _statuses(status: str | Sequence[str] | None) -> frozenset[str] | None:
    if status is None:
        return None
    values = [s.strip() for s in (status.split(",") if isinstance(status, str) else status) if s.strip()]
    bad = [s for s in values if not is_status(s)]
    if bad or not values:
        raise ServiceError(
            f"status {', '.join(bad) or status!r}: use one or more of {', '.join(LayerStatus)}"
        )
    return frozenset(values)


def max_workers() -> int:
    """The most export workers: one per processor this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _workers(workers: int, total: int, token_level: bool) -> int:
    """The processes to encode with (``workers``: checked by ExportOptions)."""
    import multiprocessing

    if not token_level or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers == 0:
        return min(max_workers(), 4) if total >= AUTO_WORKERS_MIN_DOCS else 1
    return workers


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_start(parent: int) -> None:
    """Run first in each export worker: it must never outlive the export. On Linux the
    kernel kills it when its parent dies (even by SIGKILL); everywhere it leaves at once
    if the parent is already gone. Ctrl+C and SIGTERM are the parent's to handle: the
    parent stops the pool and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _open_sinks(
    format_,
    group: OutputGroup,
    path: Path,
    parts: Sequence[str],
    split: bool,  # type: ignore[no-untyped-def]
    options: WriteOptions,
) -> tuple[list[_Sink], Path | None]:
    if not split:
        return [_Sink(format_, group, path, None, options)], None
    base = group.folder(path, format_.name)  # written whole, renamed into place at the end
    sinks = []
    for part in parts:
        if format_.write_doc is not None:
            folder = base / part
            folder.mkdir()
            sinks.append(_Sink(format_, group, path / part, folder, options))
        else:
            sinks.append(_Sink(format_, group, Path(part + format_.extension), base, options))
    return sinks, base


def _stream(
    ws: Workspace,
    aid: int,
    name: str,
    label_names: dict[int, str],
    dropped_ids: set[int],
    chosen: set[int] | None,
    token_level: bool,
    tally: Tally,
) -> Iterator[ExportDocument]:
    loads = orjson.loads
    with ws.db.raw_connection() as conn:
        for doc, span_rows in export_rows.iter_export_rows(conn, ws.project_id, aid):
            did, title, source, text, sha, created, status, updated, meta = doc
            if chosen is not None and did not in chosen:
                continue
            spans = []
            for _, start, end, label_id, stext in span_rows:
                if label_id in dropped_ids:
                    tally.add("label_dropped_by_map", f"document {did} {start}–{end} {label_names[label_id]}")
                    continue
                if text[start:end] != stext:
                    raise ServiceError(
                        f"document {did}: span {start}–{end} covers {text[start:end]!r} but was saved as {stext!r}; "
                        "export stopped, nothing was written"
                    )
                spans.append((start, end, label_names[label_id], stext))  # plain tuples: 1M of them
            yield ExportDocument(
                did,
                title,
                source,
                text,
                sha,
                name,
                status or LayerStatus.NEW,
                _iso(created),
                _iso(updated or created),
                spans,
                loads(meta) if token_level and meta and meta != "{}" else None,
            )


def _write_parallel(
    fmt: str,
    docs: Iterator[ExportDocument],
    sinks: list[_Sink],
    assign: dict[int, int] | None,
    options: WriteOptions,
    n_workers: int,
    report_progress,
    total: int,
) -> int:  # type: ignore[no-untyped-def]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers need nothing from __main__ (spawn and forkserver would re-run
    # `python -m app`'s unguarded __main__). A forked worker only runs encode_chunk on the
    # documents it is sent and leaves with os._exit: the parent's SQLite connection is
    # never touched. Where fork does not exist, _workers() keeps the export in-process.
    ctx = multiprocessing.get_context("fork")
    tally = options.tally
    worker_options = WriteOptions(
        options.partial,
        options.nested,
        options.offsets,
        options.label_names,
        options.all_labels,
        Tally(),
        options.docstart,
    )
    done = 0
    pending: deque = deque()

    from concurrent.futures import Future

    from app.core.sentences import is_token_aligned

    def submit(chunk: list[ExportDocument]):  # type: ignore[no-untyped-def]
        # Token-aligned documents cost less to encode than to send to a worker: done here.
        if all(is_token_aligned(d.meta) for d in chunk):
            fut: Future = Future()
            fut.set_result(encode_chunk(fmt, chunk, worker_options))
            return fut
        return pool.submit(encode_chunk, fmt, chunk, worker_options)

    def drain_one() -> None:
        nonlocal done
        fut, chunk = pending.popleft()
        encoded, t = fut.result()
        tally.merge(t)
        for doc, data in zip(chunk, encoded):
            sink = sinks[assign[doc.id] if assign is not None else 0]
            sink.write_bytes(data)
            sink.docs += 1
            sink.spans += len(doc.spans)
        done += len(chunk)
        if report_progress is not None:
            report_progress(done, total)

    with ProcessPoolExecutor(
        max_workers=n_workers, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),)
    ) as pool:
        try:
            chunk: list[ExportDocument] = []
            for doc in docs:
                chunk.append(doc)
                if len(chunk) >= CHUNK_DOCS:
                    pending.append((submit(chunk), chunk))
                    chunk = []
                    while len(pending) > 2 * n_workers:
                        drain_one()
            if chunk:
                pending.append((submit(chunk), chunk))
            while pending:
                drain_one()
        except BaseException:
            for fut, _ in pending:
                fut.cancel()
            raise
    return done
