"""Pathological documents open through the real window, are displayed with a reported
fallback, and keep every offset exact (issue item 13; the timings are in
tests/benchmarks/bench_pathological.py, not here)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from app.core import display, marks
from app.core.offsets import utf16_len
from tests.ui.test_main_window import db_spans, point_of, show_offset

HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0301"
AFTER = " في الاجتماع الخامس\nوسافرت وفود هذه الشركات إلى موسكو"
ALT = Qt.KeyboardModifier.AltModifier


def import_and_open(window, prompts, path, text: str) -> None:
    """File > Import text files…, as a person does; the window opens the new document."""
    path.write_text(text, encoding="utf-8")
    prompts.queue("open_files", [str(path)])
    window.commands["import"].trigger()
    assert window.session is not None and window.session.text == text


def open_from_documents_panel(window, qtbot, title_start: str) -> None:
    """Click the document's row in the Documents panel."""
    table = window.doc_list
    row = next(i for i, r in enumerate(table.model_.rows) if r.title.startswith(title_start))
    rect = table.visualRect(table.model_.index(row, 1))
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    qtbot.waitUntil(lambda: window.session is not None and window.session.title.startswith(title_start))


def double_click_label(window, start: int, key: Qt.Key) -> None:
    view = window.view
    show_offset(view, start)
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_of(view, start + 1)
    )
    QTest.keyClick(view, key)


def tooltip_at(view, cp: int) -> str:
    show_offset(view, cp)
    p = point_of(view, cp)
    QToolTip.hideText()
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, p, view.viewport().mapToGlobal(p)))
    return QToolTip.text()


def drawn_text(view, span_id: int) -> str:
    """The widget's text under a span's highlight (its positions are UTF-16 units)."""
    return next(
        s.cursor.selectedText()
        for s in view.extraSelections()
        if s.format.property(QTextFormat.Property.UserProperty) == span_id
    )


def test_a_letter_with_250k_marks_opens_capped_and_labels_exactly(window, prompts, db_path, tmp_path, qtbot):
    run = (HARAKAT * 30_000)[:250_000]
    head = "مرحبا بكم ب"
    text = head + run + AFTER
    import_and_open(window, prompts, tmp_path / "marks.txt", text)
    view = window.view
    # Displayed with the same UTF-16 length; marks beyond 30 as ◌; the user is told.
    assert view.document().characterCount() - 1 == utf16_len(text)
    first = len(head)
    shown = view.toPlainText()
    assert shown[first : first + display.MAX_MARKS] == run[: display.MAX_MARKS]
    assert set(shown[first + display.MAX_MARKS : first + len(run)]) <= {display.PLACEHOLDER, "\n"}
    notice = window.statusBar().currentMessage()
    assert (
        notice == view.display_notice()
        and "249970" in notice.replace(",", "")
        and display.PLACEHOLDER in notice
    )
    tip = tooltip_at(view, first + 1000)
    assert (
        marks.describe(text[first + 1000]) in tip
        and "250000" in tip.replace(",", "")
        and display.PLACEHOLDER in tip
    )
    # Away and back through the Documents panel: the notice goes and comes back.
    open_from_documents_panel(window, qtbot, "ممثلي")
    assert window.statusBar().currentMessage() == "" and view.display_notice() == ""
    open_from_documents_panel(window, qtbot, "مرحبا")
    assert window.statusBar().currentMessage() == view.display_notice() != ""
    # The words right after the marks label exactly, and are drawn on those characters.
    i = text.index("الاجتماع", first)
    double_click_label(window, i, Qt.Key.Key_4)
    j = text.index("موسكو")
    double_click_label(window, j, Qt.Key.Key_3)
    assert db_spans(db_path) == [(i, i + 8, "الاجتماع", "event"), (j, j + 5, "موسكو", "organisation")]
    for rec in window.session.spans:
        assert rec.text == text[rec.start : rec.end]
        assert drawn_text(view, rec.id) == rec.text


def test_a_long_line_without_spaces_is_shown_in_pieces_and_labels_exactly(window, prompts, db_path, tmp_path):
    line = "الاجتماع" * 6_000  # 48,000 letters, no space, one line
    text = "أول\n" + line + AFTER
    import_and_open(window, prompts, tmp_path / "line.txt", text)
    view = window.view
    assert view.document().characterCount() - 1 == utf16_len(text)
    cuts = -(-len(line) // display.BLOCK_LIMIT) - 1  # letters shown as line breaks
    assert cuts >= 2 and view.document().blockCount() == text.count("\n") + 1 + cuts
    assert "pieces" in window.statusBar().currentMessage()
    cut = view.toPlainText().index("\n", 4)
    assert "is shown as a line break" in tooltip_at(view, cut) and f"U+{ord(text[cut]):04X}" in tooltip_at(
        view, cut
    )
    # An exact selection across the letter shown as a line break keeps it.
    view.set_selection_cp(cut - 3, cut + 4)
    QTest.keyClick(view, Qt.Key.Key_1, ALT)
    j = text.index("موسكو")
    double_click_label(window, j, Qt.Key.Key_3)
    assert db_spans(db_path) == [
        (cut - 3, cut + 4, text[cut - 3 : cut + 4], "person"),
        (j, j + 5, "موسكو", "organisation"),
    ]
    assert drawn_text(view, window.session.spans.find_range(j, j + 5).id) == "موسكو"


def test_thousands_of_bidi_controls_are_flagged_without_a_drawing_pass_each(
    window, prompts, db_path, tmp_path
):
    words = ["وسافرت", "وفود", "هذه", "الشركات", "abc", "إلى", "موسكو"]
    body = " ".join(
        f"\u202e{words[k % len(words)]}\u202c" if k % 2 else f"\u2067{words[k % len(words)]}\u2069"
        for k in range(1500)
    )
    text = body + AFTER
    import_and_open(window, prompts, tmp_path / "bidi.txt", text)
    view = window.view
    assert view.document().characterCount() - 1 == utf16_len(text)
    assert "\u202e" not in view.toPlainText() and "⇚" in view.toPlainText()
    j = text.index("موسكو", len(body))
    double_click_label(window, j, Qt.Key.Key_3)
    assert db_spans(db_path) == [(j, j + 5, "موسكو", "organisation")]
    # Every control on screen is flagged in the paint event: each ExtraSelection would cost a
    # drawing pass of its line (a screen of them took 230 ms), so only the span is one.
    show_offset(view, 0)  # scrolling redraws the highlights of what is on screen
    assert len(marks.positions(text, *view.visible_range())) > 100
    assert len(view.extraSelections()) == 0
    assert "RIGHT-TO-LEFT OVERRIDE" in tooltip_at(view, text.index("\u202e"))


def test_ordinary_arabic_is_displayed_exactly_as_stored(window, prompts, tmp_path, seed_text):
    assert window.view.toPlainText() == seed_text and window.view.display_notice() == ""
    vocalised = "وَقَّعَتْ خَمْسُ شَرِكَاتٍ إِيرَانِيَّةٍ عُقُودًا فِي مُوسْكُو · بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ\n" * 40
    import_and_open(window, prompts, tmp_path / "vocalised.txt", vocalised)
    assert window.view.toPlainText() == vocalised and window.view.display_notice() == ""
    assert display.PLACEHOLDER not in window.statusBar().currentMessage()


def test_a_span_over_the_marks_is_listed_and_tipped_as_an_excerpt(window, prompts, db_path, tmp_path, qtbot):
    head = "مرحبا بكم "
    word = "ب" + (HARAKAT * 30_000)[:250_000]
    text = head + word + AFTER
    import_and_open(window, prompts, tmp_path / "marks.txt", text)
    view = window.view
    view.set_selection_cp(len(head), len(head) + len(word))
    QTest.keyClick(view, Qt.Key.Key_1, ALT)  # exact: the letter and all its marks
    assert db_spans(db_path) == [(len(head), len(head) + len(word), word, "person")]
    # The list and the tooltips show a short excerpt (the whole run would be laid out: seconds).
    qtbot.waitUntil(lambda: window.span_panel.span_count() == 1)
    model = window.span_panel.model_
    rec = next(iter(window.session.spans))
    cell = model.data(model.index_of(rec.id).siblingAtColumn(1))
    tip = model.data(model.index_of(rec.id).siblingAtColumn(1), Qt.ItemDataRole.ToolTipRole)
    assert len(cell) <= display.EXCERPT_LIMIT + 2 and "…" in cell and display.PLACEHOLDER in cell
    assert len(tip) < 1000 and "…" in tip
    hover = tooltip_at(view, len(head) + 50)
    assert "person" in hover and len(hover) < 2000 and display.PLACEHOLDER in hover
