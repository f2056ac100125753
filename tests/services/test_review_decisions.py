"""Review decisions are kept across reviews — "reject both" leaves gold empty, yet the
difference stays decided — and are written in the same transaction as the gold edits."""

import pytest

from app.review.adjudicate import Decision
from app.review.align import Kind
from app.services.review import Review
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.ui.test_review_window import A_SPANS, B_SPANS


def layer(db_path, name, spans):
    ws = Workspace.open(db_path, annotator=name)
    s = DocumentSession(ws, 1)
    for word, label in spans:
        i = s.text.index(word)
        s.apply(s.plan_label(i, i + len(word), label, exact=True))
    ws.close()


@pytest.fixture
def review(ws, db_path):
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    return Review(ws, 1, "amal", "badr", reviewer="rana")


def only_b(r):
    return next(d for d in r.differences if d.kind is Kind.ONLY_B)


def test_a_rejection_survives_reopening_and_its_undo_too(review, ws):
    edit = review.plan(only_b(review), Decision.REJECT)
    review.gold.apply(edit)
    again = Review(ws, 1, "amal", "badr")
    assert again.decision(only_b(again)) is Decision.REJECT
    assert again.open_count() == review.open_count()
    review.gold.revert(edit)
    third = Review(ws, 1, "amal", "badr")
    assert third.decision(only_b(third)) is None


def test_gold_edits_and_the_decision_are_one_transaction(review, ws, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import app.store.review_repository as rr

    d = next(x for x in review.differences if x.kind is Kind.ONLY_A)
    edit = review.plan(d, Decision.ACCEPT_A)

    def broken(*a, **k):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(rr, "set_decision", broken)
    with pytest.raises(Exception, match="not saved"):
        review.gold.apply(edit)
    assert len(review.gold.spans) == 0  # the gold span was rolled back with it
    fresh = Review(ws, 1, "amal", "badr")
    assert len(fresh.gold.spans) == 0 and fresh.decision(d) is None
