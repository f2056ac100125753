import pytest
from sqlalchemy import text as sql

from app.core.edits import AddSpan, Batch
from app.services import importing
from app.services.project_edit import ProjectBatch
from app.services.session import DocumentSession


def count_spans(ws):
    with ws.db.read() as s:
        return s.execute(sql("SELECT count(*) FROM span")).scalar_one()


@pytest.fixture
def two_docs(ws, tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("وصل الوفد إلى موسكو ثم غادر موسكو", encoding="utf-8")
    did = importing.import_text_files(ws, [p]).added[0][0]
    return DocumentSession(ws, 1), DocumentSession(ws, did)


def adds(session, word, label="organisation"):
    edits, pos = [], 0
    while (i := session.text.find(word, pos)) >= 0:
        edits.append(AddSpan(session.plan_label(i, i + len(word), label).record))
        pos = i + len(word)
    return Batch(edits, "x")


def test_project_batch_is_one_transaction_and_one_undo_step(ws, two_docs):
    a, b = two_docs
    heard = []
    a.subscribe(lambda ch: heard.append(("a", len(ch))))
    b.subscribe(lambda ch: heard.append(("b", len(ch))))
    batch = ProjectBatch([(a, adds(a, "موسكو")), (b, adds(b, "موسكو"))], "label all")
    batch.apply()
    n_a = len(a.spans)
    assert n_a >= 1 and len(b.spans) == 2 and count_spans(ws) == n_a + 2
    assert sorted(heard) == [("a", n_a), ("b", 2)]  # after the commit, once per document
    batch.revert()
    assert count_spans(ws) == 0 and len(a.spans) == 0 and len(b.spans) == 0
    batch.apply()
    assert count_spans(ws) == n_a + 2


def test_a_failure_in_a_later_document_undoes_the_earlier_ones(ws, two_docs, monkeypatch):
    a, b = two_docs
    good = adds(a, "موسكو")
    bad = adds(b, "موسكو")
    from sqlalchemy.exc import OperationalError

    import app.store.spans as span_store

    real = span_store.insert_span
    seen = {"n": 0}

    def flaky(session, layer, *args, **kw):  # type: ignore[no-untyped-def]
        seen["n"] += 1
        if seen["n"] > len(good.edits):  # fail inside the second document
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(session, layer, *args, **kw)

    monkeypatch.setattr(span_store, "insert_span", flaky)
    with pytest.raises(Exception, match="not saved"):
        ProjectBatch([(a, good), (b, bad)]).apply()
    assert count_spans(ws) == 0
    assert len(a.spans) == 0 and len(b.spans) == 0  # memory agrees with the database
