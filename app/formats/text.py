"""Plain text: ``.txt`` files (or folders of them), one document each, no spans.

The encoding is recognised: UTF-8, UTF-8 with a byte-order mark, UTF-16 (with its
byte-order mark) and Windows-1256 (named by charset-normalizer, accepted only when the
text holds Arabic letters). Anything else is refused with the strict UTF-8 message (file,
line of the first bad byte, the encoding it seems to be in). The encoding is recorded in
``document.meta``; as for every import, the only change made to the text is CRLF/CR → LF
(and the BOM dropped), both recorded. A file larger than one document may hold is refused
without being read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from app.core.text import TextDecodeError, title_from_text
from app.core.textio import decode_text
from app.formats.base import Format, FormatError, ImportRecord, Item, ReadOptions, Rejected
from app.formats.common import add_text_notes

MAX_TEXT_BYTES = 64 * 1024 * 1024


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    src = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            yield Rejected(src, None, [f"the file is {size / 1e6:.0f} MB; one document may hold at most "
                                       f"{MAX_TEXT_BYTES // 2**20} MiB"])
            return
        data = path.read_bytes()
        if options is not None and options.counter is not None:
            options.counter.n += len(data)
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FormatError(f"{path}: is a folder") from None
    except OSError as exc:
        raise FormatError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        dec, encoding = decode_text(data, src)
    except TextDecodeError as exc:
        yield Rejected(exc.source, exc.line, [exc.reason])
        return
    rec = ImportRecord(
        source=src,
        line=1,
        text=dec.text,
        spans=[],
        title=title_from_text(dec.text, path.stem),
        source_name=path.name,
        meta={"format": "text", "file": path.name, "encoding": encoding},
        newlines_normalised=dec.newlines_normalised,
        had_bom=dec.had_bom,
    )
    if dec.had_bom:
        rec.note("bom", src)
    if encoding != "utf-8":
        rec.note("encoding_" + encoding.replace("-", "_"), src)
    add_text_notes(rec)
    yield rec


FORMAT = Format(
    name="text",
    description="plain text files (.txt or folders of them; UTF-8, UTF-8 BOM, UTF-16, Windows-1256)",
    extension=".txt",
    read=read,
    suffixes=(".txt",),
)
