"""Types shared by the format modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, NamedTuple


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


Writer = Callable[[Iterable[ExportDocument], BinaryIO], int]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extension: str
    write: Writer | None = None  # returns the number of records written
