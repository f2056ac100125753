"""Strings from data or the user — names, titles, file names, label display names — are
shown as plain text, everywhere: never interpreted as markup (``<img src=…>`` would load a
local file) nor as a mnemonic (``&``).

Qt guesses: a ``QLabel`` and every tooltip render rich text when the string looks like
HTML, and action and button texts take ``&`` as a shortcut marker. So labels showing data
are ``PlainText``, tooltips are built from escaped text, and action texts double ``&``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (line breaks kept)."""
    return QtGuiNamespace.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def action_text(text: str) -> str:
    """``text`` for a menu item or button: ``&`` shown, not taken as a mnemonic."""
    return text.replace("&", "&&")


class StatusSegment(QLabel):
    """One segment of a status bar: plain text in a frame with room on both sides (the
    same in either direction), hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setContentsMargins(6, 0, 6, 0)
        self.hide()

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.setVisible(bool(text))


def status_segment(bar: QStatusBar) -> StatusSegment:
    """A new permanent segment at the trailing end of ``bar``."""
    segment = StatusSegment(bar)
    bar.addPermanentWidget(segment)
    return segment
