"""Every menu command of the main window and the review window, triggered as a person does
(through its menu's QAction), with a word selected and with a span selected, gives a
visible answer: a dialog, a status-bar message, or a change of what the window shows.

A command that cannot act in that state must say why in the status bar: silence is a bug.
Dialogs are scripted (``prompts``) and cancelled, so nothing here waits for a person.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app.services import export, importing
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.conftest import SEED


def menu_actions(menu: QMenu, path: str = "") -> list[tuple[str, QAction]]:
    """Every command reachable in ``menu`` and its submenus, with its menu path."""
    out: list[tuple[str, QAction]] = []
    for act in menu.actions():
        if act.isSeparator():
            continue
        name = f"{path} → {act.text()}" if path else act.text()
        if act.menu() is not None:
            out += menu_actions(act.menu(), name)
        else:
            out.append((name, act))
    return out


def all_menu_actions(window) -> list[tuple[str, QAction]]:
    out = []
    for top in window.menuBar().actions():
        out += menu_actions(top.menu(), top.text())
    return out


def top_levels() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def main_state(w) -> tuple:
    s = w.session
    return (
        w.isVisible(),
        w.document_id,
        w.selected_span,
        w.view.selection_cp(),
        w.view.caret_cp(),
        tuple((r.id, r.start, r.end, r.label) for r in s.spans) if s is not None else None,
        w.view.point_size(),
        w.editor.sticky_label,
        tuple(d.isVisible() for d in w.findChildren(type(w.spans_dock))),
        tuple(a.isChecked() for a in w.findChildren(QAction) if a.isCheckable()),
        tuple((r.id, r.status) for r in w.doc_list.model_.rows),
        w.view.search_hits and tuple(w.view.search_hits),
        QApplication.palette().window().color().name(),
        w.undo_group.activeStack().index() if w.undo_group.activeStack() else None,
        w.prefs.get("ui/language"),
    )


@pytest.fixture
def project(tmp_path):
    """The seed article with two annotators' layers (amal, badr) and a second document."""
    db = tmp_path / "project.db"
    ws = Workspace.open(db, annotator="badr")
    importing.import_text_files(ws, [SEED])
    s = DocumentSession(ws, 1)
    i = s.text.index("موسكو")
    s.apply(s.plan_label(i, i + 5, "organisation"))
    ws.close()
    ws = Workspace.open(db, annotator="amal")
    other = tmp_path / "second.txt"
    other.write_text("وصل السفير الايراني إلى موسكو", encoding="utf-8")
    importing.import_text_files(ws, [other])
    s = DocumentSession(ws, 1)
    j = s.text.index("السفير")
    s.apply(s.plan_label(j, j + 6, "role"))
    export.export(ws, tmp_path / "out.jsonl")
    ws.close()
    return db


def select_word(w) -> None:
    text = w.session.text
    i = text.index("كاظم")
    w.view.set_selection_cp(i, i + 4)


def select_span(w) -> None:
    rec = next(iter(w.session.spans))
    w.view.clear_selection()
    QTest.keyClick(w.view, Qt.Key.Key_Tab)  # next span
    assert w.selected_span == rec.id


SKIP_IN_LOOP = {"Quit"}  # closes the window: checked on its own below


@pytest.mark.parametrize("state", ["word", "span"])
def test_every_main_window_command_answers(open_window, project, prompts, state):
    w = open_window()
    w.documents.open_document(1)
    commands = all_menu_actions(w)
    assert len(commands) > 50, [n for n, _ in commands]
    silent = []
    for name, act in commands:
        if any(name.endswith(skip) for skip in SKIP_IN_LOOP):
            continue
        w.documents.open_document(1)
        (select_word if state == "word" else select_span)(w)
        w.activateWindow()
        w.view.setFocus()
        w.statusBar().clearMessage()
        before_state, before_windows, before_asked = main_state(w), top_levels(), len(prompts.asked)
        act.trigger()
        QApplication.processEvents()
        answered = (
            len(prompts.asked) > before_asked
            or bool(w.statusBar().currentMessage())
            or main_state(w) != before_state
            or top_levels() - before_windows
        )
        if not answered:
            silent.append(f"{name} (enabled={act.isEnabled()})")
        for top in QApplication.topLevelWidgets():  # close what the command opened
            if top is not w and top.isVisible() and isinstance(top, QWidget):
                top.close()
        # undo what the command did to the text, so the next one starts from the same state
        while w.undo_group.activeStack() is not None and w.undo_group.activeStack().canUndo():
            w.undo_group.activeStack().undo()
    assert not silent, "commands with no visible answer:\n" + "\n".join(silent)
    quit_action = next(a for n, a in commands if n.endswith("Quit"))
    quit_action.trigger()
    assert not w.isVisible()


def review_state(r) -> tuple:
    return (
        r.isVisible(),
        r.current,
        tuple((s.id, s.start, s.end, s.label) for s in r.review.gold.spans),
        r.view_gold.selection_cp(),
        r.stack.index(),
        r.review.status(),
    )


@pytest.mark.parametrize("state", ["word", "span"])
def test_every_review_window_command_answers(open_window, db_path, prompts, state):
    from tests.ui.test_review_window import A_SPANS, B_SPANS, layer

    w = open_window()  # the seed article
    layer(db_path, "amal", A_SPANS)
    layer(db_path, "badr", B_SPANS)
    w.commands["refresh"].trigger()  # F5: the other annotator's layer
    w.documents.open_document(1)
    prompts.queue("run", lambda dlg: dlg.pair() == ("amal", "badr"))  # the pair offered first
    w.commands["review"].trigger()  # Review → Review this document…
    r = w.project.review_window
    assert r.isVisible() and r.review.names == ("amal", "badr")
    commands = [(n, a) for n, a in all_menu_actions(r) if not n.endswith("Close")]
    assert len(commands) >= 14
    silent = []
    for name, act in commands:
        while r.stack.canUndo():
            r.stack.undo()
        if state == "word":
            text = r.review.gold.text
            i = text.index("كاظم")
            r.go(None)
            r.current = None
            r.view_gold.set_selection_cp(i, i + 4)
        else:
            r.view_gold.clear_selection()
            r.go(0)
        r.statusBar().clearMessage()
        before, asked = review_state(r), len(prompts.asked)
        act.trigger()
        QApplication.processEvents()
        if not (len(prompts.asked) > asked or r.statusBar().currentMessage() or review_state(r) != before):
            silent.append(name)
    assert not silent, "review commands with no visible answer:\n" + "\n".join(silent)
    close = next(a for n, a in all_menu_actions(r) if n.endswith("Close"))
    close.trigger()
    assert not r.isVisible()


def test_menus_and_the_shortcut_sheet_are_built_from_the_command_table(window):
    from app.ui import command_table as table

    in_menus = {id(a) for _, a in all_menu_actions(window)}
    for cmd in table.COMMANDS:
        if cmd.run is not None:
            assert id(window.commands[cmd.id]) in in_menus, cmd.id
    window.commands["shortcuts"].trigger()
    from PySide6.QtWidgets import QTableWidget

    sheet = window.shortcuts_dialog.findChild(QTableWidget)
    helps = {sheet.item(r, 2).text() for r in range(sheet.rowCount())}
    assert {table.help_of(c) for c in table.COMMANDS if c.keys} <= helps
    window.shortcuts_dialog.close()
