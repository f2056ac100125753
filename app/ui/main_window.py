"""The annotation window: document list, right-to-left text, label palette, span panel."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QToolButton,
)

from app.core import tokens
from app.core.edits import AddSpan, Edit
from app.core.labels import ARABIC_INDIC_DIGITS, DEFAULT_LABELS, PERSIAN_DIGITS
from app.core.spans import SpanConflict, SpanError
from app.services import export as export_service
from app.services import importing
from app.services.session import DocumentSession, SpanChange
from app.services.workspace import Label, ServiceError, Workspace
from app.ui import fonts
from app.ui.commands import EditCommand
from app.ui.document_list import DocumentList
from app.ui.document_view import DocumentView
from app.ui.span_panel import SpanPanel

SETTING_LAST_DOCUMENT = "ui.last_document"
SETTING_POINT_SIZE = "ui.text_point_size"
EXACT_MODIFIER = Qt.KeyboardModifier.AltModifier
MIN_POINT, MAX_POINT = 8.0, 72.0

SHORTCUTS_HELP = """
<h3>Keyboard</h3>
<table cellpadding="3">
<tr><td><b>1</b>–<b>5</b> or <b>P R O E F</b></td><td>label the selection (person, role, organisation, event,
figure); edges snap to whole words. With a span selected and no text selected: relabel it.</td></tr>
<tr><td><b>Alt</b> + label key / Alt + click</td><td>label the exact characters selected (no snapping), e.g. روسيا inside وروسيا</td></tr>
<tr><td>Arabic layout</td><td>١–٥ and ح ق خ ث ب (the same physical keys) work too</td></tr>
<tr><td>Shift + ←/→, Ctrl + Shift + ←/→</td><td>extend the selection by a character / a word (logical order)</td></tr>
<tr><td>Double-click, drag</td><td>select a word / a range</td></tr>
<tr><td>Click a span</td><td>select it (also from the span list)</td></tr>
<tr><td>Delete / Backspace</td><td>delete the selected span</td></tr>
<tr><td>Ctrl+Z, Ctrl+Shift+Z (Ctrl+Y)</td><td>undo, redo</td></tr>
<tr><td>Ctrl + + / Ctrl + − / Ctrl+0</td><td>zoom in, out, reset</td></tr>
<tr><td>Ctrl+O, Ctrl+E</td><td>import .txt files, export JSONL</td></tr>
<tr><td>Esc</td><td>clear the selection</td></tr>
</table>
"""


def _swatch(colour: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(colour))
    return QIcon(pm)


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.session: DocumentSession | None = None
        self.document_id: int | None = None
        self.selected_span: int | None = None
        self._sessions: dict[int, tuple[DocumentSession, QUndoStack]] = {}
        self.undo_group = QUndoGroup(self)
        self.last_error: str | None = None
        self._pending_changes: list[list[SpanChange]] = []
        self._select_added = False

        self.setWindowTitle("Hamish")
        self.resize(1280, 820)
        self.view = DocumentView(self)
        self.view.set_label_colours({lab.name: lab.colour for lab in ws.labels})
        self.setCentralWidget(self.view)

        self.doc_list = DocumentList(self)
        dock = QDockWidget("Documents", self)
        dock.setObjectName("documents")
        dock.setWidget(self.doc_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.documents_dock = dock

        self.span_panel = SpanPanel(self)
        self.span_panel.model_.colours = {lab.name: QColor(lab.colour) for lab in ws.labels}
        dock = QDockWidget("Spans", self)
        dock.setObjectName("spans")
        dock.setWidget(self.span_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.spans_dock = dock
        self.resizeDocks([self.documents_dock, self.spans_dock], [300, 340], Qt.Orientation.Horizontal)

        self.saved_label = QLabel("")
        self.info_label = QLabel("")
        self.statusBar().addPermanentWidget(self.info_label)
        self.statusBar().addPermanentWidget(self.saved_label)

        self._build_actions()
        self._build_menus()
        self._build_palette()

        self.view.spanClicked.connect(self._on_span_clicked)
        self.view.cursorPositionChanged.connect(self._update_info)
        self.span_panel.spanActivated.connect(lambda sid: self.select_span(sid, source="panel"))
        self.doc_list.documentActivated.connect(self.open_document)

        size = ws.setting(SETTING_POINT_SIZE)
        if size:
            try:
                self.view.set_point_size(min(MAX_POINT, max(MIN_POINT, float(size))))
            except ValueError:
                pass
        self.reload_documents()
        last = ws.setting(SETTING_LAST_DOCUMENT)
        rows = self.doc_list.model_.rows
        ids = {r.id for r in rows}
        target = int(last) if last and last.isdigit() and int(last) in ids else (rows[0].id if rows else None)
        if target is not None:
            self.open_document(target)
        # camel-tools' tokenizer costs ~0.3 s to import: pay it after the first paint, in a
        # background thread (a label key pressed earlier simply waits for the import).
        self.view.painted.connect(self._warm_up_once)

    def _warm_up_once(self) -> None:
        self.view.painted.disconnect(self._warm_up_once)
        threading.Thread(target=tokens.warm_up, name="camel-tools-import", daemon=True).start()

    # -- actions, menus, palette --------------------------------------------------------------
    def _action(self, text: str, slot, shortcuts: Sequence[QKeySequence | str] = (), tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) if isinstance(s, str) else s for s in shortcuts])
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.act_import = self._action("Import text files…", self.import_dialog, [QKeySequence.StandardKey.Open])
        self.act_export = self._action("Export JSONL…", self.export_dialog, ["Ctrl+E"])
        self.act_quit = self._action("Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.act_undo = self.undo_group.createUndoAction(self, "Undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.undo_group.createRedoAction(self, "Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_delete = self._action("Delete span", self.delete_selected_span, ["Delete", "Backspace"])
        self.act_clear = self._action("Clear selection", self.clear_selection, ["Esc"])
        self.act_zoom_in = self._action("Zoom in", lambda: self.zoom(+1), ["Ctrl++", "Ctrl+="])
        self.act_zoom_out = self._action("Zoom out", lambda: self.zoom(-1), ["Ctrl+-"])
        self.act_zoom_reset = self._action("Reset zoom", lambda: self.zoom(0), ["Ctrl+0"])
        self.act_shortcuts = self._action("Keyboard shortcuts", self.show_shortcuts, ["F1"])
        self.act_about = self._action("About Hamish", self.show_about)

        self.label_actions: dict[str, QAction] = {}
        self.exact_label_actions: dict[str, QAction] = {}
        arabic_letters = {d.name: d.arabic_letter for d in DEFAULT_LABELS}
        for lab in self.ws.labels:
            keys: list[str] = []
            if lab.key:
                keys += [lab.key, ARABIC_INDIC_DIGITS.get(lab.key, ""), PERSIAN_DIGITS.get(lab.key, "")]
            if lab.letter:
                keys += [lab.letter.upper(), arabic_letters.get(lab.name, "")]
            keys = [k for k in keys if k]
            hint = " / ".join(k for k in (lab.key, lab.letter.upper()) if k)
            act = self._action(
                f"{lab.name}\t{hint}", lambda _=False, n=lab.name: self.apply_label(n, self._exact_held()), keys
            )
            act.setIcon(_swatch(lab.colour))
            act.setToolTip(f"Label the selection as {lab.name} ({hint}; Alt+key: exact characters)")
            self.label_actions[lab.name] = act
            exact = self._action(
                f"{lab.name} (exact)", lambda _=False, n=lab.name: self.apply_label(n, True), [f"Alt+{k}" for k in keys]
            )
            self.exact_label_actions[lab.name] = exact

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("File")
        m.addActions([self.act_import, self.act_export])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_delete, self.act_clear])
        m = mb.addMenu("Labels")
        m.addActions(list(self.label_actions.values()))
        m = mb.addMenu("View")
        m.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        m.addSeparator()
        m.addActions([self.documents_dock.toggleViewAction(), self.spans_dock.toggleViewAction()])
        m = mb.addMenu("Help")
        m.addActions([self.act_shortcuts, self.act_about])

    def _build_palette(self) -> None:
        bar = QToolBar("Labels", self)
        bar.setObjectName("labels")
        bar.setMovable(False)
        bar.setIconSize(QSize(14, 14))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.palette_buttons: dict[str, QToolButton] = {}
        for lab in self.ws.labels:
            btn = QToolButton(bar)
            btn.setDefaultAction(self.label_actions[lab.name])
            btn.setText(f"{lab.key}  {lab.name}" if lab.key else lab.name)
            btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            btn.setStyleSheet(f"QToolButton {{ border-bottom: 3px solid {lab.colour}; padding: 3px 8px; }}")
            bar.addWidget(btn)
            self.palette_buttons[lab.name] = btn
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.palette = bar

    @staticmethod
    def _exact_held() -> bool:
        return bool(QApplication.keyboardModifiers() & EXACT_MODIFIER)

    # -- documents ----------------------------------------------------------------------------
    def reload_documents(self) -> None:
        self.doc_list.set_rows(self.ws.documents(), self.document_id)

    def open_document(self, doc_id: int) -> None:
        if doc_id == self.document_id:
            return
        entry = self._sessions.get(doc_id)
        if entry is None:
            try:
                session = DocumentSession(self.ws, doc_id)
            except ServiceError as exc:
                self.show_error("Cannot open the document", str(exc))
                return
            stack = QUndoStack(self.undo_group)
            session.subscribe(self._on_changes)
            entry = (session, stack)
            self._sessions[doc_id] = entry
        session, stack = entry
        self.session = session
        self.document_id = doc_id
        self.selected_span = None
        self.undo_group.setActiveStack(stack)
        self.view.set_session(session)
        self.span_panel.set_session(session)
        self.doc_list.show_document(doc_id)
        self.setWindowTitle(f"Hamish — {session.title}")
        self._update_info()
        try:
            self.ws.set_setting(SETTING_LAST_DOCUMENT, str(doc_id))
        except Exception:  # noqa: BLE001 - remembering the last document is a nicety
            pass

    # -- labelling ----------------------------------------------------------------------------
    def apply_label(self, label: str, exact: bool = False) -> None:
        """Label the selection (snapped unless ``exact``) or relabel the selected span."""
        s = self.session
        if s is None:
            return
        sel = self.view.selection_cp()
        try:
            if sel is not None:
                edit = s.plan_label(sel[0], sel[1], label, exact=exact)
                if edit is None:
                    same = s.spans.find_range(*sel) if exact else None
                    self.statusBar().showMessage("Already labelled as " + label, 3000)
                    if same is not None:
                        self.select_span(same.id)
                    return
            elif self.selected_span is not None:
                edit = s.plan_relabel(self.selected_span, label)
                if edit is None:
                    return
            else:
                self.statusBar().showMessage("Select some text (or click a span) first", 3000)
                return
        except SpanConflict as exc:
            self.statusBar().showMessage(str(exc), 6000)
            QApplication.beep()
            return
        except SpanError as exc:
            self.statusBar().showMessage(str(exc), 4000)
            return
        self._select_added = isinstance(edit, AddSpan)  # _on_changes selects it in the same redraw
        try:
            done = self.run_edit(edit)
        finally:
            self._select_added = False
        if done and isinstance(edit, AddSpan):
            self.view.clear_selection()
            self.select_span(edit.record.id, ensure_visible=False)

    def delete_selected_span(self) -> None:
        if self.session is None or self.selected_span is None:
            return
        self.run_edit(self.session.plan_delete(self.selected_span))

    def run_edit(self, edit: Edit) -> bool:
        """Apply an edit (committed when this returns) and put it on the undo stack."""
        assert self.session is not None
        entry = self._sessions[self.document_id]  # type: ignore[index]
        try:
            self.session.apply(edit)
        except SpanError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return False
        except Exception as exc:  # noqa: BLE001 - database trouble: tell the user it was not saved
            self._report_failure(exc)
            return False
        entry[1].push(EditCommand(self.session, edit, self._report_failure))
        return True

    def _report_failure(self, exc: Exception) -> None:
        for stack in self.undo_group.stacks():
            stack.clear()
        self.show_error(
            "Not saved",
            f"The last change could not be saved, so it was not made:\n\n{exc}\n\n"
            "Everything shown is what the database holds. Undo history was cleared.",
        )

    def _on_changes(self, changes: Sequence[SpanChange]) -> None:
        """A change was committed: redraw the text now, let the lists follow right after.

        The span list and its selection are updated on the next turn of the event loop,
        so the key press → commit → highlight path does not wait for the table to repaint.
        """
        if self.session is None:
            return
        if self._select_added and len(changes) == 1 and changes[0].kind == "added":
            self.selected_span = self.view.selected_span = changes[0].record.id
        elif self.selected_span is not None and self.selected_span not in self.session.spans:
            self.selected_span = None
            self.view.selected_span = None
        self.view.refresh_highlights()
        self.doc_list.model_.set_span_count(self.document_id, len(self.session.spans))  # type: ignore[arg-type]
        self.saved_label.setText("Saved ✓ " + time.strftime("%H:%M:%S"))
        self._update_info()
        self._pending_changes.append(list(changes))
        if len(self._pending_changes) == 1:
            QTimer.singleShot(0, self._flush_span_panel)

    def _flush_span_panel(self) -> None:
        pending, self._pending_changes = self._pending_changes, []
        model = self.span_panel.model_
        if model.session is not self.session:
            return
        try:
            if len(pending) == 1:
                model.span_changes(pending[0])
            else:
                model.set_session(self.session)
        except (KeyError, ValueError):  # changes overtook each other: resynchronise
            model.set_session(self.session)
        self.span_panel.show_span(self.selected_span)

    # -- selection ------------------------------------------------------------------------------
    def select_span(self, span_id: int | None, source: str = "", ensure_visible: bool = True) -> None:
        if self.session is None:
            return
        if span_id is not None and span_id not in self.session.spans:
            span_id = None
        self.selected_span = span_id
        self.view.select_span(span_id, ensure_visible=ensure_visible and source == "panel")
        if source != "panel" and not self._pending_changes:  # else the flush shows it
            self.span_panel.show_span(span_id)
        self._update_info()

    def _on_span_clicked(self, span_id: int) -> None:
        self.select_span(span_id if span_id >= 0 else None, source="view")

    def clear_selection(self) -> None:
        self.view.clear_selection()
        self.select_span(None)

    def _update_info(self) -> None:
        if self.session is None:
            self.info_label.setText(f"{self.ws.annotator_name} · no document")
            return
        parts = [self.ws.annotator_name, f"{len(self.session.spans)} spans", f"offset {self.view.caret_cp()}"]
        sel = self.view.selection_cp()
        if sel:
            parts.append(f"selected {sel[0]}–{sel[1]}")
        if self.selected_span is not None and self.selected_span in self.session.spans:
            rec = self.session.spans.get(self.selected_span)
            parts.append(f"span: {rec.label} {rec.start}–{rec.end}")
        self.info_label.setText(" · ".join(parts))

    # -- zoom -------------------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        size = fonts.DEFAULT_TEXT_POINT_SIZE if step == 0 else self.view.point_size() + step
        size = min(MAX_POINT, max(MIN_POINT, size))
        self.view.set_point_size(size)
        try:
            self.ws.set_setting(SETTING_POINT_SIZE, f"{size:g}")
        except Exception:  # noqa: BLE001
            pass

    # -- import / export -------------------------------------------------------------------------
    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import text files", "", "Text files (*.txt);;All files (*)")
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[str | Path]) -> importing.ImportReport | None:
        try:
            report = importing.import_text_files(self.ws, paths)
        except importing.ImportFailed as exc:
            self.show_error("Nothing was imported", "\n".join(exc.problems))
            return None
        except (ServiceError, Exception) as exc:  # noqa: BLE001
            self.show_error("Nothing was imported", str(exc))
            return None
        self.reload_documents()
        msg = report.summary()
        if report.duplicates:
            msg += ": " + ", ".join(name for name, _ in report.duplicates) + " already present"
        self.statusBar().showMessage(msg, 8000)
        if report.added:
            self.open_document(report.added[0][0])
        return report

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export JSONL", "hamish-export.jsonl", "JSON Lines (*.jsonl)")
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> export_service.ExportReport | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = export_service.export(self.ws, path, "jsonl")
        except Exception as exc:  # noqa: BLE001
            QApplication.restoreOverrideCursor()
            self.show_error("Export failed", f"{exc}\n\nNothing was written.")
            return None
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(report.summary(), 8000)
        return report

    # -- dialogs ---------------------------------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        self.last_error = message
        QMessageBox.critical(self, title, message)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_HELP)

    def show_about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            "About Hamish",
            f"<b>Hamish (هامش)</b> {__version__}<br>Named-entity annotation for Arabic.<br>"
            f"Project: {self.ws.location}<br>Annotator: {self.ws.annotator_name}<br>"
            "Fonts: Noto Naskh Arabic and Noto Sans (SIL Open Font License 1.1).",
        )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        for session, _stack in self._sessions.values():
            session.unsubscribe(self._on_changes)
        super().closeEvent(event)
