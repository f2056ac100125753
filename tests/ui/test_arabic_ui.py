"""The Arabic interface: compiled from resources/i18n/hamish_ar.ts at run time, right-to-left."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui import i18n
from app.ui.application import WindowHost, open_workspace
from app.ui.settings import Preferences


@pytest.fixture
def arabic(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "cache_dir", lambda: tmp_path / "i18n-cache")
    Preferences().set("ui/language", "ar")
    assert i18n.install(qapp, "ar")
    yield qapp
    i18n.install(qapp, "en")


def test_every_source_string_is_translated():
    root = ET.parse(i18n.I18N / "hamish_ar.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message") if m.find("translation").get("type") == "unfinished"]
    assert root.get("language") == "ar" and unfinished == []
    assert len(list(root.iter("message"))) > 200


def test_arabic_window_is_right_to_left_and_translated(arabic, qtbot, db_path, tmp_path):
    ws = open_workspace(str(db_path), "amal")
    host = WindowHost(arabic, ws)
    win = host.window
    qtbot.waitExposed(win)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus[:3] == ["ملف", "تحرير", "الوسوم"]
    assert win.documents_dock.windowTitle() == "الوثائق"
    # labels are shown by their Arabic display names (exports keep the names: test_arabic_interface.py)
    assert [b.text().split()[-1] for b in win.palette_buttons.values()][:2] == ["شخص", "منصب"]
    image = win.grab()
    path = tmp_path / "arabic-ui.png"
    assert image.save(str(path)) and path.stat().st_size > 10_000
    # switching back to English rebuilds the window in English, left-to-right
    win.set_language("en")
    qtbot.waitUntil(lambda: host.window is not win)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert host.window.menuBar().actions()[0].text() == "File"
    host.window.close()
    ws.close()
