"""Nested CoNLL IOB2, Wojood style: ``token TAG1 [TAG2 …]``, outermost entity first.

Column k of a token's tags is the entity at nesting depth k (a token inside an
organisation inside an event carries ``I-EVENT I-ORG``). Reading decodes each column as
flat IOB2 (:func:`app.core.bio.decode_columns`): an entity of the same type may nest in
another (``I-ORG I-ORG``), and two entities on the same tokens keep their column order.
Writing gives every token the tags of the spans covering it, outermost first, so a
corpus read from this format is written back line for line. Documents, stored text and
token boundaries are as for :mod:`app.formats.conll`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.formats.base import ExportDocument, Format, Item, ReadOptions, WriteOptions, document_writer
from app.formats.conll import SUFFIXES, read_tokens
from app.formats.conll import encode_doc as _encode


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    return read_tokens(path, options, nested=True, fmt="conll-nested")


def encode_doc(doc: ExportDocument, options: WriteOptions) -> bytes:
    return _encode(doc, options, nested=True)


write = document_writer(encode_doc)


FORMAT = Format(
    name="conll-nested",
    description="nested CoNLL IOB2, multi-column tags, outermost first (Wojood style)",
    extension=".conll",
    write=write,
    read=read,
    suffixes=SUFFIXES,
    token_level=True,
    encode=encode_doc,
    one_word_labels=True,
)
