"""Choosing two annotators (for review and agreement): only pairs that share documents."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

from app.core.bidi import format_isolated
from app.ui.plain import plain_label


class PairDialog(QDialog):
    """``pairs`` are ``(a, b, documents in common)``; B offers only the annotators who share
    documents with the chosen A, and the first pair is preselected."""

    def __init__(
        self, title: str, pairs: Sequence[tuple[str, str, int]], note: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._partners: dict[str, dict[str, int]] = {}
        for a, b, n in pairs:
            self._partners.setdefault(a, {})[b] = n
            self._partners.setdefault(b, {})[a] = n
        form = QFormLayout(self)
        if note:
            label = plain_label(note)
            label.setWordWrap(True)
            form.addRow(label)
        self.a = QComboBox(self)
        self.b = QComboBox(self)
        self.a.addItems(list(self._partners))
        self.a.currentTextChanged.connect(self._fill_b)
        form.addRow(self.tr("Annotator A (reference)"), self.a)
        form.addRow(self.tr("Annotator B"), self.b)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if pairs:
            self.a.setCurrentText(pairs[0][0])
            self._fill_b(pairs[0][0])
            self.b.setCurrentIndex(self.b.findData(pairs[0][1]))

    def _fill_b(self, a: str) -> None:
        self.b.clear()
        for name, n in self._partners.get(a, {}).items():
            self.b.addItem(format_isolated(self.tr("{0} ({1} document(s) in common)"), name, n), name)

    def pair(self) -> tuple[str, str]:
        return self.a.currentText(), self.b.currentData()
