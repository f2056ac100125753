"""Strings from data are shown as plain text: an annotator called ``<b>x</b><img src=…>``
and a document whose source is ``<i>s</i>`` are shown literally — in the status bar, the
review panes' titles and the document's tooltip — and the image is never loaded."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from app.main import main
from app.ui.application import ensure_app, open_workspace
from app.ui.main_window import MainWindow

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
RED = QColor(255, 0, 0)
TEXT = "وأكد سفير جمهورية إيران الإسلامية لدى الاتحاد الروسي كاظم جلالي"


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The characters Qt shows for ``text`` in format ``fmt`` (tooltips are AutoText: rich
    text when the string looks like it)."""
    if fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text)
    ):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return text.translate(ISOLATES)


def label_shows(label: QLabel) -> str:
    return shown(label.text(), label.textFormat())


def red_pixels(widget) -> int:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y) == RED
    )


@pytest.fixture
def marked_up(tmp_path, db_path, qtbot):
    """A project with a document from source ``<i>s</i>`` annotated by amal and by an
    annotator whose name is markup; the window opened as that annotator."""
    red = tmp_path / "red.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(RED)
    assert image.save(str(red))
    name = f"<b>x</b><img src={red}>"
    i = TEXT.index("كاظم جلالي")
    for who, label in ((name, "person"), ("amal", "role")):
        record = {
            "format": "hamish-jsonl",
            "version": 1,
            "text": TEXT,
            "source": "<i>s</i>",
            "spans": [{"start": i, "end": i + 10, "label": label, "text": TEXT[i : i + 10]}],
        }
        src = tmp_path / f"{label}.jsonl"
        src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        assert main(["--db", str(db_path), "--annotator", who, "import", "--format", "jsonl", str(src)]) == 0
    ensure_app()
    ws = open_workspace(str(db_path), name)
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert QTest.qWaitForWindowActive(win)
    yield win, name
    win.close()
    ws.close()


def test_the_status_bar_shows_the_annotators_name_as_typed(marked_up):
    win, name = marked_up
    assert label_shows(win.info_label).startswith(name)
    assert red_pixels(win.statusBar()) == 0  # the <img> was not loaded


def test_the_document_tooltip_shows_the_source_as_written(marked_up):
    win, _ = marked_up
    model = win.doc_list.model_
    row = next(r for r in range(model.rowCount()) if model.rows[r].source_name == "<i>s</i>")
    tip = model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip).startswith("<i>s</i> · ")


def test_the_review_panes_show_the_annotators_names_as_typed(marked_up, prompts):
    win, name = marked_up
    model = win.doc_list.model_
    row = next(r for r in range(model.rowCount()) if model.rows[r].source_name == "<i>s</i>")
    win.doc_list.selectRow(row)  # a click on the document
    prompts.queue("run", lambda dialog: True)  # the pair dialog: the pair it offers
    win.commands["review"].trigger()
    review = win.project.review_window
    titles = [w for w in review.findChildren(QLabel) if w.text().startswith(("A — ", "B — "))]
    assert sorted(label_shows(w)[4:] for w in titles) == sorted([name, "amal"])
    assert red_pixels(review) == 0
    review.close()
