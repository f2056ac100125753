"""Token boundaries of whole documents for the token-level agreement figures.

The tokens are camel-tools' ``simple_word_tokenize`` tokens, exactly those of
:func:`app.core.tokens.token_offsets`. ``simple_word_tokenize`` splits the text on
whitespace (``str.split()``) and tokenises each word on its own, checking every character
against a Unicode regex; the words of a corpus repeat (Zipf), so :class:`TokenCache`
tokenises each distinct word once and reuses the result. Over 1,000 news-sized
documents that is several times faster than tokenising every text again, and
``tests/review/test_tokens.py`` checks the result equals ``token_offsets(text)``.
"""

from __future__ import annotations

import re

from app.core.tokens import token_offsets

# ``\\S`` of a str pattern is the complement of Python's Unicode whitespace, the same set
# ``str.split()`` splits on (both use Py_UNICODE_ISSPACE).
_WORD = re.compile(r"\S+")


class TokenCache:
    """``(starts, ends)`` of a text's tokens, memoising the tokenisation of each word."""

    __slots__ = ("_words", "max_words")

    def __init__(self, max_words: int = 500_000) -> None:
        self._words: dict[str, tuple[tuple[int, int], ...]] = {}
        self.max_words = max_words

    def __len__(self) -> int:
        return len(self._words)

    def offsets(self, text: str) -> tuple[list[int], list[int]]:
        """Token starts and ends (code points), in order; equal to ``token_offsets(text)``."""
        words = self._words
        starts: list[int] = []
        ends: list[int] = []
        push_s = starts.append
        push_e = ends.append
        for m in _WORD.finditer(text):
            w = m.group()
            toks = words.get(w)
            if toks is None:
                toks = tuple(token_offsets(w))
                if len(words) < self.max_words:
                    words[w] = toks
            base = m.start()
            if len(toks) == 1 and toks[0][0] == 0 and toks[0][1] == len(w):
                push_s(base)
                push_e(base + len(w))
                continue
            for a, b in toks:
                push_s(base + a)
                push_e(base + b)
        return starts, ends

    def count(self, text: str) -> int:
        return len(self.offsets(text)[0])
