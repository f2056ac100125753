"""Checks shared by the span-offset formats (native JSONL, doccano, Label Studio, brat).

:func:`checked_spans` validates the offsets a file gives against the text as the file
has it (range, order, the quoted span text), converts UTF-16 offsets to code points when
the format counts that way, then normalises CRLF/CR newlines and moves every offset with
them. Problems come back as reasons (the record is rejected); nothing is repaired silently.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence

from app.core.decoding import normalise_with_offsets, notable
from app.core.labelnames import MAX_LABEL_NAME
from app.core.offsets import Utf16Map
from app.formats.base import ImportRecord, ImportSpan

OFFSET_UNITS = ("codepoints", "utf16")


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlong = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def show(value: object) -> str:
    """A short, safe ``repr`` for messages: whatever a file holds (a list nested a thousand
    deep, a number of ten thousand digits, a 50 MB string) comes out as a few dozen characters."""
    try:
        return _REPR.repr(value)
    except (ValueError, RecursionError, MemoryError):  # int too large for str(), nesting too deep
        return f"<{type(value).__name__}>"


def clip(text: str, n: int = 80) -> str:
    """A string from a file, cut for a message (as it is, without quotes)."""
    return text if len(text) <= n else text[:n] + "…"


MAX_ID = 2**63 - 1


def id_problem(value: object, what: str = "id") -> str | None:
    """Why a record's id cannot be kept (ids are JSON strings or integers), or None."""
    if value is None or isinstance(value, str) and len(value) <= 1000:
        return None
    if _is_int(value) and -MAX_ID - 1 <= value <= MAX_ID:  # type: ignore[operator]
        return None
    return f'"{what}" must be a string (up to 1,000 characters) or a 64-bit integer, got {show(value)}'


def checked_id(
    value: object, ids: dict[object, str], where: str, reasons: list[str], what: str = "document"
) -> object:
    """A record's id (None when it is not a usable id): a bad id, or one already seen in this
    file (``ids``: id → where it was, e.g. "on line 3"), adds a reason."""
    bad = id_problem(value)
    if bad is not None:
        reasons.append(bad)
        return None
    if value is not None:
        if value in ids:
            reasons.append(f"duplicate {what} id {show(value)} (also {ids[value]})")
        else:
            ids[value] = where
    return value


def label_problem(label: object) -> str | None:
    if not isinstance(label, str) or not label:
        return f"the label must be a non-empty string, got {show(label)}"
    if len(label) > MAX_LABEL_NAME:
        return f"the label is {len(label):,} characters long (at most {MAX_LABEL_NAME}): {show(label)}"
    return None


def num(v: object) -> str:
    """An offset for a message (a number too long to print is said so)."""
    return str(v) if _is_int(v) and -(10**30) < v < 10**30 else show(v)  # type: ignore[operator]


def checked_spans(
    text: str,
    raw: Sequence[tuple[object, object, object, object, int | None]],
    offsets: str = "codepoints",
    what: str = "span",
    by_line: bool = False,
) -> tuple[str, list[ImportSpan], int, list[str]]:
    """``(stored text, spans, newlines changed, reasons)`` for ``(start, end, label, quoted, line)`` items."""
    reasons: list[str] = []
    spans: list[ImportSpan] = []
    u16 = Utf16Map(text) if offsets == "utf16" else None
    limit = u16.utf16_length if u16 is not None else len(text)
    unit = "UTF-16 units" if u16 is not None else "characters"
    make = tuple.__new__
    for n, (s, e, label, quoted, line) in enumerate(raw, 1):
        # The common case first, with the fewest checks (a million spans go through here).
        if (
            u16 is None
            and type(s) is int
            and type(e) is int
            and type(label) is str
            and 0 < len(label) <= MAX_LABEL_NAME
            and 0 <= s < e <= limit
        ):
            covered = text[s:e]
            if quoted is None or covered == quoted:
                spans.append(make(ImportSpan, (s, e, label, covered, line)))
                continue
        name = f"line {line}" if by_line and line is not None else f"{what} {n}"
        if not _is_int(s) or not _is_int(e):
            reasons.append(f"{name}: offsets must be integers, got {show(s)}, {show(e)}")
            continue
        bad_label = label_problem(label)
        if bad_label is not None:
            reasons.append(f"{name}: {bad_label}")
            continue
        if quoted is not None and not isinstance(quoted, str):
            reasons.append(f"{name}: the span text must be a string, got {show(quoted)}")
            continue
        where = f"{name} ({label} {num(s)}–{num(e)})"
        if s < 0 or e > limit:  # type: ignore[operator]
            reasons.append(
                f"{where}: end beyond the text (length {limit} {unit})"
                if e > limit  # type: ignore[operator]
                else f"{where}: negative start"
            )
            continue
        if s >= e:  # type: ignore[operator]
            reasons.append(f"{where}: start must be before end")
            continue
        if u16 is not None:
            cs, ce = u16.from_utf16(s), u16.from_utf16(e, round_up=True)  # type: ignore[arg-type]
            if u16.to_utf16(cs) != s or u16.to_utf16(ce) != e:
                reasons.append(
                    f"{where}: an offset falls inside a character (between the two UTF-16 halves of an emoji)"
                )
                continue
            s, e = cs, ce
        covered = text[s:e]  # type: ignore[misc]
        if quoted is not None and covered != quoted:
            hint = ""
            if offsets == "codepoints" and len(text) != Utf16Map(text).utf16_length:
                alt = Utf16Map(text)
                try:
                    a, b = alt.from_utf16(s), alt.from_utf16(e, round_up=True)  # type: ignore[arg-type]
                    if text[a:b] == quoted:
                        hint = " (they match if read as UTF-16 units: use --offsets utf16)"
                except IndexError:
                    pass
            reasons.append(
                f"{where}: the offsets cover {show(covered)} but the file quotes {show(quoted)}{hint}"
            )
            continue
        spans.append(make(ImportSpan, (s, e, label, covered, line)))
    new, changed, move = normalise_with_offsets(text)
    if changed:
        moved = []
        for sp in spans:
            a, b = move(sp.start), move(sp.end)
            if a >= b:  # it covered only the CR of a CRLF, which is dropped
                name = f"line {sp.line}" if by_line and sp.line is not None else what
                reasons.append(
                    f"{name} ({sp.label} {sp.start}–{sp.end}): covers only the CR of a CRLF line break "
                    "(CRLF becomes LF on import)"
                )
                continue
            moved.append(ImportSpan(a, b, sp.label, new[a:b], sp.line))
        spans = moved
    return new, spans, changed, reasons


def add_text_notes(rec: ImportRecord) -> None:
    """Record the notable characters of a record's text (kept as they are)."""
    for kind in notable(rec.text):
        rec.note(kind, f"{rec.source}, line {rec.line}")
    if rec.newlines_normalised:
        rec.note("newlines", f"{rec.source}, line {rec.line}")
