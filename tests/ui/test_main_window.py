"""Drive the real window: select with mouse and keyboard, label, relabel, delete, undo,
redo, restart on the same database; the span panel and document list follow."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from sqlalchemy import create_engine
from sqlalchemy import text as sql

from tests.conftest import SEED


def db_spans(db_path):
    """What a second process would read from the file."""
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        rows = conn.execute(
            sql(
                'SELECT s.start, s."end", s.text, l.name FROM span s JOIN label l ON l.id = s.label_id ORDER BY s.start'
            )
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def point_of(view, cp: int) -> QPoint:
    cur = QTextCursor(view.document())
    cur.setPosition(view.to_qt(cp))
    return view.cursorRect(cur).center()


def show_offset(view, cp: int) -> None:
    cur = view.textCursor()
    cur.setPosition(view.to_qt(cp))
    view.setTextCursor(cur)
    view.ensureCursorVisible()


def test_first_launch_opens_the_seed_right_to_left(window, seed_text):
    assert window.session is not None and window.session.text == seed_text
    assert window.view.toPlainText() == seed_text
    assert window.doc_list.model_.rowCount() == 1
    assert window.view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    assert [b.text() for b in window.palette_buttons.values()] == [
        "1  person",
        "2  role",
        "3  organisation",
        "4  event",
        "5  figure",
    ]


def test_mouse_drag_and_key_press_save_a_span_at_once(window, db_path, qtbot, seed_text):
    view = window.view
    i = seed_text.index("السفير الايراني")
    show_offset(view, i)
    vp = view.viewport()
    # drag from inside "السفير" to inside "الايراني": snapping takes both whole words
    a, b = point_of(view, i + 2), point_of(view, i + 12)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert view.selection_cp() is not None
    QTest.keyClick(view, Qt.Key.Key_2)
    assert db_spans(db_path) == [(i, i + 15, "السفير الايراني", "role")]  # committed before the next event
    assert window.selected_span in view.highlighted_span_ids()  # drawn at once
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 1)  # the list follows right after
    assert window.doc_list.model_.rows[0].span_count == 1
    assert window.selected_span in view.highlighted_span_ids()
    assert not view.textCursor().hasSelection()


def test_keyboard_selection_in_logical_order_then_label(window, db_path, seed_text):
    view = window.view
    view.set_caret_cp(0)
    # Ctrl+Shift+Left in right-to-left text extends forward in reading order, word by word.
    QTest.keyClick(
        view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    QTest.keyClick(
        view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    start, end = view.selection_cp()
    assert start == 0 and seed_text[start:end].strip() == "ممثلي خمس"
    for _ in range(2):
        QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection_cp()[1] == end + 2  # character by character
    view.set_caret_cp(6)
    QTest.keyClick(
        view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    QTest.keyClick(
        view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    QTest.keyClick(view, Qt.Key.Key_F)  # letter key for figure
    assert db_spans(db_path) == [(6, 15, "خمس شركات", "figure")]


def test_double_click_a_word_and_click_the_palette(window, db_path, seed_text):
    view = window.view
    i = seed_text.index("موسكو")
    show_offset(view, i)
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_of(view, i + 2)
    )
    assert view.selection_cp() == (i, i + 5)
    window.palette_buttons["organisation"].click()
    assert db_spans(db_path) == [(i, i + 5, "موسكو", "organisation")]


def test_click_relabel_delete_undo_redo_and_panel_follows(window, db_path, seed_text, qtbot):
    view = window.view
    i = seed_text.index("كاظم جلالي")
    view.set_selection_cp(i, i + 10)
    QTest.keyClick(view, Qt.Key.Key_1)
    window.editor.clear_selection()
    assert window.selected_span is None
    show_offset(view, i)
    # click on the span selects it (view -> panel)
    p = point_of(view, i + 3)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    sid = window.selected_span
    assert sid is not None
    qtbot.waitUntil(lambda: window.span_panel.current_span() == sid)
    QTest.keyClick(view, Qt.Key.Key_2)  # relabel
    assert db_spans(db_path) == [(i, i + 10, "كاظم جلالي", "role")]
    model = window.span_panel.model_
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "role")
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert db_spans(db_path) == []
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 0)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(db_path) == [(i, i + 10, "كاظم جلالي", "role")]
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 1)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(db_path) == [(i, i + 10, "كاظم جلالي", "person")]
    QTest.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert db_spans(db_path) == [(i, i + 10, "كاظم جلالي", "role")]
    QTest.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(db_path) == []
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 1)
    # panel -> view: picking the row selects the span in the text
    window.editor.clear_selection()
    window.span_panel.select_span_row(sid)
    assert window.selected_span == sid and view.selected_span == sid
    assert window.doc_list.model_.rows[0].span_count == 1


def test_alt_keeps_exact_characters_inside_a_waw_prefixed_word(window, db_path, seed_text):
    view = window.view
    i = seed_text.index("وروسيا")
    view.set_selection_cp(i + 1, i + 6)
    QTest.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    view.set_selection_cp(i + 1, i + 6)
    QTest.keyClick(view, Qt.Key.Key_4)  # without Alt: snaps to the whole word (nesting the exact span)
    assert db_spans(db_path) == [(i, i + 6, "وروسيا", "event"), (i + 1, i + 6, "روسيا", "organisation")]


def test_arabic_layout_keys_label_too(window, db_path):
    view = window.view
    view.set_selection_cp(0, 5)
    QTest.sendKeyEvent(QTest.KeyAction.Click, view, Qt.Key(0x0661), "١", Qt.KeyboardModifier.NoModifier)
    assert db_spans(db_path) == [(0, 5, "ممثلي", "person")]
    QTest.sendKeyEvent(QTest.KeyAction.Click, view, Qt.Key(0x0628), "ب", Qt.KeyboardModifier.NoModifier)
    assert db_spans(db_path) == [(0, 5, "ممثلي", "figure")]


def test_crossing_span_is_refused_with_a_message(window, db_path):
    view = window.view
    view.set_selection_cp(0, 9)
    QTest.keyClick(view, Qt.Key.Key_5)
    view.set_selection_cp(6, 15)
    QTest.keyClick(view, Qt.Key.Key_5)
    assert len(db_spans(db_path)) == 1
    assert "cross" in window.statusBar().currentMessage()


def test_restart_restores_spans_document_and_zoom(open_window, db_path, seed_text, errors, tmp_path):
    w = open_window()
    other = tmp_path / "second.txt"
    other.write_text("وثيقة ثانية عن طهران", encoding="utf-8")
    w.project.import_files([other])
    assert w.doc_list.model_.rowCount() == 2 and w.session.text == "وثيقة ثانية عن طهران"
    w.view.set_selection_cp(15, 20)
    QTest.keyClick(w.view, Qt.Key.Key_3)
    QTest.keyClick(w.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    size = w.view.point_size()
    w.close()
    w.ws.close()
    w2 = open_window()
    assert w2.document_id == w.document_id  # the last document is reopened
    assert [(r.start, r.end, r.label) for r in w2.session.spans] == [(15, 20, "organisation")]
    assert w2.view.point_size() == size
    assert [r.span_count for r in w2.doc_list.model_.rows] == [0, 1]
    w2.doc_list.selectRow(0)
    assert w2.session.text == seed_text
    assert errors == []


def test_emoji_before_a_span_in_the_widget(window, db_path, tmp_path):
    p = tmp_path / "emoji.txt"
    p.write_text("😀😀 وصل السفير الإيراني إلى موسكو", encoding="utf-8")
    window.project.import_files([p])
    view = window.view
    text = window.session.text
    i = text.index("موسكو")
    # select by Qt (UTF-16) positions, as a mouse would: each emoji is 2 units there
    cur = view.textCursor()
    cur.setPosition(i + 2)
    cur.setPosition(i + 2 + 5, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    assert view.selection_cp() == (i, i + 5)
    QTest.keyClick(view, Qt.Key.Key_3)
    assert (i, i + 5, "موسكو", "organisation") in db_spans(db_path)


def test_bad_import_shows_the_reason_and_imports_nothing(window, errors, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xd9\x85\n\xc3\x28")
    good = tmp_path / "good.txt"
    good.write_text("نص", encoding="utf-8")
    assert window.project.import_files([good, bad]) is None
    assert len(errors) == 1 and "bad.txt, line 2" in errors[0]
    assert window.doc_list.model_.rowCount() == 1


def test_export_from_the_window(window, tmp_path, seed_text, prompts):
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    out = tmp_path / "e.jsonl"
    prompts.queue("save_file", str(out))
    QTest.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # File → Export JSONL…
    assert "1 span" in window.statusBar().currentMessage()
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["spans"] == [{"start": 0, "end": 5, "label": "role", "text": "ممثلي"}]
    assert line["text"] == seed_text


def test_only_visible_spans_are_drawn_and_scrolling_updates_them(window, tmp_path, qtbot):
    paragraph = "وصل السفير الإيراني إلى موسكو في إطار الاجتماع الخامس لمجموعة العمل المشتركة."
    p = tmp_path / "long.txt"
    p.write_text("\n".join(f"{paragraph} {n}" for n in range(400)), encoding="utf-8")
    window.project.import_files([p])
    s = window.session
    edits = []
    from app.core.edits import AddSpan, Batch

    pos = 0
    for line in s.text.split("\n"):
        j = pos + line.index("موسكو")
        edits.append(AddSpan(s.plan_label(j, j + 5, "organisation").record))
        pos += len(line) + 1
    window.editor.run_edit(Batch(edits, "many"))
    assert len(s.spans) == 400
    window.view.verticalScrollBar().setValue(0)
    top = set(window.view.highlighted_span_ids())
    assert 0 < len(top) < 60
    QTest.keyClick(window.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # scroll to the end
    bottom = set(window.view.highlighted_span_ids())
    assert bottom and not (top & bottom)
    last = max(s.spans, key=lambda r: r.start)
    assert last.id in bottom
    QTest.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )  # the batch is one undo step
    assert len(s.spans) == 0 and window.view.highlighted_span_ids() == []


def test_zoom_keys(window):
    size = window.view.point_size()
    QTest.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.point_size() == size + 1
    QTest.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.point_size() == size - 1
    QTest.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.point_size() == size


def test_database_failure_is_reported_as_not_saved(window, errors, monkeypatch, db_path):
    from sqlalchemy.exc import OperationalError

    import app.store.spans as span_store

    def full(*a, **k):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(span_store, "insert_span", full)
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert errors and "not saved" in errors[0] and "disk is full" in errors[0]
    assert len(window.session.spans) == 0 and db_spans(db_path) == []
    assert window.span_panel.span_count() == 0


def test_seed_file_is_the_shared_sample():
    assert SEED.name == "000_f3562d74299d4607.txt"


def test_jumping_across_a_long_document_does_not_crash(window, tmp_path, qtbot):
    """Regression: refresh_highlights re-entered itself through setExtraSelections ->
    layout -> scroll bar -> valueChanged, and Qt read freed selections (segfault).
    Picking span rows far apart in a long document reproduced it."""
    from app.core.edits import AddSpan, Batch

    line = "وصل السفير الإيراني إلى موسكو في إطار الاجتماع الخامس لمجموعة العمل المشتركة بين البلدين " * 18
    p = tmp_path / "long.txt"
    p.write_text("\n".join(f"{line}{n}" for n in range(3000)), encoding="utf-8")
    window.project.import_files([p])
    s = window.session
    edits, pos = [], 0
    for n, ln in enumerate(s.text.split("\n")):
        if n % 10 == 0:
            j = pos + ln.index("موسكو")
            edits.append(AddSpan(s.plan_label(j, j + 5, "organisation").record))
        pos += len(ln) + 1
    window.editor.run_edit(Batch(edits, "many"))
    qtbot.waitUntil(lambda: window.span_panel.span_count() == len(edits))
    ids = [r.id for r in window.session.spans]
    for row in (0, len(ids) - 1, len(ids) // 2, 1, len(ids) - 2, 0):
        window.span_panel.select_span_row(ids[row])
        qtbot.wait(1)
        sid = window.span_panel.current_span()
        assert window.selected_span == sid
        assert sid in window.view.highlighted_span_ids()
    end = len(s.text)
    window.view.set_selection_cp(end - 5, end)
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    a, b = window.view.visible_range()
    assert b == end
    assert sorted(window.view.highlighted_span_ids()) == sorted(
        r.id for r in s.spans if r.start < b and r.end > a
    )
