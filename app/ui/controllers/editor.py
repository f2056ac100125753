"""Editing spans: label, relabel, delete, nudge, trim, resize, undo; sticky mode; the
selected span; what follows a committed change (highlights now, lists right after).

Every edit is a Qt-free :class:`app.core.edits.Edit` applied through the document's
session (committed before this returns) and pushed as one :class:`EditCommand`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from app.core import navigation, tokens
from app.core.bidi import embed_message, format_isolated, isolate
from app.core.edits import AddSpan, Edit
from app.core.spans import SpanConflict, SpanError, SpanRecord
from app.services.session import DocumentSession, SpanChange
from app.ui import i18n
from app.ui.commands import EditCommand
from app.ui.plain import action_text, tooltip

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint

    from app.ui.main_window import MainWindow

EXACT_MODIFIER = Qt.KeyboardModifier.AltModifier


def exact_held() -> bool:
    """Alt is held: label the exact characters, without snapping to words."""
    return bool(QApplication.keyboardModifiers() & EXACT_MODIFIER)


class EditorController(QObject):
    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.sticky_label: str | None = None
        self.last_label: str = w.ws.labels[0].name if w.ws.labels else ""
        self._pending: list[list[SpanChange]] = []
        self._select_added = False

    # -- labelling --------------------------------------------------------------------------------
    def apply_label(self, label: str, exact: bool = False) -> None:
        """Label the selection (snapped unless ``exact``) or relabel the selected span."""
        w, s = self.w, self.w.session
        if s is None:
            w.say(self.tr("Open a document first"))
            return
        self.last_label = label
        sel = w.view.selection_cp()
        try:
            if sel is not None:
                edit = s.plan_label(sel[0], sel[1], label, exact=exact)
                if edit is None:
                    w.say(format_isolated(self.tr("Already labelled as {0}"), i18n.shown_name(w.ws, label)))
                    same = s.spans.find_range(*sel) if exact else None
                    if same is not None:
                        self.select_span(same.id)
                    return
                if isinstance(edit, AddSpan) and w.prefs.get("edit/trim_proclitics_on_create"):
                    edit = self._trimmed_add(edit)
            elif w.selected_span is not None:
                edit = s.plan_relabel(w.selected_span, label)
                if edit is None:
                    w.say(format_isolated(self.tr("Already labelled as {0}"), i18n.shown_name(w.ws, label)))
                    return
            else:
                w.say(self.tr("Select some text (or click a span) first"))
                return
        except SpanConflict as exc:
            w.say(str(exc), 6000)
            QApplication.beep()
            return
        except SpanError as exc:
            w.say(str(exc), 4000)
            return
        self._select_added = isinstance(edit, AddSpan)  # on_changes selects it in the same redraw
        try:
            done = self.run_edit(edit)
        finally:
            self._select_added = False
        if done and isinstance(edit, AddSpan):
            w.view.clear_selection()
            self.select_span(edit.record.id, ensure_visible=False)

    def _trim_bounds(self, start: int, end: int) -> tuple[int, int]:
        from app.core.clitics import trim_span

        w = self.w
        assert w.session is not None and w.document_id is not None
        return trim_span(w.session.text, start, end, known=w.search.engine.vocabulary([w.document_id]))

    def _trimmed_add(self, edit: AddSpan) -> AddSpan:
        """The new span without its leading proclitics (the "trim on creation" option)."""
        assert self.w.session is not None
        rec = edit.record
        start, end = self._trim_bounds(rec.start, rec.end)
        if (start, end) == (rec.start, rec.end):
            return edit
        try:
            planned = self.w.session.plan_label(start, end, rec.label, exact=True)
        except SpanError:
            return edit
        return planned if isinstance(planned, AddSpan) else edit

    def trim_selected_span(self) -> None:
        w = self.w
        rec = w.session.spans.get(w.selected_span)  # type: ignore[union-attr, arg-type]
        start, end = self._trim_bounds(rec.start, rec.end)
        if (start, end) == (rec.start, rec.end):
            w.say(format_isolated(self.tr("No proclitic to trim in “{0}”"), rec.text))
            return
        self.resize(rec.id, start, end)  # type: ignore[arg-type]

    def delete_selected_span(self) -> None:
        w = self.w
        self.run_edit(w.session.plan_delete(w.selected_span))  # type: ignore[union-attr, arg-type]

    def relabel(self, span_id: int, label: str) -> None:
        if self.w.session is None:
            return
        edit = self.w.session.plan_relabel(span_id, label)
        if edit is not None:
            self.run_edit(edit)

    # -- edits, undo, failures ---------------------------------------------------------------------
    def run_edit(self, edit: Edit) -> bool:
        """Apply an edit (committed when this returns) and put it on the undo stack."""
        w = self.w
        assert w.session is not None and w.document_id is not None
        try:
            w.session.apply(edit)
        except SpanError as exc:
            w.say(str(exc), 5000)
            return False
        except Exception as exc:
            self.report_failure(exc)
            return False
        w.documents.stack_for(w.document_id).push(EditCommand(w.session, edit, self.report_failure))
        return True

    def undo_redo(self, undo: bool) -> None:
        w = self.w
        stack = w.undo_group.activeStack()
        if stack is None or not (stack.canUndo() if undo else stack.canRedo()):
            w.say(self.tr("Nothing to undo") if undo else self.tr("Nothing to redo"))
            return
        text = stack.command(stack.index() - (1 if undo else 0)).text()  # not the menu's action text
        stack.undo() if undo else stack.redo()
        w.say(embed_message(self.tr("Undone: {0}") if undo else self.tr("Redone: {0}"), text))

    def update_undo_texts(self) -> None:
        w = self.w
        undo, redo = w.undo_group.undoText(), w.undo_group.redoText()
        w.commands["undo"].setText(
            embed_message(self.tr("Undo {0}"), undo) if undo else w.command_text("undo")
        )
        w.commands["redo"].setText(
            embed_message(self.tr("Redo {0}"), redo) if redo else w.command_text("redo")
        )

    def report_failure(self, exc: Exception) -> None:
        """The database refused a change: say so, then show what the database holds (another
        Hamish may have changed the document; the view must not keep a state that is not saved)."""
        w = self.w
        for stack in w.undo_group.stacks():
            stack.clear()
        w.show_error(
            self.tr("Not saved"),
            self.tr(
                "The last change could not be saved, so it was not made:\n\n{0}\n\n"
                "Everything shown is what the database holds. Undo history was cleared."
            ).format(exc),
        )
        try:
            w.documents.reload_project()
        except Exception as again:
            w.say(format_isolated(self.tr("The database cannot be read: {0}"), again), 10000)

    # -- after a commit ---------------------------------------------------------------------------
    def on_changes(self, changes: Sequence[SpanChange], doc_id: int | None = None) -> None:
        """A change was committed: redraw the text now, let the lists follow right after.

        The span list and its selection are updated on the next turn of the event loop,
        so the key press → commit → highlight path does not wait for the list to repaint.
        Changes to another document (label-all across the project) only update its row.
        """
        w = self.w
        if doc_id is not None and doc_id != w.document_id:
            w.doc_panel.update_document(doc_id, w.documents.session_for(doc_id).spans)
            return
        if w.session is None:
            return
        if self._select_added and len(changes) == 1 and changes[0].kind == "added":
            w.selected_span = w.view.selected_span = changes[0].record.id
        elif w.selected_span is not None and w.selected_span not in w.session.spans:
            w.selected_span = None
            w.view.selected_span = None
        w.view.refresh_highlights()
        w.mark_saved()
        w.update_info()
        self._pending.append(list(changes))
        if len(self._pending) == 1:
            QTimer.singleShot(0, self.flush_span_panel)

    def forget_pending(self) -> None:
        self._pending = []

    def fill_span_panel(self, session: DocumentSession) -> None:
        w = self.w
        if session is w.session and w.span_panel.model_.session is not session:
            w.span_panel.set_session(session)
            w.span_panel.show_span(w.selected_span)

    def flush_span_panel(self) -> None:
        w = self.w
        pending, self._pending = self._pending, []
        if not pending or w.session is None:
            return
        model = w.span_panel.model_
        if model.session is not w.session:
            self.fill_span_panel(w.session)
            return
        try:
            if len(pending) == 1:
                model.span_changes(pending[0])
            else:
                model.reset()
        except (KeyError, ValueError):  # changes overtook each other: resynchronise
            model.reset()
        w.span_panel.show_span(w.selected_span)
        w.doc_panel.update_document(w.document_id, w.session.spans)  # type: ignore[arg-type]

    # -- selection --------------------------------------------------------------------------------
    def select_span(self, span_id: int | None, source: str = "", ensure_visible: bool = True) -> None:
        w = self.w
        if w.session is None:
            return
        if span_id is not None and span_id not in w.session.spans:
            span_id = None
        w.selected_span = span_id
        w.view.select_span(span_id, ensure_visible=ensure_visible and source == "panel")
        if source != "panel" and not self._pending:  # else the flush shows it
            w.span_panel.show_span(span_id)
        if span_id is not None:
            w.guidelines.show_label(w.session.spans.get(span_id).label)
        w.update_info()

    def on_span_clicked(self, span_id: int) -> None:
        self.select_span(span_id if span_id >= 0 else None, source="view")

    def clear_selection(self) -> None:
        self.w.view.clear_selection()
        self.select_span(None)

    # -- sticky mode ------------------------------------------------------------------------------
    def toggle_sticky(self) -> None:
        self.set_sticky(None if self.sticky_label else (self.last_label or None))

    def set_sticky(self, label: str | None) -> None:
        if label is not None and label not in self.w.ws.label_by_name:
            label = None
        self.sticky_label = label
        self.w.commands["sticky"].setChecked(label is not None)
        self.update_mode()
        self.w.say(self.w.mode_label.text() or self.tr("Sticky label mode off"))

    def update_mode(self) -> None:
        w = self.w
        act = w.commands["sticky"]
        if self.sticky_label:
            shown = i18n.shown_name(w.ws, self.sticky_label)
            w.mode_label.setText(format_isolated(self.tr("Sticky: {0}"), shown))
            act.setText(format_isolated(self.tr("Sticky: {0}"), action_text(shown)))
        else:
            w.mode_label.setText("")
            act.setText(w.command_text("sticky"))
        act.setToolTip(tooltip(w.mode_label.text() or act.text()))  # not guessed as markup

    def on_selection_released(self) -> None:
        if self.sticky_label:
            self.apply_label(self.sticky_label, exact_held())

    # -- keyboard navigation and nudging ---------------------------------------------------------------
    def step_span(self, step: int) -> None:
        w = self.w
        s = w.session
        assert s is not None
        if not len(s.spans):
            w.say(self.tr("No span in this document yet"))
            return
        if w.selected_span is not None and w.selected_span in s.spans:
            row = s.spans.position(w.selected_span) + step
        else:
            caret = w.view.caret_cp()
            nxt = s.spans.next_after(caret - 1) if step > 0 else s.spans.previous_before(caret + 1)
            row = s.spans.position(nxt.id) if nxt is not None else (0 if step > 0 else len(s.spans) - 1)  # type: ignore[arg-type]
        row = max(0, min(len(s.spans) - 1, row))
        self.select_span(s.spans.at_row(row).id, source="panel")
        w.say(format_isolated(self.tr("Span {0} of {1}"), row + 1, len(s.spans)), 2000)

    def next_unlabelled_sentence(self) -> None:
        w = self.w
        assert w.session is not None
        found = navigation.next_unlabelled_sentence(w.session.text, w.session.spans, w.view.caret_cp())
        if found is None:
            w.say(self.tr("No unlabelled sentence after this one"), 4000)
            return
        self.select_span(None)
        w.view.set_selection_cp(*found)
        w.view.ensureCursorVisible()

    def nudge(self, edge: navigation.Edge, direction: int, by_char: bool = False) -> None:
        """Move an edge of the selected span by a word (or by a character)."""
        w = self.w
        rec = w.session.spans.get(w.selected_span)  # type: ignore[union-attr, arg-type]
        start, end = navigation.nudged(w.session.text, rec.start, rec.end, edge, direction, by_char)  # type: ignore[union-attr]
        self.resize(rec.id, start, end)  # type: ignore[arg-type]

    def resize(self, span_id: int, start: int, end: int) -> None:
        w = self.w
        assert w.session is not None
        try:
            edit = w.session.plan_resize(span_id, start, end)
        except SpanError as exc:
            w.say(str(exc), 5000)
            QApplication.beep()
            return
        if edit is None:
            w.say(self.tr("The span is already there"))
        elif self.run_edit(edit):
            self.select_span(span_id, ensure_visible=False)

    def on_resize_requested(self, span_id: int, start: int, end: int) -> None:
        """An edge of a span was dragged with the mouse (snapped to words unless Alt)."""
        s = self.w.session
        if s is None or span_id not in s.spans:
            return
        if not exact_held():
            rec = s.spans.get(span_id)
            snapped = tokens.snap_to_tokens(s.text, start, end)
            if snapped is None:
                return
            start = snapped[0] if start != rec.start else start  # only the dragged edge moves
            end = snapped[1] if end != rec.end else end
        self.resize(span_id, start, end)

    # -- context menu ----------------------------------------------------------------------------
    def on_context_menu(self, spans: list[SpanRecord], global_pos: QPoint) -> None:
        menu = self.context_menu(spans)
        if menu is not None:
            menu.exec(global_pos)

    def context_menu(self, spans: list[SpanRecord]) -> QMenu | None:
        w = self.w
        menu = QMenu(w)
        if spans:
            target = spans[0]
            self.select_span(target.id)
            title = menu.addAction(
                action_text(f"{isolate(i18n.shown_name(w.ws, target.label))}: {isolate(target.text[:40])}")
            )
            title.setEnabled(False)
            relabel = menu.addMenu(self.tr("Relabel as"))
            for lab in w.ws.labels:
                act = relabel.addAction(w.swatch(lab.colour), action_text(i18n.label_text(lab)))
                act.setEnabled(lab.name != target.label)
                act.triggered.connect(lambda _=False, n=lab.name, sid=target.id: self.relabel(sid, n))  # type: ignore[misc]
            menu.addAction(w.commands["delete"])
            menu.addSeparator()
            for other in spans[1:]:
                act = menu.addAction(
                    action_text(
                        format_isolated(
                            self.tr("Select enclosing {0}: {1}"),
                            i18n.shown_name(w.ws, other.label),
                            other.text[:30],
                        )
                    )
                )
                act.triggered.connect(lambda _=False, sid=other.id: self.select_span(sid))
        if w.view.selection_cp() is not None:
            lab_menu = menu.addMenu(self.tr("Label selection as"))
            for lab in w.ws.labels:
                act = lab_menu.addAction(w.swatch(lab.colour), action_text(i18n.label_text(lab)))
                act.triggered.connect(lambda _=False, n=lab.name: self.apply_label(n))
        if spans:
            menu.addActions([w.commands["trim"], w.commands["label_all"]])
        return menu if menu.actions() else None
