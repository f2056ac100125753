"""Backups, restore, refresh from another instance, and a database deleted while open."""

import os

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_main_window import db_spans


def test_backup_then_restore_from_the_window(window, db_path, prompts):
    view = window.view
    view.set_selection_cp(0, 5)
    QTest.keyClick(view, Qt.Key.Key_2)
    window.commands["backup"].trigger()  # File → Back up now
    assert "Backed up to" in window.statusBar().currentMessage()
    view.set_selection_cp(6, 15)
    QTest.keyClick(view, Qt.Key.Key_5)
    assert len(db_spans(db_path)) == 2
    prompts.queue("choice", lambda label, items: next(i for i in items if "manual" in i))
    window.commands["restore"].trigger()  # File → Restore from backup…: the manual one
    assert db_spans(db_path) == [(0, 5, "ممثلي", "role")]
    assert [r.text for r in window.session.spans] == ["ممثلي"]  # the view shows the restored state
    safety = [
        p for p in (db_path.parent / (db_path.name + ".backups")).iterdir() if "before-restore" in p.name
    ]
    assert len(safety) == 1 and len(db_spans(safety[0])) == 2  # and the state before is kept
    assert not window.undo_group.canUndo()  # no undo across a restore


def test_two_windows_on_one_database_see_each_other_after_refresh(open_window, db_path):
    a = open_window()
    b = open_window()
    a.activateWindow()
    QTest.qWaitForWindowActive(a)
    a.view.set_selection_cp(0, 5)
    QTest.keyClick(a.view, Qt.Key.Key_2)  # A labels
    b.activateWindow()
    QTest.qWaitForWindowActive(b)
    b.view.set_selection_cp(6, 15)
    QTest.keyClick(b.view, Qt.Key.Key_5)  # B labels something else
    assert len(db_spans(db_path)) == 2  # nobody lost anything
    QTest.keyClick(b.view, Qt.Key.Key_F5)
    assert sorted(r.text for r in b.session.spans) == ["خمس شركات", "ممثلي"]
    QTest.keyClick(b.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing to undo after refresh
    assert len(db_spans(db_path)) == 2


def test_database_deleted_while_open(window, db_path, errors, tmp_path):
    view = window.view
    view.set_selection_cp(0, 5)
    QTest.keyClick(view, Qt.Key.Key_2)
    os.unlink(db_path)
    view.set_selection_cp(6, 15)
    QTest.keyClick(view, Qt.Key.Key_5)
    assert errors and "deleted, moved or replaced" in errors[-1] and "not saved" in errors[-1]
    assert [r.text for r in window.session.spans] == ["ممثلي"]
    copy = window.ws.db.save_copy(tmp_path / "rescued.db")
    assert db_spans(copy) == [(0, 5, "ممثلي", "role")]
