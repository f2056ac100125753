import random

import pytest

from app.core.spans import SpanError, SpanIndex, SpanRecord, check_span, relation

TEXT = "وسافرت وفود الشركات إلى موسكو"


def rec(start, end, label="person", sid=None, text=TEXT):
    return SpanRecord(start, end, label, text[start:end], sid)


def test_check_span_enforces_the_invariant():
    assert check_span(TEXT, 0, 6) == "وسافرت"
    with pytest.raises(SpanError, match="outside"):
        check_span(TEXT, 0, len(TEXT) + 1)
    with pytest.raises(SpanError, match="empty or reversed"):
        check_span(TEXT, 5, 5)
    with pytest.raises(SpanError, match="covers"):
        check_span(TEXT, 0, 6, "وفود")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (5, 9), "disjoint"),
        ((0, 5), (0, 5), "equal"),
        ((1, 3), (0, 5), "inside"),
        ((0, 5), (1, 3), "contains"),
        ((0, 5), (3, 8), "crossing"),
    ],
)
def test_relation(a, b, expected):
    assert relation(*a, *b) == expected


def test_index_orders_outer_before_inner_and_finds_overlaps():
    idx = SpanIndex([rec(7, 20, sid=1), rec(12, 20, sid=2), rec(0, 6, sid=3), rec(24, 29, sid=4)])
    assert [r.id for r in idx] == [3, 1, 2, 4]
    assert [r.id for r in idx.overlapping(10, 13)] == [1, 2]
    assert [r.id for r in idx.containing(15)] == [2, 1]  # innermost first
    assert idx.find_range(12, 20).id == 2
    assert idx.crossing(18, 26).id == 1
    assert idx.crossing(12, 16) is None  # nested inside both
    assert idx.next_after(7).id == 2 and idx.previous_before(7).id == 3


def test_index_add_remove_replace_keep_rows_consistent():
    idx = SpanIndex()
    assert idx.add(rec(24, 29, sid=1)) == 0
    assert idx.add(rec(0, 6, sid=2)) == 0
    assert idx.position(1) == 1
    row, removed = idx.remove(2)
    assert row == 0 and removed.id == 2 and len(idx) == 1
    idx.replace(rec(24, 29, label="role", sid=1))
    assert idx.get(1).label == "role"
    with pytest.raises(SpanError):
        idx.add(rec(24, 29, sid=1))


def test_overlapping_agrees_with_brute_force():
    rnd = random.Random(7)
    text = "x" * 500
    spans = []
    for i in range(300):
        s = rnd.randrange(0, 490)
        spans.append(SpanRecord(s, s + rnd.randrange(1, 10), "person", text[s : s + 1], i + 1))
    spans = [SpanRecord(r.start, r.end, r.label, text[r.start : r.end], r.id) for r in spans]
    idx = SpanIndex(spans)
    for _ in range(200):
        a = rnd.randrange(0, 500)
        b = a + rnd.randrange(1, 30)
        want = sorted(r.id for r in spans if r.start < b and r.end > a)
        assert sorted(r.id for r in idx.overlapping(a, b)) == want
