"""CLI commands of the review issue: ``hamish [--db X] agreement --a NAME --b NAME [--doc ID] [--json]``.

Registered by ``app.main.build_parser`` next to :mod:`app.cli.commands`; errors are
handled by :func:`app.cli.commands.run` (one line on stderr, exit 1). The agreement
service (numpy) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from app.cli.commands import EXIT_OK, _check_output, _open, plain
from app.cli.commands import run as run

if TYPE_CHECKING:  # pragma: no cover
    from app.review.metrics import AgreementReport, Figures


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "agreement",
        parents=[common],
        help="agreement figures between two annotators",
        description="Agreement between annotators A and B over the documents on which both have a layer "
        "(or one document): span precision/recall/F1 with exact and partial (overlap) matching, A being the "
        "reference; token-level Cohen's kappa and Krippendorff's alpha (camel-tools tokens, 'O' included); "
        "counts of each difference class; a confusion matrix of labels. Project figures are micro-averaged "
        "over documents.",
    )
    p.add_argument("--a", dest="a", required=True, metavar="NAME", help="annotator A (the reference)")
    p.add_argument("--b", dest="b", required=True, metavar="NAME", help="annotator B")
    p.add_argument(
        "--doc", dest="doc", type=int, metavar="ID", help="only this document (see `hamish documents`)"
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON object (schema/agreement-report.schema.json)"
    )
    p.add_argument("--per-document", action="store_true", help="also list each document's figures")
    p.add_argument("--out", metavar="FILE", help="also write the report to FILE (.json or .csv)")
    p.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    from app.services import agreement as service

    if args.out:
        _check_output(args, args.out)  # before the figures are computed
    ws = _open(args, create=False, read_only=True)
    try:
        report = service.agreement(ws, args.a, args.b, args.doc)
        if args.out:
            service.write_report(report, args.out, database=ws.db.location.path)
    finally:
        ws.close()
    if args.json:
        print(service.report_json(report))
    else:
        print_report(report, per_document=args.per_document)
    return EXIT_OK


# --- the readable table ------------------------------------------------------------------------


def _num(x: float | None, width: int = 6) -> str:
    return f"{'—' if x is None else f'{x:.3f}':>{width}}"


_HEAD = (
    "spans A",
    "spans B",
    "exact P",
    "R",
    "F1",
    "partial P",
    "R",
    "F1",
    "kappa",
    "alpha",
    "agree",
    "relabel",
    "overlap",
    "only A",
    "only B",
)
_WIDTHS = (7, 7, 7, 6, 6, 9, 6, 6, 6, 6, 6, 6, 7, 6, 6)


def _cells(f: Figures) -> list[str]:
    d = f.differences
    vals: list[Any] = [
        f.spans_a,
        f.spans_b,
        f.exact.precision,
        f.exact.recall,
        f.exact.f1,
        f.partial.precision,
        f.partial.recall,
        f.partial.f1,
        f.kappa,
        f.alpha,
        d["agreement"],
        d["label"],
        d["overlap"],
        d["only_a"],
        d["only_b"],
    ]
    out = []
    for v, w in zip(vals, _WIDTHS):
        out.append(f"{v:>{w}}" if isinstance(v, int) else _num(v, w))
    return out


def print_report(report: AgreementReport, per_document: bool = False, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    o = report.overall
    scope = (
        f"document {report.document_id}"
        if report.document_id is not None
        else f"{len(report.documents):,} document(s) in common, micro-averaged"
    )
    print(
        f"Agreement of {report.a} (A, reference) and {report.b} (B): {scope}; {o.tokens:,} tokens", file=out
    )
    first = max(12, *(len(n) for n in report.labels))
    head = "  ".join(f"{h:>{w}}" for h, w in zip(_HEAD, _WIDTHS))
    print(f"{'label':<{first}}  {head}", file=out)
    for name, f in report.per_label.items():
        print(f"{plain(name):<{first}}  " + "  ".join(_cells(f)), file=out)
    print(f"{'all labels':<{first}}  " + "  ".join(_cells(o)), file=out)

    values = report.values
    cw = max(6, *(len(v) for v in values))
    print(f"\nSpan confusion (rows: {report.a}, columns: {report.b}; O = no span there)", file=out)
    print(f"{'':<{first}}  " + "  ".join(f"{v:>{cw}}" for v in values), file=out)
    for name, row in zip(values, report.span_confusion.tolist()):
        print(f"{name:<{first}}  " + "  ".join(f"{n:>{cw}}" for n in row), file=out)

    if per_document and report.document_id is None:
        print("\nPer document", file=out)
        print(
            f"{'id':>6}  {'tokens':>7}  "
            + "  ".join(f"{h:>{w}}" for h, w in zip(_HEAD, _WIDTHS))
            + "  title",
            file=out,
        )
        for d in report.documents:
            f = d.figures
            print(
                f"{d.document_id:>6}  {f.tokens:>7}  " + "  ".join(_cells(f)) + f"  {plain(d.title)}",
                file=out,
            )
