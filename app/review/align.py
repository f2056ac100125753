"""Aligning two layers of one document into classified differences.

Layer A and layer B are two annotators' spans over the same text (code-point offsets,
``end`` exclusive). Within one layer spans may nest but never cross, and a range holds
at most one span; neither is required here (the result stays deterministic if a layer
breaks them). The alignment pairs spans **one to one** and classifies every span into
exactly one :class:`Difference`:

1. **Same range.** A span of A and a span of B with the same ``(start, end)`` are paired:
   ``agreement`` if their labels are equal, ``label`` (same span, other label) if not.
   (If a layer holds several spans with one range, a B span takes an A span with its own
   label first, otherwise the first in ``(start, -end, label)`` order.)
2. **Overlap.** Among the spans left, every pair (a, b) sharing at least one character is
   a candidate. Candidates are taken greedily in this order, skipping a pair once either
   of its spans is taken:

   * same label before different labels;
   * then the larger overlap relative to the pair's extent (Jaccard index of the two
     character ranges: shared characters / characters covered by either);
   * then reading order: a.start, longer a first, b.start, longer b first.

   A taken pair is an ``overlap`` difference (different boundaries; its labels may differ —
   :attr:`Difference.same_label` tells).
3. **Alone.** A span of A still unpaired is ``only_a``; of B, ``only_b``.

Every span of A appears in exactly one difference, and so does every span of B, so the
counts add up: ``|A| = agreement + label + overlap + only_a`` and likewise for B.

The result is in reading order: by the start of the difference's extent (the smallest
range covering its spans), longer extents first (outer before nested), then by class and
the spans' own offsets.

The functions accept any objects with ``start``, ``end`` and ``label`` attributes
(:class:`app.core.spans.SpanRecord`, or the light :class:`Span` tuple used for the
project-wide figures); the differences hold the objects they were given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, NamedTuple, Protocol, TypeVar


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...


S = TypeVar("S", bound=SpanLike)


class Span(NamedTuple):
    """A span reduced to what the alignment needs (cheaper than a SpanRecord)."""

    start: int
    end: int
    label: str


class Kind(str, Enum):
    """The five classes of a difference, in their display order."""

    AGREEMENT = "agreement"  # same range, same label
    LABEL = "label"  # same range, other label
    OVERLAP = "overlap"  # overlapping ranges with different boundaries
    ONLY_A = "only_a"
    ONLY_B = "only_b"

    @property
    def order(self) -> int:
        return _KIND_ORDER[self]


KINDS: tuple[Kind, ...] = tuple(Kind)
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Difference(Generic[S]):
    """One aligned unit: a pair of spans (A, B) or a span alone."""

    kind: Kind
    a: S | None
    b: S | None

    @property
    def start(self) -> int:
        if self.a is None:
            return self.b.start  # type: ignore[union-attr]
        if self.b is None:
            return self.a.start
        return min(self.a.start, self.b.start)

    @property
    def end(self) -> int:
        if self.a is None:
            return self.b.end  # type: ignore[union-attr]
        if self.b is None:
            return self.a.end
        return max(self.a.end, self.b.end)

    @property
    def same_label(self) -> bool:
        return self.a is not None and self.b is not None and self.a.label == self.b.label

    @property
    def labels(self) -> tuple[str, ...]:
        """The distinct labels involved (A's first)."""
        out: list[str] = []
        for rec in (self.a, self.b):
            if rec is not None and rec.label not in out:
                out.append(rec.label)
        return tuple(out)

    @property
    def is_agreement(self) -> bool:
        return self.kind is Kind.AGREEMENT

    def sort_key(self) -> tuple[int, ...]:
        a, b = self.a, self.b
        return (
            self.start,
            -self.end,
            _KIND_ORDER[self.kind],
            a.start if a is not None else -1,
            -a.end if a is not None else 0,
            b.start if b is not None else -1,
            -b.end if b is not None else 0,
        )


def _order(rec: Any) -> tuple[int, int, str]:
    return (rec.start, -rec.end, rec.label)


def jaccard(a: SpanLike, b: SpanLike) -> float:
    """Shared characters / characters covered by either span (0 when disjoint)."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def _overlapping_pairs(rest_a: Sequence[S], rest_b: Sequence[S]) -> list[tuple[int, int]]:
    """Positions ``(i, j)`` of every ``rest_a[i]``, ``rest_b[j]`` sharing a character.

    One sweep by start keeping the spans still open: O(n log n + pairs). Both inputs are
    sorted by (start, -end, label).
    """
    pairs: list[tuple[int, int]] = []
    open_a: list[int] = []
    open_b: list[int] = []
    i = j = 0
    na, nb = len(rest_a), len(rest_b)
    while i < na or j < nb:
        if j >= nb or (i < na and _order(rest_a[i]) <= _order(rest_b[j])):
            start = rest_a[i].start
            if open_b:
                open_b = [k for k in open_b if rest_b[k].end > start]
                pairs.extend((i, k) for k in open_b)
            open_a.append(i)
            i += 1
        else:
            start = rest_b[j].start
            if open_a:
                open_a = [k for k in open_a if rest_a[k].end > start]
                pairs.extend((k, j) for k in open_a)
            open_b.append(j)
            j += 1
    return pairs


def align(a_spans: Iterable[S], b_spans: Iterable[S]) -> list[Difference[S]]:
    """Classify the spans of two layers into differences (see the module docstring)."""
    a_sorted = sorted(a_spans, key=_order)
    b_sorted = sorted(b_spans, key=_order)
    out: list[Difference[S]] = []

    # 1. Same range.
    by_range: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(a_sorted):
        by_range.setdefault((a.start, a.end), []).append(i)
    paired = [False] * len(a_sorted)
    rest_b: list[S] = []
    for b in b_sorted:
        group = by_range.get((b.start, b.end))
        if not group:
            rest_b.append(b)
            continue
        pick = 0
        for k, i in enumerate(group):
            if a_sorted[i].label == b.label:
                pick = k
                break
        i = group.pop(pick)
        paired[i] = True
        a = a_sorted[i]
        out.append(Difference(Kind.AGREEMENT if a.label == b.label else Kind.LABEL, a, b))
    rest_a = [a for i, a in enumerate(a_sorted) if not paired[i]]

    # 2. Overlap, greedily by (same label, Jaccard, reading order).
    if rest_a and rest_b:
        cands = _overlapping_pairs(rest_a, rest_b)
        if cands:

            def key(p: tuple[int, int]) -> tuple[Any, ...]:
                a, b = rest_a[p[0]], rest_b[p[1]]
                return (a.label != b.label, -jaccard(a, b), p[0], p[1])

            cands.sort(key=key)
            taken_a = [False] * len(rest_a)
            taken_b = [False] * len(rest_b)
            for i, j in cands:
                if taken_a[i] or taken_b[j]:
                    continue
                taken_a[i] = taken_b[j] = True
                out.append(Difference(Kind.OVERLAP, rest_a[i], rest_b[j]))
            rest_a = [a for i, a in enumerate(rest_a) if not taken_a[i]]
            rest_b = [b for j, b in enumerate(rest_b) if not taken_b[j]]

    # 3. Alone.
    out.extend(Difference(Kind.ONLY_A, a, None) for a in rest_a)
    out.extend(Difference(Kind.ONLY_B, None, b) for b in rest_b)
    out.sort(key=Difference.sort_key)
    return out


def count_kinds(diffs: Iterable[Difference[Any]]) -> dict[Kind, int]:
    counts = dict.fromkeys(KINDS, 0)
    for d in diffs:
        counts[d.kind] += 1
    return counts
