"""Types shared by the format modules.

A format module is Qt-free and store-free. Its reader turns files into a stream of
:class:`ImportRecord` (one document with its spans, label names as in the file) and
:class:`Rejected` (a record that cannot be read, with file, line and reasons). Its writer
takes a stream of :class:`ExportDocument` and writes one file (or a folder). Label
mapping, de-duplication and the database are the services' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, NamedTuple

from app.core.issues import Tally


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


@dataclass
class ReadOptions:
    iob_repair: str = "begin"  # begin | drop | error (see app.core.bio)
    sentences_per_document: int = 50  # CoNLL without -DOCSTART-: sentences per document (0: whole file)
    offsets: str | None = None  # doccano/labelstudio offsets: "utf16" | "codepoints"
    counter: ByteCounter | None = None  # readers add the bytes they read


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
    origin: str = "imported"
    newlines_normalised: int = 0
    had_bom: bool = False
    notes: list[tuple[str, str, int]] = field(default_factory=list)  # (tally kind, example, count): repairs, remarks
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


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extension: str
    write: Writer | None = None  # (docs, fh, options=None) -> number of records written
    read: Reader | None = None
    suffixes: tuple[str, ...] = ()  # file suffixes a folder is searched for, on import
    folder_output: bool = False  # brat: the export is a folder
    token_level: bool = False  # conll, conll-nested, hf: spans mapped onto tokens
    write_folder: Callable[[Iterable[ExportDocument], Path, WriteOptions], int] | None = None
    extra_files: Callable[..., dict[Path, bytes]] | None = None  # e.g. hf label names
    # Push-style writing (one document at a time, for splits and process pools):
    encode: Callable[[ExportDocument, WriteOptions], bytes] | None = None
    header: bytes = b""
    separator: bytes = b""
    footer: bytes = b""
    write_doc: Callable[[ExportDocument, Path, WriteOptions], None] | None = None  # folder formats
    finish_folder: Callable[[Path, WriteOptions], None] | None = None


class _Counted:
    """A binary file that adds what is read from it to a ByteCounter."""

    def __init__(self, fh: BinaryIO, counter: ByteCounter) -> None:
        self._fh = fh
        self._c = counter

    def __iter__(self) -> "_Counted":
        return self

    def __next__(self) -> bytes:
        line = next(self._fh)
        self._c.n += len(line)
        return line

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._c.n += len(data)
        return data

    def seek(self, pos: int, whence: int = 0) -> int:
        before = self._fh.tell()
        after = self._fh.seek(pos, whence)
        self._c.n += after - before
        return after

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "_Counted":
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def open_binary(path: Path, counter: ByteCounter | None = None) -> BinaryIO:
    """Open an input file, or raise FormatError naming it."""
    try:
        if path.is_dir():
            raise FormatError(f"{path}: is a folder")
        fh = path.open("rb")
        return _Counted(fh, counter) if counter is not None else fh  # type: ignore[return-value]
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file") from None
    except PermissionError:
        raise FormatError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise FormatError(f"{path}: cannot be read ({exc.strerror})") from None


def check_nonempty(path: Path) -> None:
    try:
        if path.stat().st_size == 0:
            raise FormatError(f"{path}: the file is empty")
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file") from None
