"""The span checks of an import (app.services.ingest.spans), on plain records: no database."""

import json
import random

import pytest

from app.core.issues import Tally
from app.formats.base import ImportRecord, ImportSpan, Rejected
from app.services.ingest.spans import ROW, SpanChecks, union_existing

TEXT = "اجتمع كاظم جلالي مع وزير الاتصالات في لاهاي"
PERSON = (TEXT.index("كاظم"), TEXT.index("كاظم") + len("كاظم جلالي"))
FIRST_NAME = (PERSON[0], PERSON[0] + len("كاظم"))
ROLE = (TEXT.index("وزير"), TEXT.index("الاتصالات") + len("الاتصالات"))
PLACE = (TEXT.index("لاهاي"), len(TEXT))
LABELS = {"person": 1, "role": 2, "place": 3}


def record(spans, **extra):
    """A record of TEXT whose span k is on line 10 + k of c.jsonl."""
    return ImportRecord(
        source="data/c.jsonl",
        line=10,
        text=TEXT,
        spans=[ImportSpan(s, e, label, None, 10 + k) for k, (s, e, label) in enumerate(spans)],
        **extra,
    )


def checks(looked_up=None, labels=LABELS):
    tally = Tally()
    calls = looked_up if looked_up is not None else []

    def look_up(rec, label, line):
        calls.append((label, line))

    return SpanChecks(dict(labels), look_up, tally, "jsonl"), tally


def spans_of(rows):
    """(label id, start, end, text) of flat rows."""
    return [tuple(rows[b : b + 4]) for b in range(0, len(rows), ROW)]


def test_sorted_spans_become_flat_rows_with_their_text_origin_and_provenance():
    c, tally = checks()
    rows = c.rows(record([(*PERSON, "person"), (*FIRST_NAME, "person"), (*ROLE, "role"), (*PLACE, "place")]))
    assert len(rows) == 4 * ROW
    assert spans_of(rows) == [
        (1, *PERSON, "كاظم جلالي"),
        (1, *FIRST_NAME, "كاظم"),
        (2, *ROLE, "وزير الاتصالات"),
        (3, *PLACE, "لاهاي"),
    ]
    assert rows[4::ROW] == ["imported"] * 4
    assert [json.loads(p) for p in rows[5::ROW]] == [
        {"format": "jsonl", "file": "c.jsonl", "line": n} for n in range(10, 14)
    ]
    assert rows[6::ROW] == [10, 11, 12, 13]  # the line, until the writer puts the layer id there
    assert not tally


@pytest.mark.parametrize("seed", range(5))
def test_spans_in_any_order_give_the_same_rows_sorted(seed):
    spans = [
        (*PERSON, "person"),
        (*FIRST_NAME, "person"),
        (*FIRST_NAME, "role"),
        (*ROLE, "role"),
        (*PLACE, "place"),
    ]
    shuffled = spans[:]
    random.Random(seed).shuffle(shuffled)
    want = checks()[0].rows(record(spans))
    got = spans_of(checks()[0].rows(record(shuffled)))
    assert sorted(got) == sorted(spans_of(want))
    assert [(s, -e) for _, s, e, _ in got] == sorted((s, -e) for _, s, e, _ in got)  # start, outer first


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_identical_spans_are_dropped_and_counted_the_same_range_with_another_label_kept(order):
    spans = [(*PERSON, "person"), (*PERSON, "role"), (*PERSON, "person"), (*PLACE, "place")]
    c, tally = checks()
    rows = c.rows(record(spans if order == "sorted" else spans[::-1]))
    assert sorted(spans_of(rows)) == sorted(
        [(1, *PERSON, "كاظم جلالي"), (2, *PERSON, "كاظم جلالي"), (3, *PLACE, "لاهاي")]
    )
    assert tally["span_duplicate"] == 1
    assert "data/c.jsonl, line" in tally.examples["span_duplicate"][0]


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_crossing_spans_reject_the_record_naming_the_line_and_both_spans(order):
    crossing = (FIRST_NAME[0] + 2, ROLE[0] + 3)  # from inside the name into the role
    spans = [(*PERSON, "person"), (*crossing, "role")]
    got = checks()[0].rows(record(spans if order == "sorted" else spans[::-1]))
    assert isinstance(got, Rejected) and got.source == "data/c.jsonl" and got.line in (10, 11)
    assert got.reasons[0].endswith("spans of a layer may nest but not cross")
    assert f"{crossing[0]}–{crossing[1]}" in got.reasons[0] and f"{PERSON[0]}–{PERSON[1]}" in got.reasons[0]


@pytest.mark.parametrize("bounds", [(5, 5), (-1, 3), (3, len(TEXT) + 1), (9, 4)])
def test_a_span_outside_the_text_or_empty_rejects_the_record(bounds):
    got = checks()[0].rows(record([(*PERSON, "person"), (*bounds, "place")]))
    assert got == Rejected(
        "data/c.jsonl", 11, [f"span {bounds[0]}–{bounds[1]} (place) lies outside the text or is empty"]
    )


def test_a_label_not_resolved_yet_is_looked_up_and_its_span_left_out_on_none():
    calls: list = []
    c, _ = checks(calls)
    rows = c.rows(record([(*PERSON, "PERS"), (*ROLE, "role")]))
    assert calls == [("PERS", 10)]
    assert spans_of(rows) == [(2, *ROLE, "وزير الاتصالات")]


def test_a_label_resolved_meanwhile_takes_the_fast_path():
    labels = dict(LABELS)
    c = SpanChecks(labels, lambda rec, label, line: labels.setdefault(label, 9), Tally(), "conll")
    assert spans_of(c.rows(record([(*PERSON, "PERS")]))) == [(9, *PERSON, "كاظم جلالي")]
    assert spans_of(c.rows(record([(*PERSON, "PERS")]))) == [(9, *PERSON, "كاظم جلالي")]


def test_origins_are_checked_for_the_record_and_for_each_span():
    c, _ = checks()
    bad = c.rows(record([(*PERSON, "person")], origin="bogus"))
    assert bad == Rejected("data/c.jsonl", 10, ["origin 'bogus' is not one of manual, imported, suggested"])
    per_span = c.rows(
        record([(*PERSON, "person"), (*ROLE, "role")], origins=["manual", "weird"], provenance=[None, None])
    )
    reason = f"span {ROLE[0]}–{ROLE[1]}: origin 'weird' is not one of manual, imported, suggested"
    assert per_span == Rejected("data/c.jsonl", 11, [reason])


def test_a_merged_record_keeps_each_span_s_origin_and_provenance():
    c, _ = checks()
    rows = c.rows(
        record(
            [(*ROLE, "role"), (*PERSON, "person")],
            origins=["manual", "suggested"],
            provenance=['{"by": "model"}', None],
        )
    )
    assert spans_of(rows) == [(1, *PERSON, "كاظم جلالي"), (2, *ROLE, "وزير الاتصالات")]  # sorted
    assert rows[4::ROW] == ["suggested", "manual"] and rows[5::ROW] == [None, '{"by": "model"}']


def test_union_with_a_layer_skips_what_it_holds_and_refuses_a_crossing():
    c, _ = checks()
    rec = record([(*PERSON, "person"), (*ROLE, "role")])
    rows = c.rows(rec)
    tally = Tally()
    fresh = union_existing([(*PERSON, 1)], rows, tally, rec)
    assert spans_of(fresh) == [(2, *ROLE, "وزير الاتصالات")] and tally["span_duplicate"] == 1
    assert union_existing([], rows, Tally(), rec) == rows
    crossing = (ROLE[0] - 3, ROLE[0] + 2)
    message = union_existing([(*crossing, 3)], rows, Tally(), rec)
    assert isinstance(message, str) and message.endswith(
        "already in the layer: spans of a layer may nest but not cross"
    )
    assert f"crosses span {crossing[0]}–{crossing[1]}" in message
