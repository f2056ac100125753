"""Importing documents and corpora, and seeding a new project.

GUI contract
------------
Import… dialog (any format)::

    from app.services import importing
    info = importing.inspect_corpus(ws, paths, fmt, read=ReadOptions(...), label_map=m,
                                    progress=cb)         # reads, writes nothing
    # info.label_counts: {source label: spans}; info.unknown_labels: {label: spans} given m;
    # info.records / documents_added / documents_existing / spans_added: what an import
    # would do; info.problems (first 200) and info.rejected (count); info.tally.lines().
    # Show the label-mapping dialog for info.label_counts, then:
    report = importing.import_corpus(ws, paths, fmt, annotator=None, label_map=m,
                                     create_labels=False, drop_unknown=False,
                                     skip_bad=False, rejected_path=None,
                                     read=ReadOptions(...), progress=cb)
    # report.summary() for the result box; report.added[0][0] is the first new document.

``progress(done, total)`` is called every few hundred records with bytes read and the
total bytes of the inputs; return ``False`` (or raise ``progress.Cancelled``) to cancel:
``import_corpus`` then raises :class:`Cancelled` and the database is untouched (one
transaction). Failures raise :class:`ImportFailed` (``.problems``: one message per
problem, each naming file, line and reason; ``.report``: counts so far); nothing was
written. ``ws.reload_labels()`` is called for you when labels were created.

Formats and their names: :data:`app.formats.FORMATS` (``importing.IMPORT_FORMATS``).
``ReadOptions``: ``iob_repair`` (begin|drop|error), ``sentences_per_document`` (CoNLL),
``split_sentences`` (CoNLL without blank lines: auto|never), ``offsets`` (doccano/labelstudio:
utf16|codepoints). ``annotator`` follows :func:`app.core.annotators.annotator_name` (a bad one
is a ServiceError); a ``label_map`` object is checked as a file is
(:func:`app.core.labelnames.check_label_map`).

The foundation's strict path stays: :func:`import_text_files` (UTF-8 ``.txt`` only,
all-or-nothing, used by "Import text files"); ``import_corpus(..., "text")`` recognises
UTF-8, UTF-8 BOM, UTF-16 and Windows-1256. Both split a file longer than one document may
hold (``max_document_chars``, ``HAMISH_MAX_DOCUMENT_CHARS``, default 5,000,000 characters)
into several documents at paragraph breaks, reading it as a stream (:mod:`app.formats.plaintext`).

Limits (``ReadOptions.max_document_chars`` / ``max_line_bytes``, or the environment
variables ``HAMISH_MAX_DOCUMENT_CHARS`` / ``HAMISH_MAX_LINE_BYTES``): a record whose text is
longer than one document, or a line (one JSONL record, one CoNLL line) or brat ``.ann`` file
longer than ``max_line_bytes`` (default 64,000,000 bytes), is a problem naming its file and
line; it is never read whole into memory. A bad value of either variable is a ServiceError.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.core.layers import LayerStatus
from app.core.stored_text import TextDecodeError, decode_utf8, text_sha256, title_from_text
from app.formats import FORMATS, FormatError, ReadOptions, get_format, plaintext
from app.formats.base import ByteCounter, ImportRecord, Rejected, file_size, read_problem
from app.services.ingest import CorpusImportReport, Ingest, iter_items
from app.services.ingest import ImportFailed as _CorpusImportFailed
from app.services.labelmap import LabelResolver, checked_label_map
from app.services.progress import Cancelled, ProgressFn, adapt
from app.services.workspace import ServiceError, Workspace, checked_annotator_name
from app.store import bulk
from app.store import repository as repo

IMPORT_FORMATS = [name for name, f in FORMATS.items() if f.read is not None]


ImportFailed = _CorpusImportFailed  # .problems: one message per problem; nothing was imported


@dataclass
class ImportReport:
    added: list[tuple[int, str]] = field(default_factory=list)  # (document id, file name)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (file name, existing id)

    def summary(self) -> str:
        parts = [f"{len(self.added)} document(s) imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the project")
        return ", ".join(parts)


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.iterdir() if q.is_file() and q.suffix.lower() == ".txt"))
        else:
            out.append(path)
    return out


def document_limit(max_document_chars: int | None = None) -> int:
    """The most characters one document may hold (``HAMISH_MAX_DOCUMENT_CHARS``, else 5,000,000)."""
    try:
        return ReadOptions(max_document_chars=max_document_chars).document_limit()
    except FormatError as exc:
        raise ServiceError(str(exc)) from None


def _size(path: Path) -> int:
    try:
        return file_size(path)
    except FormatError as exc:
        raise ServiceError(str(exc)) from None


def read_text_file(path: Path, max_document_chars: int | None = None) -> repo.NewDocument:
    """Read and check one file of at most one document's size; raises ServiceError naming the
    file, line and reason (a larger file: :func:`import_text_files` splits it)."""
    limit = document_limit(max_document_chars)
    size = _size(path)
    if size > limit:
        raise ServiceError(
            f"{path}: the file is {size:,} bytes, more than one document may hold ({limit:,} characters); "
            "import it with import_text_files, which splits it"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ServiceError(read_problem(path, exc)) from None
    try:
        dec = decode_utf8(data, str(path))
    except TextDecodeError as exc:
        raise ServiceError(str(exc)) from None
    return repo.NewDocument(
        title=title_from_text(dec.text, path.stem),
        source_name=path.name,
        text=dec.text,
        text_sha256=text_sha256(dec.text),
        newlines_normalised=dec.newlines_normalised,
        had_bom=dec.had_bom,
    )


def _large_parts(path: Path, limit: int) -> Iterable[ImportRecord | Rejected]:
    try:
        yield from plaintext.read_parts(path, limit, utf8_only=True)
    except FormatError as exc:
        yield Rejected("", None, [str(exc)])


def import_text_files(
    ws: Workspace, paths: Iterable[str | os.PathLike[str]], max_document_chars: int | None = None
) -> ImportReport:
    """Import UTF-8 ``.txt`` files (or folders of them), all or nothing.

    A file longer than one document may hold (``max_document_chars``; default
    ``HAMISH_MAX_DOCUMENT_CHARS`` or 5,000,000 characters) is read as a stream and split into
    several documents at paragraph breaks (:mod:`app.formats.plaintext`): it is checked in a first
    pass, then written part by part, so memory stays bounded by one document.
    """
    limit = document_limit(max_document_chars)
    files = _expand(paths)
    if not files:
        raise ImportFailed(["no .txt files given"])
    plan: list[tuple[Path, repo.NewDocument | None]] = []  # None: a large file, streamed again when written
    problems: list[str] = []
    for path in files:
        try:
            if _size(path) > limit:
                bad = [str(item) for item in _large_parts(path, limit) if isinstance(item, Rejected)]
                problems.extend(bad)
                plan.append((path, None))
            else:
                plan.append((path, read_text_file(path, limit)))
        except ServiceError as exc:
            problems.append(str(exc))
    if problems:
        raise ImportFailed(problems)
    report = ImportReport()
    with ws.db.write() as s:
        seen: dict[str, str] = {}

        def add(docs: list[tuple[repo.NewDocument, dict | None]]) -> None:
            existing = repo.document_ids_by_hash(s, ws.project_id, (d.text_sha256 for d, _ in docs))
            fresh: list[tuple[repo.NewDocument, dict | None]] = []
            for d, meta in docs:
                if d.text_sha256 in existing:
                    report.duplicates.append((d.source_name, existing[d.text_sha256]))
                elif d.text_sha256 in seen:
                    report.duplicates.append((d.source_name, -1))
                else:
                    seen[d.text_sha256] = d.source_name
                    fresh.append((d, meta))
            if not fresh:
                return
            if all(meta is None for _, meta in fresh):
                ids = repo.add_documents(s, ws.project_id, [d for d, _ in fresh])
            else:
                rows = [
                    (
                        d.title[:300],
                        d.source_name[:500],
                        d.text,
                        d.text_sha256,
                        d.newlines_normalised,
                        d.had_bom,
                        json.dumps(meta or {}, ensure_ascii=False),
                    )
                    for d, meta in fresh
                ]
                ids = bulk.bulk_insert_documents(s, ws.project_id, rows)
            report.added.extend(zip(ids, (d.source_name for d, _ in fresh)))

        for path, doc in plan:
            if doc is not None:
                add([(doc, None)])
                continue
            for item in _large_parts(path, limit):
                if isinstance(item, Rejected):  # the file changed since it was checked
                    raise ImportFailed([str(item)])
                add(
                    [
                        (
                            repo.NewDocument(
                                title=item.title,
                                source_name=item.source_name,
                                text=item.text,
                                text_sha256=text_sha256(item.text),
                                newlines_normalised=item.newlines_normalised,
                                had_bom=item.had_bom,
                            ),
                            item.meta,
                        )
                    ]
                )
    return report


def ensure_seeded(ws: Workspace, seeds_dir: Path) -> ImportReport | None:
    """Fill a new, empty project with the sample documents (GUI first launch only)."""
    if ws.document_count() > 0 or not seeds_dir.is_dir():
        return None
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() == ".txt")
    if not files:
        return None
    return import_text_files(ws, files)


# --- corpora in any format -----------------------------------------------------------------------


def _run(
    ws: Workspace,
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    *,
    dry_run: bool,
    annotator: str | None,
    label_map: dict | str | os.PathLike[str] | None,
    create_labels: bool,
    drop_unknown: bool,
    skip_bad: bool,
    rejected_path: str | os.PathLike[str] | None,
    read: ReadOptions | None,
    progress: ProgressFn | None,
) -> CorpusImportReport:
    try:
        format_ = get_format(fmt)
    except FormatError as exc:
        raise ServiceError(str(exc)) from None
    if format_.read is None:
        raise ServiceError(f"format {fmt!r} cannot be imported (import formats: {', '.join(IMPORT_FORMATS)})")
    files = format_.input_files(Path(p) for p in paths)
    if not files:
        raise ImportFailed([f"no {fmt} files given (looked for {', '.join(format_.suffixes) or 'files'})"])
    missing = [f for f in files if not f.exists()]
    if missing:
        raise ImportFailed([f"{f}: no such file" for f in missing])
    mapping = checked_label_map(label_map)
    opts = ReadOptions(**{**(read.__dict__ if read is not None else {}), "counter": ByteCounter()})
    try:  # the limits, resolved once (a bad HAMISH_MAX_* value is said before anything is read)
        opts.max_document_chars, opts.max_line_bytes = opts.document_limit(), opts.line_limit()
    except FormatError as exc:
        raise ServiceError(str(exc)) from None
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    resolver = LabelResolver(ws, mapping, create=create_labels, drop_unknown=drop_unknown, dry_run=dry_run)
    engine = Ingest(
        ws,
        fmt,
        [str(f) for f in files],
        resolver,
        annotator=ws.annotator_name if annotator is None else checked_annotator_name(annotator),
        skip_bad=skip_bad,
        rejected_path=Path(rejected_path) if rejected_path else None,
        dry_run=dry_run,
        progress=adapt(progress),
        counter=opts.counter,
        total_bytes=total,
    )
    return engine.run(without_empty_layers(iter_items(format_.read, files, opts)))


def without_empty_layers(items: Iterable[object]) -> Iterator[object]:
    """Records that would bring an empty layer of status ``new`` bring none.

    A Hamish JSONL export writes every document, with ``"status": "new"`` and no spans where
    the annotator has no layer (and the document's creation time as ``updated_at``). Read
    back, such a record is "no layer", not "an empty layer": otherwise an import or merge of
    an export invents layers (agreement then counts those documents as annotated with no
    spans), and a merge could even replace a real layer by an empty one that looks newer.
    A record with no spans and status ``in_progress``/``done``/``reviewed`` keeps its layer
    (an annotator who found no entity).
    """
    for item in items:
        if isinstance(item, ImportRecord) and not item.spans and item.status == LayerStatus.NEW:
            item.status = None
            item.updated_at = None
        yield item


def import_corpus(
    ws: Workspace,
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    *,
    annotator: str | None = None,
    label_map: dict | str | os.PathLike[str] | None = None,
    create_labels: bool = False,
    drop_unknown: bool = False,
    skip_bad: bool = False,
    rejected_path: str | os.PathLike[str] | None = None,
    read: ReadOptions | None = None,
    progress: ProgressFn | None = None,
) -> CorpusImportReport:
    """Import files of format ``fmt`` into ``annotator``'s layer (default: the current one).

    One transaction: on any problem (unless ``skip_bad``), unknown label (unless
    ``create_labels``/``drop_unknown``) or cancel, nothing is written. See the module
    docstring and :mod:`app.services.ingest` for the rules.
    """
    return _run(
        ws,
        paths,
        fmt,
        dry_run=False,
        annotator=annotator,
        label_map=label_map,
        create_labels=create_labels,
        drop_unknown=drop_unknown,
        skip_bad=skip_bad,
        rejected_path=rejected_path,
        read=read,
        progress=progress,
    )


def inspect_corpus(
    ws: Workspace,
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    *,
    annotator: str | None = None,
    label_map: dict | str | os.PathLike[str] | None = None,
    create_labels: bool = False,
    drop_unknown: bool = False,
    read: ReadOptions | None = None,
    progress: ProgressFn | None = None,
) -> CorpusImportReport:
    """What :func:`import_corpus` would do, without writing: labels used, unknown labels,
    counts, problems (every record is checked, none is written)."""
    return _run(
        ws,
        paths,
        fmt,
        dry_run=True,
        annotator=annotator,
        label_map=label_map,
        create_labels=create_labels,
        drop_unknown=drop_unknown,
        skip_bad=True,
        rejected_path=None,
        read=read,
        progress=progress,
    )


__all__ = [
    "IMPORT_FORMATS",
    "Cancelled",
    "CorpusImportReport",
    "ImportFailed",
    "ImportReport",
    "ensure_seeded",
    "import_corpus",
    "import_text_files",
    "inspect_corpus",
    "read_text_file",
    "document_limit",
    "without_empty_layers",
]
