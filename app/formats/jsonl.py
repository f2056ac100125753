"""Hamish's native JSONL: one JSON object per line, one line per document.

A line (see ``schema/export-jsonl.schema.json``)::

    {"format": "hamish-jsonl", "version": 1, "id": 1, "title": "…", "source": "x.txt",
     "text": "…", "text_sha256": "…", "annotator": "amal", "status": "in_progress",
     "created_at": "2026-11-26T12:00:00.000000Z", "updated_at": "…",
     "spans": [{"start": 0, "end": 5, "label": "role", "text": "ممثلي"}]}

Offsets are Python code points into ``text`` (not UTF-16 units, not bytes), ``end``
exclusive; ``text[start:end] == span.text`` always holds. Spans are sorted by start,
outer spans first. A span's ``label`` is the project label, or the name an export label
map gives it (``--label-map``; importing such a file back then needs the reverse map).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import orjson

from app.core.annotators import AnnotatorNameError, annotator_name
from app.core.layers import LayerStatus, is_status
from app.formats.base import (
    DEFAULT_MAX_DOCUMENT_CHARS,
    ExportDocument,
    Format,
    ImportRecord,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    check_nonempty,
    exact_json,
    json_lines,
    open_binary,
    text_too_long,
)
from app.formats.common import add_text_notes, checked_id, checked_spans, show

FORMAT_NAME = "hamish-jsonl"
FORMAT_VERSION = 1


def encode(doc: ExportDocument, option: int = 0, names: dict[str, str] | None = None) -> bytes:
    """One line; ``names``: the export label map's renames (project label → name written)."""
    spans = (
        [{"start": s[0], "end": s[1], "label": s[2], "text": s[3]} for s in doc.spans]
        if not names
        else [{"start": s[0], "end": s[1], "label": names.get(s[2], s[2]), "text": s[3]} for s in doc.spans]
    )
    return orjson.dumps(
        {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "id": doc.id,
            "title": doc.title,
            "source": doc.source_name,
            "text": doc.text,
            "text_sha256": doc.text_sha256,
            "annotator": doc.annotator,
            "status": doc.status,
            "created_at": doc.created_at,
            "updated_at": doc.updated_at,
            "spans": spans,
        },
        option=option,
    )


def write(docs: Iterable[ExportDocument], fh: BinaryIO, options: WriteOptions | None = None) -> int:
    n = 0
    out = fh.write
    nl = orjson.OPT_APPEND_NEWLINE
    names = options.label_names if options is not None else None
    for doc in docs:
        out(encode(doc, nl, names))
        n += 1
    return n


def encode_doc(doc: ExportDocument, options: WriteOptions | None = None) -> bytes:
    return encode(doc, orjson.OPT_APPEND_NEWLINE, options.label_names if options is not None else None)


def _int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Records of a Hamish JSONL file; every problem names the line.

    Lines are read at most ``max_line_bytes`` at a time (a longer line is refused, not
    kept), and a text over ``max_document_chars`` is refused: memory stays bounded.
    """
    opts = options or ReadOptions()
    check_nonempty(path)
    src = str(path)
    name = path.name
    ids: dict[object, str] = {}
    max_line, max_doc = opts.line_limit(), opts.document_limit()
    with open_binary(path, opts.counter) as fh:
        for item in json_lines(fh, src, max_line):
            if isinstance(item, Rejected):
                yield item
                continue
            n, obj, raw = item
            seen = len(ids)
            rec = _record(obj, src, n, raw, ids, name, max_doc)
            if type(rec) is Rejected and (exact := exact_json(raw, ids, seen)) is not None:
                rec = _record(exact, src, n, raw, ids, name, max_doc)
            yield rec


def iso_time(value: object) -> tuple[str | None, str | None]:
    """``(the time as ISO 8601 UTC "…Z" with microseconds, problem)`` of a JSON time field.

    Any time ``datetime.fromisoformat`` reads (Python 3.11: dates alone, week dates, basic
    format, offsets, ``Z``) is accepted; a time without an offset is taken as UTC. A valid
    time whose UTC form falls outside the years 1–9999 (``0001-01-01T00:00:00+05:00`` is in
    year 0 in UTC) becomes the first or last instant Python can hold: the time
    is only compared ("which layer is newer"), and stays in order."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, f"must be an ISO 8601 time, got {show(value)}"
    try:
        t = datetime.fromisoformat(value.strip())
    except ValueError:
        return None, f"{show(value)} is not an ISO 8601 time (e.g. 2026-11-26T12:00:00Z)"
    if t.tzinfo is not None:
        try:
            t = t.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # before 0001-01-01 or after 9999-12-31 in UTC
            t = datetime.min if t.year == 1 else datetime.max
    return t.isoformat(timespec="microseconds") + "Z", None


def _record(
    obj: object,
    src: str,
    n: int,
    raw: bytes,
    ids: dict[object, str],
    name: str,
    max_doc: int = DEFAULT_MAX_DOCUMENT_CHARS,
) -> Item:
    if not isinstance(obj, dict):
        return Rejected(src, n, ["a line must be a JSON object"], raw)
    if obj.get("format") != FORMAT_NAME:
        return Rejected(
            src,
            n,
            [
                f'not a Hamish JSONL line (no "format": "{FORMAT_NAME}"); for doccano or other JSONL use their --format'
            ],
            raw,
        )
    version = obj.get("version")
    if version != FORMAT_VERSION or not _int(version):
        why = "written by a newer Hamish" if _int(version) and version > FORMAT_VERSION else "unknown"  # type: ignore[operator]
        return Rejected(
            src,
            n,
            [f"format version {show(version)} is {why} (this Hamish reads version {FORMAT_VERSION})"],
            raw,
        )
    reasons: list[str] = []
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return Rejected(src, n, ['"text" must be a non-empty string'], raw)
    if len(text) > max_doc:
        return Rejected(src, n, [text_too_long(len(text), max_doc)], raw)
    doc_id = checked_id(obj.get("id"), ids, f"on line {n}", reasons)
    spans = obj.get("spans", [])
    if not isinstance(spans, list):
        return Rejected(src, n, ['"spans" must be a list'], raw)
    try:  # the common case: every span an object with the four keys
        items = [(sp["start"], sp["end"], sp["label"], sp["text"], n) for sp in spans]
    except (KeyError, TypeError):
        items = []
        for k, sp in enumerate(spans, 1):
            if not isinstance(sp, dict):
                reasons.append(f"span {k}: must be an object with start, end, label, text")
                continue
            items.append((sp.get("start"), sp.get("end"), sp.get("label"), sp.get("text"), n))
    status = obj.get("status")
    if status is not None and not is_status(status):
        reasons.append(f"status {show(status)} is not one of {', '.join(LayerStatus)}")
    annotator = obj.get("annotator")
    if annotator is not None:
        try:
            annotator = annotator_name(annotator)
        except AnnotatorNameError as exc:
            reasons.append(f'"annotator" {show(annotator)}: {exc}')
    updated_at, bad_time = iso_time(obj.get("updated_at"))
    if bad_time is not None:
        reasons.append(f'"updated_at" {bad_time}')
    stored, checked, changed, problems = checked_spans(text, items)
    reasons.extend(problems)
    if reasons:
        return Rejected(src, n, reasons, raw)
    title = obj.get("title")
    source = obj.get("source")
    rec = ImportRecord(
        source=src,
        line=n,
        text=stored,
        spans=checked,
        title=title if isinstance(title, str) else "",
        source_name=source if isinstance(source, str) else "",
        meta={"format": "jsonl", "file": name, "line": n, "external_id": doc_id},
        annotator=annotator,
        status=status,
        updated_at=updated_at,
        newlines_normalised=changed,
        raw=raw,
    )
    add_text_notes(rec)
    return rec


FORMAT = Format(
    name="jsonl",
    description="Hamish JSONL (one document per line, code-point offsets)",
    extension=".jsonl",
    write=write,
    read=read,
    suffixes=(".jsonl",),
    encode=encode_doc,
)
