"""The one QUndoCommand: it wraps a Qt-free edit and applies it through the session."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from app.core.edits import Edit
from app.services.session import DocumentSession
from app.ui.plain import action_text


class EditCommand(QUndoCommand):
    """Undo/redo of one :class:`app.core.edits.Edit` (a batch is one edit too).

    The edit is applied *before* the command is pushed (so a refused or failed edit never
    reaches the stack); the first ``redo()`` that ``QUndoStack.push`` calls is skipped.
    Errors during a later undo/redo are reported through ``on_error``.
    """

    def __init__(self, session: DocumentSession, edit: Edit, on_error: Callable[[Exception], None]) -> None:
        # "text\naction text": text() is the description as it is; the Undo/Redo menu items
        # show the action text, where a "&" of the span text is doubled (not a mnemonic).
        super().__init__(edit.description + "\n" + action_text(edit.description))
        self.session = session
        self.edit = edit
        self._on_error = on_error
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        try:
            self.edit.apply(self.session)
        except Exception as exc:  # noqa: BLE001 - reported to the user, stack cleared
            self.setObsolete(True)
            self._on_error(exc)

    def undo(self) -> None:
        try:
            self.edit.revert(self.session)
        except Exception as exc:  # noqa: BLE001
            self.setObsolete(True)
            self._on_error(exc)
