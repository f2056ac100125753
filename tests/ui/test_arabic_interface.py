"""The Arabic interface, read as Qt lays it out right to left: shortcuts not mirrored,
numbers in order, status bar segments apart, labels by their Arabic names, the nesting
mark pointing at its label. ``visual`` asks Qt's own text layout for the left-to-right
order of the characters drawn (no bidi code of ours)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextLayout, QTextOption
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableWidget

from app.core.bidi import FSI, LRI, PDI, RLI
from app.ui import i18n
from app.ui.preferences import Preferences
from app.ui.span_panel import USER
from tests.ui.test_main_window import db_spans

ARABIC = {"person": "شخص", "role": "منصب", "organisation": "منظمة", "event": "حدث", "figure": "عدد"}
OUTER = "سفير جمهورية إيران الإسلامية لدى الاتحاد الروسي"
INNER = "الاتحاد الروسي"


def visual(text: str, font: QFont, rtl: bool = True) -> str:
    """The characters of ``text`` from left to right as Qt draws them in a paragraph of
    that direction (isolate controls, which draw nothing, left out)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine().setLineWidth(100_000)
    layout.endLayout()
    x: dict[int, float] = {}
    for i in range(len(text)):  # where the glyphs of each character are drawn
        xs = [pos.x() for run in layout.glyphRuns(i, 1) for pos in run.positions()]
        if xs:
            x[i] = min(xs)
    return "".join(text[i] for i in sorted(x, key=x.__getitem__) if text[i] not in (LRI, RLI, FSI, PDI))


@pytest.fixture
def arabic(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "cache_dir", lambda: tmp_path / "i18n-cache")
    Preferences().set("ui/language", "ar")
    assert i18n.install(qapp, "ar")
    yield qapp
    i18n.install(qapp, "en")


@pytest.fixture
def window(arabic, open_window):
    win = open_window()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return win


def label_range(win, text: str, label: str, start_at: int = 0) -> None:
    """Select ``text`` (from ``start_at``) with the keyboard's selection and press the label's digit."""
    i = win.session.text.index(text, start_at)
    win.view.set_selection_cp(i, i + len(text))
    key = win.ws.label_by_name[label].key
    QTest.keyClick(
        win.view, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.AltModifier
    )  # exact characters


def ink(image: QImage) -> np.ndarray:
    """Darkness of each pixel (0 paper … 255 ink), cropped to the ink."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    a = np.array(
        [[255 - gray.pixelColor(x, y).value() for x in range(gray.width())] for y in range(gray.height())]
    )
    rows, cols = np.nonzero(a > 140)  # glyph strokes, not the lighter frame lines
    return a[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def drawn_like(actual: np.ndarray, font: QFont, text: str) -> float:
    """Mean difference between ``actual`` ink and ``text`` drawn left to right in ``font``."""
    image = QImage(400, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(QRect(0, 0, 400, 60), int(Qt.AlignmentFlag.AlignCenter), text)
    p.end()
    ref = ink(image)
    h, w = max(ref.shape[0], actual.shape[0]), max(ref.shape[1], actual.shape[1])
    pad = lambda a: np.pad(a, ((0, h - a.shape[0]), (0, w - a.shape[1])))
    return float(np.abs(pad(ref) - pad(actual)).mean())


def test_menu_shortcuts_are_drawn_left_to_right(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "عرض")
    view_menu.popup(window.mapToGlobal(QPoint(50, 50)))
    QTest.qWaitForWindowExposed(view_menu)
    try:
        item = view_menu.actionGeometry(window.commands["zoom_in"])
        half = QRect(item.left() + 3, item.top() + 2, item.width() // 2, item.height() - 4)
        shortcut = view_menu.grab(half).toImage()
        drawn = ink(shortcut)  # the left half of the item: its shortcut (right to left: text on the right)
        font = view_menu.font()
        assert drawn_like(drawn, font, "Ctrl++") < drawn_like(drawn, font, "++Ctrl")
    finally:
        view_menu.hide()


def test_shortcut_sheet_keys_are_not_mirrored(window):
    QTest.keyClick(window, Qt.Key.Key_F1)
    table = window.shortcuts_dialog.findChild(QTableWidget)
    rows = {table.item(r, 2).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    font = table.font()
    keys_for = lambda what: visual(rows[QApplication.translate("Commands", what)], font)
    assert keys_for("Zoom in") == "Ctrl++ / Ctrl+="
    assert keys_for("Selected span: move its start one word earlier") == "[ / ج"
    assert keys_for("Selected span: move its end one character later") == "Alt+] / Alt+د"
    assert "1–9" in visual(table.item(0, 1).text(), font)  # the label keys, first row
    window.shortcuts_dialog.close()


def test_status_bar_segments_are_apart_and_numbers_keep_their_order(window):
    window.view.set_selection_cp(232, 296)
    QTest.keyClick(window.view, Qt.Key.Key_S)  # sticky mode: the mode segment shows
    label_range(window, "كاظم جلالي", "person")  # the saved segment shows
    window.view.set_selection_cp(232, 296)
    segments = [window.mode_label, window.info_label, window.saved_label]
    assert all(
        s.isVisible() and s.frameWidth() > 0 and s.textFormat() == Qt.TextFormat.PlainText for s in segments
    )
    boxes = sorted((s.mapTo(window, QPoint(0, 0)).x(), s.width()) for s in segments)
    assert all(x1 >= x0 + w0 + 4 for (x0, w0), (x1, _) in zip(boxes, boxes[1:]))  # apart, in either direction
    shown = visual(window.info_label.text(), window.info_label.font())
    assert "232–296" in shown and "296–232" not in shown
    # right to left: the first segment (mode) is the rightmost
    assert (
        window.mode_label.mapTo(window, QPoint(0, 0)).x() > window.saved_label.mapTo(window, QPoint(0, 0)).x()
    )


def test_labels_are_shown_by_their_arabic_names_and_stored_by_name(window, db_path, prompts):
    assert [b.text().split(maxsplit=1)[1] for b in window.palette_buttons.values()] == list(ARABIC.values())
    menu_items = [a.text().split("\t")[0] for a in window.menus["Labels"].actions() if "\t" in a.text()]
    assert menu_items == list(ARABIC.values())
    label_range(window, "كاظم جلالي", "person")
    assert db_spans(db_path)[0][3] == "person"  # data keep the name
    model = window.span_panel.model_
    QApplication.processEvents()
    assert model.data(model.index(0, 0)) == "شخص"
    assert "شخص" in window.guidelines.plain()
    tip = window.doc_list.model_.data(window.doc_list.model_.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert "شخص" in tip and "person" not in tip
    menu = window.editor.context_menu([window.session.spans.at_row(0)])
    relabel = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert [a.text() for a in relabel.actions()] == list(ARABIC.values())
    # label all occurrences (A): the dialog offers the labels by their Arabic names
    window.editor.select_span(window.session.spans.at_row(0).id, source="panel")
    QTest.keyClick(window.view, Qt.Key.Key_A)
    dialog = prompts.dialogs()[-1]
    assert [dialog.label.itemText(i) for i in range(dialog.label.count())] == list(ARABIC.values())
    assert dialog.label.currentData() == "person"


def test_the_nesting_mark_points_at_its_label_right_to_left(window):
    label_range(window, OUTER, "role")
    label_range(window, INNER, "organisation", window.session.text.index(OUTER))
    QApplication.processEvents()
    model = window.span_panel.model_
    inner = next(
        r
        for r in range(model.rowCount())
        if window.session.spans.get(model.data(model.index(r, 0), USER)).text == INNER
    )
    cell = model.data(model.index(inner, 0))
    assert cell.strip() == "┘ منظمة"
    drawn = visual(cell, window.span_panel.font()).strip()
    assert drawn.endswith("┘")  # right to left: the mark on the right, its label to its left


def test_the_label_dialog_sets_a_labels_arabic_name(window, db_path, prompts):
    from app.ui.label_dialog import NAME, SHOWN_AR

    def fill(dialog):  # type: ignore[no-untyped-def]
        row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, NAME).text() == "figure")
        assert dialog.table.item(row, SHOWN_AR).text() == "عدد"
        dialog.table.item(row, SHOWN_AR).setText("كمية")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result() == dialog.DialogCode.Accepted

    prompts.queue("run", fill)
    window.commands["edit_labels"].trigger()
    assert window.palette_buttons["figure"].text() == "5  كمية"
    label_range(window, "خمس شركات", "figure")
    assert [row[2:] for row in db_spans(db_path)] == [("خمس شركات", "figure")]  # stored by name
