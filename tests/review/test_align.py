"""The alignment of two layers: classes, one-to-one pairing, determinism, nesting."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.review.align import Kind, Span, align, count_kinds


def kinds(diffs):
    return [(d.kind, d.a, d.b) for d in diffs]


def test_each_class_on_a_small_case():
    a = [Span(0, 5, "person"), Span(10, 20, "role"), Span(30, 40, "event"), Span(50, 55, "figure")]
    b = [Span(0, 5, "person"), Span(10, 20, "organisation"), Span(32, 40, "event"), Span(60, 65, "figure")]
    got = kinds(align(a, b))
    assert got == [
        (Kind.AGREEMENT, a[0], b[0]),
        (Kind.LABEL, a[1], b[1]),
        (Kind.OVERLAP, a[2], b[2]),
        (Kind.ONLY_A, a[3], None),
        (Kind.ONLY_B, None, b[3]),
    ]


def test_overlap_may_join_different_labels_and_prefers_the_same_label():
    # A: person 0-10; B: role 0-12 containing person 0-5 (nested in B).
    a = [Span(0, 10, "person")]
    b = [Span(0, 12, "role"), Span(0, 5, "person")]
    d = align(a, b)
    pair = [x for x in d if x.kind is Kind.OVERLAP]
    assert len(pair) == 1 and pair[0].b == b[1] and pair[0].same_label  # not the larger-overlap role
    assert [x.b for x in d if x.kind is Kind.ONLY_B] == [b[0]]
    # Without a same-label candidate, the larger overlap (Jaccard) wins.
    d = align([Span(0, 10, "person")], [Span(0, 12, "role"), Span(0, 3, "event")])
    pair = [x for x in d if x.kind is Kind.OVERLAP]
    assert pair[0].b == Span(0, 12, "role") and not pair[0].same_label


def test_same_range_is_paired_before_overlaps():
    # A's organisation shares its range with B's event: "label", even though B also has
    # an organisation nested inside.
    a = [Span(0, 10, "organisation")]
    b = [Span(0, 10, "event"), Span(0, 5, "organisation")]
    assert [x.kind for x in align(a, b)] == [Kind.LABEL, Kind.ONLY_B]


def test_nested_spans_of_each_layer():
    # An event containing an organisation, in both layers; B's inner span is shorter.
    a = [Span(0, 30, "event"), Span(10, 20, "organisation")]
    b = [Span(0, 30, "event"), Span(10, 16, "organisation")]
    d = align(a, b)
    assert [(x.kind, x.start, x.end) for x in d] == [(Kind.AGREEMENT, 0, 30), (Kind.OVERLAP, 10, 20)]


def test_greedy_pairing_by_jaccard_is_one_to_one():
    # B's long span overlaps two A spans; it is paired with the one it overlaps most.
    a = [Span(0, 4, "person"), Span(5, 20, "person")]
    b = [Span(2, 20, "person")]
    d = align(a, b)
    assert [(x.kind, x.a, x.b) for x in d] == [(Kind.ONLY_A, a[0], None), (Kind.OVERLAP, a[1], b[0])]


def test_order_of_input_does_not_matter():
    rng = random.Random(5)
    a = [
        Span(0, 4, "person"),
        Span(0, 10, "role"),
        Span(12, 20, "event"),
        Span(14, 16, "figure"),
        Span(30, 31, "figure"),
    ]
    b = [
        Span(0, 4, "role"),
        Span(2, 10, "role"),
        Span(12, 20, "event"),
        Span(15, 16, "figure"),
        Span(40, 45, "person"),
    ]
    ref = kinds(align(a, b))
    for _ in range(20):
        aa, bb = a[:], b[:]
        rng.shuffle(aa)
        rng.shuffle(bb)
        assert kinds(align(aa, bb)) == ref


def test_emoji_before_spans_changes_nothing_but_offsets():
    text = "🙂 كاظم جلالي السفير"
    i = text.index("كاظم")
    a = [Span(i, i + 10, "person")]
    b = [Span(i, i + 4, "person")]
    (d,) = align(a, b)
    assert (
        d.kind is Kind.OVERLAP
        and text[d.a.start : d.a.end] == "كاظم جلالي"
        and text[d.b.start : d.b.end] == "كاظم"
    )


@st.composite
def layer(draw, n=60):
    """A random layer of nested, never-crossing spans over [0, n)."""
    spans = []

    def fill(lo, hi, depth):
        pos = lo
        while pos < hi - 1 and len(spans) < 12:
            if not draw(st.booleans()):
                pos += 1
                continue
            length = draw(st.integers(1, min(8, hi - pos)))
            spans.append(Span(pos, pos + length, draw(st.sampled_from(["person", "role", "event"]))))
            if depth < 2 and length > 2 and draw(st.booleans()):
                fill(pos + 1, pos + length, depth + 1)
            pos += length + draw(st.integers(0, 3))

    fill(0, n, 0)
    return spans


@settings(max_examples=300, deadline=None)
@given(layer(), layer())
def test_every_span_is_in_exactly_one_difference(a, b):
    d = align(a, b)
    seen_a = [x.a for x in d if x.a is not None]
    seen_b = [x.b for x in d if x.b is not None]
    assert sorted(seen_a) == sorted(a) and sorted(seen_b) == sorted(b)
    c = count_kinds(d)
    paired = c[Kind.AGREEMENT] + c[Kind.LABEL] + c[Kind.OVERLAP]
    assert paired + c[Kind.ONLY_A] == len(a) and paired + c[Kind.ONLY_B] == len(b)
    for x in d:
        if x.kind in (Kind.AGREEMENT, Kind.LABEL):
            assert (x.a.start, x.a.end) == (x.b.start, x.b.end)
            assert (x.a.label == x.b.label) == (x.kind is Kind.AGREEMENT)
        elif x.kind is Kind.OVERLAP:
            assert (
                x.a.start < x.b.end and x.b.start < x.a.end and (x.a.start, x.a.end) != (x.b.start, x.b.end)
            )
    # Nothing left alone could have been paired with something left alone.
    alone_a = [x.a for x in d if x.kind is Kind.ONLY_A]
    alone_b = [x.b for x in d if x.kind is Kind.ONLY_B]
    assert not any(p.start < q.end and q.start < p.end for p in alone_a for q in alone_b)
    assert d == sorted(d, key=lambda x: x.sort_key())
