"""Spans: a label on ``text[start:end]`` (code points), and the in-memory index of a layer.

Invariant, enforced here and checked again on export: ``text[start:end] == span.text``,
``0 <= start < end <= len(text)``. Two spans of one layer are either disjoint or nested
(one inside the other); crossing spans are refused. Two spans with the same range are
one span: labelling the same range again relabels it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum


class Origin(StrEnum):
    """Where a span came from; the value is what the database and exports hold."""

    MANUAL = "manual"  # labelled in Hamish (also a reviewer's gold span)
    IMPORTED = "imported"  # read from a corpus file
    SUGGESTED = "suggested"  # a prediction, not an annotation (Label Studio ``predictions``)


_ORIGINS = frozenset(Origin)


def is_origin(value: object) -> bool:
    """Whether ``value`` (a string from a file or another database) is an origin."""
    return isinstance(value, str) and value in _ORIGINS


class SpanError(ValueError):
    """A span that cannot exist (bad offsets, text mismatch, crossing another span)."""


class SpanConflict(SpanError):
    """The span would cross an existing span of the same layer."""

    def __init__(self, message: str, other: SpanRecord) -> None:
        super().__init__(message)
        self.other = other


@dataclass(frozen=True, slots=True)
class SpanRecord:
    start: int
    end: int
    label: str
    text: str
    id: int | None = None
    origin: Origin = Origin.MANUAL
    provenance: str | None = None  # JSON text: where a gold or imported span came from

    @property
    def length(self) -> int:
        return self.end - self.start

    def with_id(self, span_id: int) -> SpanRecord:
        return replace(self, id=span_id)

    def with_label(self, label: str) -> SpanRecord:
        return replace(self, label=label)


def check_span(text: str, start: int, end: int, span_text: str | None = None) -> str:
    """Validate offsets against ``text``; return ``text[start:end]``.

    Raises :class:`SpanError` with the reason when the offsets are out of range, empty,
    or do not cover ``span_text``.
    """
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or isinstance(start, bool)
        or isinstance(end, bool)
    ):
        raise SpanError(f"span offsets must be integers, got {start!r}, {end!r}")
    if start < 0 or end > len(text):
        raise SpanError(f"span {start}..{end} lies outside the text (length {len(text)})")
    if start >= end:
        raise SpanError(f"span {start}..{end} is empty or reversed (start must be < end)")
    covered = text[start:end]
    if span_text is not None and covered != span_text:
        raise SpanError(f"span {start}..{end} covers {covered!r} but its text is {span_text!r}")
    return covered


def relation(a_start: int, a_end: int, b_start: int, b_end: int) -> str:
    """How span A relates to span B: disjoint, equal, inside, contains or crossing."""
    if a_end <= b_start or b_end <= a_start:
        return "disjoint"
    if a_start == b_start and a_end == b_end:
        return "equal"
    if b_start <= a_start and a_end <= b_end:
        return "inside"
    if a_start <= b_start and b_end <= a_end:
        return "contains"
    return "crossing"


def _key(rec: SpanRecord) -> tuple[int, int, int]:
    # Outer spans first at equal start; id breaks ties deterministically.
    return (rec.start, -rec.end, rec.id if rec.id is not None else -1)


class SpanIndex:
    """The spans of one layer of one document, sorted by (start, -end).

    Range queries use a bisect on start, bounded by the longest span seen, so they cost
    O(log n + k) for the spans near a range — the text view asks for the visible ones on
    every scroll.
    """

    __slots__ = ("_by_id", "_keys", "_max_len")

    def __init__(self, spans: Iterable[SpanRecord] = ()) -> None:
        self._by_id: dict[int, SpanRecord] = {}
        keys = []
        max_len = 0
        for rec in spans:
            if rec.id is None:
                raise SpanError("spans in an index need an id")
            self._by_id[rec.id] = rec
            keys.append(_key(rec))
            max_len = max(max_len, rec.end - rec.start)
        keys.sort()
        self._keys = keys
        self._max_len = max_len

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[SpanRecord]:
        by_id = self._by_id
        return (by_id[k[2]] for k in self._keys)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> SpanRecord:
        return self._by_id[span_id]

    def get_or_none(self, span_id: int) -> SpanRecord | None:
        return self._by_id.get(span_id)

    def position(self, span_id: int) -> int:
        """Row of a span in sorted order."""
        return bisect_left(self._keys, _key(self._by_id[span_id]))

    def rank(self, rec: SpanRecord) -> int:
        """Row that ``rec`` has (or would have) in sorted order."""
        return bisect_left(self._keys, _key(rec))

    def at_row(self, row: int) -> SpanRecord:
        return self._by_id[self._keys[row][2]]

    def add(self, rec: SpanRecord) -> int:
        """Insert a span with an id; return its row."""
        if rec.id is None:
            raise SpanError("spans in an index need an id")
        if rec.id in self._by_id:
            raise SpanError(f"span {rec.id} is already in the index")
        self._by_id[rec.id] = rec
        k = _key(rec)
        insort(self._keys, k)
        self._max_len = max(self._max_len, rec.end - rec.start)
        return bisect_left(self._keys, k)

    def remove(self, span_id: int) -> tuple[int, SpanRecord]:
        """Remove a span; return its former row and the record."""
        rec = self._by_id.pop(span_id)
        k = _key(rec)
        row = bisect_left(self._keys, k)
        del self._keys[row]
        return row, rec

    def replace(self, rec: SpanRecord) -> tuple[int, int]:
        """Replace the span with the same id (label or bounds changed); return old and new rows."""
        old_row, _ = self.remove(rec.id)  # type: ignore[arg-type]
        new_row = self.add(rec)
        return old_row, new_row

    def overlapping(self, start: int, end: int) -> list[SpanRecord]:
        """Spans with at least one character in ``[start, end)``, in sorted order."""
        keys = self._keys
        lo = bisect_left(keys, (start - self._max_len,))
        hi = bisect_left(keys, (end,))
        by_id = self._by_id
        out = []
        for i in range(lo, hi):
            rec = by_id[keys[i][2]]
            if rec.end > start:
                out.append(rec)
        return out

    def containing(self, pos: int) -> list[SpanRecord]:
        """Spans covering the character at ``pos``, innermost first."""
        found = self.overlapping(pos, pos + 1)
        found.sort(key=lambda r: (r.end - r.start, -r.start))
        return found

    def find_range(self, start: int, end: int) -> SpanRecord | None:
        """The span with exactly this range, if any."""
        keys = self._keys
        i = bisect_left(keys, (start, -end))
        if i < len(keys) and keys[i][0] == start and keys[i][1] == -end:
            return self._by_id[keys[i][2]]
        return None

    def crossing(self, start: int, end: int, ignore: int | None = None) -> SpanRecord | None:
        """The first span that ``[start, end)`` would cross (overlap without nesting)."""
        for rec in self.overlapping(start, end):
            if rec.id != ignore and relation(start, end, rec.start, rec.end) == "crossing":
                return rec
        return None

    def next_after(self, pos: int) -> SpanRecord | None:
        i = bisect_right(self._keys, (pos, 1))
        return self._by_id[self._keys[i][2]] if i < len(self._keys) else None

    def previous_before(self, pos: int) -> SpanRecord | None:
        i = bisect_left(self._keys, (pos,))
        return self._by_id[self._keys[i - 1][2]] if i > 0 else None
