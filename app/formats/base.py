"""Types shared by the format modules.

A format module is Qt-free and store-free. Its reader turns files into a stream of
:class:`ImportRecord` (one document with its spans, label names as in the file) and
:class:`Rejected` (a record that cannot be read, with file, line and reasons). Its writer
takes a stream of :class:`ExportDocument` and writes one file (or a folder). Label
mapping, de-duplication and the database are the services' business.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

import orjson

from app.core.decoding import wide_encoding
from app.core.issues import Tally
from app.core.spans import Origin


class FormatError(ValueError):
    """Input or output that a format cannot handle; ``str()`` names file, line and reason."""


class ExportSpan(NamedTuple):
    start: int
    end: int
    label: str
    text: str


class ExportDocument(NamedTuple):
    id: int
    title: str
    source_name: str
    text: str
    text_sha256: str
    annotator: str
    status: str
    created_at: str  # ISO 8601, UTC, "Z"
    updated_at: str
    spans: list[ExportSpan]  # or plain (start, end, label, text) tuples: writers index them
    meta: dict | None = None  # document.meta (token-level exports read "tokenization")


Writer = Callable[..., int]


@dataclass
class WriteOptions:
    """How a writer handles what its format cannot hold (see ``app.core.sentences``)."""

    partial: str = "expand"  # span not on token edges: expand | skip
    nested: str = "outermost"  # flat token formats: outermost | innermost
    offsets: str | None = None  # doccano/labelstudio: "utf16" | "codepoints" (None: the format's default)
    label_names: dict[str, str] = field(default_factory=dict)  # Hamish label -> name written
    all_labels: list[str] = field(default_factory=list)  # every exportable label, project order
    tally: Tally = field(default_factory=Tally)
    docstart: bool = False  # CoNLL: a -DOCSTART- line before every document


class ByteCounter:
    """Bytes read so far from the inputs (progress of an import)."""

    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0


# --- limits ----------------------------------------------------------------------------------------
#
# What one record may hold. Beyond a limit a record is refused with its file, line and the
# limit (and how to raise it), never read into memory without bound: lines are read at most
# ``max_line_bytes`` at a time, and a text file larger than a document is split (app.formats.plaintext).

DEFAULT_MAX_DOCUMENT_CHARS = 5_000_000  # code points: ~9 MB of Arabic UTF-8; a 5 MB document opens in ~60 ms
DEFAULT_MAX_LINE_BYTES = 64_000_000  # one JSONL record / CoNLL line / brat .ann file, in bytes
ENV_MAX_DOCUMENT_CHARS = "HAMISH_MAX_DOCUMENT_CHARS"
ENV_MAX_LINE_BYTES = "HAMISH_MAX_LINE_BYTES"
_SIZE = re.compile(r"\s*([0-9][0-9_]*)\s*([kmg]?)\s*", re.IGNORECASE)


def size_setting(name: str, default: int) -> int:
    """A limit from the environment (``5000000``, ``5_000_000``, ``5M``, ``64k``; decimal), else ``default``."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    m = _SIZE.fullmatch(raw)
    if m is None or int(m.group(1).replace("_", "") or 0) <= 0:
        raise FormatError(f"{name}={raw!r}: give a whole number above 0, e.g. 5000000 or 5M")
    return int(m.group(1).replace("_", "")) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2).lower()]


@dataclass
class ReadOptions:
    iob_repair: str = "begin"  # begin | drop | error (see app.core.bio)
    sentences_per_document: int = 50  # CoNLL without -DOCSTART-: sentences per document (0: whole file)
    split_sentences: str = (
        "auto"  # CoNLL without blank lines: auto (cut at sentence-final punctuation) | never
    )
    offsets: str | None = None  # doccano/labelstudio offsets: "utf16" | "codepoints"
    counter: ByteCounter | None = None  # readers add the bytes they read
    # Limits (None: HAMISH_MAX_DOCUMENT_CHARS / HAMISH_MAX_LINE_BYTES, else the defaults above).
    max_document_chars: int | None = None  # characters of one document; a larger text file is split
    max_line_bytes: int | None = None  # bytes of one line (a JSONL record) or of a brat .ann file

    def document_limit(self) -> int:
        if self.max_document_chars is not None:
            return self.max_document_chars
        return size_setting(ENV_MAX_DOCUMENT_CHARS, DEFAULT_MAX_DOCUMENT_CHARS)

    def line_limit(self) -> int:
        if self.max_line_bytes is not None:
            return self.max_line_bytes
        return size_setting(ENV_MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES)


class ImportSpan(NamedTuple):
    start: int
    end: int
    label: str
    text: str | None  # the span text the file quotes, if it does (checked against the offsets)
    line: int | None  # where the span is (for messages and provenance)


@dataclass(slots=True)
class ImportRecord:
    """One document read from a file, with spans labelled as in the file."""

    source: str  # the file, as given
    line: int  # where the record starts (1-based)
    text: str
    spans: list[ImportSpan]
    title: str = ""
    source_name: str = ""
    meta: dict = field(default_factory=dict)
    annotator: str | None = None  # native JSONL, merge: whose layer this is
    status: str | None = None  # native JSONL: the layer's status
    updated_at: str | None = None  # native JSONL: when the layer last changed
    origin: str = Origin.IMPORTED
    newlines_normalised: int = 0
    had_bom: bool = False
    notes: list[tuple[str, str, int]] = field(
        default_factory=list
    )  # (tally kind, example, count): repairs, remarks
    raw: str | bytes | None = None  # the record as written in the file (for the rejected-records report)
    kind: str = "human"  # annotator kind (merge of gold layers)
    active_seconds: float | None = None
    provenance: list[str | None] | None = None  # per span (merge keeps the source's)
    origins: list[str] | None = None  # per span (merge keeps the source's)

    def note(self, kind: str, example: str, n: int = 1) -> None:
        self.notes.append((kind, example, n))


@dataclass(slots=True)
class Rejected:
    """A record that cannot be imported."""

    source: str
    line: int | None
    reasons: list[str]
    raw: str | bytes | None = None

    def __str__(self) -> str:
        where = f"{self.source}, line {self.line}" if self.line is not None else self.source
        return f"{where}: {'; '.join(self.reasons)}" if where else "; ".join(self.reasons)


@dataclass(slots=True)
class FileNote:
    """A remark about a whole file (a BOM dropped, CRLF line ends): tallied, not a problem."""

    source: str
    kind: str


Item = ImportRecord | Rejected | FileNote
Reader = Callable[[Path, ReadOptions], Iterator[Item]]


def document_writer(encode: Callable[[ExportDocument, WriteOptions], bytes]) -> Callable[..., int]:
    """The ``write`` of a format whose documents are encoded one by one, one after another:
    ``write(docs, fh, options=None)`` returns the number of documents written."""

    def write(docs: Iterable[ExportDocument], fh: BinaryIO, options: WriteOptions | None = None) -> int:
        opts = options or WriteOptions()
        n = 0
        for doc in docs:
            fh.write(encode(doc, opts))
            n += 1
        return n

    return write


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extension: str
    write: Writer | None = None  # (docs, fh, options=None) -> number of records written
    read: Reader | None = None
    suffixes: tuple[str, ...] = ()  # file suffixes a folder is searched for, on import
    # Import: the files that given paths stand for, when not the search by ``suffixes`` (brat).
    expand_inputs: Callable[[Iterable[Path]], list[Path]] | None = None
    companion_suffixes: tuple[
        str, ...
    ] = ()  # import: files read beside each input (brat: the .txt of an .ann)
    folder_output: bool = False  # brat: the export is a folder
    token_level: bool = False  # conll, conll-nested, hf: spans mapped onto tokens
    one_word_labels: bool = False  # labels written as one word (tags, brat types): no whitespace in a name
    write_folder: Callable[[Iterable[ExportDocument], Path, WriteOptions], int] | None = None
    extra_files: Callable[..., dict[Path, bytes]] | None = None  # e.g. hf label names
    # Push-style writing (one document at a time, for splits and process pools):
    encode: Callable[[ExportDocument, WriteOptions], bytes] | None = None
    header: bytes = b""
    separator: bytes = b""
    footer: bytes = b""
    write_doc: Callable[[ExportDocument, Path, WriteOptions], None] | None = None  # folder formats
    finish_folder: Callable[[Path, WriteOptions], None] | None = None

    def input_files(self, paths: Iterable[Path]) -> list[Path]:
        """Files to read: the given files, and the format's files inside given folders (by name)."""
        if self.expand_inputs is not None:
            return self.expand_inputs(paths)
        out: list[Path] = []
        for path in paths:
            if path.is_dir():
                out.extend(
                    sorted(q for q in path.iterdir() if q.is_file() and q.suffix.lower() in self.suffixes)
                )
            else:
                out.append(path)
        return out


class _Counted:
    """A binary file that adds what is read from it to a ByteCounter."""

    def __init__(self, fh: BinaryIO, counter: ByteCounter) -> None:
        self._fh = fh
        self._c = counter

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> bytes:
        line = next(self._fh)
        self._c.n += len(line)
        return line

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._c.n += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        line = self._fh.readline(size)
        self._c.n += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        before = self._fh.tell()
        after = self._fh.seek(pos, whence)
        self._c.n += after - before
        return after

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def read_problem(path: Path, exc: OSError) -> str:
    """What to say of an input file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a folder"
    if isinstance(exc, PermissionError):
        return f"{path}: cannot be read (permission denied)"
    return f"{path}: cannot be read ({exc.strerror})"


def file_size(path: Path) -> int:
    """The size of an input file in bytes, or FormatError naming it (a folder, missing…)."""
    try:
        if path.is_dir():
            raise IsADirectoryError
        return path.stat().st_size
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None


def open_binary(path: Path, counter: ByteCounter | None = None) -> BinaryIO:
    """Open an input file, or raise FormatError naming it."""
    try:
        if path.is_dir():
            raise IsADirectoryError
        fh = path.open("rb")
        return _Counted(fh, counter) if counter is not None else fh  # type: ignore[return-value]
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None


def check_nonempty(path: Path) -> None:
    try:
        if path.stat().st_size == 0:
            raise FormatError(f"{path}: the file is empty")
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None


LINE_PIECE = 1 << 20


def bounded_lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line with its terminator, bytes)``; a line longer than ``max_bytes`` is
    skipped without being kept (``None``, with its length): memory stays bounded whatever the
    file. Lines are read 1 MiB at a time, so a line over the limit costs at most the limit."""
    readline = fh.readline
    n = 0
    while True:
        line = readline(LINE_PIECE)
        if not line:
            return
        n += 1
        if len(line) == LINE_PIECE and not line.endswith(b"\n"):  # a long line: gather it, up to the limit
            pieces = [line]
            size = len(line)
            while size <= max_bytes:
                piece = readline(LINE_PIECE)
                if not piece:
                    break
                pieces.append(piece)
                size += len(piece)
                if piece.endswith(b"\n"):
                    break
            ended = pieces[-1].endswith(b"\n")
            if size - (1 if ended else 0) > max_bytes:
                pieces.clear()
                while not ended:  # skip the rest of the line
                    piece = readline(LINE_PIECE)
                    if not piece:
                        break
                    size += len(piece)
                    ended = piece.endswith(b"\n")
                yield n, None, size
                continue
            line = b"".join(pieces)
        elif len(line) - (1 if line.endswith(b"\n") else 0) > max_bytes:
            yield n, None, len(line)
            continue
        yield n, line, len(line)


def json_lines(fh: BinaryIO, src: str, max_line: int) -> Iterator[tuple[int, object, bytes] | Rejected]:
    """The values of a JSON-lines file: ``(line number, value, the line as written)``, or a
    :class:`Rejected` for a line over ``max_line`` bytes (never kept whole) or not JSON.
    A UTF-8 BOM and blank lines are skipped. A UTF-16/UTF-32 file, and a first record that
    goes on over the next lines (a pretty-printed JSON file, not JSON lines), raise
    FormatError: one message for the file, not one per line."""
    first = True  # the first line holding something
    unfinished: Rejected | None = None  # the first line, when its value does not end on it
    for n, line, size in bounded_lines(fh, max_line):
        if line is None:
            if unfinished is not None:
                yield unfinished
                unfinished = None
            yield Rejected(src, n, [line_too_long(size, max_line)])
            first = False
            continue
        if n == 1:
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            else:
                wide = wide_encoding(line)
                if wide is not None:
                    raise FormatError(f"{src}: {wide}")
        if not line.strip():
            continue
        raw = line.rstrip(b"\r\n")  # decoded only if the record is rejected
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if unfinished is not None:  # neither the first line nor the next is a whole value
                raise FormatError(
                    f"{src}, line {unfinished.line}: the JSON value starting on this line goes on over the "
                    "next lines: this is a pretty-printed JSON file, not JSON lines (one record a line)"
                ) from None
            bad = Rejected(src, n, [f"invalid JSON ({exc})"], raw)
            if first and exc.pos >= len(exc.doc.rstrip()):  # the line ended before the value: it may go on
                unfinished = bad
            else:
                yield bad
            first = False
            continue
        first = False
        if (
            unfinished is not None
        ):  # the first line was a record cut short, not the start of a pretty-printed one
            yield unfinished
            unfinished = None
        yield n, value, raw
    if unfinished is not None:  # a file of one unfinished line
        yield unfinished


# orjson reads an integer beyond 64 bits as a float (2**70 → 1.1805916207174113e+21); a record
# holding one is read again exactly when it is rejected, so that its message quotes the number.
_LONG_DIGITS = re.compile(rb"[0-9]{19}")


def exact_json(raw: bytes, ids: dict[object, str], seen: int) -> object | None:
    """The line of a rejected record read again with its integers exact, or None when it holds
    no integer too long for orjson. ``ids``: the ids of the file seen, ``seen`` of them before
    this record (the id the record's first reading added is taken out, to be added again).
    Only rejected records pay for this."""
    if _LONG_DIGITS.search(raw) is None:
        return None
    try:
        exact = json.loads(raw)
    except (ValueError, RecursionError):  # ValueError: an integer of more digits than Python converts
        return None
    if len(ids) > seen:
        ids.popitem()
    return exact


def line_too_long(total: int, limit: int) -> str:
    return (
        f"the line is {total:,} bytes; a line (one record) may hold at most {limit:,} bytes "
        f"(set {ENV_MAX_LINE_BYTES} to allow more)"
    )


def text_too_long(n: int, limit: int, what: str = "the text") -> str:
    return (
        f"{what} is {n:,} characters; one document may hold at most {limit:,} "
        f"(set {ENV_MAX_DOCUMENT_CHARS} to allow more)"
    )
