"""Defects found by trying Hamish as a new user would, each driven through the window as a
person does (menus, keys, the panels); each failed before its fix."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget

from app.services import importing
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.ui.test_main_window import db_spans

CTRL = Qt.KeyboardModifier.ControlModifier


def activate(w) -> None:
    w.activateWindow()
    assert QTest.qWaitForWindowActive(w)
    w.view.setFocus()


def label(w, word: str, key: Qt.Key, occurrence: int = 0) -> int:
    text = w.session.text
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(word, i + 1)
    w.view.set_selection_cp(i, i + len(word))
    QTest.keyClick(w.view, key)
    return i


def test_a_refused_edit_shows_what_the_database_holds(open_window, db_path, errors, qtbot):
    """Instance 2 deletes a span, instance 1 relabels it: 'not saved', and instance 1 no
    longer draws, lists or counts the span."""
    a = open_window()
    b = open_window()
    activate(a)
    label(a, "موسكو", Qt.Key.Key_3)
    activate(b)
    QTest.keyClick(b.view, Qt.Key.Key_F5)
    QTest.keyClick(b.view, Qt.Key.Key_Tab)
    QTest.keyClick(b.view, Qt.Key.Key_Delete)
    assert db_spans(db_path) == []
    activate(a)
    qtbot.waitUntil(lambda: a.span_panel.span_count() == 1)
    assert a.selected_span is not None
    QTest.keyClick(a.view, Qt.Key.Key_1)  # relabel the span the other instance deleted
    assert errors and "could not be saved" in errors[-1]
    assert len(a.session.spans) == 0 and a.view.highlighted_span_ids() == []
    qtbot.waitUntil(lambda: a.span_panel.span_count() == 0)
    assert a.doc_list.model_.rows[0].span_count == 0
    assert db_spans(db_path) == []


def test_find_enter_selects_the_hit_and_a_label_key_labels_it(window, db_path, seed_text):
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    panel = window.find_panel
    assert panel.query.hasFocus()
    panel.query.setText("موسكو")  # typed (QTest cannot type Arabic): the search is debounced
    QTest.keyClick(panel.query, Qt.Key.Key_Return)  # before the debounced search has run
    (first, _), (second, _) = window.view.search_hits[:2]  # whole words: not inside وموسكو
    assert window.view.selection_cp() == (first, first + 5) and window.view.hasFocus()
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert panel.query.text() == "موسكو"  # the label key did not type into the query
    assert db_spans(db_path) == [(first, first + 5, "موسكو", "organisation")]
    # F3 from the query: the next hit, back in the text; Esc leaves the query keeping it
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    QTest.keyClick(panel.query, Qt.Key.Key_F3)
    assert window.view.selection_cp() == (second, second + 5) and window.view.hasFocus()
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    assert panel.query.hasFocus()
    QTest.keyClick(panel.query, Qt.Key.Key_Escape)
    assert window.view.hasFocus() and window.view.selection_cp() == (second, second + 5)
    # the ▼ / ▲ buttons step too
    panel.next_button.click()
    assert window.view.selection_cp()[0] > second


def test_span_keys_work_from_the_spans_and_documents_panels(window, db_path, prompts, qtbot):
    label(window, "موسكو", Qt.Key.Key_3)
    label(window, "وموسكو", Qt.Key.Key_3)
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 2)
    panel = window.span_panel
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_Tab)  # next span, focus stays in the panel
    assert window.selected_span is not None and panel.hasFocus()
    sid = window.selected_span
    QTest.keyClick(panel, Qt.Key.Key_1)  # relabel
    assert window.session.spans.get(sid).label == "person"
    QTest.keyClick(panel, Qt.Key.Key_A)  # label all occurrences…
    assert prompts.kinds() == ["run"]
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_T)  # trim proclitics: وموسكو → موسكو (or says why not)
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_Delete)
    assert len(db_spans(db_path)) == 1
    docs = window.doc_list
    docs.setFocus()
    QTest.keyClick(docs, Qt.Key.Key_Z, CTRL)  # undo from the Documents panel
    assert len(db_spans(db_path)) == 2
    QTest.keyClick(docs, Qt.Key.Key_D)  # mark done
    assert window.doc_list.model_.rows[0].status == "done"


def test_theme_switch_restyles_at_once_and_keeps_the_work(window, db_path):
    label(window, "موسكو", Qt.Key.Key_3)
    window.view.set_caret_cp(40)
    light = QApplication.palette().color(QPalette.ColorRole.Base).lightness()
    highlight = window.view._colours["organisation"][0].name()
    window.commands["dark"].trigger()  # View → Dark theme
    QApplication.processEvents()  # palette changes reach the widgets as events
    assert window.commands["dark"].isChecked()
    for widget in (window.view, window.doc_list, window.span_panel, window.palette_buttons["person"]):
        assert widget.palette().color(QPalette.ColorRole.Base).lightness() < light / 2
    assert window.view._colours["organisation"][0].name() != highlight  # spans drawn for a dark page
    assert window.undo_group.canUndo() and window.view.caret_cp() == 40
    window.commands["dark"].trigger()
    QApplication.processEvents()
    assert window.view.palette().color(QPalette.ColorRole.Base).lightness() == light
    assert window.undo_group.canUndo()


def test_narrow_window_keeps_the_text_readable_and_the_layout_is_remembered(open_window, qtbot):
    w = open_window()
    w.resize(700, 600)
    qtbot.waitUntil(lambda: w.width() <= 720)
    assert w.view.width() >= w.view.minimumWidth() >= 300  # the panels narrowed, not the text
    w.documents_dock.toggleViewAction().trigger()  # View → Documents: hidden
    w.resize(760, 560)  # the offscreen screen is 800 × 600
    qtbot.waitUntil(lambda: w.width() == 760)
    w.close()
    again = open_window()
    assert not again.documents_dock.isVisible()
    assert (again.width(), again.height()) == (760, 560)


def test_deleting_a_span_and_f5_keep_the_view_where_the_user_is(window, tmp_path, qtbot, prompts):
    lines = [f"سطر {n} فيه اسم موسكو وكلام آخر لا يهم كثيرا" for n in range(600)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    prompts.queue("open_files", [str(path)])
    window.commands["import"].trigger()
    text = window.session.text
    assert text.startswith("سطر 0")
    for m in list(re.finditer("موسكو", text))[::20]:  # a span every 20 lines
        window.view.set_selection_cp(m.start(), m.end())
        QTest.keyClick(window.view, Qt.Key.Key_3)
    middle = [m.start() for m in re.finditer("موسكو", text)][300]
    window.view.set_top_cp(text.index("سطر 290"))
    QTest.qWait(10)
    top = window.view.top_cp()
    span = window.session.spans.find_range(middle, middle + 5)
    window.editor.select_span(span.id)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 29)
    QTest.qWait(10)
    assert window.selected_span is None  # nothing far away gets selected (a second Delete deletes nothing)
    assert window.view.top_cp() == top
    window.view.set_caret_cp(middle)
    QTest.keyClick(window.view, Qt.Key.Key_F5)
    assert window.view.top_cp() == top and window.view.caret_cp() == middle
    assert "Reloaded" in window.statusBar().currentMessage()


def test_agreement_offers_only_pairs_with_documents_in_common(window, db_path, tmp_path, prompts):
    other = tmp_path / "other.txt"
    other.write_text("وصل السفير الايراني إلى موسكو", encoding="utf-8")
    for name, doc in (("badr", 1), ("carla", None)):
        ws = Workspace.open(db_path, annotator=name)
        if doc is None:
            importing.import_text_files(ws, [other])
            doc = max(r.id for r in ws.documents())
        s = DocumentSession(ws, doc)
        i = s.text.index("موسكو")
        s.apply(s.plan_label(i, i + 5, "organisation"))
        ws.close()
    label(window, "موسكو", Qt.Key.Key_3)  # amal, on the seed article (as badr)
    offered = {}

    def look(dlg):
        for k in range(dlg.a.count()):
            dlg.a.setCurrentIndex(k)
            offered[dlg.a.currentText()] = [dlg.b.itemData(j) for j in range(dlg.b.count())]
        return False

    prompts.queue("run", look)
    window.commands["agreement"].trigger()  # Review → Agreement report…
    assert offered == {"amal": ["badr"], "badr": ["amal"]}  # carla shares no document


def test_gui_text_import_offers_the_recognised_encoding(window, tmp_path, prompts):
    path = tmp_path / "cp1256.txt"
    text = "وصل السفير الايراني إلى موسكو يوم الاثنين"
    path.write_bytes(text.encode("cp1256"))
    prompts.queue("open_files", [str(path)])
    prompts.queue("confirm", True)
    window.commands["import"].trigger()
    assert prompts.kinds() == ["open_files", "confirm"]
    question = prompts.asked[1].detail
    assert "cp1256.txt" in question and "1256" in question
    assert window.session.text == text  # imported and opened
    # refusing the offer imports nothing
    other = tmp_path / "other1256.txt"
    other.write_bytes("ثم عاد إلى طهران".encode("cp1256"))
    prompts.queue("open_files", [str(other)])
    window.commands["import"].trigger()  # confirm not queued: answered No
    assert window.doc_list.model_.rowCount() == 2


def test_small_things_a_user_sees(window, seed_text):
    window.saved_label.setText("")
    QTest.keyClick(window.view, Qt.Key.Key_D)  # mark done writes: the status bar says when
    assert window.saved_label.text().startswith("Saved ✓")
    assert "Hamish" not in window.windowTitle()  # Qt adds " — Hamish" itself
    window.commands["shortcuts"].trigger()  # Help → Keyboard shortcuts (F1)
    table = window.shortcuts_dialog.findChild(QTableWidget)
    keys_shown = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert not [k for k in keys_shown if "Backtab" in k] and any("Shift+Tab" in k for k in keys_shown)
    assert table.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    window.shortcuts_dialog.close()


def test_review_marks_differences_without_reusing_label_colours(open_window, db_path):
    """The fill of a span is its label's colour in every pane (as in the editor); the
    difference class is an underline style, so green is never both 'organisation' and
    'agreement'."""
    from PySide6.QtGui import QTextCharFormat, QTextFormat

    from app.review.align import Kind
    from tests.ui.test_review_window import A_SPANS, B_SPANS, layer

    w = open_window()
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    w.commands["refresh"].trigger()
    r = w.project.open_review("amal", "badr")
    assert QTest.qWaitForWindowExposed(r)
    pane = r.view_a
    by_id = {rec.id: rec for rec in r.review.session_a.spans}
    styles = {}
    for i in range(len(r.review.differences)):
        r.go(i)  # shows the difference in the panes
        QApplication.processEvents()
        pane.refresh_highlights()
        for sel in pane.extraSelections():
            sid = sel.format.property(QTextFormat.Property.UserProperty)
            if sid in by_id:
                rec = by_id[sid]
                light, strong, _ = w.view._colours[rec.label]  # the editor's fills for this label
                assert sel.format.background().color() in (light, strong)
                styles[r.kind_a[sid]] = sel.format.underlineStyle()
    assert styles[Kind.LABEL] == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert styles[Kind.OVERLAP] == QTextCharFormat.UnderlineStyle.DashUnderline
    assert styles[Kind.ONLY_A] == QTextCharFormat.UnderlineStyle.DotLine
    assert styles[Kind.AGREEMENT] in (
        QTextCharFormat.UnderlineStyle.NoUnderline,
        QTextCharFormat.UnderlineStyle.SingleUnderline,
    )
    r.close()


def test_review_n_scrolls_the_panes_to_a_difference_below_the_fold(open_window, db_path):
    from tests.ui.test_review_window import A_SPANS, B_SPANS, layer

    w = open_window()
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    w.commands["refresh"].trigger()
    r = w.project.open_review("amal", "badr")
    r.activateWindow()
    assert QTest.qWaitForWindowActive(r)
    QTest.qWait(20)  # the application's active window follows the platform's asynchronously
    last = r.review.differences[-1]
    assert last.start > r.view_a.visible_range()[1]  # below the first screen
    for _ in range(len(r.review.differences)):
        QTest.keyClick(r, Qt.Key.Key_N)
    assert r.current == len(r.review.differences) - 1
    for pane in (r.view_a, r.view_b, r.view_gold):
        a, b = pane.visible_range()
        assert a <= last.start and last.end <= b
    r.close()


def test_language_switch_redescribes_the_undo_steps(window):
    """Edit → Undo names the edit in Arabic, with the label's Arabic name."""
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # person
    assert window.commands["undo"].text().startswith("Undo") and "person" in window.commands["undo"].text()
    window.commands["lang_ar"].trigger()  # the step made in English is described in Arabic now
    text = window.commands["undo"].text()
    assert "إضافة" in text and "شخص" in text and "person" not in text
    assert not set(text) & set("⇿⇞⇼⇹")  # our own isolates, not shown as marks
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (
        "تم التراجع" in window.statusBar().currentMessage() and "شخص" in window.statusBar().currentMessage()
    )
