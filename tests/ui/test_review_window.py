"""Review two annotators side by side, navigate differences by key, adjudicate into gold."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text as sql

from app.review.align import Kind
from app.services.session import DocumentSession
from app.services.workspace import Workspace

A_SPANS = [  # amal
    ("السفير الايراني", "role"),  # agreement
    ("خمس شركات", "figure"),  # same span, other label in B
    ("الاتحاد الروسي", "organisation"),  # B has different boundaries
    ("كاظم جلالي", "person"),  # only in A
    ("طهران", "organisation"),  # agreement
]
B_SPANS = [  # badr
    ("السفير الايراني", "role"),
    ("خمس شركات", "organisation"),
    ("الاتحاد", "organisation"),
    ("موسكو", "organisation"),  # only in B
    ("طهران", "organisation"),
]


def layer(db_path, name, spans):
    ws = Workspace.open(db_path, annotator=name)
    s = DocumentSession(ws, 1)
    for word, label in spans:
        i = s.text.index(word)
        s.apply(s.plan_label(i, i + len(word), label, exact=True))
    ws.close()


@pytest.fixture
def review(open_window, db_path, errors):
    w = open_window()  # creates the project with the seed (annotator amal)
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    w.documents.reload_project()
    win = w.project.open_review("amal", "badr")
    assert win is not None
    win.activateWindow()
    assert QTest.qWaitForWindowActive(win)
    return win


def gold_rows(db_path):
    from sqlalchemy import create_engine

    e = create_engine(f"sqlite:///{db_path}")
    with e.connect() as c:
        rows = c.execute(
            sql(
                "SELECT s.text, lab.name, s.provenance FROM span s JOIN layer l ON l.id = s.layer_id "
                "JOIN annotator a ON a.id = l.annotator_id JOIN label lab ON lab.id = s.label_id "
                "WHERE a.kind = 'gold' ORDER BY s.start"
            )
        ).all()
    e.dispose()
    return [(t, lab, json.loads(p) if p else None) for t, lab, p in rows]


def test_every_difference_class_is_listed_and_navigable_by_key(review):
    kinds = [d.kind for d in review.review.differences]
    assert set(kinds) == {Kind.LABEL, Kind.OVERLAP, Kind.ONLY_A, Kind.ONLY_B}
    assert review.current == 0
    QTest.keyClick(review, Qt.Key.Key_N)
    assert review.current == 1
    QTest.keyClick(review, Qt.Key.Key_P)
    assert review.current == 0
    # the current difference's spans are emphasised in both panes
    d = review.review.differences[0]
    assert (d.a is None or d.a.id in review.view_a.emphasis) and (
        d.b is None or d.b.id in review.view_b.emphasis
    )


def test_accept_a_b_both_reject_then_undo(review, db_path):
    r = review.review
    idx = {d.kind: i for i, d in enumerate(r.differences)}
    review.go(idx[Kind.LABEL])
    QTest.keyClick(review, Qt.Key.Key_B)  # accept B's label: organisation
    assert ("خمس شركات", "organisation") in [(t, lab) for t, lab, _ in gold_rows(db_path)]
    prov = next(p for t, _, p in gold_rows(db_path) if t == "خمس شركات")
    assert prov["decision"] == "accept_b" and prov["sources"] == ["badr"]
    review.go(idx[Kind.ONLY_A])
    QTest.keyClick(review, Qt.Key.Key_A)
    assert "كاظم جلالي" in [t for t, _, _ in gold_rows(db_path)]
    review.go(idx[Kind.OVERLAP])
    QTest.keyClick(review, Qt.Key.Key_C)  # both: nested spans are compatible
    assert {"الاتحاد الروسي", "الاتحاد"} <= {t for t, _, _ in gold_rows(db_path)}
    review.go(idx[Kind.ONLY_B])
    QTest.keyClick(review, Qt.Key.Key_X)  # reject
    assert "موسكو" not in [t for t, _, _ in gold_rows(db_path)]
    assert r.decision(r.differences[idx[Kind.ONLY_B]]).value == "reject"
    QTest.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo reject
    assert r.decision(r.differences[idx[Kind.ONLY_B]]) is None
    QTest.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo both
    assert "الاتحاد" not in [t for t, _, _ in gold_rows(db_path)]
    QTest.keyClick(
        review, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    assert {"الاتحاد الروسي", "الاتحاد"} <= {t for t, _, _ in gold_rows(db_path)}
    # accept all agreements: one step
    QTest.keyClick(review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    texts = [t for t, _, _ in gold_rows(db_path)]
    assert "السفير الايراني" in texts and "طهران" in texts
    QTest.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    texts = [t for t, _, _ in gold_rows(db_path)]
    assert "السفير الايراني" not in texts and "طهران" not in texts
    QTest.keyClick(review, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert r.status() == "reviewed"


def test_scrolling_one_pane_scrolls_the_others_to_the_same_text(review):
    a, b, gold = review.view_a, review.view_b, review.view_gold
    a.verticalScrollBar().setValue(a.verticalScrollBar().maximum() // 2)
    top = a.top_cp()
    assert top > 0
    assert abs(b.top_cp() - top) < 60 and abs(gold.top_cp() - top) < 200
    b.verticalScrollBar().setValue(0)
    assert a.top_cp() == 0 and gold.top_cp() == 0


def test_hand_edit_in_the_gold_pane(review, db_path, seed_text):
    i = seed_text.index("موسكو")
    review.view_gold.set_selection_cp(i, i + 5)
    review.view_gold.setFocus()
    QTest.keyClick(review, Qt.Key.Key_3)
    assert ("موسكو", "organisation") in [(t, lab) for t, lab, _ in gold_rows(db_path)]


def test_agreement_report_window(open_window, db_path, tmp_path, errors):
    w = open_window()
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    w.documents.reload_project()
    win = w.project.open_agreement("amal", "badr")
    assert win is not None
    overall = win.report.overall
    assert overall.exact.matched == 2 and overall.spans_a == 5 and overall.spans_b == 5
    assert win.table.item(0, 5).text() == f"{2 * 2 / 10:.3f}"  # exact F1 = 2·2/(5+5)
    out = win.export(tmp_path / "r.json", "json")
    assert json.loads(out.read_text(encoding="utf-8"))["overall"]["exact"]["matched"] == 2
    assert win.export(tmp_path / "r.csv", "csv").read_text(encoding="utf-8").startswith("scope")
