"""Reading corpus files: UTF-8 lines with their numbers, text files in the encodings Arabic
text comes in, newline normalisation that moves offsets with it, notable characters.

* :func:`utf8_lines` streams a file line by line (never loaded whole), strict UTF-8: a
  bad byte stops with the file, the line and, when it can tell, the encoding the file
  seems to be in (UTF-16 and UTF-32 are recognised by :func:`wide_encoding` and named). A
  UTF-8 byte-order mark at the start is dropped (and said). Lines end at
  LF, CRLF or a lone CR; a line over ``max_line_bytes`` stops the file without being read whole.
* :func:`decode_text` reads a ``.txt`` file as UTF-8, UTF-8 with BOM, UTF-16 (with its
  byte-order mark) or Windows-1256 (recognised by charset-normalizer, and only when the
  result holds Arabic letters). Anything else is refused with the strict UTF-8 message.
* :func:`normalise_with_offsets` turns CRLF/CR into LF and gives a function that moves
  an offset of the old text to the same place in the new one (JSON corpora quote
  offsets into text that may hold CRLF).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import BinaryIO

from app.core.stored_text import DecodedText, TextDecodeError, decode_utf8, normalise_newlines

BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_NOTABLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufb50-\ufdff\ufe70-\ufefe]")

# Encodings charset-normalizer may name for Windows-1256 text.
_CP1256_NAMES = {"cp1256", "windows-1256", "windows_1256"}


def guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def wide_encoding(head: bytes) -> str | None:
    """What to say of a file whose first bytes (``head``) show it is UTF-16 or UTF-32 (a
    byte-order mark, or the NUL bytes those encodings give ASCII characters such as ``{`` or a
    Latin letter), or None. Files Hamish reads line by line (CoNLL, JSON) are UTF-8."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        how = "UTF-32 (it starts with a UTF-32 byte-order mark)"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        how = "UTF-16 (it starts with a UTF-16 byte-order mark)"
    elif len(head) >= 4 and (head[:3] == b"\x00\x00\x00" or head[1:4] == b"\x00\x00\x00"):
        how = "UTF-32 (three NUL bytes with every character)"
    elif len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        how = "UTF-16 (a NUL byte with every other character)"
    else:
        return None
    return f"the file is {how}; save it as UTF-8"


def utf8_lines(
    fh: BinaryIO, source: str, notes: list[str] | None = None, max_line_bytes: int | None = None
) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` without its terminator. Lines end at LF, CRLF or a lone CR (an
    old Mac file, or a CR inside a line: a line break everywhere else in Hamish, so here too);
    a line longer than ``max_line_bytes`` stops the file (it is never read whole into memory)."""
    crlf = 0
    extra = 0  # lines added by lone CRs
    readline = fh.readline
    limit = -1 if max_line_bytes is None else max_line_bytes + 1
    n = 0
    while True:
        raw = readline(limit)
        if not raw:
            break
        n += 1
        if len(raw) >= limit > 0 and raw[-1:] != b"\n":
            total = len(raw)
            while True:
                chunk = readline(1 << 20)
                total += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            raise TextDecodeError(
                source,
                n + extra,
                f"the line is {total:,} bytes; a line may hold at most "
                f"{max_line_bytes:,} bytes (set HAMISH_MAX_LINE_BYTES to allow more)",
            )
        if n == 1:
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                if notes is not None:
                    notes.append("bom")
            else:
                wide = wide_encoding(raw)
                if wide is not None:
                    raise TextDecodeError(source, 1, wide)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            guess = guess_encoding(raw)
            hint = (
                f"; it looks like {guess}"
                if guess and guess.replace("_", "-") not in ("utf-8", "ascii")
                else ""
            )
            raise TextDecodeError(
                source,
                n + extra,
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}){hint}",
            ) from None
        if line[-1:] == "\n":
            line = line[:-1]
        if "\r" in line:
            if line[-1:] == "\r":
                line = line[:-1]
                crlf += 1
            if "\r" in line:
                parts = line.split("\r")
                for k, part in enumerate(parts):
                    yield n + extra + k, part
                extra += len(parts) - 1
                crlf += len(parts) - 1
                continue
        yield n + extra, line
    if crlf and notes is not None:
        notes.append("newlines")


def decode_text(data: bytes, source: str) -> tuple[DecodedText, str]:
    """Decode a text file; return the decoded text and the encoding it was in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TextDecodeError(source, None, f"not valid UTF-16 (at byte {exc.start})") from None
        return _finish(raw, source, had_bom=True), "utf-16"
    try:
        return decode_utf8(data, source), "utf-8"
    except TextDecodeError as strict:
        if "not valid UTF-8" not in strict.reason:
            raise
        guess = (guess_encoding(data) or "").lower()
        if guess.replace("_", "-") in {n.replace("_", "-") for n in _CP1256_NAMES}:
            try:
                raw = data.decode("cp1256")
            except UnicodeDecodeError:
                raise strict from None
            if _ARABIC_LETTER.search(raw):
                return _finish(raw, source, had_bom=False), "windows-1256"
        raise


def _finish(raw: str, source: str, had_bom: bool) -> DecodedText:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    nul = raw.find("\x00")
    if nul != -1:
        raise TextDecodeError(
            source, raw.count("\n", 0, nul) + 1, "this looks like a binary file, not text (NUL character)"
        )
    if not raw.strip():
        raise TextDecodeError(source, None, "the file holds no text (only whitespace)")
    text, changed = normalise_newlines(raw)
    return DecodedText(text=text, newlines_normalised=changed, had_bom=had_bom)


def normalise_with_offsets(text: str) -> tuple[str, int, Callable[[int], int]]:
    """``(new text, newlines changed, move)``; ``move(old_offset)`` is the offset in the new text."""
    if "\r" not in text:
        return text, 0, _same
    removed = [m.start() for m in re.finditer("\r\n", text)]  # each CR of a CRLF goes
    new, changed = normalise_newlines(text)

    def move(offset: int) -> int:
        return offset - bisect_left(removed, offset)

    return new, changed, move


def _same(offset: int) -> int:
    return offset


def notable(text: str) -> list[str]:
    """Kinds of characters worth telling an annotator about (they are kept as they are)."""
    if _NOTABLE.search(text) is None:  # one scan in the common case
        return []
    out = []
    if BIDI_MARKS.search(text):
        out.append("bidi_marks")
    if PRESENTATION_FORMS.search(text):
        out.append("presentation_forms")
    return out
