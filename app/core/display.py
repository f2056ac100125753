"""What the text view displays: the stored text, made safe to lay out, at the same offsets.

Qt lays out a paragraph (a ``QTextBlock``) as a whole, and part of its work is linear or
worse in the paragraph's length, whatever is on screen. Measured offscreen with Noto
Naskh Arabic on the 2-core development machine (PySide6 6.11.3):

* wrapping a line with no break opportunity is quadratic: ``WrapAtWordBoundaryOrAnywhere``
  looks for a word boundary up to the end of the paragraph for every visual line
  (100k letters without a space: 0.35 s, 400k: 6 s, a 12 MB line: ~30 min extrapolated);
* the caret costs ``QTextLine.cursorToX``, linear in the paragraph (48 ms at 1 M
  characters), on every repaint; so do the view's own ``cursorRect`` calls;
* a grapheme cluster of millions of combining marks is shaped and drawn as one glyph
  run on every repaint (~0.3 ms per 1,000 marks: 1 s for 3 M), and all its marks are
  drawn on top of each other, so the screen does not even show how many there are.

So the widget gets a display text in which every character is replaced, if at all, by
characters of the same UTF-16 length: every Qt position is still the stored text's
UTF-16 position, ``Utf16Map`` converts as before, and the stored text never changes.

1. Invisible and bidi control characters are shown as visible marks (:mod:`app.core.marks`).
2. Combining marks beyond the 30th in a row are shown as ◌ (U+25CC). Thirty is the
   Stream-Safe Text Format's limit (Unicode UAX #15): no text in any script needs more
   non-starters in a row, so ordinary text, diacritised Arabic and Quranic text included,
   is displayed exactly as before.
3. A line longer than :data:`BLOCK_LIMIT` characters is shown as display paragraphs of at
   most that many: one character per piece is shown as a line break, a space when the
   second half of the piece has one (after a sentence end if possible), else the last
   character there that starts a grapheme (it is then not shown; the view's tooltip
   names it).

Laying out one display paragraph with no break opportunity costs ~1.3 ms at 5,000
characters, ~8 ms at 10,000 and ~27 ms at 20,000 (quadratic); ordinary paragraphs are far
shorter than 10,000 characters (~1,800 words), and Qt lays out only the paragraphs on screen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import regex  # type: ignore[import-untyped]

from app.core.marks import make_visible

MAX_MARKS = 30  # combining marks in a row shown as such (UAX #15 stream-safe limit)
BLOCK_LIMIT = 10_000  # characters per display paragraph
PLACEHOLDER = "\u25cc"  # ◌ DOTTED CIRCLE: a combining mark beyond MAX_MARKS
EXCERPT_LIMIT = 300  # characters of a span's text in a tooltip or a list cell
_FILLER = "\u2060"  # WORD JOINER: the second UTF-16 unit of an astral character replaced
_GAPS = (" ", "\t")
_SENTENCE_ENDS = tuple(p + " " for p in ".!?؟۔…")
# Runs of combining marks (general category M), found by the regex module (a dependency of
# camel-tools) in C: ~6 ns per character, where a class of every mark in ``re`` costs ~0.5 µs.
_MARK_RUN = regex.compile(rf"\p{{M}}{{{MAX_MARKS + 1},}}")
_MARK = regex.compile(r"\p{M}")
_ASTRAL = regex.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Display:
    """The display text of one stored text, and what differs from it."""

    text: str
    mark_runs: tuple[tuple[int, int], ...] = ()  # [start, end) of runs of more than MAX_MARKS marks
    cuts: tuple[int, ...] = ()  # offsets of the characters shown as a line break, sorted
    long_lines: int = 0  # lines longer than BLOCK_LIMIT, shown in pieces

    @property
    def is_fallback(self) -> bool:
        """True when the display differs from the text beyond the visible control marks."""
        return bool(self.mark_runs or self.cuts)

    @property
    def hidden_marks(self) -> int:
        """Combining marks shown as ◌."""
        return sum(b - a - MAX_MARKS for a, b in self.mark_runs)

    def mark_run_at(self, pos: int) -> tuple[int, int] | None:
        """The run of marks holding the character at ``pos``, if it is shown capped."""
        i = bisect_right(self.mark_runs, pos, key=lambda r: r[0]) - 1
        if i >= 0 and self.mark_runs[i][0] <= pos < self.mark_runs[i][1]:
            return self.mark_runs[i]
        return None

    def cuts_between(self, start: int, end: int) -> list[int]:
        """The characters shown as a line break in ``[start, end)``."""
        return list(self.cuts[bisect_left(self.cuts, start) : bisect_left(self.cuts, end)])

    def is_cut(self, pos: int) -> bool:
        """True when the character at ``pos`` is shown as a line break."""
        i = bisect_right(self.cuts, pos) - 1
        return i >= 0 and self.cuts[i] == pos


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """``text`` for a tooltip or a list cell: controls visible, combining marks beyond
    MAX_MARKS in a row as ◌, and at most ``limit`` characters (the middle elided as …).
    Not for offsets: a span of 3 M marks would otherwise be laid out whole (seconds)."""
    if len(text) > limit:
        text = text[: limit // 2] + "…" + text[len(text) - limit // 2 :]
    shown = make_visible(text)
    return _replace(shown, [(m.start() + MAX_MARKS, m.end(), PLACEHOLDER) for m in _MARK_RUN.finditer(shown)])


def prepare(text: str, *, astral: bool = True) -> Display:
    """The display of ``text``: same UTF-16 length at every character (see the module doc).
    ``astral=False``: the caller knows that no character is above U+FFFF (saves a scan)."""
    # Every step replaces characters one for one, so offsets in ``shown`` are code points of
    # ``text`` until the last step pads the replaced astral characters to two UTF-16 units.
    shown = make_visible(text)
    runs = [(m.start(), m.end()) for m in _MARK_RUN.finditer(shown)]
    if runs:
        shown = _replace(shown, [(a + MAX_MARKS, b, PLACEHOLDER) for a, b in runs])
    long_lines = _long_lines(shown)
    cuts = [c for a, b in long_lines for c in _cuts(shown, a, b)]
    if cuts:
        shown = _replace(shown, [(c, c + 1, "\n") for c in cuts])
    if astral and (runs or cuts):
        shown = _pad_astral(text, shown)
    return Display(shown, tuple(runs), tuple(cuts), len(long_lines))


def _replace(text: str, ranges: list[tuple[int, int, str]]) -> str:
    """``text`` with each character of the sorted ranges ``[a, b)`` replaced by ``ch``."""
    parts: list[str] = []
    last = 0
    for a, b, ch in ranges:
        parts += (text[last:a], ch * (b - a))
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _pad_astral(text: str, shown: str) -> str:
    """``shown`` with a filler after each replacement of an astral character of ``text``,
    so that it takes two UTF-16 units as the character does."""
    parts: list[str] = []
    last = 0
    for m in _ASTRAL.finditer(text):
        p = m.start()
        if shown[p] != text[p]:
            parts += (shown[last : p + 1], _FILLER)
            last = p + 1
    if not parts:
        return shown
    parts.append(shown[last:])
    return "".join(parts)


def _long_lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line longer than BLOCK_LIMIT.

    Such a line holds a whole window of BLOCK_LIMIT // 2 characters without a line break,
    so only one ``find`` per window runs (in C); a 5 MB text costs well under 1 ms."""
    out: list[tuple[int, int]] = []
    n, step = len(text), BLOCK_LIMIT // 2
    w = 0
    while w + step <= n:
        if text.find("\n", w, w + step) >= 0:
            w += step
            continue
        a = text.rfind("\n", 0, w) + 1
        b = text.find("\n", w + step)
        b = n if b < 0 else b
        if b - a > BLOCK_LIMIT:
            out.append((a, b))
        w = b + 1
    return out


def _cuts(text: str, a: int, b: int) -> list[int]:
    """Offsets of the characters shown as line breaks in the line ``[a, b)`` of ``text``."""
    out = []
    s = a
    while b - s > BLOCK_LIMIT:
        lo, hi = s + BLOCK_LIMIT // 2, s + BLOCK_LIMIT
        c = max(text.rfind(g, lo, hi) for g in _GAPS)
        if c < 0:
            c = _grapheme_edge(text, lo, hi)
        else:  # rather the space after a sentence end, if there is one in [lo, hi)
            end = max(text.rfind(p, lo - 1, hi) for p in _SENTENCE_ENDS)
            c = end + 1 if end >= 0 else c
        out.append(c)
        s = c + 1
    return out


def _grapheme_edge(text: str, lo: int, hi: int) -> int:
    """The last offset in ``[lo, hi)`` whose character can become a line break without
    leaving the next character, a combining mark, without its letter."""
    for c in range(hi - 1, lo - 1, -1):
        if not _MARK.match(text, c + 1):
            return c
    return hi - 1
