"""Highlights must not change how Arabic is shaped.

A span that starts inside a word, between lam and alef, must leave the lam-alef ligature
and the rest of the line exactly as without the highlight. The test renders the real
DocumentView offscreen and compares the ink (dark pixels) with and without a highlight;
as a control it shows that highlighting with ``mergeCharFormat`` (what other tools do)
does break the ligature, so the comparison is sensitive enough to catch a regression.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from app.ui import fonts
from app.ui.document_view import DocumentView


def ink(img: QImage, threshold: int = 110) -> set[tuple[int, int]]:
    g = img.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = g.constBits().tobytes()
    bpl = g.bytesPerLine()
    return {(x, y) for y in range(g.height()) for x in range(g.width()) if bits[y * bpl + x] < threshold}


def render(qtbot, text: str, start: int, end: int, mode: str) -> QImage:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 200)
    view.setPlainText(text)
    view.setFont(fonts.text_font(26))
    view.setCursorWidth(0)
    cur = QTextCursor(view.document())
    cur.setPosition(start)
    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(240, 228, 66))
    if mode == "extra":
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cur
        sel.format = fmt
        view.setExtraSelections([sel])
    elif mode == "merge":
        cur.mergeCharFormat(fmt)
    view.show()
    qtbot.waitExposed(view)
    return view.viewport().grab().toImage()


@pytest.fixture(autouse=True)
def _fonts(qapp):
    fonts.load_bundled_fonts()


def test_bundled_arabic_font_is_used(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    assert "Noto Naskh Arabic" in fonts.load_bundled_fonts()
    assert view.font().families()[0] == "Noto Naskh Arabic"


def test_highlight_starting_inside_lam_alef_keeps_the_glyphs(qtbot, seed_text):
    line = seed_text.split("\n")[2][:90]  # "وسافرت وفود ... في إطار الاجتماع الخامس ..."
    word = "الاجتماع"
    i = line.index(word)
    start, end = i + 2, i + len(word)  # between lam and alef: splits the ligature
    assert line[i + 1 : i + 3] == "لا"
    plain = ink(render(qtbot, line, start, end, "none"))
    extra = ink(render(qtbot, line, start, end, "extra"))
    merged = ink(render(qtbot, line, start, end, "merge"))
    assert len(plain) > 1000  # text was really drawn
    changed = len(plain ^ extra) / len(plain)
    broken = len(plain ^ merged) / len(plain)
    assert changed < 0.01, f"ExtraSelection changed {changed:.1%} of the ink"
    assert broken > 0.05, f"control: mergeCharFormat changed only {broken:.1%}; the test is not sensitive"


def test_paragraphs_are_right_to_left_and_right_aligned(qtbot, seed_text):
    from PySide6.QtCore import Qt

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.setPlainText(seed_text)
    view.show()
    qtbot.waitExposed(view)
    opt = view.document().defaultTextOption()
    assert opt.textDirection() == Qt.LayoutDirection.RightToLeft
    assert opt.alignment() & Qt.AlignmentFlag.AlignRight and opt.alignment() & Qt.AlignmentFlag.AlignAbsolute
    # Reading starts at the right edge: the caret before the first character is there,
    # and the caret after the first word lies to its left.
    cur = view.textCursor()
    cur.setPosition(0)
    x0 = view.cursorRect(cur).center().x()
    cur.setPosition(seed_text.index(" "))
    x1 = view.cursorRect(cur).center().x()
    assert x0 > view.viewport().width() * 0.9
    assert x1 < x0
