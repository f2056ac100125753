"""doccano sequence-labelling JSONL: ``{"text": "…", "label": [[start, end, "LABEL"], …]}``.

doccano's annotation screen is JavaScript, so the offsets it writes and reads count
**UTF-16 code units**: an emoji counts two (doccano issue #2290). Hamish therefore writes
and reads UTF-16 offsets by default, converting from and to its code points, so that a
text with emoji shows its spans in the right place in doccano; ``offsets="codepoints"``
reads or writes files made by Python tools that count code points. Without emoji (or any
character beyond U+FFFF) both agree.

Read: ``label`` (doccano 1.x), ``labels`` (older) or ``entities`` (relation projects:
``{"start_offset", "end_offset", "label"}``); other keys are kept in ``document.meta``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from app.core.offsets import Utf16Map
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
    document_writer,
    exact_json,
    json_lines,
    open_binary,
    text_too_long,
)
from app.formats.common import add_text_notes, checked_id, checked_spans, show

DEFAULT_OFFSETS = "utf16"


def encode_doc(doc: ExportDocument, options: WriteOptions | None = None) -> bytes:
    opts = options or WriteOptions()
    names = opts.label_names
    text = doc.text
    u16 = Utf16Map(text) if (opts.offsets or DEFAULT_OFFSETS) == "utf16" else None
    if u16 is not None and u16.is_identity:
        u16 = None
    labels = []
    for sp in doc.spans:
        s, e = sp[0], sp[1]
        if u16 is not None:
            s, e = u16.to_utf16(s), u16.to_utf16(e)
        labels.append([s, e, names.get(sp[2], sp[2])])
    return orjson.dumps({"text": text, "label": labels}, option=orjson.OPT_APPEND_NEWLINE)


write = document_writer(encode_doc)


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    offsets = opts.offsets or DEFAULT_OFFSETS
    check_nonempty(path)
    src = str(path)
    ids: dict[object, str] = {}
    max_line, max_doc = opts.line_limit(), opts.document_limit()
    with open_binary(path, opts.counter) as fh:
        for item in json_lines(fh, src, max_line):
            if isinstance(item, Rejected):
                yield item
                continue
            n, obj, raw = item
            seen = len(ids)
            rec = _record(obj, src, n, raw, ids, offsets, max_doc)
            if type(rec) is Rejected and (exact := exact_json(raw, ids, seen)) is not None:
                rec = _record(exact, src, n, raw, ids, offsets, max_doc)
            yield rec


def _record(
    obj: object,
    src: str,
    n: int,
    raw: bytes,
    ids: dict[object, str],
    offsets: str,
    max_doc: int = DEFAULT_MAX_DOCUMENT_CHARS,
) -> Item:
    if not isinstance(obj, dict):
        return Rejected(src, n, ["a line must be a JSON object"], raw)
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str) or not text:
        return Rejected(src, n, ['"text" must be a non-empty string'], raw)
    if len(text) > max_doc:
        return Rejected(src, n, [text_too_long(len(text), max_doc)], raw)
    reasons: list[str] = []
    doc_id = checked_id(obj.get("id"), ids, f"on line {n}", reasons)
    items: list[tuple[object, object, object, object, int | None]] = []
    key = next((k for k in ("label", "labels", "entities") if k in obj), None)
    value = obj.get(key) if key else []
    if not isinstance(value, list):
        return Rejected(src, n, [f'"{key}" must be a list'], raw)
    for k, sp in enumerate(value, 1):
        if isinstance(sp, dict):
            items.append((sp.get("start_offset"), sp.get("end_offset"), sp.get("label"), None, n))
        elif isinstance(sp, list) and len(sp) == 3:
            items.append((sp[0], sp[1], sp[2], None, n))
        elif isinstance(sp, str):  # a text-classification label, not a span
            reasons.append(
                f"label {k} ({show(sp)}) is a document category, not a span: this is not a sequence-labelling file"
            )
        else:
            reasons.append(f"label {k}: expected [start, end, label], got {show(sp)}")
    stored, spans, changed, problems = checked_spans(text, items, offsets, what="label")
    reasons.extend(problems)
    extra = {k: v for k, v in obj.items() if k not in ("text", "data", "label", "labels", "entities", "id")}
    if extra:
        try:  # kept in document.meta: it must be storable as JSON
            orjson.dumps(extra)
        except orjson.JSONEncodeError as exc:
            reasons.append(
                f"other fields ({', '.join(show(k) for k in list(extra)[:5])}) cannot be kept in the "
                f"document's metadata ({exc})"
            )
    if reasons:
        return Rejected(src, n, reasons, raw)
    meta = {"format": "doccano", "file": Path(src).name, "line": n, "external_id": doc_id}
    if extra:
        meta["fields"] = extra
    rec = ImportRecord(
        source=src,
        line=n,
        text=stored,
        spans=spans,
        source_name=Path(src).name,
        meta=meta,
        newlines_normalised=changed,
        raw=raw,
    )
    add_text_notes(rec)
    return rec


FORMAT = Format(
    name="doccano",
    description="doccano sequence-labelling JSONL ({text, label: [[start, end, label]]}, UTF-16 offsets)",
    extension=".jsonl",
    write=write,
    read=read,
    suffixes=(".jsonl", ".json"),
    encode=encode_doc,
)
