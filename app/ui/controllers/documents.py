"""Documents: one session (and undo stack) per document, opening, status, reloading from
the database without moving the view, and active time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from app.core.layers import FINISHED, LayerStatus
from app.services.session import DocumentSession, SpanChange
from app.services.workspace import ServiceError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SETTING_LAST_DOCUMENT = "ui.last_document"
_ACTIVITY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseButtonDblClick}
)
ViewPosition = tuple[int, int, int, int, "int | None"]  # document, top line, anchor, caret, span


class DocumentsController(QObject):
    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self._sessions: dict[int, tuple[DocumentSession, QUndoStack]] = {}
        self._listeners: dict[int, Callable[[Sequence[SpanChange]], None]] = {}
        self.timekeeper = None
        self._time_timer: QTimer | None = None

    # -- sessions ------------------------------------------------------------------------------
    def session_for(self, doc_id: int) -> DocumentSession:
        """The one session of a document in this window (created if needed, not shown):
        edits of other documents (label-all across the project) go through it, so the
        document never has two sessions that could disagree."""
        entry = self._sessions.get(doc_id)
        if entry is None:
            session = DocumentSession(self.w.ws, doc_id)
            stack = QUndoStack(self.w.undo_group)
            listener = lambda changes, d=doc_id: self.w.editor.on_changes(changes, d)  # noqa: E731
            session.subscribe(listener)
            self._listeners[doc_id] = listener
            entry = (session, stack)
            self._sessions[doc_id] = entry
        return entry[0]

    def stack_for(self, doc_id: int) -> QUndoStack:
        self.session_for(doc_id)
        return self._sessions[doc_id][1]

    def spans_by_document(self) -> dict[int, object]:
        """The spans of every document this window holds a session of (label-all)."""
        return {d: e[0].spans for d, e in self._sessions.items()}

    def drop_session(self, doc_id: int) -> None:
        """Forget a document's session and undo history (the next open reads it again)."""
        entry = self._sessions.pop(doc_id, None)
        if entry is None:
            return
        session, stack = entry
        session.unsubscribe(self._listeners.pop(doc_id))
        self.w.undo_group.removeStack(stack)
        stack.deleteLater()
        if self.w.document_id == doc_id:
            self.w.document_id = None

    def drop_sessions(self) -> None:
        for doc_id, (session, stack) in self._sessions.items():
            session.unsubscribe(self._listeners.get(doc_id))  # type: ignore[arg-type]
            stack.clear()
        self._sessions.clear()
        self._listeners.clear()

    # -- opening -------------------------------------------------------------------------------
    def reload_list(self) -> None:
        w = self.w
        text, status = w.doc_panel.filters()
        w.doc_panel.set_rows(w.ws.documents(), w.ws.label_counts(), w.document_id, text, status, w.ws)

    def open_document(self, doc_id: int) -> None:
        w = self.w
        if doc_id == w.document_id:
            return
        try:
            session = self.session_for(doc_id)
        except ServiceError as exc:
            w.show_error(self.tr("Cannot open the document"), str(exc))
            return
        if self.timekeeper is not None:
            self.timekeeper.open(doc_id)
        w.editor.flush_span_panel()
        w.session = session
        w.document_id = doc_id
        w.selected_span = None
        w.undo_group.setActiveStack(self._sessions[doc_id][1])
        w.view.set_session(session)
        # The span list (10,000 rows in a big document) fills right after the text is shown.
        QTimer.singleShot(0, lambda s=session: w.editor.fill_span_panel(s))
        w.doc_list.show_document(doc_id)
        w.setWindowTitle(session.title)  # Qt adds " — Hamish" (the application's display name)
        w.update_info()
        try:
            w.ws.set_setting(SETTING_LAST_DOCUMENT, str(doc_id))
        except Exception:
            pass

    def open_last(self) -> None:
        """At start: the document open when the window last closed, else the first."""
        last = self.w.ws.setting(SETTING_LAST_DOCUMENT)
        rows = self.w.doc_list.model_.rows
        ids = {r.id for r in rows}
        target = int(last) if last and last.isdigit() and int(last) in ids else (rows[0].id if rows else None)
        if target is not None:
            self.open_document(target)

    def toggle_done(self) -> None:
        w = self.w
        row = w.doc_list.model_.row_for(w.document_id)  # type: ignore[arg-type]
        new = (
            LayerStatus.IN_PROGRESS
            if row is not None and row.status == LayerStatus.DONE
            else LayerStatus.DONE
        )
        try:
            w.ws.set_status(w.document_id, new)  # type: ignore[arg-type]
        except Exception as exc:
            w.editor.report_failure(exc)
            return
        w.mark_saved()
        self.reload_list()
        w.say(self.tr("Marked done") if new == LayerStatus.DONE else self.tr("Back in progress"))

    def next_unfinished(self) -> None:
        w = self.w
        rows = w.doc_list.model_.rows
        ids = [r.id for r in rows]
        start = ids.index(w.document_id) + 1 if w.document_id in ids else 0
        for r in rows[start:] + rows[:start]:
            if r.status not in FINISHED and r.id != w.document_id:
                self.open_document(r.id)
                return
        w.say(self.tr("No other unfinished document"), 4000)

    # -- reloading -------------------------------------------------------------------------------
    def reload_project(self) -> None:
        """Re-read everything from the database (another Hamish wrote to it, or a restore).

        Sessions are rebuilt, so undo history is cleared: undo must never act on a state
        this window did not see. The view stays where the user is (same lines on screen,
        same caret or selection, same selected span when it still exists).
        """
        w = self.w
        current = w.document_id
        position = self.view_position()
        self.drop_sessions()
        w.editor.forget_pending()
        w.session = None
        w.document_id = None
        w.ws.reload_labels()
        w.apply_labels()
        self.reload_list()
        ids = {r.id for r in w.doc_list.model_.rows}
        if current in ids:
            self.open_document(current)  # type: ignore[arg-type]
            self.restore_view_position(position)
        elif ids:
            self.open_document(w.doc_list.model_.rows[0].id)
        w.project.database_reloaded()

    def refresh(self) -> None:
        """F5: show what the database holds now (another Hamish's changes)."""
        try:
            self.reload_project()
        except Exception as exc:
            self.w.show_error(self.tr("Cannot read the database"), str(exc))
            return
        self.w.say(self.tr("Reloaded from the database"))

    def view_position(self) -> ViewPosition | None:
        w = self.w
        if w.session is None or w.document_id is None:
            return None
        return w.document_id, w.view.top_cp(), w.view.anchor_cp(), w.view.caret_cp(), w.selected_span

    def restore_view_position(self, position: ViewPosition | None) -> None:
        w = self.w
        if position is None or w.session is None or position[0] != w.document_id:
            return
        _doc, top, anchor, caret, span = position
        n = len(w.session.text)
        w.view.set_selection_cp(min(anchor, n), min(caret, n))
        w.view.set_top_cp(min(top, n))
        if span is not None and span in w.session.spans:
            w.editor.select_span(span, ensure_visible=False)
        w.view.refresh_highlights()

    # -- active time -----------------------------------------------------------------------------
    def start_timekeeping(self) -> None:
        from app.services.activity import TimeKeeper

        w = self.w
        first = self.timekeeper is None
        self.timekeeper = TimeKeeper(w.ws, idle_after=float(w.prefs.get("edit/idle_seconds")))  # type: ignore[arg-type]
        if w.document_id is not None:
            self.timekeeper.open(w.document_id)
        if first:
            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
            self._time_timer = QTimer(self)
            self._time_timer.setInterval(60_000)
            self._time_timer.timeout.connect(self.save_time)
            self._time_timer.start()

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if self.timekeeper is not None and event.type() in _ACTIVITY_EVENTS:
            self.timekeeper.activity()
        return False

    def save_time(self, close: bool = False) -> None:
        if self.timekeeper is None:
            return
        if close:
            self.timekeeper.close()
        try:
            saved = self.timekeeper.save()
        except Exception:
            return
        for doc_id, secs in saved.items():
            self.w.doc_list.model_.add_seconds(doc_id, secs)

    def close(self) -> None:
        self.save_time(close=True)
        for doc_id, (session, _stack) in self._sessions.items():
            session.unsubscribe(self._listeners.get(doc_id))  # type: ignore[arg-type]
