"""Sentences and tokens of a document for token-level formats, and spans mapped onto them.

Two kinds of document:

* **token-aligned** — built from a token-level corpus (CoNLL): ``document.meta`` says
  ``"tokenization": "whitespace"``: every line is a sentence and its tokens are exactly the
  pieces between single spaces. Exports give back the original tokens ("2008-2009",
  "U.S." stay one token each) — camel-tools is not asked.
* **raw text** — typed, or imported from ``.txt``/JSON formats: every non-empty line is a
  sentence, tokenised with camel-tools ``simple_word_tokenize``. That function splits each
  whitespace-separated word on its own, so the pieces of a word are computed once and
  cached (natural text repeats its words), which keeps exports fast.

A span maps to the tokens it touches. One that does not start and end on token edges
is *partial*: expanded to whole tokens or skipped (policy ``expand`` / ``skip``). One that
touches no token, or crosses a sentence break, cannot be written and is skipped. Every
case is counted in a :class:`~app.core.issues.Tally` with examples.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from app.core.issues import Tally

PARTIAL_POLICIES = ("expand", "skip")
NESTING_POLICIES = ("outermost", "innermost")

_WORD = re.compile(r"\S+")
_piece_cache: dict[str, tuple[tuple[int, int], ...]] = {}
_CACHE_MAX = 200_000
_tokenize: Callable[[str], list[str]] | None = None


def _camel() -> Callable[[str], list[str]]:
    global _tokenize
    if _tokenize is None:
        from camel_tools.tokenizers.word import simple_word_tokenize

        _tokenize = simple_word_tokenize
    return _tokenize


def word_pieces(word: str) -> tuple[tuple[int, int], ...]:
    """``simple_word_tokenize`` pieces of one whitespace-free word, as offsets into it."""
    got = _piece_cache.get(word)
    if got is not None:
        return got
    out = []
    pos = 0
    for tok in _camel()(word):
        i = word.find(tok, pos)
        if i < 0:  # defensive: the tokenizer returns substrings, in order
            raise RuntimeError(f"token {tok!r} not found in {word!r}")
        pos = i + len(tok)
        out.append((i, pos))
    got = tuple(out)
    if len(_piece_cache) >= _CACHE_MAX:
        _piece_cache.clear()
    _piece_cache[word] = got
    return got


def camel_line_tokens(line: str, base: int, out: list[tuple[int, int]]) -> None:
    """Append the camel-tools tokens of ``line`` (offsets shifted by ``base``) to ``out``."""
    for m in _WORD.finditer(line):
        w0 = base + m.start()
        pieces = word_pieces(m.group())
        if len(pieces) == 1 and pieces[0][0] == 0 and pieces[0][1] == m.end() - m.start():
            out.append((w0, base + m.end()))
        else:
            out.extend((w0 + a, w0 + b) for a, b in pieces)


def is_token_aligned(meta: dict | None) -> bool:
    return bool(meta) and meta.get("tokenization") == "whitespace"  # type: ignore[union-attr]


def document_tokens(text: str, meta: dict | None = None) -> tuple[list[tuple[int, int]], list[int]]:
    """``(tokens, sentence_starts)``: token offsets, and the index of each sentence's first token.

    Sentence ``k`` is ``tokens[starts[k]:starts[k + 1]]``; empty lines give no sentence.
    """
    tokens: list[tuple[int, int]] = []
    starts: list[int] = []
    aligned = is_token_aligned(meta)
    explicit = (meta or {}).get("token_offsets")
    if explicit:  # token-aligned, with tokens that hold spaces: [[start, end], ...] per sentence
        for sent in explicit:
            if sent:
                starts.append(len(tokens))
                tokens.extend((a, b) for a, b in sent)
        return tokens, starts
    pos = 0
    for line in text.split("\n"):
        n0 = len(tokens)
        if aligned:
            p = pos
            for piece in line.split(" "):
                if piece:
                    tokens.append((p, p + len(piece)))
                p += len(piece) + 1
        else:
            camel_line_tokens(line, pos, tokens)
        if len(tokens) > n0:
            starts.append(n0)
        pos += len(line) + 1
    return tokens, starts


def map_spans(
    tokens: Sequence[tuple[int, int]],
    starts: Sequence[int],
    spans: Sequence[Sequence],
    partial: str = "expand",
    tally: Tally | None = None,
    where: str = "",
) -> list[tuple[int, int, str, int]]:
    """Spans ``(start, end, label, text)`` as token ranges ``(first, last + 1, label, span index)``.

    The result keeps the spans' order (by start, outer first). Skipped spans are counted
    in ``tally`` with ``where`` (e.g. "document 12") in the example.
    """
    tok_starts = [t[0] for t in tokens]
    tok_ends = [t[1] for t in tokens]
    out: list[tuple[int, int, str, int]] = []
    for k, sp in enumerate(spans):
        s, e, label = sp[0], sp[1], sp[2]
        i = bisect_right(tok_ends, s)  # first token ending after s
        j = bisect_left(tok_starts, e)  # tokens before j start before e
        if i >= j:
            if tally is not None:
                tally.add("no_token_skipped", _example(where, sp))
            continue
        if starts and bisect_right(starts, i) != bisect_right(starts, j - 1):
            if tally is not None:
                tally.add("sentence_crossing_skipped", _example(where, sp))
            continue
        if tok_starts[i] != s or tok_ends[j - 1] != e:
            if partial == "skip":
                if tally is not None:
                    tally.add("partial_skipped", _example(where, sp))
                continue
            if tally is not None:
                tally.add("partial_expanded", _example(where, sp))
        out.append((i, j, label, k))
    return out


def _example(where: str, sp: Sequence) -> str:
    text = sp[3] if len(sp) > 3 else ""
    return f"{where + ' ' if where else ''}{sp[0]}–{sp[1]} {sp[2]} “{text}”"


def nest(
    entities: Sequence[tuple[int, int, str, int]],
    tally: Tally | None = None,
    where: str = "",
    spans: Sequence | None = None,
) -> list[tuple[int, int, str, int]]:
    """Depths of token-range entities ``(a, b, label, k)`` → ``(a, b, label, depth)``.

    Entities are taken in order of (a, -b, input order); one that crosses an entity already
    placed (possible after expansion to tokens) is dropped and counted. Two entities on the
    same tokens nest: the earlier is the outer one.
    """
    order = sorted(range(len(entities)), key=lambda n: (entities[n][0], -entities[n][1], n))
    stack: list[tuple[int, int]] = []  # (a, b) of open ancestors
    out: list[tuple[int, int, str, int]] = []
    for n in order:
        a, b, label, k = entities[n]
        while stack and stack[-1][1] <= a:
            stack.pop()
        if stack and b > stack[-1][1]:  # starts inside the top but ends after it: crossing
            if tally is not None:
                tally.add(
                    "crossing_dropped",
                    _example(where, spans[k]) if spans is not None else f"{where} tokens {a}–{b}",
                )
            continue
        out.append((a, b, label, len(stack)))
        stack.append((a, b))
    return out


def flatten(
    nested: Sequence[tuple[int, int, str, int]],
    policy: str = "outermost",
    tally: Tally | None = None,
    where: str = "",
) -> list[tuple[int, int, str]]:
    """Disjoint entities from nested ones: the outermost, or the innermost (leaves)."""
    if not nested:
        return []
    if policy == "outermost":
        kept = [(a, b, lab) for a, b, lab, d in nested if d == 0]
    else:
        ordered = sorted(nested, key=lambda e: (e[0], -e[1]))
        kept = []
        for idx, (a, b, lab, _d) in enumerate(ordered):
            nxt = ordered[idx + 1] if idx + 1 < len(ordered) else None
            # A leaf: the next entity in order does not start inside it.
            if nxt is None or nxt[0] >= b:
                kept.append((a, b, lab))
        kept.sort()
    dropped = len(nested) - len(kept)
    if dropped and tally is not None:
        tally.add("nested_dropped", f"{where}: {dropped} of {len(nested)}" if where else None, n=dropped)
    return kept
