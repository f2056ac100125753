"""The annotation window: document list, right-to-left text, label palette, span tree,
guidelines; every edit through one QUndoCommand that calls a Qt-free edit."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPixmap, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
)

from app.core import tokens
from app.core.bidi import format_isolated, isolate, isolate_ltr
from app.core.edits import AddSpan, Edit
from app.core.spans import SpanConflict, SpanError
from app.services import backups
from app.services import export as export_service
from app.services import importing
from app.services.search import ProjectSearch
from app.services.session import DocumentSession, SpanChange
from app.services.workspace import ServiceError, Workspace
from app.ui import fonts, i18n, keys
from app.ui.commands import EditCommand
from app.ui.document_list import DocumentPanel
from app.ui.document_view import DocumentView
from app.ui.find_panel import FindPanel
from app.ui.guidelines import GuidelinesPanel
from app.ui.prompts import Prompts
from app.ui.plain import action_text, status_segment, tooltip
from app.ui.settings import Preferences
from app.ui.span_panel import SpanPanel

def _kt(text: str) -> str:
    return QCoreApplication.translate("Keys", text)


_ACTIVITY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseButtonDblClick}
)
SETTING_LAST_DOCUMENT = "ui.last_document"
SETTING_POINT_SIZE = "ui.text_point_size"
EXACT_MODIFIER = Qt.KeyboardModifier.AltModifier
MIN_POINT, MAX_POINT = 8.0, 72.0
EDITOR_MIN_WIDTH = 360  # px at 96 dpi


def _swatch(colour: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(colour))
    return QIcon(pm)


class MainWindow(QMainWindow):
    rebuildRequested = Signal()  # language changed: the application builds a new window

    def __init__(self, ws: Workspace, prefs: Preferences | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.prefs = prefs or Preferences()
        self.session: DocumentSession | None = None
        self.document_id: int | None = None
        self.selected_span: int | None = None
        self.sticky_label: str | None = None
        self.last_label: str = ws.labels[0].name if ws.labels else ""
        self._sessions: dict[int, tuple[DocumentSession, QUndoStack]] = {}
        self._listeners: dict[int, Callable] = {}  # type: ignore[type-arg]
        self.timekeeper = None
        self.search = ProjectSearch(ws)
        self.undo_group = QUndoGroup(self)
        self.last_error: str | None = None
        self._pending_changes: list[list[SpanChange]] = []
        self._select_added = False
        self.actions_by_name: dict[str, QAction] = {}
        self.prompts = Prompts(self)  # every dialog goes through it (tests script it)

        self.setWindowTitle("Hamish")
        self.resize(1320, 840)
        self.view = DocumentView(self)
        self.setCentralWidget(self.view)

        self.doc_panel = DocumentPanel(self)
        self.doc_list = self.doc_panel.table
        self.documents_dock = self._dock(self.tr("Documents"), "documents", self.doc_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.span_panel = SpanPanel(self)
        self.spans_dock = self._dock(self.tr("Spans"), "spans", self.span_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.guidelines = GuidelinesPanel(self)
        self.guidelines_dock = self._dock(
            self.tr("Guidelines"), "guidelines", self.guidelines, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.spans_dock, self.guidelines_dock)
        self.find_panel = FindPanel(self)
        self.find_dock = self._dock(self.tr("Find"), "find", self.find_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.find_dock.hide()
        self.spans_dock.raise_()
        self.resizeDocks([self.documents_dock, self.spans_dock], [400, 360], Qt.Orientation.Horizontal)
        # The text has priority: a narrow window narrows the panels, never the text below
        # about twenty words a line (a narrower text view breaks Arabic words mid-word).
        self.view.setMinimumWidth(round(EDITOR_MIN_WIDTH * self.logicalDpiX() / 96))

        # Plain-text segments, framed and spaced alike in either direction: mode, info, saved.
        self.mode_label = status_segment(self.statusBar())
        self.info_label = status_segment(self.statusBar())
        self.saved_label = status_segment(self.statusBar())

        self._build_actions()
        self._build_menus()
        self._build_palette()
        self.apply_labels()
        geometry, state = self.prefs.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.apply_theme(self.prefs.get("ui/theme"))

        self.view.spanClicked.connect(self._on_span_clicked)
        self.view.selectionReleased.connect(self._on_selection_released)
        self.view.spanResizeRequested.connect(self._on_resize_requested)
        self.view.spanContextMenu.connect(self._on_context_menu)
        self.view.cursorPositionChanged.connect(self._update_info)
        self.span_panel.spanActivated.connect(lambda sid: self.select_span(sid, source="panel"))
        self.doc_list.documentActivated.connect(self.open_document)
        self.doc_panel.filterChanged.connect(self.reload_documents)
        self.find_panel.searchRequested.connect(self.run_search)
        self.find_panel.stepRequested.connect(self.step_hit)
        self.find_panel.leaveRequested.connect(self.view.setFocus)
        self.find_panel.hitActivated.connect(self.show_hit)
        self._start_timekeeping()

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
        self.auto_backup = None
        if ws.db.location.path is not None:
            self.auto_backup = backups.AutoBackup(ws)
            self._backup_timer = QTimer(self)
            self._backup_timer.setInterval(backups.AUTO_INTERVAL_S * 1000)
            self._backup_timer.timeout.connect(lambda: self._auto_backup("auto"))
            self._backup_timer.start()
        # camel-tools' tokenizer costs ~0.3 s to import: pay it after the first paint, in a
        # background thread (a label key pressed earlier simply waits for the import).
        self.view.painted.connect(self._warm_up_once)

    def _warm_up_once(self) -> None:
        self.view.painted.disconnect(self._warm_up_once)
        threading.Thread(target=tokens.warm_up, name="camel-tools-import", daemon=True).start()

    def _dock(self, title: str, name: str, widget, area: Qt.DockWidgetArea) -> QDockWidget:  # type: ignore[no-untyped-def]
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- actions, menus, palette --------------------------------------------------------------
    def _action(self, text: str, slot: Callable, shortcuts: Sequence[QKeySequence] = (), name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts(list(shortcuts))
        # Handlers take no arguments: ``triggered`` passes ``checked``, which must never
        # reach a parameter of the handler.
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        if name:
            self.actions_by_name[name] = act
        return act

    def _command(self, name: str, text: str, slot: Callable) -> QAction:
        return self._action(text, slot, keys.sequences(keys.BY_NAME[name].keys), name)

    def _build_actions(self) -> None:
        self.act_import = self._command("import", self.tr("Import text files…"), self.import_dialog)
        self.act_export = self._command("export", self.tr("Export JSONL…"), self.export_dialog)
        self.act_quit = self._command("quit", self.tr("Quit"), self.close)
        # Undo/redo stay enabled: with nothing to undo, Ctrl+Z says so instead of doing nothing.
        self.act_undo = self._command("undo", self.tr("Undo"), lambda: self.undo_redo(undo=True))
        self.act_redo = self._command("redo", self.tr("Redo"), lambda: self.undo_redo(undo=False))
        self.undo_group.undoTextChanged.connect(self._update_undo_texts)
        self.undo_group.redoTextChanged.connect(self._update_undo_texts)
        self.act_delete = self._command("delete", self.tr("Delete span"), self.delete_selected_span)
        self.act_clear = self._command("clear", self.tr("Clear selection"), self.clear_selection)
        self.act_next_span = self._command("next_span", self.tr("Next span"), lambda: self.step_span(+1))
        self.act_prev_span = self._command("prev_span", self.tr("Previous span"), lambda: self.step_span(-1))
        self.act_next_unlabelled = self._command(
            "next_unlabelled", self.tr("Next unlabelled sentence"), self.next_unlabelled_sentence
        )
        self.act_grow_start = self._command("grow_start", self.tr("Span start earlier"), lambda: self.nudge("start", -1))
        self.act_shrink_start = self._command("shrink_start", self.tr("Span start later"), lambda: self.nudge("start", +1))
        self.act_grow_end = self._command("grow_end", self.tr("Span end later"), lambda: self.nudge("end", +1))
        self.act_shrink_end = self._command("shrink_end", self.tr("Span end earlier"), lambda: self.nudge("end", -1))
        self.act_nudges_char = [
            self._command("grow_start_char", self.tr("Span start one character earlier"), lambda: self.nudge("start", -1, True)),
            self._command("shrink_start_char", self.tr("Span start one character later"), lambda: self.nudge("start", +1, True)),
            self._command("grow_end_char", self.tr("Span end one character later"), lambda: self.nudge("end", +1, True)),
            self._command("shrink_end_char", self.tr("Span end one character earlier"), lambda: self.nudge("end", -1, True)),
        ]
        self.act_find = self._command("find", self.tr("Find…"), self.show_find)
        self.act_find_next = self._command("find_next", self.tr("Next hit"), lambda: self.step_hit(+1))
        self.act_find_prev = self._command("find_prev", self.tr("Previous hit"), lambda: self.step_hit(-1))
        self.act_trim = self._command("trim", self.tr("Trim proclitics"), self.trim_selected_span)
        self.act_label_all = self._command("label_all", self.tr("Label all occurrences…"), self.label_all_dialog)
        self.act_edit_labels = self._action(self.tr("Edit labels…"), self.labels_dialog)
        self.act_sticky = self._command("sticky", self.tr("Sticky label mode"), self.toggle_sticky)
        self.act_sticky.setCheckable(True)
        self.act_done = self._command("done", self.tr("Mark document done"), self.toggle_done)
        self.act_next_unfinished = self._command(
            "next_unfinished", self.tr("Next unfinished document"), self.next_unfinished_document
        )
        self.act_zoom_in = self._command("zoom_in", self.tr("Zoom in"), lambda: self.zoom(+1))
        self.act_zoom_out = self._command("zoom_out", self.tr("Zoom out"), lambda: self.zoom(-1))
        self.act_zoom_reset = self._command("zoom_reset", self.tr("Reset zoom"), lambda: self.zoom(0))
        self.act_shortcuts = self._command("shortcuts", self.tr("Keyboard shortcuts"), self.show_shortcuts)
        self.act_about = self._action(self.tr("About Hamish"), self.show_about)
        self.act_import_corpus = self._action(self.tr("Import corpus…"), self.import_corpus_dialog, [QKeySequence("Ctrl+Shift+O")])
        self.act_export_corpus = self._action(self.tr("Export…"), self.export_corpus_dialog, [QKeySequence("Ctrl+Shift+E")])
        self.act_merge = self._action(self.tr("Merge annotations from…"), self.merge_dialog)
        self.act_backup = self._action(self.tr("Back up now"), self.backup_now)
        self.act_restore = self._action(self.tr("Restore from backup…"), self.restore_dialog)
        self.act_save_copy = self._action(self.tr("Save a copy of the open project…"), self.save_copy_dialog)
        self.act_refresh = self._action(self.tr("Reload from the database"), self.refresh, [QKeySequence("F5")])
        self.act_review = self._action(self.tr("Review this document…"), self.review_dialog, [QKeySequence("Ctrl+R")])
        self.act_agreement = self._action(self.tr("Agreement report…"), self.agreement_dialog)
        self.act_switch_annotator = self._action(self.tr("Switch annotator…"), self.switch_annotator_dialog)
        self.act_preferences = self._action(self.tr("Preferences…"), self.show_preferences)
        self.act_preferences.setShortcuts([QKeySequence(QKeySequence.StandardKey.Preferences), QKeySequence("Ctrl+,")])
        self.act_dark = self._action(
            self.tr("Dark theme"), lambda: self.set_theme("dark" if self.act_dark.isChecked() else "light")
        )
        self.act_dark.setCheckable(True)
        self.act_dark.setChecked(self.prefs.get("ui/theme") == "dark")
        self.language_group = QActionGroup(self)
        self.act_lang_en = self._action("English", lambda: self.set_language("en"))
        self.act_lang_ar = self._action("العربية", lambda: self.set_language("ar"))
        for act, code in ((self.act_lang_en, "en"), (self.act_lang_ar, "ar")):
            act.setCheckable(True)
            act.setChecked(self.prefs.get("ui/language") == code)
            self.language_group.addAction(act)
        self.label_actions: dict[str, QAction] = {}
        self.exact_label_actions: dict[str, QAction] = {}
        self.sticky_label_actions: dict[str, QAction] = {}

    def _label_key_sequences(self, key: str, letter: str, modifier: str = "") -> list[QKeySequence]:
        seqs = [k for k in (key, letter.upper() if letter else "") if k]
        return keys.sequences(tuple(f"{modifier}{k}" for k in seqs))

    def apply_labels(self) -> None:
        """(Re)build label actions, palette and colours from ``ws.labels``."""
        for act in [*self.label_actions.values(), *self.exact_label_actions.values(), *self.sticky_label_actions.values()]:
            self.removeAction(act)
            act.deleteLater()
        self.label_actions.clear()
        self.exact_label_actions.clear()
        self.sticky_label_actions.clear()
        for lab in self.ws.labels:
            hint = " / ".join(k for k in (lab.key, lab.letter.upper()) if k)
            shown = i18n.label_text(lab)
            act = self._action(
                f"{action_text(shown)}\t{hint}",
                lambda n=lab.name: self.apply_label(n, self._exact_held()),
                self._label_key_sequences(lab.key, lab.letter),
            )
            act.setIcon(_swatch(lab.colour))
            act.setToolTip(
                tooltip(format_isolated(self.tr("Label the selection as {0} ({1}; Alt+key: exact characters)"), shown, hint))
            )
            self.label_actions[lab.name] = act
            self.exact_label_actions[lab.name] = self._action(
                f"{lab.name} (exact)",
                lambda n=lab.name: self.apply_label(n, True),
                self._label_key_sequences(lab.key, lab.letter, "Alt+"),
            )
            self.sticky_label_actions[lab.name] = self._action(
                f"{lab.name} (sticky)",
                lambda n=lab.name: self.set_sticky(n if self.sticky_label != n else None),
                self._label_key_sequences(lab.key, "", "Ctrl+"),
            )
        self.labels_menu.clear()
        self.labels_menu.addActions(list(self.label_actions.values()))
        self.labels_menu.addSeparator()
        self.labels_menu.addAction(self.act_sticky)
        self.labels_menu.addAction(self.act_edit_labels)
        self._rebuild_palette()
        self.view.set_label_colours({lab.name: lab.colour for lab in self.ws.labels}, self.view.dark)
        self.span_panel.model_.colours = {lab.name: QColor(lab.colour) for lab in self.ws.labels}
        self.span_panel.model_.names = i18n.label_names(self.ws)
        self.guidelines.set_labels(self.ws.labels)
        self.doc_panel.set_labels(self.ws.labels)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("File"))
        m.addActions([self.act_import, self.act_import_corpus, self.act_merge])
        m.addSeparator()
        m.addActions([self.act_export, self.act_export_corpus])
        m.addSeparator()
        m.addActions([self.act_backup, self.act_restore, self.act_save_copy, self.act_refresh])
        m.addSeparator()
        m.addActions([self.act_switch_annotator, self.act_preferences])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu(self.tr("Edit"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_delete, self.act_clear])
        m.addSeparator()
        m.addActions([self.act_grow_start, self.act_shrink_start, self.act_grow_end, self.act_shrink_end])
        m.addActions(self.act_nudges_char)
        m.addSeparator()
        m.addActions([self.act_trim, self.act_label_all])
        m.addSeparator()
        m.addActions([self.act_find, self.act_find_next, self.act_find_prev])
        self.labels_menu = mb.addMenu(self.tr("Labels"))
        m = mb.addMenu(self.tr("Navigate"))
        m.addActions([self.act_next_span, self.act_prev_span, self.act_next_unlabelled])
        m.addSeparator()
        m.addActions([self.act_done, self.act_next_unfinished])
        m = mb.addMenu(self.tr("Review"))
        m.addActions([self.act_review, self.act_agreement])
        m = mb.addMenu(self.tr("View"))
        m.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        m.addSeparator()
        m.addAction(self.act_dark)
        lang = m.addMenu(self.tr("Language"))
        lang.addActions([self.act_lang_en, self.act_lang_ar])
        m.addSeparator()
        m.addActions(
            [
                self.documents_dock.toggleViewAction(),
                self.spans_dock.toggleViewAction(),
                self.guidelines_dock.toggleViewAction(),
                self.find_dock.toggleViewAction(),
            ]
        )
        self.help_menu = mb.addMenu(self.tr("Help"))
        self.help_menu.addActions([self.act_shortcuts, self.act_about])

    def _build_palette(self) -> None:
        bar = QToolBar(self.tr("Labels"), self)
        bar.setObjectName("labels")
        bar.setMovable(False)
        bar.setIconSize(QSize(14, 14))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.palette = bar
        self.palette_buttons: dict[str, QToolButton] = {}

    def _rebuild_palette(self) -> None:
        bar = self.palette
        bar.clear()
        self.palette_buttons = {}
        for lab in self.ws.labels:
            btn = QToolButton(bar)
            btn.setDefaultAction(self.label_actions[lab.name])
            shown = action_text(i18n.label_text(lab))
            btn.setText(f"{lab.key}  {shown}" if lab.key else shown)
            btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            btn.setStyleSheet(f"QToolButton {{ border-bottom: 3px solid {lab.colour}; padding: 3px 8px; }}")
            bar.addWidget(btn)
            self.palette_buttons[lab.name] = btn
        bar.addSeparator()
        sticky = QToolButton(bar)
        sticky.setDefaultAction(self.act_sticky)
        bar.addWidget(sticky)
        self.sticky_button = sticky
        self._update_mode()

    @staticmethod
    def _exact_held() -> bool:
        return bool(QApplication.keyboardModifiers() & EXACT_MODIFIER)

    # -- theme and language ------------------------------------------------------------------
    def apply_theme(self, theme: str) -> None:
        from app.ui.theme import apply_palette

        dark = theme == "dark"
        apply_palette(QApplication.instance(), dark)  # type: ignore[arg-type]
        self.view.set_label_colours({lab.name: lab.colour for lab in self.ws.labels}, dark)
        # The label buttons carry a style sheet (their colour bar): such widgets keep the
        # palette they were polished with, so they are made again in the new one.
        if getattr(self, "palette_buttons", None):
            self._rebuild_palette()

    def set_theme(self, theme: str) -> None:
        self.prefs.set("ui/theme", theme)
        self.apply_theme(theme)

    def set_language(self, code: str) -> None:
        if self.prefs.get("ui/language") == code:
            self.statusBar().showMessage(self.tr("The interface is already in this language"), 3000)
            return
        self.prefs.set("ui/language", code)
        self.rebuildRequested.emit()

    # -- documents ----------------------------------------------------------------------------
    def reload_documents(self) -> None:
        text, status = self.doc_panel.filters()
        rows = self.ws.documents()
        counts = self.ws.label_counts()
        self.doc_panel.set_rows(rows, counts, self.document_id, text, status, self.ws)

    def session_for(self, doc_id: int) -> DocumentSession:
        """The one session of a document in this window (created if needed, not shown):
        edits of other documents (label-all across the project) go through it, so the
        document never has two sessions that could disagree."""
        entry = self._sessions.get(doc_id)
        if entry is None:
            session = DocumentSession(self.ws, doc_id)
            stack = QUndoStack(self.undo_group)
            listener = lambda changes, d=doc_id: self._on_changes(changes, d)  # noqa: E731
            session.subscribe(listener)
            self._listeners[doc_id] = listener
            entry = (session, stack)
            self._sessions[doc_id] = entry
        return entry[0]

    def open_document(self, doc_id: int) -> None:
        if doc_id == self.document_id:
            return
        try:
            self.session_for(doc_id)
        except ServiceError as exc:
            self.show_error(self.tr("Cannot open the document"), str(exc))
            return
        session, stack = self._sessions[doc_id]
        if self.timekeeper is not None:
            self.timekeeper.open(doc_id)
        self._flush_span_panel()
        self.session = session
        self.document_id = doc_id
        self.selected_span = None
        self.undo_group.setActiveStack(stack)
        self.view.set_session(session)
        # The span tree (10,000 rows in a big document) fills right after the text is shown.
        QTimer.singleShot(0, lambda s=session: self._fill_span_panel(s))
        self.doc_list.show_document(doc_id)
        self.setWindowTitle(session.title)  # Qt adds " — Hamish" (the application's display name)
        self._update_info()
        try:
            self.ws.set_setting(SETTING_LAST_DOCUMENT, str(doc_id))
        except Exception:  # noqa: BLE001 - remembering the last document is a nicety
            pass

    def _fill_span_panel(self, session: DocumentSession) -> None:
        if session is self.session and self.span_panel.model_.session is not session:
            self.span_panel.set_session(session)
            self.span_panel.show_span(self.selected_span)

    def toggle_done(self) -> None:
        if self.document_id is None:
            return
        row = self.doc_list.model_.row_for(self.document_id)
        new = "in_progress" if row is not None and row.status == "done" else "done"
        try:
            self.ws.set_status(self.document_id, new)
        except Exception as exc:  # noqa: BLE001
            self._report_failure(exc)
            return
        self._mark_saved()
        self.reload_documents()
        self.statusBar().showMessage(self.tr("Marked done") if new == "done" else self.tr("Back in progress"), 3000)

    def next_unfinished_document(self) -> None:
        rows = self.doc_list.model_.rows
        if not rows:
            return
        ids = [r.id for r in rows]
        start = ids.index(self.document_id) + 1 if self.document_id in ids else 0
        for r in rows[start:] + rows[:start]:
            if r.status not in ("done", "reviewed") and r.id != self.document_id:
                self.open_document(r.id)
                return
        self.statusBar().showMessage(self.tr("Every document is done"), 4000)

    # -- labelling ----------------------------------------------------------------------------
    def apply_label(self, label: str, exact: bool = False) -> None:
        """Label the selection (snapped unless ``exact``) or relabel the selected span."""
        s = self.session
        if s is None:
            return
        self.last_label = label
        sel = self.view.selection_cp()
        try:
            if sel is not None:
                edit = s.plan_label(sel[0], sel[1], label, exact=exact)
                if edit is None:
                    same = s.spans.find_range(*sel) if exact else None
                    self.statusBar().showMessage(
                        format_isolated(self.tr("Already labelled as {0}"), i18n.shown_name(self.ws, label)), 3000
                    )
                    if same is not None:
                        self.select_span(same.id)
                    return
                if isinstance(edit, AddSpan) and self.prefs.get("edit/trim_proclitics_on_create"):
                    edit = self._trimmed_add(edit)
            elif self.selected_span is not None:
                edit = s.plan_relabel(self.selected_span, label)
                if edit is None:
                    self.statusBar().showMessage(
                        format_isolated(self.tr("Already labelled as {0}"), i18n.shown_name(self.ws, label)), 3000
                    )
                    return
            else:
                self.statusBar().showMessage(self.tr("Select some text (or click a span) first"), 3000)
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

    def _trimmed_add(self, edit: AddSpan) -> AddSpan:
        """The new span without its leading proclitics (the "trim on creation" option)."""
        assert self.session is not None
        rec = edit.record
        start, end = self._trim_bounds(rec.start, rec.end)
        if (start, end) == (rec.start, rec.end):
            return edit
        try:
            planned = self.session.plan_label(start, end, rec.label, exact=True)
        except SpanError:
            return edit
        return planned if isinstance(planned, AddSpan) else edit

    def _trim_bounds(self, start: int, end: int) -> tuple[int, int]:
        from app.core.clitics import trim_span

        assert self.session is not None and self.document_id is not None
        known = self.search.vocabulary([self.document_id])
        return trim_span(self.session.text, start, end, known=known)

    def trim_selected_span(self) -> None:
        s = self.session
        if s is None or self.selected_span is None or self.selected_span not in s.spans:
            self.statusBar().showMessage(self.tr("Select a span first"), 3000)
            return
        rec = s.spans.get(self.selected_span)
        start, end = self._trim_bounds(rec.start, rec.end)
        if (start, end) == (rec.start, rec.end):
            self.statusBar().showMessage(format_isolated(self.tr("No proclitic to trim in “{0}”"), rec.text), 3000)
            return
        self._resize(rec.id, start, end)

    def delete_selected_span(self) -> None:
        if self.session is None or self.selected_span is None or self.selected_span not in self.session.spans:
            self.statusBar().showMessage(self.tr("Select a span first (click it, or Tab to it)"), 3000)
            return
        self.run_edit(self.session.plan_delete(self.selected_span))

    def undo_redo(self, undo: bool) -> None:
        stack = self.undo_group.activeStack()
        if stack is None or not (stack.canUndo() if undo else stack.canRedo()):
            self.statusBar().showMessage(self.tr("Nothing to undo") if undo else self.tr("Nothing to redo"), 3000)
            return
        text = stack.command(stack.index() - (1 if undo else 0)).text()  # not the menu's action text
        stack.undo() if undo else stack.redo()
        self.statusBar().showMessage(format_isolated(self.tr("Undone: {0}") if undo else self.tr("Redone: {0}"), text), 3000)

    def _update_undo_texts(self) -> None:
        undo, redo = self.undo_group.undoText(), self.undo_group.redoText()
        self.act_undo.setText(format_isolated(self.tr("Undo {0}"), undo) if undo else self.tr("Undo"))
        self.act_redo.setText(format_isolated(self.tr("Redo {0}"), redo) if redo else self.tr("Redo"))

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
        """The database refused a change: say so, then show what the database holds (another
        Hamish may have changed the document; the view must not keep a state that is not saved)."""
        for stack in self.undo_group.stacks():
            stack.clear()
        self.show_error(
            self.tr("Not saved"),
            self.tr(
                "The last change could not be saved, so it was not made:\n\n{0}\n\n"
                "Everything shown is what the database holds. Undo history was cleared."
            ).format(exc),
        )
        try:
            self.reload_project()
        except Exception as again:  # noqa: BLE001 - the database cannot be read either: keep the view
            self.statusBar().showMessage(format_isolated(self.tr("The database cannot be read: {0}"), again), 10000)

    def _on_changes(self, changes: Sequence[SpanChange], doc_id: int | None = None) -> None:
        """A change was committed: redraw the text now, let the lists follow right after.

        The span list and its selection are updated on the next turn of the event loop,
        so the key press → commit → highlight path does not wait for the tree to repaint.
        Changes to another document (label-all across the project) only update its row.
        """
        if doc_id is not None and doc_id != self.document_id:
            entry = self._sessions.get(doc_id)
            if entry is not None:
                self.doc_panel.update_document(doc_id, entry[0].spans)
            return
        if self.session is None:
            return
        if self._select_added and len(changes) == 1 and changes[0].kind == "added":
            self.selected_span = self.view.selected_span = changes[0].record.id
        elif self.selected_span is not None and self.selected_span not in self.session.spans:
            self.selected_span = None
            self.view.selected_span = None
        self.view.refresh_highlights()
        self._mark_saved()
        self._update_info()
        self._pending_changes.append(list(changes))
        if len(self._pending_changes) == 1:
            QTimer.singleShot(0, self._flush_span_panel)

    def _mark_saved(self) -> None:
        """A change reached the database: the status bar says when."""
        self.saved_label.setText(format_isolated(self.tr("Saved ✓ {0}"), time.strftime("%H:%M:%S")))

    def _flush_span_panel(self) -> None:
        pending, self._pending_changes = self._pending_changes, []
        if not pending:
            return
        model = self.span_panel.model_
        if self.session is None:
            return
        if model.session is not self.session:
            self._fill_span_panel(self.session)
            return
        try:
            if len(pending) == 1:
                model.span_changes(pending[0])
            else:
                model.reset()
        except (KeyError, ValueError):  # changes overtook each other: resynchronise
            model.reset()
        self.span_panel.show_span(self.selected_span)
        self.doc_panel.update_document(self.document_id, self.session.spans)  # type: ignore[arg-type]

    # -- sticky mode --------------------------------------------------------------------------
    def toggle_sticky(self) -> None:
        self.set_sticky(None if self.sticky_label else (self.last_label or None))

    def set_sticky(self, label: str | None) -> None:
        if label is not None and label not in self.ws.label_by_name:
            label = None
        self.sticky_label = label
        self.act_sticky.setChecked(label is not None)
        self._update_mode()

    def _update_mode(self) -> None:
        if self.sticky_label:
            shown = i18n.shown_name(self.ws, self.sticky_label)
            self.mode_label.setText(format_isolated(self.tr("Sticky: {0}"), shown))
            self.act_sticky.setText(format_isolated(self.tr("Sticky: {0}"), action_text(shown)))
        else:
            self.mode_label.setText("")
            self.act_sticky.setText(self.tr("Sticky label mode"))
        self.act_sticky.setToolTip(tooltip(self.mode_label.text() or self.act_sticky.text()))  # not guessed as markup

    def _on_selection_released(self) -> None:
        if self.sticky_label:
            self.apply_label(self.sticky_label, self._exact_held())

    # -- keyboard navigation and nudging -------------------------------------------------------
    def step_span(self, step: int) -> None:
        s = self.session
        if s is None or not len(s.spans):
            self.statusBar().showMessage(self.tr("No span in this document yet"), 3000)
            return
        if self.selected_span is not None and self.selected_span in s.spans:
            row = s.spans.position(self.selected_span) + step
        else:
            caret = self.view.caret_cp()
            nxt = s.spans.next_after(caret - 1) if step > 0 else s.spans.previous_before(caret + 1)
            row = s.spans.position(nxt.id) if nxt is not None else (0 if step > 0 else len(s.spans) - 1)  # type: ignore[arg-type]
        row = max(0, min(len(s.spans) - 1, row))
        self.select_span(s.spans.at_row(row).id, source="panel")
        self.statusBar().showMessage(format_isolated(self.tr("Span {0} of {1}"), row + 1, len(s.spans)), 2000)

    def next_unlabelled_sentence(self) -> None:
        s = self.session
        if s is None:
            return
        text = s.text
        pos = self.view.caret_cp()
        start = tokens.next_sentence_start(text, pos)
        for _ in range(100_000):
            if start is None:
                self.statusBar().showMessage(self.tr("No unlabelled sentence after this one"), 4000)
                return
            a, b = tokens.sentence_bounds(text, start)
            if a < b and not s.spans.overlapping(a, b):
                end = tokens.next_token_end(text, a)
                self.select_span(None)
                self.view.set_selection_cp(a, min(end, b))
                self.view.ensureCursorVisible()
                return
            start = tokens.next_sentence_start(text, max(start, b))

    def nudge(self, edge: str, direction: int, by_char: bool = False) -> None:
        """Move an edge of the selected span by a word (or by a character)."""
        s = self.session
        if s is None or self.selected_span is None or self.selected_span not in s.spans:
            self.statusBar().showMessage(self.tr("Select a span first"), 3000)
            return
        rec = s.spans.get(self.selected_span)
        pos = rec.start if edge == "start" else rec.end
        if by_char:
            new = pos + direction
        elif direction > 0:
            new = tokens.next_token_end(s.text, pos) if edge == "end" else self._next_token_start(pos)
        else:
            new = tokens.prev_token_start(s.text, pos) if edge == "start" else self._prev_token_end(pos)
        start, end = (new, rec.end) if edge == "start" else (rec.start, new)
        self._resize(rec.id, start, end)

    def _next_token_start(self, pos: int) -> int:
        assert self.session is not None
        text = self.session.text
        end = tokens.next_token_end(text, pos)
        nxt = tokens.next_token_end(text, end)
        return tokens.prev_token_start(text, nxt) if nxt > end else end

    def _prev_token_end(self, pos: int) -> int:
        assert self.session is not None
        text = self.session.text
        start = tokens.prev_token_start(text, pos)
        prev = tokens.prev_token_start(text, start)
        return tokens.next_token_end(text, prev) if prev < start else start

    def _resize(self, span_id: int, start: int, end: int) -> None:
        assert self.session is not None
        try:
            edit = self.session.plan_resize(span_id, start, end)
        except SpanError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            QApplication.beep()
            return
        if edit is not None and self.run_edit(edit):
            self.select_span(span_id, ensure_visible=False)

    def _on_resize_requested(self, span_id: int, start: int, end: int) -> None:
        s = self.session
        if s is None or span_id not in s.spans:
            return
        if not self._exact_held():
            rec = s.spans.get(span_id)
            snapped = tokens.snap_to_tokens(s.text, start, end)
            if snapped is None:
                return
            # only the dragged edge moves
            start = snapped[0] if start != rec.start else start
            end = snapped[1] if end != rec.end else end
        self._resize(span_id, start, end)

    # -- context menu ----------------------------------------------------------------------------
    def _on_context_menu(self, spans: list, global_pos) -> None:  # type: ignore[no-untyped-def]
        menu = self.build_context_menu(spans)
        if menu is not None:
            menu.exec(global_pos)

    def build_context_menu(self, spans: list) -> QMenu | None:
        menu = QMenu(self)
        if spans:
            target = spans[0]
            self.select_span(target.id)
            title = menu.addAction(action_text(f"{isolate(i18n.shown_name(self.ws, target.label))}: {isolate(target.text[:40])}"))
            title.setEnabled(False)
            relabel = menu.addMenu(self.tr("Relabel as"))
            for lab in self.ws.labels:
                act = relabel.addAction(_swatch(lab.colour), action_text(i18n.label_text(lab)))
                act.setEnabled(lab.name != target.label)
                act.triggered.connect(lambda _=False, n=lab.name, sid=target.id: self._relabel(sid, n))
            menu.addAction(self.act_delete)
            menu.addSeparator()
            if len(spans) > 1:
                for other in spans[1:]:
                    act = menu.addAction(action_text(format_isolated(
                        self.tr("Select enclosing {0}: {1}"), i18n.shown_name(self.ws, other.label), other.text[:30]
                    )))
                    act.triggered.connect(lambda _=False, sid=other.id: self.select_span(sid))
        sel = self.view.selection_cp()
        if sel is not None:
            lab_menu = menu.addMenu(self.tr("Label selection as"))
            for lab in self.ws.labels:
                act = lab_menu.addAction(_swatch(lab.colour), action_text(i18n.label_text(lab)))
                act.triggered.connect(lambda _=False, n=lab.name: self.apply_label(n))
        for name in ("trim", "label_all"):
            if name in self.actions_by_name and spans:
                menu.addAction(self.actions_by_name[name])
        return menu if menu.actions() else None

    def _relabel(self, span_id: int, label: str) -> None:
        if self.session is None:
            return
        edit = self.session.plan_relabel(span_id, label)
        if edit is not None:
            self.run_edit(edit)

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
        if span_id is not None:
            self.guidelines.show_label(self.session.spans.get(span_id).label)
        self._update_info()

    def _on_span_clicked(self, span_id: int) -> None:
        self.select_span(span_id if span_id >= 0 else None, source="view")

    def clear_selection(self) -> None:
        self.view.clear_selection()
        self.select_span(None)

    def _update_info(self) -> None:
        if self.session is None:
            self.info_label.setText(format_isolated(self.tr("{0} · no document"), self.ws.annotator_name))
            return
        parts = [
            isolate(self.ws.annotator_name),
            format_isolated(self.tr("{0} spans"), len(self.session.spans)),
            format_isolated(self.tr("offset {0}"), self.view.caret_cp()),
        ]
        sel = self.view.selection_cp()
        if sel:
            parts.append(format_isolated(self.tr("selected {0}"), f"{sel[0]}–{sel[1]}"))
        if self.selected_span is not None and self.selected_span in self.session.spans:
            rec = self.session.spans.get(self.selected_span)
            parts.append(format_isolated(self.tr("span: {0} {1}"), i18n.shown_name(self.ws, rec.label), f"{rec.start}–{rec.end}"))
        self.info_label.setText(" · ".join(parts))

    # -- zoom -------------------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        size = fonts.DEFAULT_TEXT_POINT_SIZE if step == 0 else self.view.point_size() + step
        size = min(MAX_POINT, max(MIN_POINT, size))
        self.view.set_point_size(size)
        self.statusBar().showMessage(format_isolated(self.tr("Text size {0} pt"), f"{size:g}"), 2000)
        try:
            self.ws.set_setting(SETTING_POINT_SIZE, f"{size:g}")
        except Exception:  # noqa: BLE001
            pass

    # -- import / export -------------------------------------------------------------------------
    def import_dialog(self) -> None:
        paths = self.prompts.open_files(self.tr("Import text files"), self.tr("Text files (*.txt);;All files (*)"))
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[str | Path]) -> importing.ImportReport | None:
        try:
            report = importing.import_text_files(self.ws, paths)
        except importing.ImportFailed as exc:
            if not self._import_recognised_encodings(paths, exc.problems):
                self.show_error(self.tr("Nothing was imported"), "\n".join(exc.problems))
            return None
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Nothing was imported"), str(exc))
            return None
        self.reload_documents()
        msg = report.summary()
        if report.duplicates:
            msg += ": " + ", ".join(name for name, _ in report.duplicates) + " already present"
        self.statusBar().showMessage(msg, 8000)
        if report.added:
            self.open_document(report.added[0][0])
        return report

    def _import_recognised_encodings(self, paths: Sequence[str | Path], problems: list[str]) -> bool:
        """Files that are not UTF-8 but in an encoding Hamish recognises (Windows-1256,
        UTF-16, as ``hamish import`` does): offer to import them decoded. True when the
        question was asked (and answered)."""
        if not all("UTF-8" in p or "UTF-16" in p for p in problems):
            return False
        try:
            check = importing.inspect_corpus(self.ws, paths, "text")
        except Exception:  # noqa: BLE001 - the strict problems are shown instead
            return False
        if check.rejected or check.problems:
            return False
        question = self.tr(
            "{0}\n\nHamish recognises the encoding of every file. Import them converted from it? "
            "(The text is stored as Unicode; the encoding is recorded with each document.)"
        ).format("\n".join(problems))
        if not self.prompts.confirm(self.tr("Files not in UTF-8"), question):
            self.statusBar().showMessage(self.tr("Nothing was imported"), 4000)
            return True
        try:
            report = importing.import_corpus(self.ws, paths, "text")
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Nothing was imported"), "\n".join(getattr(exc, "problems", [])[:20]) or str(exc))
            return True
        self.after_import(report)
        return True

    def export_dialog(self) -> None:
        path = self.prompts.save_file(self.tr("Export JSONL"), "hamish-export.jsonl", self.tr("JSON Lines (*.jsonl)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> export_service.ExportReport | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = export_service.export(self.ws, path, "jsonl")
        except Exception as exc:  # noqa: BLE001
            QApplication.restoreOverrideCursor()
            self.show_error(self.tr("Export failed"), self.tr("{0}\n\nNothing was written.").format(exc))
            return None
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(report.summary(), 8000)
        return report

    def import_corpus_dialog(self) -> None:
        from app.ui.corpus_dialogs import ImportDialog

        dlg = ImportDialog(self.ws, self)
        if self.prompts.run(dlg):
            self.after_import(dlg.report)

    def after_import(self, report) -> None:  # type: ignore[no-untyped-def]
        self.reload_project()
        if report is None:
            return
        if report.added:
            self.open_document(report.added[0][0])
        self.statusBar().showMessage(report.summary().split("\n")[0], 10000)

    def export_corpus_dialog(self) -> None:
        from app.ui.corpus_dialogs import ExportDialog

        dlg = ExportDialog(self.ws, self)
        if self.prompts.run(dlg) and dlg.report is not None:
            self.prompts.info(self.tr("Exported"), dlg.report.summary())

    def merge_dialog(self) -> None:
        path = self.prompts.open_file(
            self.tr("Merge annotations from"), self.tr("Hamish projects and exports (*.db *.sqlite *.jsonl);;All files (*)")
        )
        if path:
            self.merge_from(path)

    def merge_from(self, path: str | Path):  # type: ignore[no-untyped-def]
        from app.services import merge
        from app.ui.corpus_dialogs import Progress

        progress = Progress(self, self.tr("Merging…"))
        try:
            report = merge.merge(self.ws, path, create_labels=True, progress=progress)
        except Exception as exc:  # noqa: BLE001 - nothing was written
            progress.close()
            self.show_error(self.tr("Nothing was merged"), "\n".join(getattr(exc, "problems", [])[:20]) or str(exc))
            return None
        progress.close()
        self.reload_project()
        self.statusBar().showMessage(report.summary().split("\n")[0], 10000)
        return report

    # -- dialogs ---------------------------------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        """A modal error with the message as plain text (file contents are never rendered)."""
        self.last_error = message
        self.prompts.error(title, message)

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what) for the F1 sheet, generated from the bound actions."""
        rows: list[tuple[str, str, str]] = []
        # Key sequences are left-to-right isolates: in Arabic, "Ctrl++" must not read "++Ctrl".
        labels = ", ".join(
            isolate_ltr(f"{lab.key or '–'}/{lab.letter.upper() or '–'}") + " " + isolate(i18n.label_text(lab))
            for lab in self.ws.labels
        )
        rows.append(
            (self.tr("Labelling"), self.tr("{0} / letters").format(isolate_ltr("1–9")), self.tr("Label the selection: {0}").format(labels))
        )
        rows.append((self.tr("Labelling"), self.tr("Alt + label key"), self.tr("Label the exact characters (no snapping)")))
        rows.append((self.tr("Labelling"), self.tr("Ctrl + digit"), self.tr("Sticky label mode with that label")))
        for c in keys.COMMANDS:
            act = self.actions_by_name.get(c.name)
            seqs = act.shortcuts() if act is not None else []
            texts = (s.toString(QKeySequence.SequenceFormat.NativeText) for s in seqs)
            # Backtab is what Shift+Tab sends, bound for Qt's sake, not a key anyone presses.
            shown = " / ".join(dict.fromkeys(t for t in texts if "Backtab" not in t))
            rows.append((_kt(c.group), isolate_ltr(shown), _kt(c.help)))
        for k, what in keys.VIEW_KEYS:
            rows.append((self.tr("Text"), isolate_ltr(k), _kt(what)))
        for gesture, what in keys.MOUSE:
            rows.append((self.tr("Text"), _kt(gesture), _kt(what)))
        return rows

    def show_shortcuts(self) -> QDialog:
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Keyboard shortcuts"))
        dlg.resize(820, 640)
        lay = QVBoxLayout(dlg)
        note = QLabel(
            self.tr("Letter keys also work under an Arabic keyboard layout (same physical key: ح ق خ ث ب …, ١–٥).")
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        rows = self.shortcut_rows()
        table = QTableWidget(len(rows), 3, dlg)
        table.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Keys"), self.tr("Action")])
        for i, (g, k, w) in enumerate(rows):
            for j, v in enumerate((g, k, w)):
                table.setItem(i, j, QTableWidgetItem(v))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # wraps instead of clipping
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        buttons.rejected.connect(dlg.reject)
        lay.addWidget(buttons)
        self.shortcuts_dialog = dlg
        dlg.show()
        return dlg

    def show_preferences(self) -> None:
        from app.ui.preferences import PreferencesDialog

        dlg = PreferencesDialog(self.prefs, self)
        if self.prompts.run(dlg):
            self.apply_preferences(dlg.values())

    def apply_preferences(self, values: dict) -> None:  # type: ignore[type-arg]
        language = values.pop("ui/language", None)
        for k, v in values.items():
            self.prefs.set(k, v)
        self.apply_theme(self.prefs.get("ui/theme"))
        self.act_dark.setChecked(self.prefs.get("ui/theme") == "dark")
        if language is not None:
            self.set_language(language)

    def show_about(self) -> None:
        from app import __version__

        self.prompts.info(
            self.tr("About Hamish"),
            "\n".join(
                [
                    f"Hamish (هامش) {__version__}",
                    self.tr("Named-entity annotation for Arabic."),
                    format_isolated(self.tr("Project: {0}"), self.ws.location),
                    format_isolated(self.tr("Annotator: {0}"), self.ws.annotator_name),
                    "Fonts: Noto Naskh Arabic and Noto Sans (SIL Open Font License 1.1).",
                ]
            ),
        )

    # -- find --------------------------------------------------------------------------------------
    def show_find(self) -> None:
        self.find_dock.show()
        self.find_dock.raise_()
        sel = self.view.selection_cp()
        if sel is not None and self.session is not None and sel[1] - sel[0] < 200:
            self.find_panel.query.setText(self.session.text[sel[0] : sel[1]])
        self.find_panel.query.setFocus()
        self.find_panel.query.selectAll()

    def run_search(self) -> None:
        from app.core.search import QueryError, find_all

        panel = self.find_panel
        query = panel.query.text()
        if not query.strip() or self.session is None:
            self.view.set_search_hits([])
            panel.show_hits([], 0, False)
            return
        options = panel.options()
        try:
            if panel.project_scope():
                result = self.search.search(query, options)
                rows = [(h.document_id, h.title, h.start, h.end, h.hit.before, h.hit.text, h.hit.after) for h in result.hits]
                here = [(h.start, h.end) for h in result.hits if h.document_id == self.document_id]
                total, truncated = result.total, result.truncated
            else:
                text, norm = self.search.document(self.document_id, options.normalise)  # type: ignore[arg-type]
                hits = find_all(text, query, options, normalised=norm)
                rows = [(self.document_id, self.session.title, h.start, h.end, h.before, h.text, h.after) for h in hits]
                here = [(h.start, h.end) for h in hits]
                total, truncated = len(hits), False
        except QueryError as exc:
            self.view.set_search_hits([])
            panel.show_error(str(exc))
            return
        self.search_rows = rows
        self.view.set_search_hits(here)
        panel.show_hits(rows, total, truncated)

    def step_hit(self, direction: int) -> None:
        if self.find_panel.take_pending():  # Enter typed before the debounced search ran
            self.run_search()
        hits = self.view.search_hits
        if not hits:
            if not self.find_panel.query.text().strip():
                self.statusBar().showMessage(self.tr("Nothing to find yet: Ctrl+F"), 3000)
                return
            self.run_search()
            hits = self.view.search_hits
            if not hits:
                self.statusBar().showMessage(self.tr("No hit in this document"), 3000)
                return
        caret = self.view.caret_cp()
        if direction > 0:
            i = next((k for k, (a, _) in enumerate(hits) if a >= caret), 0)
        else:
            i = next((k for k in range(len(hits) - 1, -1, -1) if hits[k][1] < caret), len(hits) - 1)
        self._select_hit(i)

    def _select_hit(self, i: int) -> None:
        a, b = self.view.search_hits[i]
        self.view.current_hit = i
        self.select_span(None)
        self.view.set_selection_cp(a, b)
        self.view.ensureCursorVisible()
        self.view.refresh_highlights()
        self.view.setFocus()  # a label key now labels the hit (it would type into the query)
        rows = getattr(self, "search_rows", [])
        for k, row in enumerate(rows):
            if row[0] == self.document_id and row[2] == a:
                self.find_panel.select_row(k)
                break
        self.statusBar().showMessage(format_isolated(self.tr("Hit {0} of {1}"), i + 1, len(self.view.search_hits)), 3000)

    def show_hit(self, doc_id: int, start: int, end: int) -> None:
        if doc_id != self.document_id:
            self.open_document(doc_id)
            self.run_search()
        hits = self.view.search_hits
        i = next((k for k, (a, b) in enumerate(hits) if (a, b) == (start, end)), -1)
        if i >= 0:
            self._select_hit(i)
        else:
            self.view.set_selection_cp(start, end)
            self.view.ensureCursorVisible()

    # -- label all occurrences ------------------------------------------------------------------------
    def label_all_dialog(self) -> None:
        from app.core.search import starts_inside_word
        from app.ui.label_all_dialog import LabelAllDialog

        s = self.session
        if s is None or self.selected_span is None or self.selected_span not in s.spans:
            self.statusBar().showMessage(self.tr("Select a span first: its text is searched"), 4000)
            return
        rec = s.spans.get(self.selected_span)
        dlg = LabelAllDialog(
            self.search,
            rec.text,
            rec.label,
            i18n.label_names(self.ws),
            self.document_id,  # type: ignore[arg-type]
            lambda: {d: e[0].spans for d, e in self._sessions.items()},
            proclitics=starts_inside_word(s.text, rec.start),
            parent=self,
        )
        if self.prompts.run(dlg):
            self.apply_label_all(dlg)

    def apply_label_all(self, dlg) -> bool:  # type: ignore[no-untyped-def]
        from app.core.edits import Batch
        from app.services.project_edit import ProjectBatch

        by_doc = dlg.edits_by_document()
        if not by_doc:
            self.statusBar().showMessage(self.tr("Nothing to label"), 3000)
            return False
        n = sum(len(v) for v in by_doc.values())
        text = format_isolated(self.tr("Label all: {0} span(s)"), n)
        if list(by_doc) == [self.document_id]:
            edit: Edit = Batch(by_doc[self.document_id], text)  # type: ignore[index]
        else:
            try:
                parts = [(self.session_for(d), Batch(e, text)) for d, e in by_doc.items()]
            except ServiceError as exc:
                self.show_error(self.tr("Nothing was labelled"), str(exc))
                return False
            edit = ProjectBatch(parts, text)
        done = self.run_edit(edit)
        if done:
            self.statusBar().showMessage(
                format_isolated(self.tr("{0} span(s) labelled in {1} document(s) — one undo step"), n, len(by_doc)), 6000
            )
        return done

    # -- labels -----------------------------------------------------------------------------------------
    def labels_dialog(self) -> None:
        from app.ui.label_dialog import LabelDialog

        dlg = LabelDialog(self.ws, self)
        if self.prompts.run(dlg):
            self.after_label_change()

    def after_label_change(self) -> None:
        """Labels were renamed/recoloured/re-keyed: sessions hold label names, rebuild them."""
        self.reload_project()

    # -- active time ----------------------------------------------------------------------------------------
    def _start_timekeeping(self) -> None:
        from app.services.activity import TimeKeeper

        first = self.timekeeper is None
        self.timekeeper = TimeKeeper(self.ws, idle_after=float(self.prefs.get("edit/idle_seconds")))  # type: ignore[arg-type]
        if self.document_id is not None:
            self.timekeeper.open(self.document_id)
        if first:
            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
            self._time_timer = QTimer(self)
            self._time_timer.setInterval(60_000)
            self._time_timer.timeout.connect(self._save_time)
            self._time_timer.start()

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if self.timekeeper is not None and event.type() in _ACTIVITY_EVENTS:
            self.timekeeper.activity()
        return False

    def _save_time(self, close: bool = False) -> None:
        if self.timekeeper is None:
            return
        if close:
            self.timekeeper.close()
        try:
            saved = self.timekeeper.save()
        except Exception:  # noqa: BLE001 - kept pending, saved with the next flush
            return
        for doc_id, secs in saved.items():
            self.doc_panel.table.model_.add_seconds(doc_id, secs)

    # -- annotator ------------------------------------------------------------------------------------
    def switch_annotator_dialog(self) -> None:
        name = self.prompts.text(
            self.tr("Switch annotator"), self.tr("Annotator's name (each annotator has their own layer):"),
            self.ws.annotator_name,
        )
        if name is not None:
            self.switch_annotator(name)

    def switch_annotator(self, name: str) -> bool:
        self._save_time(close=True)
        try:
            self.ws.switch_annotator(name)
        except ServiceError as exc:
            self.show_error(self.tr("Annotator not changed"), str(exc))
            return False
        self.reload_project()
        self._start_timekeeping()
        self.statusBar().showMessage(format_isolated(self.tr("Working as {0}"), self.ws.annotator_name), 5000)
        return True

    # -- review ------------------------------------------------------------------------------------
    def review_dialog(self) -> None:
        from app.services import agreement
        from app.ui.pair_dialog import PairDialog

        if self.document_id is None:
            self.statusBar().showMessage(self.tr("Open a document first"), 4000)
            return
        pairs = agreement.pairs(self.ws, include_gold=False, document_id=self.document_id)
        if not pairs:
            self.statusBar().showMessage(
                self.tr("This document has fewer than two annotators' layers (merge or import another annotator's work)"),
                6000,
            )
            return
        dlg = PairDialog(self.tr("Review this document"), pairs, parent=self)
        if self.prompts.run(dlg):
            self.open_review(*dlg.pair())

    def open_review(self, a: str, b: str):  # type: ignore[no-untyped-def]
        from app.ui.review_window import ReviewWindow

        if self.document_id is None:
            return None
        try:
            win = ReviewWindow(self.ws, self.document_id, a, b, parent=self)
        except ServiceError as exc:
            self.show_error(self.tr("Cannot review"), str(exc))
            return None
        win.setWindowFlag(Qt.WindowType.Window, True)
        win.show()
        self.review_window = win
        return win

    def agreement_dialog(self) -> None:
        from app.services import agreement
        from app.ui.pair_dialog import PairDialog

        pairs = agreement.pairs(self.ws, include_gold=False)
        if not pairs:
            self.statusBar().showMessage(self.tr("Agreement needs two annotators with a document in common"), 5000)
            return
        dlg = PairDialog(self.tr("Agreement report"), pairs, parent=self)
        if self.prompts.run(dlg):
            self.open_agreement(*dlg.pair())

    def open_agreement(self, a: str, b: str, document_id: int | None = None):  # type: ignore[no-untyped-def]
        from app.ui.agreement_window import AgreementWindow

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            win = AgreementWindow(self.ws, a, b, document_id, parent=self)
        except ServiceError as exc:
            QApplication.restoreOverrideCursor()
            self.show_error(self.tr("No agreement figures"), str(exc))
            return None
        QApplication.restoreOverrideCursor()
        win.setWindowFlag(Qt.WindowType.Window, True)
        win.show()
        self.agreement_window = win
        return win

    # -- backups, restore, reload ------------------------------------------------------------------
    def _auto_backup(self, reason: str) -> None:
        if self.auto_backup is None:
            return
        try:
            path = self.auto_backup.run(reason)
        except Exception as exc:  # noqa: BLE001 - a failed backup must be seen, not crash the editor
            self.statusBar().showMessage(format_isolated(self.tr("Automatic backup failed: {0}"), exc), 10000)
            return
        if path is not None:
            self.statusBar().showMessage(format_isolated(self.tr("Backed up to {0}"), path), 4000)

    def backup_now(self) -> Path | None:
        try:
            path = backups.backup_now(self.ws, "manual")
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Backup failed"), str(exc))
            return None
        self.statusBar().showMessage(format_isolated(self.tr("Backed up to {0}"), path), 8000)
        return path

    def restore_dialog(self) -> None:
        try:
            found = backups.list_backups(self.ws)
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Restore"), str(exc))
            return
        if not found:
            self.statusBar().showMessage(self.tr("No backups yet"), 4000)
            return
        item = self.prompts.choice(
            self.tr("Restore from backup"), self.tr("Backup (the current state is backed up first):"),
            [b.label for b in found],
        )
        if item is not None:
            self.restore_from(found[[b.label for b in found].index(item)].path)

    def restore_from(self, source: Path) -> Path | None:
        path = self.ws.db.location.path
        if path is None:
            return None
        self._flush_span_panel()
        self.ws.db.engine.dispose()
        try:
            safety = backups.restore(path, source)
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Restore failed"), str(exc))
            return None
        self.reload_project()
        self.statusBar().showMessage(format_isolated(self.tr("Restored {0}; the previous state is in {1}"), source, safety), 10000)
        return safety

    def save_copy_dialog(self) -> None:
        target = self.prompts.save_file(self.tr("Save a copy of the open project"), "hamish-copy.db")
        if target:
            try:
                self.ws.db.save_copy(target)
            except Exception as exc:  # noqa: BLE001
                self.show_error(self.tr("Could not save a copy"), str(exc))
                return
            self.statusBar().showMessage(format_isolated(self.tr("Saved a copy to {0}"), target), 8000)

    def reload_project(self) -> None:
        """Re-read everything from the database (another Hamish wrote to it, or a restore).

        Sessions are rebuilt, so undo history is cleared: undo must never act on a state
        this window did not see. The view stays where the user is (same lines on screen,
        same caret or selection, same selected span when it still exists).
        """
        current = self.document_id
        position = self._view_position()
        for doc_id, (session, stack) in self._sessions.items():
            session.unsubscribe(self._listeners.get(doc_id))  # type: ignore[arg-type]
            stack.clear()
        self._sessions.clear()
        self._listeners.clear()
        self._pending_changes = []
        self.session = None
        self.document_id = None
        self.ws.reload_labels()
        self.apply_labels()
        self.reload_documents()
        ids = {r.id for r in self.doc_list.model_.rows}
        if current in ids:
            self.open_document(current)  # type: ignore[arg-type]
            self._restore_view_position(position)
        elif ids:
            self.open_document(self.doc_list.model_.rows[0].id)
        if self.auto_backup is not None:
            self.auto_backup._last = backups.fingerprint(self.ws)

    def refresh(self) -> None:
        """F5: show what the database holds now (another Hamish's changes)."""
        try:
            self.reload_project()
        except Exception as exc:  # noqa: BLE001
            self.show_error(self.tr("Cannot read the database"), str(exc))
            return
        self.statusBar().showMessage(self.tr("Reloaded from the database"), 3000)

    def _view_position(self) -> tuple[int, int, int, int, int | None] | None:
        if self.session is None or self.document_id is None:
            return None
        return self.document_id, self.view.top_cp(), self.view.anchor_cp(), self.view.caret_cp(), self.selected_span

    def _restore_view_position(self, position: tuple[int, int, int, int, int | None] | None) -> None:
        if position is None or self.session is None or position[0] != self.document_id:
            return
        _doc, top, anchor, caret, span = position
        n = len(self.session.text)
        self.view.set_selection_cp(min(anchor, n), min(caret, n))
        self.view.set_top_cp(min(top, n))
        if span is not None and span in self.session.spans:
            self.select_span(span, ensure_visible=False)
        self.view.refresh_highlights()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.prefs.set_window_layout(self.saveGeometry(), self.saveState())
        self._auto_backup("exit")
        self._save_time(close=True)
        for doc_id, (session, _stack) in self._sessions.items():
            session.unsubscribe(self._listeners.get(doc_id))  # type: ignore[arg-type]
        super().closeEvent(event)
