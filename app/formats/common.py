"""Checks shared by the span-offset formats (native JSONL, doccano, Label Studio, brat).

:func:`checked_spans` validates the offsets a file gives against the text as the file
has it (range, order, the quoted span text), converts UTF-16 offsets to code points when
the format counts that way, then normalises CRLF/CR newlines and moves every offset with
them. Problems come back as reasons (the record is rejected); nothing is repaired silently.
"""

from __future__ import annotations

from typing import Sequence

from app.core.offsets import Utf16Map
from app.core.textio import normalise_with_offsets, notable
from app.formats.base import ImportRecord, ImportSpan

OFFSET_UNITS = ("codepoints", "utf16")


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


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
        if u16 is None and type(s) is int and type(e) is int and type(label) is str and label and 0 <= s < e <= limit:
            covered = text[s:e]
            if quoted is None or covered == quoted:
                spans.append(make(ImportSpan, (s, e, label, covered, line)))
                continue
        name = f"line {line}" if by_line and line is not None else f"{what} {n}"
        if not _is_int(s) or not _is_int(e):
            reasons.append(f"{name}: offsets must be integers, got {s!r}, {e!r}")
            continue
        if not isinstance(label, str) or not label:
            reasons.append(f"{name}: the label must be a non-empty string, got {label!r}")
            continue
        if quoted is not None and not isinstance(quoted, str):
            reasons.append(f"{name}: the span text must be a string, got {quoted!r}")
            continue
        if s < 0 or e > limit:  # type: ignore[operator]
            reasons.append(f"{name} ({label} {s}–{e}): end beyond the text (length {limit} {unit})" if e > limit  # type: ignore[operator]
                           else f"{name} ({label} {s}–{e}): negative start")
            continue
        if s >= e:  # type: ignore[operator]
            reasons.append(f"{name} ({label} {s}–{e}): start must be before end")
            continue
        if u16 is not None:
            cs, ce = u16.from_utf16(s), u16.from_utf16(e, round_up=True)  # type: ignore[arg-type]
            if u16.to_utf16(cs) != s or u16.to_utf16(ce) != e:
                reasons.append(f"{name} ({label} {s}–{e}): an offset falls inside a character (between the two UTF-16 halves of an emoji)")
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
            reasons.append(f"{name} ({label} {s}–{e}): the offsets cover {covered!r} but the file quotes {quoted!r}{hint}")
            continue
        spans.append(make(ImportSpan, (s, e, label, covered, line)))
    new, changed, move = normalise_with_offsets(text)
    if changed:
        spans = [ImportSpan(move(sp.start), move(sp.end), sp.label, None, sp.line) for sp in spans]
        spans = [ImportSpan(sp.start, sp.end, sp.label, new[sp.start : sp.end], sp.line) for sp in spans]
    return new, spans, changed, reasons


def add_text_notes(rec: ImportRecord) -> None:
    """Record the notable characters of a record's text (kept as they are)."""
    for kind in notable(rec.text):
        rec.note(kind, f"{rec.source}, line {rec.line}")
    if rec.newlines_normalised:
        rec.note("newlines", f"{rec.source}, line {rec.line}")
