"""Word boundaries from camel-tools' ``simple_word_tokenize``, as code-point offsets.

``simple_word_tokenize`` splits on whitespace and separates punctuation, symbols and
emoji; it returns strings, which are mapped back onto the text in order. Tokens never
contain whitespace, so never cross a line: boundaries are computed per line, on demand,
which keeps snapping cheap in a 5 MB document.

camel-tools builds large character sets when ``camel_tools.utils.charsets`` is first
imported (about 0.3 s), so the import happens on first use — :func:`warm_up` lets the UI
pay it after the window is painted. Only ``camel_tools.tokenizers.word`` is imported
here: the data-backed modules (ner, morphology, …) try to download at import time.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

_tokenize: Callable[[str], list[str]] | None = None

# Punctuation that may stand at the edge of an entity and is kept when snapping.
_KEEP_AT_EDGE = frozenset("%٪‰‱")


def _tokenizer() -> Callable[[str], list[str]]:
    global _tokenize
    if _tokenize is None:
        from camel_tools.tokenizers.word import simple_word_tokenize

        _tokenize = simple_word_tokenize
    return _tokenize


def warm_up() -> None:
    """Import camel-tools' tokenizer now (it costs ~0.3 s the first time)."""
    _tokenizer()


def token_offsets(text: str, base: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``text``, shifted by ``base``."""
    out: list[tuple[int, int]] = []
    pos = 0
    find = text.find
    for tok in _tokenizer()(text):
        i = find(tok, pos)
        if i < 0:  # defensive: the tokenizer only ever returns substrings, in order
            raise RuntimeError(f"token {tok!r} not found in text after offset {pos}")
        j = i + len(tok)
        out.append((base + i, base + j))
        pos = j
    return out


@lru_cache(maxsize=256)
def _line_tokens(line: str) -> tuple[tuple[int, int], ...]:
    return tuple(token_offsets(line))


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def tokens_of_line_at(text: str, pos: int) -> list[tuple[int, int]]:
    """Tokens (absolute offsets) of the line holding offset ``pos``."""
    ls, le = _line_bounds(text, pos)
    return [(ls + a, ls + b) for a, b in _line_tokens(text[ls:le])]


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to the whitespace around it (tokens never span whitespace)."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    return a, b


def tokens_between(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """All tokens overlapping ``[start, end)`` (whole tokens, absolute offsets).

    ``simple_word_tokenize`` tokenises each whitespace-separated word on its own, so only
    the words under the range are tokenised — not the paragraph (this is on the path of
    every label key press).
    """
    a, b = _word_bounds(text, start, end)
    return [(x, y) for x, y in token_offsets(text[a:b], base=a) if y > start and x < end]


def _is_edge_punct(s: str) -> bool:
    return len(s) == 1 and s not in _KEEP_AT_EDGE and unicodedata.category(s).startswith("P")


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to whole tokens; trim whitespace and edge punctuation.

    A selection edge inside a word moves outwards to the word's edge; whitespace at the
    edges is dropped; punctuation tokens at the edges (quotes, commas, brackets, the
    Arabic comma) are dropped unless the selection holds nothing else. ``%`` stays, so
    "16%" can be a figure. Returns ``None`` when nothing but whitespace is selected.
    """
    if start > end:
        start, end = end, start
    start = max(0, start)
    end = min(len(text), end)
    if start >= end:
        return None
    toks = tokens_between(text, start, end)
    if not toks:
        return None
    words = [t for t in toks if not _is_edge_punct(text[t[0] : t[1]])]
    if words:
        first, last = words[0], words[-1]
        # Interior punctuation stays (e.g. "16 - 18"); only the outer ones go.
        return first[0], last[1]
    return toks[0][0], toks[-1][1]


def token_at(text: str, pos: int) -> tuple[int, int] | None:
    """The token containing the character at ``pos``, if any."""
    toks = tokens_of_line_at(text, pos)
    i = bisect_right(toks, (pos, len(text) + 1)) - 1
    if i >= 0 and toks[i][0] <= pos < toks[i][1]:
        return toks[i]
    return None


def next_token_end(text: str, pos: int) -> int:
    """End of the token at or after ``pos`` (reading order); ``len(text)`` at the end."""
    n = len(text)
    p = max(0, pos)
    while p < n and text[p].isspace():
        p += 1
    if p >= n:
        return n
    toks = tokens_between(text, p, p + 1)
    return toks[0][1] if toks else p + 1


def prev_token_start(text: str, pos: int) -> int:
    """Start of the token before ``pos`` (reading order); 0 at the start."""
    p = min(len(text), pos) - 1
    while p >= 0 and text[p].isspace():
        p -= 1
    if p < 0:
        return 0
    toks = tokens_between(text, p, p + 1)
    return toks[0][0] if toks else p


_SENTENCE_END = frozenset(".!?؟…۔\n")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``: from after the previous end mark (. ! ? ؟ … or a line
    break) to its own end mark included; whitespace trimmed."""
    n = len(text)
    a = pos
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < n and text[b] not in _SENTENCE_END:
        b += 1
    if b < n and text[b] != "\n":
        b += 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def next_sentence_start(text: str, pos: int) -> int | None:
    """Start of the first sentence after the one holding ``pos``, or None."""
    _, b = sentence_bounds(text, pos)
    n = len(text)
    p = b
    while p < n and (text[p].isspace() or text[p] in _SENTENCE_END):
        p += 1
    return p if p < n else None
