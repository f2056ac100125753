"""Choosing two annotators (for review and agreement)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget


class PairDialog(QDialog):
    def __init__(self, title: str, names: Sequence[str], note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            form.addRow(label)
        self.a = QComboBox(self)
        self.b = QComboBox(self)
        for box in (self.a, self.b):
            box.addItems(list(names))
        if len(names) > 1:
            self.b.setCurrentIndex(1)
        form.addRow(self.tr("Annotator A (reference)"), self.a)
        form.addRow(self.tr("Annotator B"), self.b)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def pair(self) -> tuple[str, str]:
        return self.a.currentText(), self.b.currentText()
