"""Exporting the project's documents with one annotator's spans.

Streaming: two cursors walk documents and spans in id order, each document is encoded
and written as it comes, so memory does not grow with the corpus. The output goes to a
temporary file renamed into place at the end; on any error (including a span whose text
no longer matches its offsets) the target is left as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from app.core.fs import OutputError, atomic_write
from app.formats import ExportDocument, ExportSpan, FormatError, get_format
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo

Progress = Callable[[int], None]  # called with the number of documents done so far


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    documents: int
    spans: int
    annotator: str

    def summary(self) -> str:
        return (
            f"{self.documents} document(s), {self.spans} span(s) of {self.annotator} "
            f"written to {self.path} ({self.format})"
        )


def _iso(ts: str | None) -> str:
    # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff" (UTC); exports use ISO 8601 with "Z".
    return ts.replace(" ", "T") + "Z" if ts else ""


def iter_export_documents(
    ws: Workspace, annotator: str | None = None, progress: Progress | None = None, counter: list[int] | None = None
) -> Iterator[ExportDocument]:
    name = annotator or ws.annotator_name
    aid = ws.annotator_id_for(name)
    if aid is None:
        raise ServiceError(f"no annotator named {name!r} in {ws.location}")
    label_names = {lab.id: lab.name for lab in ws.labels}
    n_docs = 0
    n_spans = 0
    with ws.db.raw_connection() as conn:
        for doc, span_rows in repo.iter_export_rows(conn, ws.project_id, aid):
            did, title, source, text, sha, created, status, updated = doc
            spans = [(start, end, label_names[label_id], stext) for _, start, end, label_id, stext in span_rows]
            for start, end, _, stext in spans:
                if text[start:end] != stext:
                    raise ServiceError(
                        f"document {did}: span {start}–{end} covers {text[start:end]!r} but was saved as {stext!r}; "
                        "export stopped, nothing was written"
                    )
            n_docs += 1
            n_spans += len(spans)
            if counter is not None:
                counter[0], counter[1] = n_docs, n_spans
            yield ExportDocument(
                did, title, source, text, sha, name, status or "new", _iso(created), _iso(updated or created), spans
            )
            if progress is not None and n_docs % 1000 == 0:
                progress(n_docs)


def export(
    ws: Workspace,
    out: str | os.PathLike[str],
    fmt: str = "jsonl",
    annotator: str | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    try:
        format_ = get_format(fmt)
    except FormatError as exc:
        raise ServiceError(str(exc)) from None
    if format_.write is None:
        raise ServiceError(f"format {fmt!r} cannot be exported")
    path = Path(out)
    counter = [0, 0]
    try:
        with atomic_write(path) as fh:
            format_.write(iter_export_documents(ws, annotator, progress, counter), fh)
    except OutputError as exc:
        raise ServiceError(str(exc)) from None
    except OSError as exc:
        raise ServiceError(f"{path}: cannot write the export ({exc.strerror or exc})") from None
    if progress is not None:
        progress(counter[0])
    return ExportReport(path, fmt, counter[0], counter[1], annotator or ws.annotator_name)
