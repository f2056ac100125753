"""The one QUndoCommand: it wraps a Qt-free edit and applies it through the session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand

from app.core.bidi import format_isolated
from app.core.edits import AddSpan, DeleteSpan, Edit, RelabelSpan, ResizeSpan
from app.review.adjudicate import Decision
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
        super().__init__()
        self.session = session
        self.edit = edit
        self.retranslate()
        self._on_error = on_error
        self._pushed = False

    def retranslate(self) -> None:
        """The description in the interface language (again after the language changed)."""
        text = describe(self.edit, self.session)
        self.setText(text + "\n" + action_text(text))

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        try:
            self.edit.apply(self.session)
        except Exception as exc:
            self.setObsolete(True)
            self._on_error(exc)

    def undo(self) -> None:
        try:
            self.edit.revert(self.session)
        except Exception as exc:
            self.setObsolete(True)
            self._on_error(exc)


def _t(text: str) -> str:
    return QCoreApplication.translate("EditCommand", text)


def describe(edit: Edit, session: DocumentSession) -> str:
    """What the Undo/Redo items say about an edit, in the interface language (labels by
    their display names). Edits that carry their own text (batches) keep it."""
    from app.services.review import ReviewEdit
    from app.ui.i18n import shown_name

    ws = session.ws
    if (
        isinstance(edit, ReviewEdit)
        and edit.decision is not None
        and edit.decision != Decision.ACCEPT_AGREEMENTS
    ):
        first = next((e.record for e in edit.edits if isinstance(e, AddSpan)), None)
        what = _t(DECISIONS[edit.decision])
        return (
            format_isolated(QCoreApplication.translate("EditCommand", "{0}: “{1}”"), what, first.text)
            if first is not None
            else what
        )
    if isinstance(edit, ReviewEdit) and edit.decision == Decision.ACCEPT_AGREEMENTS:
        return format_isolated(
            QCoreApplication.translate("EditCommand", "Accept {0} agreement(s)"), len(edit.edits)
        )
    if isinstance(edit, AddSpan):
        return format_isolated(
            QCoreApplication.translate("EditCommand", "Add {0} “{1}”"),
            shown_name(ws, edit.record.label),
            edit.record.text,
        )
    if isinstance(edit, DeleteSpan) and edit.record is not None:
        return format_isolated(
            QCoreApplication.translate("EditCommand", "Delete {0} “{1}”"),
            shown_name(ws, edit.record.label),
            edit.record.text,
        )
    if isinstance(edit, RelabelSpan):
        return format_isolated(
            QCoreApplication.translate("EditCommand", "Relabel as {0}"), shown_name(ws, edit.label)
        )
    if isinstance(edit, ResizeSpan):
        return QCoreApplication.translate("EditCommand", "Resize span")
    return edit.description


DECISIONS = {
    Decision.ACCEPT_A: QT_TRANSLATE_NOOP("EditCommand", "Accept A"),
    Decision.ACCEPT_B: QT_TRANSLATE_NOOP("EditCommand", "Accept B"),
    Decision.ACCEPT_BOTH: QT_TRANSLATE_NOOP("EditCommand", "Accept both"),
    Decision.REJECT: QT_TRANSLATE_NOOP("EditCommand", "Reject both"),
    Decision.EDIT: QT_TRANSLATE_NOOP("EditCommand", "Gold"),
}
