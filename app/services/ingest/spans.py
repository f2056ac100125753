"""The span checks of an import: labels resolved, offsets inside the text, nesting, duplicates.

A record's kept spans become ONE flat list of values, :data:`ROW` per span (label id, start,
end, text, origin, provenance, line), ready for the multi-row INSERT; the last value holds the
span's line (for messages) until the writer makes it the layer id. The stored text is sliced
from the record's text, so ``text[start:end] == span text`` by construction.

The spans of a layer may nest or be disjoint, never cross; a span identical (start, end,
label) to one already kept is dropped and counted (``span_duplicate``). Spans that come
sorted (start, outer first: every Hamish export and CoNLL reader gives them so) are checked in
the reading loop itself, with the previous span and a stack of the enclosing spans' ends;
others are sorted by two stable C-level sorts and swept (:func:`laminar`). Same rules, same
messages. A problem rejects the whole record: the checks return a :class:`Rejected` naming the
file, the line and the reason. This is the hot path of an import (a million spans go through
it): what it does per span is kept to a few C-level operations.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from operator import itemgetter
from pathlib import Path

import orjson

from app.core.issues import Tally
from app.core.spans import Origin, is_origin
from app.formats.base import ImportRecord, Rejected

ROW = 7  # values per span in a record's flat row list: label id, start, end, text, origin, provenance, line
# A label not resolved yet (first sight, dropped or unknown): its id, or None when its span is left out.
LabelLookup = Callable[[ImportRecord, str, int | None], int | None]

_NO_LINE = object()
_START = itemgetter(1)
_END = itemgetter(2)


class SpanChecks:
    """Checks the spans of the records of one import (format ``fmt``, for the provenance).

    ``labels``: source label → project label id, for labels already resolved (the label
    resolver fills it as it goes: the hot path); any other label goes to ``look_up``.
    Duplicates dropped are counted in ``tally``.
    """

    def __init__(self, labels: dict[str, int], look_up: LabelLookup, tally: Tally, fmt: str) -> None:
        self._labels = labels
        self._look_up = look_up
        self._tally = tally
        self._fmt = fmt
        self._prefixes: dict[str, str] = {}  # file -> the start of its spans' provenance JSON

    def rows(self, rec: ImportRecord) -> list | Rejected:
        """The flat rows of the record's kept spans, sorted (start, end descending), or why
        the record is rejected."""
        if rec.origins is None and rec.provenance is None:
            if not is_origin(rec.origin):
                return Rejected(
                    rec.source,
                    rec.line,
                    [f"origin {rec.origin!r} is not one of {', '.join(Origin)}"],
                    rec.raw,
                )
            return self._in_order(rec)
        return self._any(rec)

    def _prefix(self, source: str) -> str:
        prefix = self._prefixes.get(source)
        if prefix is None:
            prefix = orjson.dumps({"format": self._fmt, "file": Path(source).name}).decode()[:-1]
            self._prefixes[source] = prefix
        return prefix

    def _in_order(self, rec: ImportRecord) -> list | Rejected:
        """Spans sharing the record's origin and provenance prefix; sorted input is checked in
        the loop (previous span and a stack of the open outer spans' ends)."""
        fast_get = self._labels.get
        tally = self._tally
        text = rec.text
        src = rec.source
        prefix = self._prefix(src)
        origin = rec.origin
        n_len = len(text)
        rows: list = []
        last_line: object = _NO_LINE
        prov = ""
        ordered = True
        ends: list[int] = []  # ends of the open spans enclosing the previous one, innermost last
        ps = pe = -1  # the previous span kept (pe: -1 before the first)
        here = -1  # its label id
        more: list[int] | None = None  # other label ids on that same range
        for s, e, label, _quoted, line in rec.spans:
            lid = fast_get(label)
            if lid is None:
                lid = self._look_up(rec, label, line)
                if lid is None:
                    continue
            if not (0 <= s < e <= n_len):
                return Rejected(
                    src, line, [f"span {s}–{e} ({label}) lies outside the text or is empty"], rec.raw
                )
            if line != last_line:
                last_line = line
                prov = f'{prefix},"line":{line}}}' if line is not None else prefix + "}"
            if ordered:
                if s >= pe:  # after the previous span (the common case: disjoint spans)
                    while ends and ends[-1] <= s:
                        ends.pop()
                    if ends and e > ends[-1]:
                        return Rejected(
                            src,
                            line if line is not None else (rec.line or None),
                            [_crossing(rows, s, e, ends[-1], text)],
                            rec.raw,
                        )
                    here = lid
                    more = None
                elif s > ps or (s == ps and e < pe):  # starts inside the previous span
                    if e > pe:
                        return Rejected(
                            src,
                            line if line is not None else (rec.line or None),
                            [_crossing(rows, s, e, pe, text)],
                            rec.raw,
                        )
                    ends.append(pe)
                    here = lid
                    more = None
                elif s == ps and e == pe:  # the same range again
                    if lid == here or (more is not None and lid in more):
                        tally.add("span_duplicate", f"{src}, line {line}: {s}–{e} “{text[s:e]}”")
                        continue
                    if more is None:
                        more = []
                    more.append(lid)
                else:
                    ordered = False  # sorted and checked below
                ps = s
                pe = e
            rows += (lid, s, e, text[s:e], origin, prov, line)
        if ordered:
            return rows
        return self._sorted(rec, rows)

    def _any(self, rec: ImportRecord) -> list | Rejected:
        """Spans carrying their own origin and provenance (a merge)."""
        fast_get = self._labels.get
        text = rec.text
        src = rec.source
        origins = rec.origins
        provs = rec.provenance
        prefix = self._prefix(src)
        n_len = len(text)
        rows: list = []
        for k, (s, e, label, _quoted, line) in enumerate(rec.spans):
            lid = fast_get(label)
            if lid is None:
                lid = self._look_up(rec, label, line)
                if lid is None:
                    continue
            if not (0 <= s < e <= n_len):
                return Rejected(
                    src, line, [f"span {s}–{e} ({label}) lies outside the text or is empty"], rec.raw
                )
            if provs is not None:
                prov = provs[k]
            else:
                prov = f'{prefix},"line":{line}}}' if line is not None else prefix + "}"
            origin = origins[k] if origins is not None else rec.origin
            if not is_origin(origin):
                return Rejected(
                    src, line, [f"span {s}–{e}: origin {origin!r} is not one of {', '.join(Origin)}"], rec.raw
                )
            rows += (lid, s, e, text[s:e], origin, prov, line)
        return self._sorted(rec, rows)

    def _sorted(self, rec: ImportRecord, rows: list) -> list | Rejected:
        """Flat rows sorted (start, end descending, file order), identical ones dropped; the
        record rejected if two spans cross."""
        if len(rows) <= ROW:
            return rows
        grouped = list(zip(*[iter(rows)] * ROW))
        # Two stable C-level sorts, no per-span key tuple.
        grouped.sort(key=_END, reverse=True)
        grouped.sort(key=_START)
        grouped, problem = laminar(grouped, self._tally, rec.source)
        if problem is not None:
            return Rejected(
                rec.source,
                problem[0] if problem[0] is not None else (rec.line or None),
                [problem[1]],
                rec.raw,
            )
        return list(chain.from_iterable(grouped))


def _crossing(rows: list, s: int, e: int, end: int, text: str) -> str:
    """The message for span s–e crossing the innermost open span (the last one kept ending at ``end``)."""
    for b in range(len(rows) - ROW, -1, -ROW):
        if rows[b + 2] == end and rows[b + 1] < s:
            a = rows[b + 1]
            break
    else:  # pragma: no cover - the open span is always among the rows
        a = s
    return f"span {s}–{e} “{text[s:e]}” crosses span {a}–{end} “{text[a:end]}”: spans of a layer may nest but not cross"


def laminar(rows: list[tuple], tally: Tally, src: str) -> tuple[list[tuple], tuple[int | None, str] | None]:
    """Drop identical duplicates; find a crossing pair. ``rows`` are (label id, start, end,
    text, origin, provenance, line), sorted by (start, end descending, file order).

    One sweep with a stack of the spans still open: a span starting before the innermost
    open span ends must end inside it (nesting), else the two cross.
    """
    stack: list[tuple] = []
    dup: list[int] | None = None
    ps = pe = -1
    here: list[int] = []  # labels already seen on the current range
    for i, r in enumerate(rows):
        s = r[1]
        e = r[2]
        if s == ps and e == pe:
            if r[0] in here:
                tally.add("span_duplicate", f"{src}, line {r[6]}: {s}–{e} “{r[3]}”")
                if dup is None:
                    dup = []
                dup.append(i)
                continue
            here.append(r[0])
        else:
            ps = s
            pe = e
            here = [r[0]]
        while stack and stack[-1][2] <= s:
            stack.pop()
        if stack and e > stack[-1][2]:
            top = stack[-1]
            return rows, (
                r[6],
                f"span {s}–{e} “{r[3]}” crosses span {top[1]}–{top[2]} “{top[3]}”: "
                "spans of a layer may nest but not cross",
            )
        stack.append(r)
    if dup is not None:
        drop = set(dup)
        rows = [r for i, r in enumerate(rows) if i not in drop]
    return rows, None


def union_existing(
    old: list[tuple[int, int, int]], rows: list, tally: Tally, rec: ImportRecord
) -> list | str:
    """Flat rows (see :data:`ROW`) not already in the layer (``old``: (start, end, label id)
    triples); a message if one would cross a span of the layer."""
    have = set(old)
    keys = list(zip(rows[1::ROW], rows[2::ROW], rows[0::ROW]))
    if have.isdisjoint(keys):
        fresh = rows
    else:
        fresh = []
        for i, key in enumerate(keys):
            b = i * ROW
            if key in have:
                tally.add(
                    "span_duplicate",
                    f"{rec.source}, line {rows[b + ROW - 1]}: {key[0]}–{key[1]} “{rows[b + 3]}”",
                )
                continue
            fresh += rows[b : b + ROW]
    if not fresh or not old:
        return fresh
    merged = sorted(
        [(a, b, 0) for a, b, _ in old] + [(a, b, 1) for a, b in zip(fresh[1::ROW], fresh[2::ROW])],
        key=lambda x: (x[0], -x[1], x[2]),
    )
    stack: list[tuple] = []
    for a, b, new in merged:
        while stack and stack[-1][1] <= a:
            stack.pop()
        if stack and b > stack[-1][1]:
            other = stack[-1]
            return (
                f"span {a}–{b} “{rec.text[a:b]}” crosses span {other[0]}–{other[1]} “{rec.text[other[0] : other[1]]}” "
                "already in the layer: spans of a layer may nest but not cross"
            )
        stack.append((a, b, new))
    return fresh


def union(have_rows: list, rows: list, tally: Tally, rec: ImportRecord) -> list | str:
    """:func:`union_existing` against flat rows (``have_rows``) rather than triples."""
    return union_existing(
        list(zip(have_rows[1::ROW], have_rows[2::ROW], have_rows[0::ROW])), rows, tally, rec
    )
