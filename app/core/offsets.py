"""Code points (Python, Hamish) versus UTF-16 code units (Qt, JavaScript tools).

Hamish stores and exports Python code-point offsets. Qt's text positions count UTF-16
units, so every character above U+FFFF (emoji, some CJK, mathematical letters) counts
twice there. This module is the one place where the two are converted.

Only astral characters matter, so the map keeps their code-point positions; a
conversion is a binary search, building the map is one regex scan in C (a 5 MB Arabic
text without emoji costs a few milliseconds).
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Convert offsets between code points and UTF-16 units for one text."""

    __slots__ = ("_cp", "_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._cp = cp
        # UTF-16 position of each astral character's high surrogate.
        self._u16 = [p + i for i, p in enumerate(cp)]
        self.length = len(text)
        self.utf16_length = len(text) + len(cp)

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral character (both offsets agree)."""
        return not self._cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        if not 0 <= cp <= self.length:
            raise IndexError(f"code-point offset {cp} outside 0..{self.length}")
        if not self._cp:
            return cp
        return cp + bisect_left(self._cp, cp)

    def from_utf16(self, u: int, *, round_up: bool = False) -> int:
        """Code-point offset of UTF-16 position ``u``.

        A position between the two halves of a surrogate pair is not a character
        boundary; it is moved to the start of that character, or to its end with
        ``round_up`` (use it for the end of a selection).
        """
        if not 0 <= u <= self.utf16_length:
            raise IndexError(f"UTF-16 offset {u} outside 0..{self.utf16_length}")
        if not self._cp:
            return u
        k = bisect_left(self._u16, u)  # astral characters starting strictly before u
        if k and self._u16[k - 1] + 1 == u:  # inside a surrogate pair
            return self._cp[k - 1] + (1 if round_up else 0)
        return u - k


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + len(_ASTRAL.findall(text))
