"""CLI commands. Each prints a summary on success (exit 0) or one line on stderr (exit 1)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable

from app.services import export as export_service
from app.services import importing
from app.services.workspace import ServiceError, Workspace, default_db_path
from app.store.db import DatabaseError

EXIT_OK = 0
EXIT_FAILED = 1


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        parents=[common],
        help="import UTF-8 .txt files (or folders of them) as documents",
        description="Import UTF-8 .txt files as documents. All or nothing: if any file is bad, none is imported. "
        "A file whose text is already in the project is reported and not added twice.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt file or folder of .txt files")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="export the documents and one annotator's spans",
        description="Export every document with the annotator's spans (default: the current annotator). "
        "The file is written to a temporary name and renamed into place when complete.",
    )
    p.add_argument("--format", default="jsonl", choices=["jsonl"], help="output format (default: jsonl)")
    p.add_argument("--out", required=True, metavar="FILE", help="output file")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "documents",
        parents=[common],
        help="list the documents with their span counts",
        description="List the project's documents: id, status, span count of the annotator, characters, title.",
    )
    p.set_defaults(func=cmd_documents)


def _open(args: argparse.Namespace, create: bool) -> Workspace:
    db = getattr(args, "db", None) or default_db_path()
    return Workspace.open(db, create=create, annotator=getattr(args, "annotator", None))


def _progress(stream=sys.stderr) -> Callable[[int], None] | None:  # type: ignore[no-untyped-def]
    if not stream.isatty():
        return None
    start = time.monotonic()

    def report(n: int) -> None:
        stream.write(f"\r  {n:,} documents  {time.monotonic() - start:5.1f} s")
        stream.flush()

    return report


def cmd_import(args: argparse.Namespace) -> int:
    ws = _open(args, create=True)
    try:
        report = importing.import_text_files(ws, args.paths)
    finally:
        ws.close()
    for name, existing in report.duplicates:
        where = f"document {existing}" if existing > 0 else "another file of this import"
        print(f"skipped {name}: same text as {where}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    ws = _open(args, create=False)
    progress = _progress()
    try:
        report = export_service.export(ws, args.out, args.format, getattr(args, "annotator", None), progress)
    finally:
        ws.close()
        if progress is not None:
            sys.stderr.write("\n")
    print(report.summary())
    return EXIT_OK


def cmd_documents(args: argparse.Namespace) -> int:
    ws = _open(args, create=False)
    try:
        rows = ws.documents()
    finally:
        ws.close()
    print(f"{'id':>5}  {'status':<11} {'spans':>6} {'chars':>9}  title")
    for r in rows:
        print(f"{r.id:>5}  {r.status:<11} {r.span_count:>6} {r.char_count:>9}  {r.title}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except (DatabaseError, ServiceError) as exc:
        print(f"hamish {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"hamish {args.command}: interrupted; nothing was changed", file=sys.stderr)
        return 130
