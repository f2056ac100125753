"""Every modal question a Hamish window asks, in one place.

Windows never call ``QFileDialog``, ``QInputDialog``, ``QMessageBox`` or ``QDialog.exec``
themselves: they ask their :class:`Prompts` (``prompts_for(widget)`` finds the one of the
window a widget belongs to). The GUI tests replace a window's ``prompts`` with a scripted
one, then drive the window through its menus and keys: the command runs exactly as it does
for a person, and the test sees (and answers) every dialog it opens.

Messages are plain text: a file name, an annotator's name or a document's text may contain
markup (``<b>``, ``<img src=…>``) that must be shown, never interpreted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Prompts:
    """The real dialogs. Each method returns the answer, or ``None`` when cancelled."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

    def run(self, dialog: QDialog) -> bool:
        """Show a dialog modally; True when accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def open_files(self, title: str, filters: str = "") -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, "", filters)
        return list(paths)

    def open_file(self, title: str, filters: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return path or None

    def folder(self, title: str) -> str | None:
        return QFileDialog.getExistingDirectory(self.parent, title) or None

    def save_file(self, title: str, suggested: str = "", filters: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return path or None

    def text(self, title: str, label: str, default: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label, QLineEdit.EchoMode.Normal, default)
        return value if ok else None

    def choice(self, title: str, label: str, items: list[str], current: int = 0) -> str | None:
        value, ok = QInputDialog.getItem(self.parent, title, label, items, current, False)
        return value if ok else None

    def confirm(self, title: str, message: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            message,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Yes

    def error(self, title: str, message: str) -> None:
        self._box(QMessageBox.Icon.Critical, title, message)

    def info(self, title: str, message: str) -> None:
        self._box(QMessageBox.Icon.Information, title, message)

    def _box(self, icon: QMessageBox.Icon, title: str, message: str) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def prompts_for(widget: QWidget | None) -> Prompts:
    """The prompts of the window ``widget`` belongs to (its own when it has none)."""
    w = widget
    while w is not None:
        found = w.__dict__.get("prompts") if hasattr(w, "__dict__") else None
        if isinstance(found, Prompts):
            return found
        w = w.parentWidget()
    return Prompts(widget)
