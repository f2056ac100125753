"""Turning the bytes of a file into the text Hamish stores, and nothing more; the stored
text's identity (:func:`text_sha256`) and a title taken from it.

Offsets everywhere in Hamish are Python code-point offsets into the *stored* text. The
only change made on import is newline normalisation (``\\r\\n`` and a lone ``\\r`` become
``\\n``); how many were changed is recorded with the document. A UTF-8 byte-order mark
at the very start of a file is an encoding marker, not text: it is dropped and recorded.
Everything else (diacritics, tatweel, bidi marks, presentation forms, markup) is kept
exactly as it was, because annotators label what is there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

BOM = "\ufeff"


class TextDecodeError(ValueError):
    """A file's bytes are not acceptable text. ``str()`` names the file, line and reason."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    newlines_normalised: int
    had_bom: bool


def normalise_newlines(raw: str) -> tuple[str, int]:
    """Replace ``\\r\\n`` and lone ``\\r`` by ``\\n``; return the text and the count replaced."""
    if "\r" not in raw:
        return raw, 0
    crlf = raw.count("\r\n")
    text = raw.replace("\r\n", "\n")
    lone = text.count("\r")
    return text.replace("\r", "\n"), crlf + lone


def _line_of_byte(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is declared
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def decode_utf8(data: bytes, source: str) -> DecodedText:
    """Decode a UTF-8 text file strictly, or raise :class:`TextDecodeError`.

    Refused: an empty file (or one holding only a BOM or whitespace), a binary file (NUL
    bytes), and bytes that are not UTF-8 — the message gives the line of the first bad
    byte and, when it can tell, the encoding the file seems to be in.
    """
    if not data:
        raise TextDecodeError(source, None, "the file is empty")
    had_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if had_bom else data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextDecodeError(
            source, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
        )
    nul = body.find(b"\x00")
    if nul != -1:
        raise TextDecodeError(
            source,
            _line_of_byte(body, nul),
            f"this looks like a binary file, not text (NUL byte at byte {nul + (3 if had_bom else 0)})",
        )
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(body)
        hint = (
            f"; it looks like {guess}" if guess and guess.replace("_", "-") not in ("utf-8", "ascii") else ""
        )
        raise TextDecodeError(
            source,
            _line_of_byte(body, exc.start),
            f"not valid UTF-8 (byte 0x{body[exc.start]:02x} at byte {exc.start + (3 if had_bom else 0)}){hint}",
        ) from None
    if not raw.strip():
        raise TextDecodeError(source, None, "the file holds no text (only whitespace)")
    text, changed = normalise_newlines(raw)
    return DecodedText(text=text, newlines_normalised=changed, had_bom=had_bom)


def text_sha256(text: str) -> str:
    """Identity of a document's text (UTF-8 bytes), used to recognise the same document."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def title_from_text(text: str, fallback: str, limit: int = 60) -> str:
    """A short title: the first non-empty line, cut at a word boundary near ``limit``."""
    for line in text.split("\n", 20)[:20]:
        line = line.strip().lstrip(BOM)
        if line:
            if len(line) <= limit:
                return line
            cut = line.rfind(" ", 0, limit)
            return (line[: cut if cut > limit // 2 else limit]).rstrip() + "…"
    return fallback
