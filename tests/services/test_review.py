"""The review service on a real SQLite database: alignment of two annotators' layers,
decisions written to the gold layer with provenance, undo, "accept all agreements",
status "reviewed"."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import text as sql

from app.core.edits import AddSpan, Batch, DeleteSpan
from app.review.adjudicate import Decision
from app.review.align import Kind
from app.services import export as export_service
from app.services import importing
from app.services.review import Review, ReviewError
from app.services.session import DocumentSession
from app.services.workspace import ServiceError, Workspace

# phrase, label in A (amal), phrase, label in B (badr) — None: no span in that layer.
PLAN = [
    ("السفير الايراني", "role", "السفير الايراني", "role"),  # agreement
    ("ممثلي", "person", "ممثلي", "person"),  # agreement
    ("الاتحاد الروسي", "organisation", "الاتحاد الروسي", "event"),  # label
    ("خمس شركات تكنولوجيا إيرانية", "figure", "خمس شركات", "figure"),  # overlap, nested
    ("الاجتماع الخامس", "event", "الاجتماع الخامس لمجموعة العمل المشتركة", "event"),  # overlap, nested
    ("جمهورية إيران", "organisation", "إيران الإسلامية", "organisation"),  # overlap, crossing
    ("مساء الجمعة", "event", None, None),  # only A
    (None, None, "نائب وزير التنمية الرقمية والاتصالات والإعلام", "role"),  # only B
]


def put(ws: Workspace, doc: int, text: str, phrase: str, label: str) -> None:
    i = text.index(phrase)
    s = DocumentSession(ws, doc)
    s.apply(s.plan_label(i, i + len(phrase), label, exact=True))


@pytest.fixture
def two(ws, db_path, seed_text):
    """amal's and badr's layers on the seed article (document 1)."""
    wb = Workspace.open(db_path, annotator="badr")
    for pa, la, pb, lb in PLAN:
        if pa:
            put(ws, 1, seed_text, pa, la)
        if pb:
            put(wb, 1, seed_text, pb, lb)
    wb.close()
    return ws


def gold_rows(ws):
    with ws.db.read() as s:
        return s.execute(
            sql(
                'SELECT s.start, s."end", lab.name, s.text, s.provenance FROM span s '
                "JOIN layer l ON l.id = s.layer_id JOIN annotator a ON a.id = l.annotator_id "
                "JOIN label lab ON lab.id = s.label_id WHERE a.kind = 'gold' ORDER BY s.start, s.\"end\" DESC"
            )
        ).all()


def find(review: Review, kind: Kind, text: str) -> int:
    for i, d in enumerate(review.differences):
        if d.kind is kind and text in {x.text for x in (d.a, d.b) if x is not None}:
            return i
    raise AssertionError(f"no {kind} difference on {text}")


def test_differences_are_classified_and_in_reading_order(two):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    assert r.counts() == {"agreement": 2, "label": 1, "overlap": 3, "only_a": 1, "only_b": 1}
    assert len(r) == 6 and len(r.agreements) == 2
    starts = [d.start for d in r.differences]
    assert starts == sorted(starts)
    for d in r.items:
        for x in (d.a, d.b):
            if x is not None:
                assert r.text[x.start : x.end] == x.text
    assert r.session_a.annotator_id != r.session_b.annotator_id != r.gold.annotator_id


def test_navigation_by_index_and_by_position(two):
    r = Review(two, 1, "amal", "badr")
    n = len(r)
    assert r.next_index(None) == 0 and r.previous_index(None) == n - 1
    assert r.next_index(n - 1) == n - 1 and r.previous_index(0) == 0
    assert [r.next_index(i) for i in range(n - 1)] == list(range(1, n))
    i = find(r, Kind.LABEL, "الاتحاد الروسي")
    d = r.differences[i]
    assert r.index_at(d.start + 2) == i and r.index_from(d.start) == i
    assert r.index_from(d.start + 1) == (i + 1 if i + 1 < n else None)
    nested = find(r, Kind.OVERLAP, "الاجتماع الخامس")
    inner = r.differences[nested]
    assert r.index_at(inner.start) == nested
    assert r.index_at(len(r.text) - 1) is None


def test_accept_a_then_b_then_undo_each(two, seed_text):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    i = find(r, Kind.LABEL, "الاتحاد الروسي")
    d = r.differences[i]
    accept_a = r.plan(i, Decision.ACCEPT_A)
    assert isinstance(accept_a, Batch)
    r.gold.apply(accept_a)
    (row,) = gold_rows(two)
    assert row[:4] == (d.a.start, d.a.end, "organisation", "الاتحاد الروسي")
    prov = json.loads(row[4])
    assert prov["sources"] == ["amal"] and prov["decision"] == "accept_a" and prov["by"] == "rana"
    assert prov["difference"] == "label"
    assert datetime.fromisoformat(prov["at"].replace("Z", "+00:00")).tzinfo is not None
    assert r.decision(d) is Decision.ACCEPT_A

    accept_b = r.plan(d, "accept_b")
    assert [type(e) for e in accept_b.edits] == [DeleteSpan, AddSpan]
    r.gold.apply(accept_b)
    (row,) = gold_rows(two)
    assert row[2] == "event" and json.loads(row[4])["sources"] == ["badr"]
    assert r.decision(d) is Decision.ACCEPT_B

    r.gold.revert(accept_b)  # undo: back to A's version, with its provenance
    (row,) = gold_rows(two)
    assert row[2] == "organisation" and json.loads(row[4])["decision"] == "accept_a"
    assert r.decision(d) is Decision.ACCEPT_A
    r.gold.revert(accept_a)
    assert gold_rows(two) == [] and r.decision(d) is None
    r.gold.apply(accept_a)  # redo
    assert len(gold_rows(two)) == 1


def test_accept_both_nested_and_refused_when_crossing(two):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    i = find(r, Kind.OVERLAP, "الاجتماع الخامس")
    both = r.plan(i, "accept_both")
    r.gold.apply(both)
    rows = gold_rows(two)
    assert [(x[3], json.loads(x[4])["sources"]) for x in rows] == [
        ("الاجتماع الخامس لمجموعة العمل المشتركة", ["badr"]),
        ("الاجتماع الخامس", ["amal"]),
    ]
    assert r.decision(r.differences[i]) is Decision.ACCEPT_BOTH
    r.gold.revert(both)
    assert gold_rows(two) == []

    j = find(r, Kind.OVERLAP, "جمهورية إيران")
    with pytest.raises(ReviewError, match="cross"):
        r.plan(j, "accept_both")
    assert gold_rows(two) == []


def test_reject_and_only_in_one_layer(two):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    i = find(r, Kind.ONLY_A, "مساء الجمعة")
    r.gold.apply(r.plan(i, "accept_a"))
    assert [x[3] for x in gold_rows(two)] == ["مساء الجمعة"]
    reject = r.plan(i, "reject")
    r.gold.apply(reject)
    assert gold_rows(two) == [] and r.decision(r.differences[i]) is Decision.REJECT
    r.gold.revert(reject)
    assert [x[3] for x in gold_rows(two)] == ["مساء الجمعة"] and r.decision(
        r.differences[i]
    ) is Decision.ACCEPT_A

    j = find(r, Kind.ONLY_B, "نائب وزير التنمية الرقمية والاتصالات والإعلام")
    nothing = r.plan(j, "reject")  # nothing to delete, still one undoable decision
    assert nothing.edits == []
    r.gold.apply(nothing)
    assert r.decision(r.differences[j]) is Decision.REJECT
    assert r.plan(j, "reject") is None  # already decided so
    r.gold.revert(nothing)
    assert r.decision(r.differences[j]) is None


def test_edit_by_hand_snaps_to_words_and_resolves(two, seed_text):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    i = find(r, Kind.OVERLAP, "خمس شركات")
    d = r.differences[i]
    k = seed_text.index("خمس شركات تكنولوجيا")
    edit = r.plan_edit(k + 1, k + 18, "organisation", i)  # mid-word edges snap outwards
    r.gold.apply(edit)
    (row,) = gold_rows(two)
    assert row[3] == "خمس شركات تكنولوجيا" and row[2] == "organisation"
    prov = json.loads(row[4])
    assert prov["decision"] == "edit" and prov["sources"] == [] and prov["by"] == "rana"
    assert r.decision(d) is Decision.EDIT
    r.gold.revert(edit)
    assert gold_rows(two) == []


def test_accept_all_agreements_is_one_batch(two):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    batch = r.plan_accept_agreements()
    assert isinstance(batch, Batch) and len(batch.edits) == 2
    r.gold.apply(batch)
    rows = gold_rows(two)
    assert sorted(x[3] for x in rows) == sorted(["السفير الايراني", "ممثلي"])
    assert all(json.loads(x[4])["sources"] == ["amal", "badr"] for x in rows)
    assert all(json.loads(x[4])["decision"] == "accept_agreements" for x in rows)
    assert [r.decision(d) for d in r.agreements] == [Decision.ACCEPT_AGREEMENTS] * 2
    assert r.plan_accept_agreements() is None  # nothing left
    r.gold.revert(batch)  # one undo step removes them all
    assert gold_rows(two) == []


def test_accept_all_agreements_leaves_a_hand_choice_alone(two, seed_text):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    k = seed_text.index("ممثلي")
    r.gold.apply(r.plan_edit(k, k + 5, "role", exact=True))  # the reviewer chose otherwise
    batch = r.plan_accept_agreements()
    assert len(batch.edits) == 1 and r.skipped_agreements == 1
    r.gold.apply(batch)
    assert sorted((x[3], x[2]) for x in gold_rows(two)) == sorted(
        [("ممثلي", "role"), ("السفير الايراني", "role")]
    )


def test_status_reviewed_and_export_of_the_gold_layer(two, tmp_path):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    assert r.status() == "new"
    r.gold.apply(r.plan_accept_agreements())
    assert r.status() == "in_progress"
    assert r.mark_reviewed() == "in_progress"
    with two.db.read() as s:
        status = s.execute(
            sql(
                "SELECT l.status FROM layer l JOIN annotator a ON a.id = l.annotator_id WHERE a.name = 'gold'"
            )
        ).scalar_one()
    assert status == "reviewed"
    out = tmp_path / "gold.jsonl"
    export_service.export(two, out, export_service.ExportOptions(annotator="gold"))
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["annotator"] == "gold" and line["status"] == "reviewed" and len(line["spans"]) == 2
    assert r.set_status("in_progress") == "reviewed"
    with pytest.raises(ServiceError, match="unknown layer status"):
        r.set_status("finished")


def test_reviewed_without_any_gold_span(two):
    r = Review(two, 1, "amal", "badr")
    assert r.mark_reviewed() == "new" and r.status() == "reviewed"
    r.gold.apply(r.plan_accept_agreements())  # the session finds the layer made by the status change
    assert len(gold_rows(two)) == 2


def test_decisions_are_read_back_from_gold_after_reopening(two):
    r = Review(two, 1, "amal", "badr", reviewer="rana")
    i = find(r, Kind.LABEL, "الاتحاد الروسي")
    r.gold.apply(r.plan(i, "accept_b"))
    j = find(r, Kind.OVERLAP, "الاجتماع الخامس")
    r.gold.apply(r.plan(j, "accept_both"))
    again = Review(two, 1, "amal", "badr")
    assert again.decision(again.differences[i]) is Decision.ACCEPT_B
    assert again.decision(again.differences[j]) is Decision.ACCEPT_BOTH
    assert again.open_count() == len(again) - 2


def test_emoji_before_the_spans(ws, db_path, tmp_path):
    f = tmp_path / "emoji.txt"
    text = "🙂👍🏽 وصل السفير الإيراني كاظم جلالي إلى موسكو 🇸🇦 اليوم"
    f.write_text(text, encoding="utf-8")
    importing.import_text_files(ws, [f])
    doc = max(r.id for r in ws.documents())
    wb = Workspace.open(db_path, annotator="badr")
    put(ws, doc, text, "كاظم جلالي", "person")
    put(wb, doc, text, "كاظم", "person")
    put(ws, doc, text, "موسكو", "organisation")
    put(wb, doc, text, "موسكو", "organisation")
    wb.close()
    r = Review(ws, doc, "amal", "badr", reviewer="rana")
    assert r.counts()["overlap"] == 1 and r.counts()["agreement"] == 1
    r.gold.apply(r.plan(0, "accept_a"))
    r.gold.apply(r.plan_accept_agreements())
    rows = gold_rows(ws)
    assert [(x[3], text[x[0] : x[1]]) for x in rows] == [("كاظم جلالي", "كاظم جلالي"), ("موسكو", "موسكو")]


def test_clear_errors(two, db_path):
    with pytest.raises(ServiceError, match="no annotator named 'zaid'.*annotators: amal, badr"):
        Review(two, 1, "amal", "zaid")
    with pytest.raises(ServiceError, match="two different annotators"):
        Review(two, 1, "amal", "amal")
    with pytest.raises(ServiceError, match="document 99 does not exist"):
        Review(two, 99, "amal", "badr")
    Review(two, 1, "amal", "badr")  # creates the gold annotator
    with pytest.raises(ServiceError, match="gold layer"):
        Review(two, 1, "amal", "gold")
    Workspace.open(db_path, annotator="chen").close()
    with pytest.raises(ServiceError, match="no layer of chen"):
        Review(two, 1, "amal", "chen")


def test_a_person_called_gold_is_not_taken_for_the_gold_layer(ws, db_path, seed_text):
    with ws.db.write() as s:  # a human annotator with that name (a database of an older Hamish)
        s.execute(
            sql(
                "INSERT INTO annotator (project_id, name, kind, created_at) VALUES (:p, 'gold', 'human', '2026-01-01')"
            ),
            {"p": ws.project_id},
        )
    g = Workspace.open(db_path, annotator="gold")
    put(g, 1, seed_text, "ممثلي", "person")
    g.close()
    wb = Workspace.open(db_path, annotator="badr")
    put(wb, 1, seed_text, "ممثلي", "person")
    wb.close()
    put(ws, 1, seed_text, "ممثلي", "person")
    with pytest.raises(ServiceError, match="not the gold layer"):
        Review(ws, 1, "amal", "badr")
    r = Review(ws, 1, "amal", "badr", gold_name="gold-adjudicated")
    r.gold.apply(r.plan_accept_agreements())
    assert len(gold_rows(ws)) == 1
