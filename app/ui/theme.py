"""Light and dark palettes (Fusion style, so the palette is honoured on every platform),
and menu shortcuts that read left to right in a right-to-left interface."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionMenuItem,
    QWidget,
)

from app.core.bidi import isolate_ltr

_light: QPalette | None = None


class IsolatedShortcutStyle(QProxyStyle):
    """Fusion, with each menu item's shortcut text (the part after the tab) drawn
    as a left-to-right isolate. Qt draws it in the menu's direction, so in Arabic ``Ctrl++``
    showed as ``++Ctrl`` and ``[`` as ``]``."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_MenuItem and isinstance(option, QStyleOptionMenuItem):
            text = option.text
            tab = text.find("\t")
            if tab >= 0:
                option = QStyleOptionMenuItem(option)
                option.text = text[: tab + 1] + isolate_ltr(text[tab + 1 :])
        super().drawControl(element, option, painter, widget)


def apply_palette(app: QApplication, dark: bool) -> None:
    global _light
    if _light is None:
        app.setStyle(IsolatedShortcutStyle(QStyleFactory.create("Fusion")))
        _light = QPalette(app.style().standardPalette())
    if not dark:
        app.setPalette(_light)
        return
    p = QPalette()
    base, window, text = QColor(38, 38, 38), QColor(50, 50, 52), QColor(230, 230, 230)
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(45, 45, 48))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor(60, 60, 64))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, window)
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor(255, 80, 80))
    p.setColor(QPalette.ColorRole.Highlight, QColor(0, 114, 178))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    app.setPalette(p)
