"""Corpus formats, one module each, registered in :data:`FORMATS` by their CLI name.

A format module is Qt-free and store-free: readers turn files into
:class:`~app.formats.base.ImportRecord` items (documents with spans, labels as in the
file) or :class:`~app.formats.base.Rejected` ones (file, line, reasons); writers take an
iterable of :class:`~app.formats.base.ExportDocument` and a binary file (or a folder, for
brat). Services connect them to the database (label mapping, de-duplication, filters).

=================  ======  ======  ==============================================
name               import  export  notes
=================  ======  ======  ==============================================
``jsonl``          yes     yes     Hamish native, round trip exact
``doccano``        yes     yes     UTF-16 offsets by default (doccano's own)
``labelstudio``    yes     yes     tasks JSON (or JSONL), code-point offsets
``brat``           yes     yes     folder of .txt + .ann, T lines
``conll``          yes     yes     ``token TAG``, IOB2, flat
``conll-nested``   yes     yes     ``token TAG…``, IOB2, outermost first
``hf``             —       yes     one sentence a line + label names file
``text``           yes     —       .txt, encoding recognised; split beyond one document
=================  ======  ======  ==============================================
"""

from __future__ import annotations

from app.formats import brat, conll, conll_nested, doccano, hf, jsonl, labelstudio, plaintext
from app.formats.base import (
    ExportDocument,
    ExportSpan,
    FileNote,
    Format,
    FormatError,
    ImportRecord,
    ImportSpan,
    ReadOptions,
    Rejected,
    WriteOptions,
)

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        jsonl.FORMAT,
        doccano.FORMAT,
        labelstudio.FORMAT,
        brat.FORMAT,
        conll.FORMAT,
        conll_nested.FORMAT,
        hf.FORMAT,
        plaintext.FORMAT,
    )
}

# Encoders of one document, for exports spread over a process pool (token-level formats).
ENCODERS = {"conll": conll.encode_doc, "conll-nested": conll_nested.encode_doc, "hf": hf.encode_doc}


def encode_chunk(fmt: str, docs: list[ExportDocument], options: WriteOptions) -> tuple[list[bytes], dict]:
    """Encode documents of a token-level format (a process-pool worker's task): their bytes, and
    the tally of what was expanded, skipped or dropped (merged by the caller)."""
    from app.core.issues import Tally

    options.tally = Tally()
    enc = ENCODERS[fmt]
    return [enc(d, options) for d in docs], options.tally.as_dict()


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known formats: {', '.join(sorted(FORMATS))}") from None


__all__ = [
    "FORMATS",
    "ENCODERS",
    "Format",
    "FormatError",
    "ExportDocument",
    "ExportSpan",
    "FileNote",
    "ImportRecord",
    "ImportSpan",
    "ReadOptions",
    "Rejected",
    "WriteOptions",
    "get_format",
    "encode_chunk",
]
