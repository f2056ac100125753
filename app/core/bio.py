"""IOB2 tags: parsing, decoding to entities (with a repair policy), encoding back.

Entities here are token ranges ``(start, end, type)`` with ``end`` exclusive. IOB2:
``B-X`` begins an entity of type X, ``I-X`` continues an entity of type X begun on the
previous token, ``O`` is outside. An ``I-X`` with nothing of type X to continue (after
``O``, at the start of a sentence, or after an entity of another type) is invalid IOB2;
the repair policy decides what it means, and every repair is reported:

* ``begin`` — it begins a new entity (what conlleval and seqeval's default mode do);
* ``drop``  — it is read as ``O``;
* ``error`` — the input is refused.

Nested (multi-column) IOB2, Wojood style: each token carries one to N tags, outermost
entity first; column k holds the entities at nesting depth k. Decoding reads each column
as flat IOB2; encoding gives each token the tags of the entities covering it, outermost
first.
"""

from __future__ import annotations

from collections.abc import Sequence

REPAIR_POLICIES = ("begin", "drop", "error")


class TagError(ValueError):
    """A tag that is not IOB2, or an I- tag refused by the ``error`` policy."""

    def __init__(self, index: int, message: str) -> None:
        self.index = index
        super().__init__(message)


def parse_tag(tag: str) -> tuple[str, str | None]:
    """``("B", "PER")``, ``("I", "PER")`` or ``("O", None)``; raises ValueError otherwise."""
    if tag == "O":
        return "O", None
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
        return tag[0], tag[2:]
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "ESLU":
        raise ValueError(f"tag {tag!r} is BIOES/BILOU, not IOB2 (only B-, I- and O are read)")
    raise ValueError(f"tag {tag!r} is not an IOB2 tag (B-TYPE, I-TYPE or O)")


def decode(
    tags: Sequence[str], repair: str = "begin"
) -> tuple[list[tuple[int, int, str]], list[tuple[int, str, str]]]:
    """Entities of one sentence's tags, and the repairs made: ``(index, old tag, new tag)``."""
    entities: list[tuple[int, int, str]] = []
    repairs: list[tuple[int, str, str]] = []
    cur_start = -1
    cur_type: str | None = None
    for i, tag in enumerate(tags):
        if tag == "O":
            if cur_type is not None:
                entities.append((cur_start, i, cur_type))
                cur_type = None
            continue
        try:
            prefix, typ = parse_tag(tag)
        except ValueError as exc:
            raise TagError(i, str(exc)) from None
        if prefix == "I" and typ == cur_type:
            continue
        if prefix == "I":  # nothing of this type to continue
            if repair == "error":
                what = "after O" if cur_type is None else f"after an entity of type {cur_type}"
                if i == 0:
                    what = "at the start of a sentence"
                raise TagError(i, f"{tag} {what} (invalid IOB2)")
            if repair == "drop":
                repairs.append((i, tag, "O"))
                if cur_type is not None:
                    entities.append((cur_start, i, cur_type))
                    cur_type = None
                continue
            repairs.append((i, tag, "B-" + typ))  # type: ignore[operator]
        if cur_type is not None:
            entities.append((cur_start, i, cur_type))
        cur_start, cur_type = i, typ
    if cur_type is not None:
        entities.append((cur_start, len(tags), cur_type))
    return entities, repairs


def decode_columns(
    rows: Sequence[Sequence[str]], repair: str = "begin"
) -> tuple[list[tuple[int, int, str, int]], list[tuple[int, int, str, str]]]:
    """Entities ``(start, end, type, column)`` of a sentence whose tokens carry 1..N tags.

    Returned sorted by (start, -end, column): outer first, and for two entities on the
    same tokens, the one in the lower column first. Repairs are ``(index, column, old, new)``.
    """
    width = max((len(r) for r in rows), default=0)
    found: list[tuple[int, int, str, int]] = []
    repairs: list[tuple[int, int, str, str]] = []
    for col in range(width):
        column = [r[col] if col < len(r) else "O" for r in rows]
        try:
            ents, reps = decode(column, repair)
        except TagError as exc:
            exc.args = (f"column {col + 2}: {exc.args[0]}",)
            raise
        found.extend((a, b, t, col) for a, b, t in ents)
        repairs.extend((i, col, old, new) for i, old, new in reps)
    found.sort(key=lambda e: (e[0], -e[1], e[3]))
    return found, repairs


def encode(n_tokens: int, entities: Sequence[tuple[int, int, str]]) -> list[str]:
    """Flat IOB2 tags for disjoint entities (token ranges, end exclusive)."""
    tags = ["O"] * n_tokens
    for a, b, typ in entities:
        tags[a] = "B-" + typ
        if b - a > 1:
            inside = "I-" + typ
            for i in range(a + 1, b):
                tags[i] = inside
    return tags


def encode_nested(n_tokens: int, entities: Sequence[tuple[int, int, str, int]]) -> list[list[str]]:
    """Per-token tag lists (outermost first) for entities with their depth ``(a, b, type, depth)``.

    Depths come from :func:`app.core.sentences.nest`: an entity of depth k lies inside
    one of depth k-1 on every token, so each token's list has no gaps.
    """
    rows: list[list[str]] = [[] for _ in range(n_tokens)]
    for a, b, typ, depth in sorted(entities, key=lambda e: e[3]):
        for i in range(a, b):
            row = rows[i]
            tag = ("B-" if i == a else "I-") + typ
            if len(row) == depth:
                row.append(tag)
            else:  # defensive: a gap would shift columns; pad so the depth is kept
                while len(row) < depth:
                    row.append("O")
                if len(row) == depth:
                    row.append(tag)
                else:
                    row[depth] = tag
    for row in rows:
        if not row:
            row.append("O")
    return rows
