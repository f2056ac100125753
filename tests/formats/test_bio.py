"""IOB2 decoding, repair and encoding (app.core.bio)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import bio


def test_decode_entities_and_types():
    ents, reps = bio.decode(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"])
    assert ents == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")] and reps == []


@pytest.mark.parametrize(
    ("tags", "policy", "entities", "repairs"),
    [
        (["O", "I-ORG", "I-ORG"], "begin", [(1, 3, "ORG")], [(1, "I-ORG", "B-ORG")]),
        (["I-ORG"], "begin", [(0, 1, "ORG")], [(0, "I-ORG", "B-ORG")]),
        (["B-PER", "I-ORG"], "begin", [(0, 1, "PER"), (1, 2, "ORG")], [(1, "I-ORG", "B-ORG")]),
        (["O", "I-ORG", "I-ORG"], "drop", [], [(1, "I-ORG", "O"), (2, "I-ORG", "O")]),
        (["B-PER", "I-ORG", "O"], "drop", [(0, 1, "PER")], [(1, "I-ORG", "O")]),
    ],
)
def test_invalid_continuations_are_repaired_by_policy_and_reported(tags, policy, entities, repairs):
    assert bio.decode(tags, policy) == (entities, repairs)


def test_error_policy_and_non_iob_tags_name_the_token():
    with pytest.raises(bio.TagError) as info:
        bio.decode(["O", "O", "I-ORG"], "error")
    assert info.value.index == 2 and "after O" in str(info.value)
    for bad, needle in (("PER", "not an IOB2 tag"), ("E-PER", "BIOES"), ("B-", "not an IOB2 tag")):
        with pytest.raises(bio.TagError, match=needle):
            bio.decode(["O", bad])


TYPES = st.sampled_from(["PER", "ORG", "LOC"])


@st.composite
def iob2_sequences(draw):
    """Valid IOB2: every I-X follows B-X or I-X."""
    n = draw(st.integers(0, 30))
    tags: list[str] = []
    for _ in range(n):
        prev = tags[-1] if tags else "O"
        choices = ["O", "B"] + (["I"] if prev != "O" else [])
        kind = draw(st.sampled_from(choices))
        if kind == "O":
            tags.append("O")
        elif kind == "B":
            tags.append("B-" + draw(TYPES))
        else:
            tags.append("I-" + prev[2:])
    return tags


@given(iob2_sequences())
def test_decode_then_encode_gives_back_valid_tags(tags):
    ents, reps = bio.decode(tags, "error")
    assert reps == []
    assert bio.encode(len(tags), ents) == tags


def test_nested_columns_decode_in_depth_order_and_encode_back():
    rows = [["B-OCC"], ["I-OCC", "B-ORG"], ["I-OCC", "I-ORG"], ["I-OCC"], ["I-OCC", "B-GPE"], ["O"]]
    ents, reps = bio.decode_columns(rows)
    assert ents == [(0, 5, "OCC", 0), (1, 3, "ORG", 1), (4, 5, "GPE", 1)] and reps == []
    assert bio.encode_nested(len(rows), ents) == rows


def test_same_type_nesting_and_same_range_keep_their_columns():
    rows = [["B-UNIT", "B-QUANTITY"], ["B-ORG"], ["I-ORG", "B-ORG"], ["I-ORG", "I-ORG", "B-GPE"]]
    ents, _ = bio.decode_columns(rows)
    assert ents[:2] == [(0, 1, "UNIT", 0), (0, 1, "QUANTITY", 1)]
    assert bio.encode_nested(len(rows), ents) == rows
