"""Corpus formats, one module each, registered in :data:`FORMATS` by their CLI name.

A format module is Qt-free and store-free: exporters take an iterable of
:class:`app.formats.base.ExportDocument` and a binary file; importers (later) yield
documents with spans. Services connect them to the database.
"""

from __future__ import annotations

from app.formats import jsonl
from app.formats.base import ExportDocument, ExportSpan, Format, FormatError

FORMATS: dict[str, Format] = {
    jsonl.FORMAT.name: jsonl.FORMAT,
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known formats: {', '.join(sorted(FORMATS))}") from None


__all__ = ["FORMATS", "Format", "FormatError", "ExportDocument", "ExportSpan", "get_format"]
