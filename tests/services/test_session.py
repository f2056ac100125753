import pytest
from sqlalchemy import text as sql

from app.core.edits import AddSpan, Batch, DeleteSpan, RelabelSpan
from app.core.spans import SpanConflict, SpanError
from app.services.session import DocumentSession, SaveError


def db_spans(ws):
    with ws.db.read() as s:
        return s.execute(sql('SELECT id, start, "end", text FROM span ORDER BY start')).all()


def test_label_snaps_and_commits(ws, seed_text):
    s = DocumentSession(ws, 1)
    i = seed_text.index("السفير الايراني")
    edit = s.plan_label(i + 2, i + 9, "role")
    s.apply(edit)
    assert isinstance(edit, AddSpan)
    assert db_spans(ws) == [(edit.record.id, i, i + 15, "السفير الايراني")]
    assert len(s.spans) == 1


def test_exact_mode_keeps_a_span_inside_waw_prefixed_word(ws, seed_text):
    s = DocumentSession(ws, 1)
    i = seed_text.index("وروسيا")
    s.apply(s.plan_label(i + 1, i + 6, "organisation", exact=True))
    assert [r.text for r in s.spans] == ["روسيا"]
    assert seed_text[i + 1 : i + 6] == "روسيا"


def test_same_range_relabels_and_crossing_is_refused(ws):
    s = DocumentSession(ws, 1)
    s.apply(s.plan_label(0, 9, "figure"))  # ممثلي خمس
    again = s.plan_label(0, 9, "role")
    assert isinstance(again, RelabelSpan)
    assert s.plan_label(0, 9, "figure") is None
    with pytest.raises(SpanConflict, match="cross"):
        s.plan_label(6, 15, "figure")  # خمس شركات crosses ممثلي خمس
    nested = s.plan_label(6, 9, "figure")  # inside: allowed
    s.apply(nested)
    assert len(s.spans) == 2


def test_undo_redo_round_trip_keeps_ids_and_database_in_step(ws):
    s = DocumentSession(ws, 1)
    add = s.plan_label(0, 5, "person")
    s.apply(add)
    sid = add.record.id
    rel = s.plan_relabel(sid, "role")
    s.apply(rel)
    dele = s.plan_delete(sid)
    s.apply(dele)
    assert db_spans(ws) == []
    s.revert(dele)
    assert db_spans(ws) == [(sid, 0, 5, "ممثلي")] and s.spans.get(sid).label == "role"
    s.revert(rel)
    assert s.spans.get(sid).label == "person"
    s.revert(add)
    assert db_spans(ws) == [] and len(s.spans) == 0
    s.apply(add)  # redo reinserts the same id
    s.apply(rel)
    s.apply(dele)
    s.revert(dele)
    assert db_spans(ws) == [(sid, 0, 5, "ممثلي")]
    fresh = DocumentSession(ws, 1)  # what a restart would load
    assert [(r.id, r.label) for r in fresh.spans] == [(sid, "role")]


def test_batch_is_atomic(ws, monkeypatch):
    s = DocumentSession(ws, 1)
    good = AddSpan(s.plan_label(0, 5, "person").record)
    second = AddSpan(s.plan_label(6, 9, "figure").record)
    import app.store.spans as span_store

    real = span_store.insert_span
    calls = {"n": 0}

    def failing(*a, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            from sqlalchemy.exc import OperationalError

            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real(*a, **kw)

    monkeypatch.setattr(span_store, "insert_span", failing)
    with pytest.raises(SaveError, match="disk is full"):
        s.apply(Batch([good, second], "two"))
    assert db_spans(ws) == [] and len(s.spans) == 0  # neither in the database nor in memory
    monkeypatch.setattr(span_store, "insert_span", real)
    batch = Batch([AddSpan(good.record), AddSpan(second.record)], "two")
    s.apply(batch)
    assert len(db_spans(ws)) == 2
    s.revert(batch)
    assert db_spans(ws) == [] and len(s.spans) == 0


def test_listeners_hear_committed_changes_and_their_errors_do_not_undo_them(ws):
    s = DocumentSession(ws, 1)
    heard = []

    def listener(changes):
        heard.extend(c.kind for c in changes)
        raise RuntimeError("a buggy view")

    s.subscribe(listener)
    add = s.plan_label(0, 5, "person")
    s.apply(add)
    s.apply(DeleteSpan(add.record.id))
    assert heard == ["added", "removed"]
    assert db_spans(ws) == []


def test_invariant_is_checked_on_insert(ws):
    from app.core.spans import SpanRecord

    s = DocumentSession(ws, 1)
    with pytest.raises(SpanError, match="covers"):
        s.apply(AddSpan(SpanRecord(0, 5, "person", "غلط")))
    with pytest.raises(SpanError):
        s.plan_label(0, 0, "person", exact=True)
    with pytest.raises(Exception, match="unknown label"):
        s.plan_label(0, 5, "PER")


def test_emoji_document_offsets_are_code_points(ws, tmp_path):
    from app.services import importing

    p = tmp_path / "emoji.txt"
    p.write_text("🙂🙂 وصل السفير الإيراني إلى موسكو", encoding="utf-8")
    rep = importing.import_text_files(ws, [p])
    did = rep.added[0][0]
    s = DocumentSession(ws, did)
    i = s.text.index("موسكو")
    s.apply(s.plan_label(i, i + 5, "organisation"))
    rec = next(iter(s.spans))
    assert (rec.start, rec.end) == (i, i + 5) == (27, 32)  # 2 emoji count 2, not 4
    assert s.text[rec.start : rec.end] == "موسكو"
    assert s.utf16.to_utf16(rec.start) == rec.start + 2
