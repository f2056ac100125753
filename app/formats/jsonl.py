"""Hamish's native JSONL: one JSON object per line, one line per document.

A line (see ``schema/export-jsonl.schema.json``)::

    {"format": "hamish-jsonl", "version": 1, "id": 1, "title": "…", "source": "x.txt",
     "text": "…", "text_sha256": "…", "annotator": "amal", "status": "in_progress",
     "created_at": "2026-11-26T12:00:00.000000Z", "updated_at": "…",
     "spans": [{"start": 0, "end": 5, "label": "role", "text": "ممثلي"}]}

Offsets are Python code points into ``text`` (not UTF-16 units, not bytes), ``end``
exclusive; ``text[start:end] == span.text`` always holds. Spans are sorted by start,
outer spans first.
"""

from __future__ import annotations

from typing import BinaryIO, Iterable

import orjson

from app.formats.base import ExportDocument, Format

FORMAT_NAME = "hamish-jsonl"
FORMAT_VERSION = 1


def encode(doc: ExportDocument, option: int = 0) -> bytes:
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
            "spans": [{"start": s[0], "end": s[1], "label": s[2], "text": s[3]} for s in doc.spans],
        },
        option=option,
    )


def write(docs: Iterable[ExportDocument], fh: BinaryIO) -> int:
    n = 0
    out = fh.write
    nl = orjson.OPT_APPEND_NEWLINE
    for doc in docs:
        out(encode(doc, nl))
        n += 1
    return n


FORMAT = Format(
    name="jsonl",
    description="Hamish JSONL (one document per line, code-point offsets)",
    extension=".jsonl",
    write=write,
)
