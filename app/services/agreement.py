"""Agreement between two annotators, from the database: one document or the whole project.

A document is compared when both annotators have a layer on it (whatever its status; a
layer whose spans were all deleted still counts, with no span). The figures and their
definitions are those of :mod:`app.review.metrics`; layer A (``a``) is the reference for
precision and recall.

Fast path: documents and the spans of both layers stream from two ordered cursors over
the raw DBAPI connection (``review_repository.iter_layer_pairs``: column tuples, no ORM
entities); tokens come from one :class:`~app.review.tokens.TokenCache` kept for the
process, so a second report reuses the tokenised words.

Reports are written as JSON (``schema/agreement-report.schema.json``) or CSV (one row
per scope: ``overall``, each ``label``, each ``document``), each to a temporary file
renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from app.core.fs import OutputError, atomic_write
from app.core.outputs import check_output
from app.review.adjudicate import utc_stamp
from app.review.align import KINDS, Span
from app.review.metrics import AgreementReport, DocumentComparison, Figures, build_report, compare_document
from app.review.tokens import TokenCache
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo
from app.store import review_repository as review_repo
from app.store import spans as span_store

_TOKENS = TokenCache(max_words=200_000)

__all__ = [
    "agreement",
    "comparisons",
    "pairs",
    "pairwise",
    "write_report",
    "report_json",
    "report_csv",
    "CSV_COLUMNS",
]


def _annotator(ws: Workspace, known: dict[str, int], name: str) -> int:
    if name not in known:
        listed = ", ".join(known) or "none"
        raise ServiceError(f"no annotator named {name!r} in {ws.location} (annotators: {listed})")
    return known[name]


def comparisons(ws: Workspace, a: str, b: str, document_id: int | None = None) -> list[DocumentComparison]:
    """Per-document comparisons of ``a``'s and ``b``'s layers (see the module docstring).

    Raises ServiceError naming the problem: an unknown annotator, the same name twice, a
    missing document, a document without both layers, no document in common.
    """
    if a == b:
        raise ServiceError(f"agreement needs two different annotators (both are {a!r})")
    with ws.db.read() as s:
        known = {name: aid for aid, name, _ in repo.annotators(s, ws.project_id)}
        a_id = _annotator(ws, known, a)
        b_id = _annotator(ws, known, b)
        if document_id is not None:
            if repo.document_text(s, document_id) is None:
                raise ServiceError(f"document {document_id} does not exist in {ws.location}")
            missing = [
                n
                for n, i in ((a, a_id), (b, b_id))
                if span_store.layer_id(s, document_id, i, create=False) is None
            ]
            if missing:
                raise ServiceError(f"document {document_id} has no layer of {' or '.join(missing)}")
    try:
        out = _compare(ws, a_id, b_id, document_id)
    except KeyError:  # a label added since the workspace was opened (an import, the label dialog)
        ws.reload_labels()
        out = _compare(ws, a_id, b_id, document_id)
    if not out:
        raise ServiceError(
            f"{a} and {b} have no document in common in {ws.location} (a document is compared when both have a layer on it)"
        )
    return out


def _compare(ws: Workspace, a_id: int, b_id: int, document_id: int | None) -> list[DocumentComparison]:
    names = {lab.id: lab.name for lab in ws.labels}
    labels = [lab.name for lab in ws.labels]
    out: list[DocumentComparison] = []
    with ws.db.raw_connection() as conn:
        for did, title, text, sa, sb in review_repo.iter_layer_pairs(
            conn, ws.project_id, a_id, b_id, document_id
        ):
            spans_a = [Span(x, y, names[lid]) for x, y, lid in sa]
            spans_b = [Span(x, y, names[lid]) for x, y, lid in sb]
            out.append(
                compare_document(text, spans_a, spans_b, labels, cache=_TOKENS, document_id=did, title=title)
            )
    return out


def agreement(ws: Workspace, a: str, b: str, document_id: int | None = None) -> AgreementReport:
    """Every agreement figure of ``a`` (reference) and ``b``, for one document or the project."""
    comps = comparisons(ws, a, b, document_id)
    return build_report(a, b, comps[0].labels, comps, document_id=document_id, generated_at=utc_stamp())


def pairs(
    ws: Workspace, include_gold: bool = True, document_id: int | None = None
) -> list[tuple[str, str, int]]:
    """Every pair of annotators with documents in common (on ``document_id`` when given),
    and how many."""
    with ws.db.read() as s:
        return review_repo.common_document_counts(s, ws.project_id, include_gold, document_id)


def pairwise(ws: Workspace, include_gold: bool = True) -> list[AgreementReport]:
    """One report for every pair of annotators with documents in common (the first of
    each pair, in creation order, is A)."""
    return [agreement(ws, a, b) for a, b, _ in pairs(ws, include_gold)]


# --- report files ----------------------------------------------------------------------------

CSV_COLUMNS = (
    "scope",
    "document_id",
    "title",
    "label",
    "spans_a",
    "spans_b",
    "exact_matched",
    "exact_precision",
    "exact_recall",
    "exact_f1",
    "partial_matched",
    "partial_precision",
    "partial_recall",
    "partial_f1",
    "tokens",
    "kappa",
    "alpha",
    *(f"diff_{k.value}" for k in KINDS),
)


def _cell(x: Any) -> Any:
    return "" if x is None else x


def _row(scope: str, doc: int | None, title: str, label: str, f: Figures) -> list[Any]:
    return [
        scope,
        _cell(doc),
        title,
        label,
        f.spans_a,
        f.spans_b,
        f.exact.matched,
        _cell(f.exact.precision),
        _cell(f.exact.recall),
        _cell(f.exact.f1),
        f.partial.matched,
        _cell(f.partial.precision),
        _cell(f.partial.recall),
        _cell(f.partial.f1),
        f.tokens,
        _cell(f.kappa),
        _cell(f.alpha),
        *(f.differences[k.value] for k in KINDS),
    ]


def report_csv(report: AgreementReport) -> str:
    """The figures as CSV: a header, the ``overall`` row, one ``label`` row per label, one
    ``document`` row per document. Undefined figures are empty cells."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    w.writerow(_row("overall", report.document_id, "", "", report.overall))
    for name, f in report.per_label.items():
        w.writerow(_row("label", report.document_id, "", name, f))
    for d in report.documents:
        w.writerow(_row("document", d.document_id, d.title, "", d.figures))
    return buf.getvalue()


def report_json(report: AgreementReport, indent: int | None = 2) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


def write_report(
    report: AgreementReport,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    database: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the report as ``json`` or ``csv`` (default: from the file's suffix). The path
    is refused if it is the project ``database`` (or its files) or not a regular file
    (:func:`app.core.outputs.check_output`)."""
    try:
        target = check_output(path, database=database)
    except OutputError as exc:
        raise ServiceError(str(exc)) from None
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt not in ("json", "csv"):
        raise ServiceError(f"{target}: say which format to write (a .json or .csv file name)")
    data = (report_json(report) + "\n") if fmt == "json" else report_csv(report)
    try:
        with atomic_write(target) as fh:
            fh.write(data.encode("utf-8"))
    except OutputError as exc:
        raise ServiceError(str(exc)) from None
    except OSError as exc:
        raise ServiceError(f"{target}: cannot write the report ({exc.strerror or exc})") from None
    return target
