"""CLI commands. Each prints a summary on success (exit 0) or one line on stderr (exit 1).

A progress bar is drawn on stderr when it is a terminal; Ctrl+C cancels (exit 130) and
SIGTERM stops (exit 143), leaving the database and the output as they were. A closed
standard output (``| head``) ends the command quietly (exit 141); a full one is one line
on stderr. A writer waits for another Hamish's lock on the database, saying so.
Strings from the data (titles) are printed with control characters escaped.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from app.core.fs import OutputError
from app.core.labelnames import LabelMapError, load_label_map
from app.core.layers import LayerStatus
from app.core.outputs import check_output
from app.formats import ReadOptions, get_format
from app.services import export as export_service
from app.services import importing
from app.services import merge as merge_service
from app.services.progress import Cancelled
from app.services.workspace import (
    DatabaseError,
    ServiceError,
    SqlError,
    Workspace,
    checked_annotator_name,
    default_db_path,
    resolve,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left
EXIT_TERMINATED = 143  # 128 + SIGTERM


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        parents=[common],
        help="import documents (and their annotations) from files in any import format",
        description="Import files or folders as documents, with their spans in the annotator's layer "
        "(--annotator; default: the current annotator). All or nothing: if any record is bad, nothing is "
        "imported (unless --skip-bad). A document whose text is already in the project gets the layer "
        "added to it, not a second copy; a span already in the layer is not added twice. "
        f"Formats: {', '.join(importing.IMPORT_FORMATS)}.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file or folder")
    p.add_argument(
        "--format",
        default="text",
        choices=importing.IMPORT_FORMATS,
        help="input format (default: text: .txt files, encoding recognised)",
    )
    p.add_argument(
        "--label-map",
        metavar="FILE",
        help='JSON object from source label to project label or null to drop: {"PER": "person", "LOC": null}',
    )
    p.add_argument(
        "--create-labels", action="store_true", help="create unknown labels as project labels (PERS → pers)"
    )
    p.add_argument("--drop-unknown", action="store_true", help="drop the spans of unknown labels (counted)")
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the valid records (a CoNLL record is a sentence); write the rejected ones to "
        "--rejected FILE; exit 1 if every record is rejected",
    )
    p.add_argument(
        "--rejected",
        metavar="FILE",
        help="report of rejected records with --skip-bad "
        "(JSONL: file, line, reasons, record; default: rejected-FORMAT.jsonl here)",
    )
    p.add_argument(
        "--iob-repair",
        choices=["begin", "drop", "error"],
        default="begin",
        help="an I- tag with nothing to continue: begins an entity (default), becomes O, or is an error",
    )
    p.add_argument(
        "--sentences-per-document",
        type=int,
        default=50,
        metavar="N",
        help="CoNLL without -DOCSTART-: N sentences make one document (default 50; 0: one per file)",
    )
    p.add_argument(
        "--split-sentences",
        choices=["auto", "never"],
        default="auto",
        help="CoNLL files without any blank line (ANERcorp): a sentence ends after a token of . ? ! ؟ … "
        "tagged O (auto, default); never: the file is one sentence",
    )
    p.add_argument(
        "--offsets",
        choices=["utf16", "codepoints"],
        help="how doccano/labelstudio offsets count (defaults: doccano utf16, labelstudio codepoints)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="read and check everything, list labels and problems, write nothing (exit 1 if problems)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="export the documents and one annotator's spans",
        description="Export the documents with one annotator's spans (default: the current annotator; "
        "--gold: the adjudicated layer). Files are written to temporary names and renamed into place "
        f"when complete. Formats: {', '.join(export_service.EXPORT_FORMATS)}.",
    )
    p.add_argument(
        "--format",
        default="jsonl",
        choices=export_service.EXPORT_FORMATS,
        help="output format (default: jsonl)",
    )
    p.add_argument(
        "--out", required=True, metavar="PATH", help="output file (a folder for brat or with --split)"
    )
    p.add_argument(
        "--gold", action="store_true", help="export the adjudicated gold layer (same as --annotator gold)"
    )
    p.add_argument(
        "--status",
        metavar="LIST",
        help="only documents whose layer has one of these statuses "
        f"(comma-separated: {', '.join(LayerStatus)})",
    )
    p.add_argument(
        "--only-annotated", action="store_true", help="leave out documents without the annotator's layer"
    )
    p.add_argument(
        "--split", metavar="RATIOS", help="train/dev/test split by document, e.g. 80/10/10 or 90/10"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    p.add_argument(
        "--label-map",
        metavar="FILE",
        help="JSON object from project label to the name written, or null to drop",
    )
    p.add_argument(
        "--partial",
        choices=["expand", "skip"],
        default="expand",
        help="token formats: a span not on token edges is expanded to whole tokens (default) or skipped",
    )
    p.add_argument(
        "--nested",
        choices=["outermost", "innermost"],
        default="outermost",
        help="flat token formats (conll, hf): keep the outermost (default) or innermost of nested spans",
    )
    p.add_argument(
        "--offsets",
        choices=["utf16", "codepoints"],
        help="doccano/labelstudio offsets (defaults: doccano utf16, labelstudio codepoints)",
    )
    p.add_argument(
        "--workers",
        default="auto",
        metavar="N",
        help="token formats: processes encoding in parallel, 1 to the number of processors "
        "(default: auto, one per core for large exports)",
    )
    p.add_argument(
        "--docstart", action="store_true", help="conll: write a -DOCSTART- line before every document"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "merge",
        parents=[common],
        help="merge annotators' layers from a Hamish JSONL export or another Hamish database",
        description="Add the layers of another Hamish database (or of Hamish JSONL exports) to this project, "
        "matching documents by their text; documents not in the project are added. A layer the project "
        "already has is replaced only by a newer version (by its last change), so merging twice changes nothing.",
    )
    p.add_argument("source", metavar="PATH", help="a Hamish database file, or a Hamish JSONL export")
    p.add_argument(
        "--label-map", metavar="FILE", help="JSON object from source label to project label or null"
    )
    p.add_argument("--create-labels", action="store_true", help="create labels the project does not have")
    p.add_argument(
        "--drop-unknown", action="store_true", help="drop the spans of labels the project does not have"
    )
    p.add_argument(
        "--union",
        action="store_true",
        help="add missing spans to existing layers instead of replacing them with newer versions",
    )
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "documents",
        parents=[common],
        help="list the documents with their span counts",
        description="List the project's documents: id, status, span count of the annotator, characters, title.",
    )
    p.set_defaults(func=cmd_documents)


def db_arg(args: argparse.Namespace) -> str:
    """``--db`` as given (an empty one is refused by ``app.main``), else the default database."""
    db = getattr(args, "db", None)
    return default_db_path() if db is None else db


def _open(
    args: argparse.Namespace, create: bool, annotator: bool = True, read_only: bool = False
) -> Workspace:
    db = db_arg(args)
    return Workspace.open(
        db,
        create=create,
        annotator=getattr(args, "annotator", None) if annotator else None,
        read_only=read_only,
        on_lock_wait=None if read_only else _lock_notice(resolve(db).display),
    )


def _lock_notice(where: str) -> Callable[[], None]:
    def notice() -> None:
        print(f"waiting for another Hamish writing to {where}… Ctrl+C to stop", file=sys.stderr, flush=True)

    return notice


def _db_exists(args: argparse.Namespace) -> bool:
    """A database to read: a URL, or a file that is not empty."""
    loc = resolve(db_arg(args))
    return loc.path is None or (loc.path.is_file() and loc.path.stat().st_size > 0)


def _check_output(
    args: argparse.Namespace, out: str, inputs: Iterable[str | os.PathLike[str]] = (), folder: bool = False
) -> None:
    """Refuse an output that is the project database (its files, its backups) or an input."""
    try:
        check_output(out, database=resolve(db_arg(args)).path, inputs=inputs, folder=folder)
    except OutputError as exc:
        raise ServiceError(str(exc)) from None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain(text: str) -> str:
    """``text`` safe for one terminal line: control characters (escape sequences, newlines,
    tabs) are written as Python escapes (``\\x1b``, ``\\n``), so they cannot act on the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _progress(unit: str, stream=sys.stderr) -> Callable[[int, int | None], None] | None:  # type: ignore[no-untyped-def]
    if not stream.isatty():
        return None
    start = time.monotonic()
    last = [0.0]

    def report(done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and (total is None or done < total):
            return
        last[0] = now
        if total:
            frac = min(1.0, done / total)
            bar = "#" * int(frac * 30)
            amount = (
                f"{done / 1e6:,.1f}/{total / 1e6:,.1f} MB"
                if unit == "bytes"
                else f"{done:,}/{total:,} {unit}"
            )
            stream.write(f"\r  [{bar:<30}] {frac * 100:5.1f}%  {amount}  {now - start:5.1f} s")
        else:
            stream.write(f"\r  {done:,} {unit}  {now - start:5.1f} s")
        stream.flush()

    return report


def _end_progress(progress: object) -> None:
    if progress is not None:
        sys.stderr.write("\n")


def _label_map(path: str | None, export_format: str | None = None) -> dict[str, str | None] | None:
    """The label map file, read and checked once (for an export, against what its format can write)."""
    if not path:
        return None
    one_word = (
        export_format if export_format is not None and get_format(export_format).one_word_labels else None
    )
    try:
        return load_label_map(path, one_word)
    except LabelMapError as exc:
        raise ServiceError(str(exc)) from None


def cmd_import(args: argparse.Namespace) -> int:
    mapping = _label_map(args.label_map)
    if args.sentences_per_document < 0:
        raise ServiceError("--sentences-per-document must be 0 or more")
    read = ReadOptions(
        iob_repair=args.iob_repair,
        sentences_per_document=args.sentences_per_document,
        offsets=args.offsets,
        split_sentences=args.split_sentences,
    )
    if args.skip_bad and not args.check:
        _check_output(args, args.rejected or f"rejected-{args.format}.jsonl", _import_inputs(args))
    if args.check and not _db_exists(args):
        # Nothing to check against but the default labels: an in-memory project, nothing written.
        ws = Workspace.open("sqlite://", annotator=getattr(args, "annotator", None))
    else:
        ws = _open(args, create=not args.check, read_only=args.check)
    progress = _progress("bytes")
    try:
        if args.check:
            report = importing.inspect_corpus(
                ws,
                args.paths,
                args.format,
                label_map=mapping,
                create_labels=args.create_labels,
                drop_unknown=args.drop_unknown,
                read=read,
                progress=progress,
            )
        else:
            report = importing.import_corpus(
                ws,
                args.paths,
                args.format,
                label_map=mapping,
                create_labels=args.create_labels,
                drop_unknown=args.drop_unknown,
                skip_bad=args.skip_bad,
                rejected_path=args.rejected,
                read=read,
                progress=progress,
            )
    finally:
        _end_progress(progress)
        ws.close()
    if args.format == "text":
        for name, existing in report.duplicates[:50]:
            print(f"skipped {name}: same text as document {existing}", file=sys.stderr)
    if args.check:
        print(report.summary())
        if report.unknown_labels:
            print("unknown labels: " + ", ".join(f"{k} ({v})" for k, v in report.unknown_labels.items()))
        for p in report.problems:
            print(f"problem: {p}")
        return EXIT_FAILED if report.problems or report.unknown_labels else EXIT_OK
    print(report.summary())
    if report.rejected and not report.documents:  # --skip-bad, and every record was bad
        print(
            f"hamish import: every record was rejected ({report.rejected:,}; see {report.rejected_path}): "
            "no document was imported",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _import_inputs(args: argparse.Namespace) -> list[str | os.PathLike[str]]:
    """Every file an import reads: the paths given, the files found in given folders (and
    their companions: the ``.txt`` of each brat ``.ann``), the label map."""
    format_ = get_format(args.format)
    files = format_.input_files(Path(p) for p in args.paths)
    companions = [f.with_suffix(suffix) for f in files for suffix in format_.companion_suffixes]
    return [*args.paths, *files, *companions, *([args.label_map] if args.label_map else [])]


def _workers(value: str) -> int:
    """``--workers``: auto (0 for the export service) or 1 to the number of processors."""
    if value == "auto":
        return 0
    limit = export_service.max_workers()
    if not value.isdigit() or not 1 <= int(value) <= limit:
        raise ServiceError(
            f"--workers {value}: give a number from 1 to {limit} (the processors here), or auto"
        )
    return int(value)


def cmd_export(args: argparse.Namespace) -> int:
    workers = _workers(args.workers)
    mapping = _label_map(args.label_map, args.format)
    annotator = "gold" if args.gold else getattr(args, "annotator", None)
    if annotator is not None:  # the rule of every annotator name (app.core.annotators)
        annotator = checked_annotator_name(annotator)
    ws = _open(args, create=False, annotator=False, read_only=True)
    progress = _progress("documents")
    try:
        options = export_service.ExportOptions(
            format=args.format,
            annotator=annotator,
            status=args.status,
            split=args.split,
            seed=args.seed,
            label_map=mapping,
            partial=args.partial,
            nested=args.nested,
            offsets=args.offsets,
            workers=workers,
            docstart=args.docstart,
            only_annotated=args.only_annotated,
            inputs=[args.label_map] if args.label_map else (),
        )
        report = export_service.export(ws, args.out, options, progress=progress)
    finally:
        _end_progress(progress)
        ws.close()
    print(report.summary())
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    mapping = _label_map(args.label_map)
    ws = _open(args, create=True)
    progress = _progress("documents")
    try:
        report = merge_service.merge(
            ws,
            args.source,
            label_map=mapping,
            create_labels=args.create_labels,
            drop_unknown=args.drop_unknown,
            layer_policy="union" if args.union else "newer",
            progress=progress,
        )
    finally:
        _end_progress(progress)
        ws.close()
    print(report.summary())
    return EXIT_OK


def cmd_documents(args: argparse.Namespace) -> int:
    ws = _open(args, create=False, read_only=True)
    try:
        rows = ws.documents()
    finally:
        ws.close()
    print(f"{'id':>5}  {'status':<11} {'spans':>6} {'chars':>9}  title")
    for r in rows:
        print(f"{r.id:>5}  {r.status:<11} {r.span_count:>6} {r.char_count:>9}  {plain(r.title)}")
    return EXIT_OK


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that it cleans up as after Ctrl+C."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def run(args: argparse.Namespace) -> int:
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        code: int = args.func(args)
        sys.stdout.flush()
        return code
    except Cancelled:
        print(f"hamish {args.command}: cancelled; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SqlError as exc:
        print(f"hamish {args.command}: database error ({_one_line(str(exc))})", file=sys.stderr)
        return EXIT_FAILED
    except (DatabaseError, ServiceError) as exc:
        print(f"hamish {args.command}: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except Terminated:
        print(f"hamish {args.command}: stopped (SIGTERM); nothing was changed", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print(f"hamish {args.command}: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of our output left (| head): nothing more to say
        _drop_stdout()
        return EXIT_PIPE_CLOSED
    except OSError as exc:
        if exc.filename is not None:
            print(f"hamish {args.command}: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FAILED
        # The services name their files in their errors: this is printing the result (a full disk).
        _drop_stdout()
        print(
            f"hamish {args.command}: cannot write to standard output ({exc.strerror or exc})", file=sys.stderr
        )
        return EXIT_FAILED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what could not be written does not fail again (the Python docs' recipe for SIGPIPE)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _one_line(message: str) -> str:
    return " ".join(message.split("\n"))
