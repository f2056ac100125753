"""Plain text (the format named ``text``): ``.txt`` files (or folders of them), one document
each, no spans.

The encoding is recognised: UTF-8, UTF-8 with a byte-order mark, UTF-16 (with its
byte-order mark) and Windows-1256 (named by charset-normalizer, accepted only when the
text holds Arabic letters). Anything else is refused with the strict UTF-8 message (file,
line of the first bad byte, the encoding it seems to be in). The encoding is recorded in
``document.meta``; as for every import, the only change made to the text is CRLF/CR → LF
(and the BOM dropped), both recorded.

**Large files are split, never loaded whole.** One document holds at most
``max_document_chars`` characters (default 5,000,000; ``HAMISH_MAX_DOCUMENT_CHARS``, or
:attr:`ReadOptions.max_document_chars`). A file whose text is longer is read as a stream
(1 MiB at a time, memory bounded by one document) and cut into consecutive documents,
each as long as possible up to the limit, ending at

1. a paragraph break (a line holding only whitespace) in the second half of the part,
2. else a line break in the second half, 3. else any paragraph break, 4. else any line
   break, 5. else a space (a paragraph longer than the limit, written on one line).

The line break(s) — or the spaces — at a cut belong to neither part, and the blank lines
after a cut are skipped, so each part starts with text; nothing else changes. Each part
records in ``document.meta`` the file, ``"part"`` (1, 2, …), the ``"line"`` and the
character ``"offset"`` (in the file's text, after CRLF → LF) where it starts, so the file
can be put back together. A run of more characters than the limit without a space or a
line break cannot be cut: it is refused with its line. A file up to the limit is one
document, exactly as before.

Why split rather than refuse: a 50 MB text file is a corpus dump (articles, a book) that an
annotator wants to work through, not a single screen; parts the size of the largest
document the editor is measured with (a 5 MB document opens in ~60 ms) keep every part
workable, keep the reading order (document ids follow the file), and need no tool outside
Hamish. To get smaller parts, lower the limit.
"""

from __future__ import annotations

import codecs
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from app.core.decoding import _ARABIC_LETTER, _CP1256_NAMES, decode_text, guess_encoding
from app.core.stored_text import TextDecodeError, title_from_text
from app.formats.base import (
    ENV_MAX_DOCUMENT_CHARS,
    Format,
    FormatError,
    ImportRecord,
    Item,
    ReadOptions,
    Rejected,
    file_size,
    read_problem,
)
from app.formats.common import add_text_notes

CHUNK_BYTES = 1 << 20
HEAD_BYTES = 1 << 20  # the encoding of a large file is recognised on its first MiB

_NEWLINE = re.compile("\r\n?")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")  # a line holding only whitespace (or nothing)
_SPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)+")  # whole blank lines at the start of a part
_LEADING_SPACE = re.compile(r"\s+")


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    src = str(path)
    max_doc = opts.document_limit()
    size = file_size(path)
    if size > max_doc:  # possibly more characters than one document holds: streamed, split if needed
        yield from read_parts(path, max_doc, counter=opts.counter)
        return
    try:
        data = path.read_bytes()
        if opts.counter is not None:
            opts.counter.n += len(data)
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None
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
    _notes(rec, encoding)
    yield rec


def _notes(rec: ImportRecord, encoding: str) -> None:
    if rec.had_bom:
        rec.note("bom", rec.source)
    if encoding != "utf-8":
        rec.note("encoding_" + encoding.replace("-", "_"), rec.source)
    add_text_notes(rec)


# --- large files: streamed, decoded, normalised and cut into parts ------------------------------------


def read_parts(
    path: Path, max_doc: int, *, utf8_only: bool = False, counter=None
) -> Iterator[ImportRecord | Rejected]:  # type: ignore[no-untyped-def]
    """Documents of a text file read as a stream, cut as the module docstring says.

    ``utf8_only``: the strict import (UTF-8, with or without a BOM; anything else refused).
    A problem (bytes that are not text, a line that cannot be cut) is yielded as a
    :class:`Rejected` with its line, and ends the file.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None
    with fh:
        try:
            yield from _Splitter(path, fh, max_doc, utf8_only, counter).parts()
        except TextDecodeError as exc:
            yield Rejected(exc.source, exc.line, [exc.reason])


class _Splitter:
    def __init__(self, path: Path, fh: BinaryIO, limit: int, utf8_only: bool, counter) -> None:  # type: ignore[no-untyped-def]
        self.path = path
        self.src = str(path)
        self.fh = fh
        self.limit = limit
        self.utf8_only = utf8_only
        self.counter = counter
        self.buf = ""  # normalised text not yet given out
        self.start = 0  # offset of buf[0] in the file's (normalised) text
        self.line = 1  # line of buf[0]
        self.changed = array("q")  # offsets (in the file's text) of newlines that were CRLF or CR
        self.part = 0
        self.cut = False  # a part was cut: the next one starts after the separator
        self.skip = None  # the separator still to skip at the start of buf: _BLANK_LINES or _LEADING_SPACE
        self.encoding = "utf-8"
        self.had_bom = False
        self.bytes_lines = 0  # newlines in the bytes decoded so far (line of a bad byte)
        self.bytes_read = 0

    # -- decoding -------------------------------------------------------------------------------
    def _decoder(self, head: bytes):  # type: ignore[no-untyped-def]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            if self.utf8_only:
                raise TextDecodeError(
                    self.src,
                    1,
                    "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                )
            self.encoding, self.had_bom = "utf-16", True
            return codecs.getincrementaldecoder("utf-16")("strict")
        if head.startswith(b"\xef\xbb\xbf"):
            self.had_bom = True
            return codecs.getincrementaldecoder("utf-8-sig")("strict")
        probe = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            probe.decode(head, final=False)
        except UnicodeDecodeError as exc:
            guess = (guess_encoding(head) or "").lower().replace("_", "-")
            if not self.utf8_only and guess in {n.replace("_", "-") for n in _CP1256_NAMES}:
                if _ARABIC_LETTER.search(head.decode("cp1256", "replace")):
                    self.encoding = "windows-1256"
                    return codecs.getincrementaldecoder("cp1256")("strict")
            line = head.count(b"\n", 0, exc.start) + 1
            hint = f"; it looks like {guess}" if guess and guess not in ("utf-8", "ascii") else ""
            raise TextDecodeError(
                self.src, line, f"not valid UTF-8 (byte 0x{head[exc.start]:02x} at byte {exc.start}){hint}"
            ) from None
        return codecs.getincrementaldecoder("utf-8")("strict")

    def _text_chunks(self) -> Iterator[str]:
        """Decoded, newline-normalised text, a chunk at a time; records where CR/CRLF were."""
        head = self.fh.read(HEAD_BYTES)
        if not head:
            raise TextDecodeError(self.src, None, "the file is empty")
        decoder = self._decoder(head)
        data = head
        carry_cr = False
        pos = 0  # offset in the normalised text of the next character
        first = True
        while True:
            final = not data
            if data:
                self.bytes_read += len(data)
                if self.counter is not None:
                    self.counter.n += len(data)
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                line = self.bytes_lines + (
                    exc.object[: exc.start].count(b"\n") if self.encoding != "utf-16" else 0
                )
                at = self.bytes_read - len(data) - (len(exc.object) - len(data)) + exc.start  # in the file
                what = "UTF-16" if self.encoding == "utf-16" else "UTF-8"
                raise TextDecodeError(
                    self.src,
                    line + 1 if self.encoding != "utf-16" else None,
                    f"not valid {what} (byte 0x{exc.object[exc.start]:02x} at byte {at})",
                ) from None
            if self.encoding != "utf-16":
                self.bytes_lines += data.count(b"\n")
            if first and text:
                first = False
                if self.encoding == "utf-16" and text.startswith(
                    "\ufeff"
                ):  # as decode_text: one more BOM character
                    text = text[1:]
            if carry_cr:
                text = "\r" + text
                carry_cr = False
            if text.endswith("\r") and not final:
                text, carry_cr = text[:-1], True
            if "\r" in text:
                removed = 0
                for m in _NEWLINE.finditer(text):
                    self.changed.append(pos + m.start() - removed)
                    removed += len(m.group()) - 1
                text = _NEWLINE.sub("\n", text)
            nul = text.find("\x00")
            if nul != -1:
                line = self.line + self.buf.count("\n") + text.count("\n", 0, nul)
                raise TextDecodeError(
                    self.src, line, "this looks like a binary file, not text (NUL character)"
                )
            pos += len(text)
            if text:
                yield text
            if final:
                return
            data = self.fh.read(CHUNK_BYTES)

    # -- cutting ---------------------------------------------------------------------------------
    def parts(self) -> Iterator[ImportRecord | Rejected]:
        seen_text = False
        for chunk in self._text_chunks():
            if not seen_text and chunk.strip():
                seen_text = True
            self.buf += chunk
            self._skip_separator(final=False)
            while len(self.buf) > self.limit:
                if not self.buf[: self.limit + 1].strip():  # only whitespace: no part can hold any of it
                    self._advance(self.limit + 1)
                    self.cut, self.skip = True, _LEADING_SPACE
                    self._skip_separator(final=False)
                    continue
                where = self._find_cut()
                if where is None:
                    yield Rejected(
                        self.src,
                        self.line + self.buf.count("\n", 0, self.limit),
                        [
                            f"more than {self.limit:,} characters without a space or a line break: this cannot be cut "
                            f"into documents of at most {self.limit:,} characters (set {ENV_MAX_DOCUMENT_CHARS} to allow more)"
                        ],
                    )
                    return
                end, resume, skip = where
                rec = self._part(end)
                if rec is not None:
                    yield rec
                self._advance(resume)
                self.cut, self.skip = True, skip
                self._skip_separator(final=False)
        if not seen_text:
            raise TextDecodeError(self.src, None, "the file holds no text (only whitespace)")
        self._skip_separator(final=True)
        if self.buf.strip():
            rec = self._part(len(self.buf))
            if rec is not None:
                yield rec

    def _find_cut(self) -> tuple[int, int, re.Pattern[str]] | None:
        """``(end of the part, start of what follows, separator to skip next)`` within buf[:limit]."""
        window = self.buf[: self.limit + 1]
        half = self.limit // 2
        last_par = None
        for m in _PARAGRAPH_BREAK.finditer(window):
            if m.start() > 0:
                last_par = m
        last_nl = window.rfind("\n", 1)
        if last_par is not None and last_par.start() >= half:
            return last_par.start(), last_par.end(), _BLANK_LINES
        if last_nl >= half:
            return last_nl, last_nl + 1, _BLANK_LINES
        if last_par is not None:
            return last_par.start(), last_par.end(), _BLANK_LINES
        if last_nl > 0:
            return last_nl, last_nl + 1, _BLANK_LINES
        last_space = None
        for m in _SPACE_RUN.finditer(window):
            if m.start() > 0:
                last_space = m
        if last_space is not None:
            return last_space.start(), last_space.end(), _LEADING_SPACE
        return None

    def _skip_separator(self, final: bool) -> None:
        """Drop the blank lines (or spaces) that follow a cut, once it is clear where they end."""
        if self.skip is None or not self.buf:
            return
        m = self.skip.match(self.buf)
        end = m.end() if m is not None else 0
        if not final and not self.buf[end:].strip():  # the separator may go on in the next chunk
            if end:
                self._advance(end)
            return
        if end:
            self._advance(end)
        self.skip = None

    def _advance(self, n: int) -> None:
        self.line += self.buf.count("\n", 0, n)
        self.start += n
        self.buf = self.buf[n:]
        drop = bisect_left(self.changed, self.start)
        if drop:
            del self.changed[:drop]

    def _part(self, end: int) -> ImportRecord | None:
        text = self.buf[:end]
        if not text.strip():
            return None
        self.part += 1
        changed = bisect_left(self.changed, self.start + end) - bisect_left(self.changed, self.start)
        meta: dict = {"format": "text", "file": self.path.name, "encoding": self.encoding}
        whole = not self.cut and end == len(self.buf)  # the whole file (it was not cut)
        if not whole:
            meta.update({"part": self.part, "line": self.line, "offset": self.start})
        rec = ImportRecord(
            source=self.src,
            line=self.line,
            text=text,
            spans=[],
            title=title_from_text(text, self.path.stem),
            source_name=self.path.name,
            meta=meta,
            newlines_normalised=changed,
            had_bom=self.had_bom and self.start == 0,
        )
        if not whole:
            rec.note("text_split", f"{self.src}: part {self.part} from line {self.line}")
        _notes(rec, self.encoding)
        return rec


FORMAT = Format(
    name="text",
    description="plain text files (.txt or folders of them; UTF-8, UTF-8 BOM, UTF-16, Windows-1256); "
    "a file longer than one document is split at paragraph breaks",
    extension=".txt",
    read=read,
    suffixes=(".txt",),
)
