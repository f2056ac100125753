"""Where the keyboard takes the annotator: span edges moved by a word or a character, and
the next sentence nobody has labelled yet. Pure functions of the text (and its spans);
the window only applies their answer."""

from __future__ import annotations

from typing import Literal

from app.core import tokens
from app.core.spans import SpanIndex

Edge = Literal["start", "end"]


def _next_token_start(text: str, pos: int) -> int:
    end = tokens.next_token_end(text, pos)
    nxt = tokens.next_token_end(text, end)
    return tokens.prev_token_start(text, nxt) if nxt > end else end


def _prev_token_end(text: str, pos: int) -> int:
    start = tokens.prev_token_start(text, pos)
    prev = tokens.prev_token_start(text, start)
    return tokens.next_token_end(text, prev) if prev < start else start


def nudged(
    text: str, start: int, end: int, edge: Edge, direction: int, by_char: bool = False
) -> tuple[int, int]:
    """``(start, end)`` of a span after moving one ``edge`` one word (camel-tools tokens) or
    one character in ``direction`` (+1: later in the text, -1: earlier). The result may be
    empty or inverted: the session refuses such a span with its reason."""
    pos = start if edge == "start" else end
    if by_char:
        new = pos + direction
    elif direction > 0:
        new = tokens.next_token_end(text, pos) if edge == "end" else _next_token_start(text, pos)
    else:
        new = tokens.prev_token_start(text, pos) if edge == "start" else _prev_token_end(text, pos)
    return (new, end) if edge == "start" else (start, new)


def next_unlabelled_sentence(
    text: str, spans: SpanIndex, pos: int, limit: int = 100_000
) -> tuple[int, int] | None:
    """The first word ``(start, end)`` of the next sentence after ``pos`` that no span
    touches, or None (at most ``limit`` sentences are looked at)."""
    start = tokens.next_sentence_start(text, pos)
    for _ in range(limit):
        if start is None:
            return None
        a, b = tokens.sentence_bounds(text, start)
        if a < b and not spans.overlapping(a, b):
            return a, min(tokens.next_token_end(text, a), b)
        start = tokens.next_sentence_start(text, max(start, b))
    return None
