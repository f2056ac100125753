"""GUI test fixtures: the windows' dialogs, scripted.

Every dialog a window opens goes through ``app.ui.prompts.Prompts``. The ``prompts``
fixture replaces its methods (for every window, including one not built yet) with a script:
each question is recorded in ``prompts.asked`` and answered from what the test queued
(``prompts.queue("save_file", path)``, ``prompts.queue("run", fill)`` where ``fill(dialog)``
works the dialog like a person and returns True for OK); an unanswered question is
cancelled. Tests then trigger the window's actions and keys, never its handlers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from app.ui.application import ensure_app, open_workspace
from app.ui.main_window import MainWindow
from app.ui.prompts import Prompts

CANCELLED: dict[str, Any] = {
    "run": False,
    "open_files": [],
    "open_file": None,
    "folder": None,
    "save_file": None,
    "text": None,
    "choice": None,
    "confirm": False,
}


@dataclass
class Asked:
    kind: str  # run, open_files, open_file, folder, save_file, text, choice, confirm, error, info
    title: str
    detail: Any = None  # the dialog (run), the message (error, info), the items (choice)


@dataclass
class ScriptedPrompts:
    asked: list[Asked] = field(default_factory=list)
    answers: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)  # the text of every error box shown

    def queue(self, kind: str, answer: Any) -> None:
        self.answers[kind].append(answer)

    def _answer(self, kind: str, *args: Any) -> Any:
        if not self.answers[kind]:
            return CANCELLED[kind]
        answer = self.answers[kind].pop(0)
        return answer(*args) if callable(answer) else answer

    def kinds(self) -> list[str]:
        return [a.kind for a in self.asked]

    def messages(self, kind: str = "error") -> list[str]:
        return [a.detail for a in self.asked if a.kind == kind]

    def dialogs(self) -> list[QDialog]:
        return [a.detail for a in self.asked if a.kind == "run"]


@pytest.fixture(autouse=True)
def prompts(monkeypatch) -> ScriptedPrompts:
    """Active in every GUI test: no test ever waits on a real dialog."""
    script = ScriptedPrompts()

    def run(self: Prompts, dialog: QDialog) -> bool:
        script.asked.append(Asked("run", dialog.windowTitle(), dialog))
        return bool(script._answer("run", dialog))

    def asker(kind: str) -> Callable[..., Any]:
        def ask(self: Prompts, title: str, *rest: Any) -> Any:
            script.asked.append(Asked(kind, title, rest[0] if rest else None))
            return script._answer(kind, *rest)

        return ask

    def tell(kind: str) -> Callable[..., None]:
        def say(self: Prompts, title: str, message: str) -> None:
            script.asked.append(Asked(kind, title, message))
            if kind == "error":
                script.errors.append(message)

        return say

    monkeypatch.setattr(Prompts, "run", run)
    for kind in ("open_files", "open_file", "folder", "save_file", "text", "choice", "confirm"):
        monkeypatch.setattr(Prompts, kind, asker(kind))
    monkeypatch.setattr(Prompts, "error", tell("error"))
    monkeypatch.setattr(Prompts, "info", tell("info"))
    return script


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A test that switches the interface to Arabic (View → Language) leaves it English."""
    yield
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n

    app = QApplication.instance()
    if app is not None and i18n.current_language() != "en":
        i18n.install(app, "en")


@pytest.fixture
def errors(prompts, monkeypatch) -> list[str]:
    """The text of every error box the windows showed (through their prompts or not)."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: prompts.errors.append(self.text()) or 0)
    return prompts.errors


@pytest.fixture
def open_window(qtbot, db_path, errors):
    """Open a main window on ``db_path`` as amal (a new database gets the seed article)."""
    opened = []

    def _open():
        ensure_app()
        ws = open_workspace(str(db_path), "amal")
        w = MainWindow(ws)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        assert QTest.qWaitForWindowActive(w)  # shortcuts need an active window
        w.view.setFocus()
        opened.append((w, ws))
        return w

    yield _open
    for w, ws in opened:
        w.close()
        ws.close()


@pytest.fixture
def window(open_window):
    return open_window()
