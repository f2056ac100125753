"""The Arabic interface: compiled from resources/i18n/hamish_ar.ts at run time, right-to-left."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui import i18n
from app.ui.application import open_workspace
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences


@pytest.fixture
def arabic(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "cache_dir", lambda: tmp_path / "i18n-cache")
    Preferences().set("ui/language", "ar")
    assert i18n.install(qapp, "ar")
    yield qapp
    i18n.install(qapp, "en")


def test_every_source_string_is_translated():
    root = ET.parse(i18n.I18N / "hamish_ar.ts").getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert root.get("language") == "ar" and unfinished == []
    assert len(list(root.iter("message"))) > 200


def test_arabic_window_is_right_to_left_and_translated(arabic, qtbot, db_path, tmp_path):
    ws = open_workspace(str(db_path), "amal")
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert QTest.qWaitForWindowActive(win)  # shortcuts need an active window
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus[:3] == ["ملف", "تحرير", "الوسوم"]
    assert win.documents_dock.windowTitle() == "الوثائق"
    # labels are shown by their Arabic display names (exports keep the names: test_arabic_interface.py)
    assert [b.text().split()[-1] for b in win.palette_buttons.values()][:2] == ["شخص", "منصب"]
    image = win.grab()
    path = tmp_path / "arabic-ui.png"
    assert image.save(str(path)) and path.stat().st_size > 10_000
    # View → Language → English: the same window, in English and left to right, with the
    # document, the caret, the scroll position and the undo history kept
    win.view.set_selection_cp(0, 5)
    QTest.keyClick(win.view, Qt.Key.Key_2)
    win.view.set_caret_cp(40)
    win.view.set_top_cp(600)
    top = win.view.top_cp()
    stack = win.undo_group.activeStack()
    win.commands["lang_en"].trigger()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert win.menuBar().actions()[0].text() == "File" and win.documents_dock.windowTitle() == "Documents"
    assert [b.text().split()[-1] for b in win.palette_buttons.values()][:2] == ["person", "role"]
    assert win.undo_group.activeStack() is stack and stack.canUndo() and win.view.caret_cp() == 40
    assert win.view.top_cp() == top > 0
    assert win.prefs.get("ui/language") == "en"
    win.commands["lang_ar"].trigger()  # and back, in place too
    assert win.menuBar().actions()[0].text() == "ملف" and stack.canUndo()
    assert "documents" not in win.doc_panel.progress.format()  # every text follows, the progress too
    win.close()
    ws.close()
