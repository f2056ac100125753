"""Planning gold edits from decisions (Qt-free, SQL-free; applied for real in
tests/services/test_review.py)."""

from __future__ import annotations

import json

import pytest

from app.core.edits import AddSpan, DeleteSpan
from app.core.spans import SpanIndex, SpanRecord
from app.review.adjudicate import AdjudicationError, Decision, compatible, plan_decision, plan_edit, utc_stamp
from app.review.align import Difference, Kind

TEXT = "🙂 قال السفير الإيراني كاظم جلالي في موسكو"
NAMES = ("amal", "badr")
AT = "2026-11-26T12:00:00.000Z"


def rec(word: str, label: str, sid: int | None = None) -> SpanRecord:
    i = TEXT.index(word)
    return SpanRecord(i, i + len(word), label, word, sid)


def plan(d, decision, gold=()):
    return plan_decision(d, decision, SpanIndex(gold), NAMES, "rev", AT)


def adds(edits):
    return [
        (e.record.text, e.record.label, json.loads(e.record.provenance))
        for e in edits
        if isinstance(e, AddSpan)
    ]


def test_accept_a_b_both_reject_on_a_label_difference():
    a, b = rec("السفير الإيراني", "role", 1), rec("السفير الإيراني", "person", 2)
    d = Difference(Kind.LABEL, a, b)
    assert adds(plan(d, "accept_a")) == [
        (
            "السفير الإيراني",
            "role",
            {"sources": ["amal"], "decision": "accept_a", "difference": "label", "by": "rev", "at": AT},
        )
    ]
    assert adds(plan(d, Decision.ACCEPT_B))[0][:2] == ("السفير الإيراني", "person")
    assert plan(d, "reject") == []
    with pytest.raises(AdjudicationError, match="same range"):
        plan(d, "accept_both")
    assert not compatible(d)


def test_a_decision_replaces_an_earlier_one_at_the_same_ranges():
    a, b = rec("كاظم جلالي", "person", 1), rec("كاظم", "person", 2)
    d = Difference(Kind.OVERLAP, a, b)
    earlier = rec("كاظم", "person", 50)  # gold holds B's version
    edits = plan(d, "accept_a", [earlier])
    assert isinstance(edits[0], DeleteSpan) and edits[0].span_id == 50
    assert adds(edits[1:])[0][:2] == ("كاظم جلالي", "person")
    # Accept both (nested): B's version stays, A's is added.
    edits = plan(d, "accept_both", [earlier])
    assert [type(e) for e in edits] == [AddSpan] and edits[0].record.text == "كاظم جلالي"
    # Already as wanted: nothing to do.
    assert plan(d, "accept_b", [earlier]) == []
    # Reject removes it.
    assert [(type(e), e.span_id) for e in plan(d, "reject", [earlier])] == [(DeleteSpan, 50)]


def test_agreement_provenance_names_both_sources_and_one_span():
    a, b = rec("موسكو", "organisation", 1), rec("موسكو", "organisation", 2)
    d = Difference(Kind.AGREEMENT, a, b)
    for decision in ("accept_a", "accept_both", "accept_agreements"):
        (one,) = adds(plan(d, decision))
        assert one[2]["sources"] == ["amal", "badr"] and one[2]["decision"] == decision


def test_only_in_one_layer():
    a = rec("موسكو", "organisation", 1)
    d = Difference(Kind.ONLY_A, a, None)
    assert adds(plan(d, "accept_a"))[0][2]["sources"] == ["amal"]
    assert plan(d, "accept_b") == []  # B saw nothing here
    assert len(plan(d, "accept_both")) == 1
    with pytest.raises(AdjudicationError, match="agreements"):
        plan(d, "accept_agreements")


def test_crossing_is_refused_before_anything_is_planned():
    a, b = rec("الإيراني كاظم", "person", 1), rec("كاظم جلالي", "person", 2)
    d = Difference(Kind.OVERLAP, a, b)
    with pytest.raises(AdjudicationError, match="cross"):
        plan(d, "accept_both")
    other = rec("السفير الإيراني", "role", 70)  # a gold span elsewhere that A's version would cross
    with pytest.raises(AdjudicationError, match="would cross the gold role span"):
        plan(d, "accept_a", [other])
    assert adds(plan(d, "accept_b", [other]))[0][:2] == ("كاظم جلالي", "person")


def test_edit_by_hand_resolves_the_difference():
    a, b = rec("السفير الإيراني", "role", 1), rec("السفير", "role", 2)
    d = Difference(Kind.OVERLAP, a, b)
    gold = [rec("السفير", "role", 80)]
    i = TEXT.index("السفير الإيراني كاظم جلالي")
    edits = plan_edit(
        TEXT, i, i + len("السفير الإيراني كاظم جلالي"), "role", SpanIndex(gold), NAMES, "rev", d, AT
    )
    assert isinstance(edits[0], DeleteSpan) and edits[0].span_id == 80
    (added,) = adds(edits)
    assert (
        added[0] == "السفير الإيراني كاظم جلالي"
        and added[2]["sources"] == []
        and added[2]["decision"] == "edit"
    )
    assert TEXT[edits[1].record.start : edits[1].record.end] == added[0]  # code points, after an emoji


def test_utc_stamp_format():
    s = utc_stamp()
    assert len(s) == 24 and s.endswith("Z") and s[10] == "T"
