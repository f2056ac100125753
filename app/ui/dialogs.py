"""Message boxes for widgets that are not a window: they go through the window's prompts
(``app.ui.prompts``), so they are plain text and the tests see them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.prompts import prompts_for


def error_box(parent: QWidget | None, title: str, message: str) -> None:
    prompts_for(parent).error(title, message)


def info_box(parent: QWidget | None, title: str, message: str) -> None:
    prompts_for(parent).info(title, message)
