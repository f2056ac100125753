"""The editor an annotator works in all day, driven through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_main_window import db_spans, point_of, show_offset


def key(view, k, mods=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(view, k, mods)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_keyboard_only_labelling_of_a_whole_paragraph(window, db_path, seed_text):
    """Caret word by word, extend word by word, label — no mouse — through the first paragraph."""
    view = window.view
    first_paragraph_end = seed_text.index("\n")
    view.set_caret_cp(0)
    key(view, Qt.Key.Key_Left, CTRL | SHIFT)  # ممثلي
    key(view, Qt.Key.Key_2)
    key(view, Qt.Key.Key_Left, CTRL | SHIFT)  # خمس
    key(view, Qt.Key.Key_Left, CTRL | SHIFT)  # شركات
    key(view, Qt.Key.Key_5)
    targets = [
        ("السفير الايراني", "2"),
        ("وزير التنمية الرقمية والاتصالات والإعلام", "2"),
        ("الاتحاد الروسي", "3"),
    ]
    for phrase, label in targets:
        start = seed_text.index(phrase, view.caret_cp())
        presses = 0
        while view.caret_cp() < start - 1 and presses < 200:  # word by word up to the phrase
            key(view, Qt.Key.Key_Left, CTRL)
            presses += 1
        assert seed_text[view.caret_cp() : start].strip(" ،") == ""  # landed right before it
        for _ in range(len(phrase.split())):
            key(view, Qt.Key.Key_Left, CTRL | SHIFT)
        key(view, getattr(Qt.Key, f"Key_{label}"))
    assert view.caret_cp() <= first_paragraph_end
    spans = db_spans(db_path)
    assert [(text, label) for _, _, text, label in spans] == [
        ("ممثلي", "role"),
        ("خمس شركات", "figure"),
        ("السفير الايراني", "role"),
        ("وزير التنمية الرقمية والاتصالات والإعلام", "role"),
        ("الاتحاد الروسي", "organisation"),
    ]
    # Tab walks the spans in reading order, Shift+Tab back
    window.editor.clear_selection()
    view.set_caret_cp(0)
    key(view, Qt.Key.Key_Tab)
    first = window.selected_span
    key(view, Qt.Key.Key_Tab)
    second = window.selected_span
    assert window.session.spans.get(first).start == 0 and window.session.spans.get(second).start == 6
    QTest.keyClick(view, Qt.Key.Key_Backtab, SHIFT)
    assert window.selected_span == first


def test_next_unlabelled_sentence(window, seed_text):
    view = window.view
    view.set_selection_cp(0, 5)
    key(view, Qt.Key.Key_1)  # the first sentence now has a span
    view.set_caret_cp(0)
    key(view, Qt.Key.Key_U)
    start, end = view.selection_cp()
    assert seed_text[start:end] == "وسافرت"  # first word of the next sentence (second paragraph)


def test_nudge_span_edges_by_word_and_by_character(window, seed_text):
    view = window.view
    i = seed_text.index("السفير الايراني")
    view.set_selection_cp(i, i + 6)  # السفير
    key(view, Qt.Key.Key_2)
    sid = window.selected_span
    key(view, Qt.Key.Key_BracketRight)  # end one word later
    assert window.session.spans.get(sid).text == "السفير الايراني"
    key(view, Qt.Key.Key_BracketRight, CTRL)  # end one word earlier
    assert window.session.spans.get(sid).text == "السفير"
    key(view, Qt.Key.Key_BracketRight, ALT)  # one character later... into the space? snaps nothing
    assert window.session.spans.get(sid).text == "السفير "
    key(view, Qt.Key.Key_BracketRight, CTRL | ALT)
    assert window.session.spans.get(sid).text == "السفير"
    key(view, Qt.Key.Key_BracketLeft, CTRL | ALT)  # start one character later
    assert window.session.spans.get(sid).text == "لسفير"
    key(view, Qt.Key.Key_Z, CTRL)  # every nudge is undoable
    assert window.session.spans.get(sid).text == "السفير"


def test_nudge_under_arabic_layout(window, seed_text):
    view = window.view
    i = seed_text.index("السفير الايراني")
    view.set_selection_cp(i, i + 6)
    key(view, Qt.Key.Key_2)
    sid = window.selected_span
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, view, Qt.Key(ord("د")), "د", Qt.KeyboardModifier.NoModifier
    )  # ]
    assert window.session.spans.get(sid).text == "السفير الايراني"


def test_resize_by_dragging_an_edge(window, seed_text, qtbot):
    view = window.view
    i = seed_text.index("السفير الايراني")
    view.set_selection_cp(i, i + 6)
    key(view, Qt.Key.Key_2)
    sid = window.selected_span
    show_offset(view, i)
    vp = view.viewport()
    edge = point_of(view, i + 6)
    target = point_of(view, i + 12)  # inside الايراني: snaps to its end
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, edge)
    QTest.mouseMove(vp, target)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert window.session.spans.get(sid).text == "السفير الايراني"
    key(view, Qt.Key.Key_Z, CTRL)
    assert window.session.spans.get(sid).text == "السفير"


def test_sticky_mode_labels_on_mouse_release(window, db_path, seed_text):
    view = window.view
    window.editor.set_sticky("person")
    assert "person" in window.mode_label.text()
    i = seed_text.index("كاظم جلالي")
    show_offset(view, i)
    vp = view.viewport()
    a, b = point_of(view, i + 1), point_of(view, i + 8)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert (i, i + 10, "كاظم جلالي", "person") in db_spans(db_path)
    key(view, Qt.Key.Key_S)  # off
    assert window.editor.sticky_label is None and window.mode_label.text() == ""
    key(view, Qt.Key.Key_S)  # on again with the last label used
    assert window.editor.sticky_label == "person"
    QTest.keyClick(view, Qt.Key.Key_3, CTRL)  # Ctrl+digit picks the sticky label
    assert window.editor.sticky_label == "organisation"


def test_nested_spans_are_listed_as_children_and_crossing_is_refused(window, seed_text, qtbot):
    view = window.view
    t = seed_text
    outer = t.index("الاجتماع الخامس لمجموعة العمل المشتركة")
    inner = t.index("مجموعة العمل المشتركة")
    view.set_selection_cp(outer, outer + len("الاجتماع الخامس لمجموعة العمل المشتركة"))
    key(view, Qt.Key.Key_4)
    event_id = window.selected_span
    view.set_selection_cp(inner, inner + len("مجموعة العمل المشتركة"))
    key(view, Qt.Key.Key_3, ALT)
    org_id = window.selected_span
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 2)
    model = window.span_panel.model_
    assert model.parent_of(org_id) == event_id and model.children_of(event_id) == [org_id]
    # drawn distinctly: a bar one level up for the inner span
    bars = {(s, e): d for s, e, d in view.nesting_bars()}
    assert bars[(outer, outer + 38)] == 0 and bars[(inner, inner + 21)] == 1
    # crossing: from inside the event to after it
    after = outer + 38 + 5
    view.set_selection_cp(inner + 8, after)
    key(view, Qt.Key.Key_1)
    assert len(window.session.spans) == 2 and "cross" in window.statusBar().currentMessage()
    # hovering shows the stack of labels
    from PySide6.QtWidgets import QToolTip

    show_offset(view, inner)
    p = point_of(view, inner + 3)
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    ev = QHelpEvent(QEvent.Type.ToolTip, p, view.viewport().mapToGlobal(p))
    view.viewportEvent(ev)
    tip = QToolTip.text()
    assert "event" in tip and "organisation" in tip and tip.index("event") < tip.index("organisation")


def test_context_menu_relabels(window, seed_text):
    view = window.view
    view.set_selection_cp(0, 5)
    key(view, Qt.Key.Key_1)
    rec = next(iter(window.session.spans))
    menu = window.editor.context_menu([rec])
    relabel = next(a for a in menu.actions() if a.menu() is not None and a.text() == "Relabel as").menu()
    role = next(a for a in relabel.actions() if a.text() == "role")
    role.trigger()
    assert window.session.spans.get(rec.id).label == "role"
    key(view, Qt.Key.Key_Z, CTRL)
    assert window.session.spans.get(rec.id).label == "person"


def test_invisible_and_bidi_marks_are_visible_and_markup_literal(window, tmp_path, qtbot):
    p = tmp_path / "marks.txt"
    raw = "كلمة\u200fأخرى و\u202eمقلوب\u202c <b>&amp;</b> موسكو"
    p.write_text(raw, encoding="utf-8")
    window.project.import_files([p])
    view = window.view
    shown = view.toPlainText()
    assert len(shown) == len(raw)  # same length: offsets unchanged
    assert "\u202e" not in shown and "\u200f" not in shown and "⇚" in shown and "←" in shown
    assert "<b>&amp;</b>" in shown  # literal, not interpreted
    i = raw.index("موسكو")
    view.set_selection_cp(i, i + 5)
    key(view, Qt.Key.Key_3)
    assert window.session.spans.get(window.selected_span).text == "موسكو"
    # the span list shows marks too
    view.set_selection_cp(0, raw.index(" "))
    key(view, Qt.Key.Key_1, ALT)
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 2)
    model = window.span_panel.model_
    texts = [model.data(model.index_of(r.id).siblingAtColumn(1)) for r in window.session.spans]
    assert any("←" in t for t in texts)
    # copying takes the original characters
    view.set_selection_cp(0, 9)
    assert view.createMimeDataFromSelection().text() == raw[:9]


def test_document_status_done_next_unfinished_filter_and_progress(window, tmp_path, qtbot):
    for n in range(3):
        (tmp_path / f"d{n}.txt").write_text(f"وثيقة رقم {n} عن موسكو", encoding="utf-8")
    window.project.import_files(sorted(tmp_path.glob("d*.txt")))
    panel = window.doc_panel
    assert panel.progress.value() == 0 and panel.progress.maximum() == 4
    first = window.document_id
    key(window.view, Qt.Key.Key_D)
    assert window.doc_list.model_.row_for(first).status == "done"
    assert panel.progress.value() == 1
    key(window.view, Qt.Key.Key_N)
    assert window.document_id != first
    assert window.doc_list.model_.row_for(window.document_id).status != "done"
    panel.search.setText("رقم 2")
    qtbot.waitUntil(lambda: window.doc_list.model_.rowCount() == 1, timeout=2000)
    panel.search.setText("")
    panel.status.setCurrentIndex(panel.status.findData("done"))
    assert [r.id for r in window.doc_list.model_.rows] == [first]
    panel.status.setCurrentIndex(panel.status.findData("unfinished"))
    assert first not in [r.id for r in window.doc_list.model_.rows]


def test_label_counts_per_document(window, qtbot):
    view = window.view
    view.set_selection_cp(0, 5)
    key(view, Qt.Key.Key_2)
    view.set_selection_cp(6, 15)
    key(view, Qt.Key.Key_5)
    model = window.doc_list.model_
    idx = model.index(model.row_of(window.document_id), 3)
    qtbot.waitUntil(
        lambda: (
            dict((c, n) for c, n in model.data(idx, Qt.ItemDataRole.UserRole + 1) if n)
            == {"#56B4E9": 1, "#F0E442": 1}
        )
    )


def test_shortcut_sheet_lists_the_bound_keys(window):
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    dlg = window.shortcuts_dialog
    table = dlg.findChild(__import__("PySide6.QtWidgets", fromlist=["QTableWidget"]).QTableWidget)
    cells = {table.item(r, 2).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert "U" in cells["Go to the next sentence without any span and select its first word"]
    assert "ع" in cells["Go to the next sentence without any span and select its first word"]
    dlg.close()


def test_dark_theme_keeps_labels_distinct(window):
    window.commands["dark"].trigger()  # View → Dark theme
    colours = {name: c[0].name() for name, c in window.view._colours.items()}
    assert len(set(colours.values())) == len(colours)
    assert window.prefs.get("ui/theme") == "dark"
    window.commands["dark"].trigger()
    assert window.prefs.get("ui/theme") == "light"


def test_first_launch_asks_the_annotator_and_switching_keeps_layers_apart(window, db_path, tmp_path, prompts):
    from app.services import agreement
    from app.services.workspace import Workspace, default_annotator_name
    from app.ui.application import ask_annotator_once, open_workspace

    fresh = open_workspace(str(tmp_path / "new.db"))
    offered = []
    prompts.queue("text", lambda label, default: offered.append(default) or "  Rana  Hamdan ")
    ask_annotator_once(fresh)
    assert offered == [default_annotator_name()] and fresh.annotator_name == "Rana Hamdan"
    ask_annotator_once(fresh)  # asked once per project
    assert prompts.kinds() == ["text"]
    # the login name offered and not taken is not an annotator (review and agreement never offer it)
    with fresh.db.read() as s:
        from app.store import repository as repo

        assert [n for _, n, _ in repo.annotators(s, fresh.project_id)] == ["Rana Hamdan"]
    fresh.close()
    assert Workspace.open(tmp_path / "new.db", read_only=True).annotator_name == "Rana Hamdan"
    assert agreement.pairs(window.ws) == []
    # switching: each annotator edits only their own layer
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    assert window.project.switch_annotator("badr")
    assert window.ws.annotator_name == "badr" and len(window.session.spans) == 0
    window.view.set_selection_cp(6, 15)
    QTest.keyClick(window.view, Qt.Key.Key_5)
    assert window.project.switch_annotator("amal")
    assert [r.text for r in window.session.spans] == ["ممثلي"]
    assert not window.project.switch_annotator("gold")  # the adjudicated layer is not an annotator
