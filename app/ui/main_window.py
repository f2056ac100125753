"""The annotation window: document list, right-to-left text, label palette, span list,
guidelines, find bar.

The window holds the widgets and the state they share (the open session, the selected
span). Its commands come from one table (:mod:`app.ui.command_table`) and run in four
controllers with one job each (:mod:`app.ui.controllers`): documents, editor, search,
project. Every edit goes through one QUndoCommand that calls a Qt-free edit.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPixmap, QUndoGroup
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
    QWidget,
)

from app.core import tokens
from app.core.bidi import format_isolated, isolate, isolate_ltr
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from app.ui import command_table as table
from app.ui import fonts, i18n, keys
from app.ui.commands import EditCommand
from app.ui.controllers.documents import DocumentsController
from app.ui.controllers.editor import EditorController, exact_held
from app.ui.controllers.project import ProjectController
from app.ui.controllers.search import SearchController
from app.ui.document_list import DocumentPanel
from app.ui.document_view import DocumentView
from app.ui.find_panel import FindPanel
from app.ui.guidelines import GuidelinesPanel
from app.ui.plain import action_text, status_segment, tooltip
from app.ui.preferences import Preferences
from app.ui.prompts import Prompts
from app.ui.span_panel import SpanPanel

SETTING_POINT_SIZE = "ui.text_point_size"
MIN_POINT, MAX_POINT = 8.0, 72.0
EDITOR_MIN_WIDTH = 360  # px at 96 dpi


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, prefs: Preferences | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.prefs = prefs or Preferences()
        self.prompts = Prompts(self)  # every dialog goes through it (tests script it)
        # The state the controllers share.
        self.session: DocumentSession | None = None
        self.document_id: int | None = None
        self.selected_span: int | None = None
        self.last_error: str | None = None
        self.undo_group = QUndoGroup(self)
        self.commands: dict[str, QAction] = {}  # command id → its action
        self.menus: dict[str, QMenu] = {}  # menu path → menu
        self.label_actions: dict[str, QAction] = {}
        self._label_key_actions: list[QAction] = []  # exact (Alt+key) and sticky (Ctrl+digit)
        self.shortcuts_dialog: QDialog | None = None
        self._saved_at = ""  # when the last change reached the database (the status bar)

        self.setWindowTitle("Hamish")
        self.resize(1320, 840)
        self.view = DocumentView(self)
        self.setCentralWidget(self.view)
        # The text has priority: a narrow window narrows the panels, never the text below
        # about twenty words a line (a narrower text view breaks Arabic words mid-word).
        self.view.setMinimumWidth(round(EDITOR_MIN_WIDTH * self.logicalDpiX() / 96))
        self.doc_panel = DocumentPanel(self)
        self.doc_list = self.doc_panel.table
        self.span_panel = SpanPanel(self)
        self.guidelines = GuidelinesPanel(self)
        self.find_panel = FindPanel(self)
        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.documents_dock = self._dock("documents", self.doc_panel, left)
        self.spans_dock = self._dock("spans", self.span_panel, right)
        self.guidelines_dock = self._dock("guidelines", self.guidelines, right)
        self.find_dock = self._dock("find", self.find_panel, bottom)
        self.tabifyDockWidget(self.spans_dock, self.guidelines_dock)
        self.find_dock.hide()
        self.spans_dock.raise_()
        self.resizeDocks([self.documents_dock, self.spans_dock], [400, 360], Qt.Orientation.Horizontal)
        # Plain-text segments, framed and spaced alike in either direction: mode, info, saved.
        self.mode_label = status_segment(self.statusBar())
        self.info_label = status_segment(self.statusBar())
        self.saved_label = status_segment(self.statusBar())

        self.documents = DocumentsController(self)
        self.editor = EditorController(self)
        self.search = SearchController(self)
        self.project = ProjectController(self)
        self._install_commands()
        self._build_palette()
        self.retranslate()
        geometry, state = self.prefs.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.apply_theme(self.prefs.get("ui/theme"))

        self.view.spanClicked.connect(self.editor.on_span_clicked)
        self.view.selectionReleased.connect(self.editor.on_selection_released)
        self.view.spanResizeRequested.connect(self.editor.on_resize_requested)
        self.view.spanContextMenu.connect(self.editor.on_context_menu)
        self.view.cursorPositionChanged.connect(self.update_info)
        self.span_panel.spanActivated.connect(lambda sid: self.editor.select_span(sid, source="panel"))
        self.doc_list.documentActivated.connect(self.documents.open_document)
        self.doc_panel.filterChanged.connect(self.documents.reload_list)
        self.undo_group.undoTextChanged.connect(self.editor.update_undo_texts)
        self.undo_group.redoTextChanged.connect(self.editor.update_undo_texts)
        self.documents.start_timekeeping()
        size = ws.setting(SETTING_POINT_SIZE)
        if size:
            try:
                self.view.set_point_size(min(MAX_POINT, max(MIN_POINT, float(size))))
            except ValueError:
                pass
        self.documents.reload_list()
        self.documents.open_last()
        # camel-tools' tokenizer costs ~0.3 s to import: pay it after the first paint, in a
        # background thread (a label key pressed earlier simply waits for the import).
        self.view.painted.connect(self._warm_up_once)

    def _warm_up_once(self) -> None:
        self.view.painted.disconnect(self._warm_up_once)
        threading.Thread(target=tokens.warm_up, name="camel-tools-import", daemon=True).start()

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- the command table -----------------------------------------------------------------------
    def _install_commands(self) -> None:
        groups: dict[str, QActionGroup] = {}
        for cmd in table.COMMANDS:
            if cmd.run is None:
                continue
            act = QAction(self)
            act.setShortcuts(keys.sequences(cmd.keys))
            act.triggered.connect(lambda _checked=False, c=cmd: self.run_command(c))
            if cmd.checkable:
                act.setCheckable(True)
            if cmd.exclusive:
                groups.setdefault(cmd.exclusive, QActionGroup(self)).addAction(act)
            self.addAction(act)
            self.commands[cmd.id] = act
        self.commands["dark"].setChecked(self.prefs.get("ui/theme") == "dark")
        self.commands[f"lang_{self.prefs.get('ui/language')}"].setChecked(True)
        bar = self.menuBar()
        for path, _title in table.MENUS:
            parent, _, _name = path.rpartition("/")
            self.menus[path] = self.menus[parent].addMenu("") if parent else bar.addMenu("")
        docks = {d.objectName(): d for d in self.findChildren(QDockWidget)}
        for cmd in table.COMMANDS:
            if not cmd.menu:
                continue
            menu = self.menus[cmd.menu]
            if cmd.separator and menu.actions():
                menu.addSeparator()
            act = docks[cmd.dock].toggleViewAction() if cmd.run is None else self.commands[cmd.id]
            menu.addAction(act)
            if cmd.menu == "View" and cmd.id == "dark":  # the Language submenu follows the theme
                menu.addMenu(self.menus["View/Language"])
        self._labels_end = self.menus["Labels"].insertSeparator(self.commands["sticky"])

    def run_command(self, cmd: table.Command) -> None:
        """Run a command as a person asked for it: if it cannot act now, say why."""
        reason = cmd.needs(self) if cmd.needs is not None else None
        if reason:
            self.say(reason)
            return
        assert cmd.run is not None
        cmd.run(self)

    def command_text(self, command_id: str) -> str:
        return table.text_of(table.BY_ID[command_id])

    def retranslate(self) -> None:
        """Every text of the window in the interface language. Nothing else changes: the
        document, the caret, the scroll position and the undo history stay."""
        for cmd in table.COMMANDS:
            if cmd.run is not None:
                self.commands[cmd.id].setText(table.text_of(cmd))
        for path, title in table.MENUS:
            self.menus[path].setTitle(table.translated(title))
        self.documents_dock.setWindowTitle(self.tr("Documents"))
        self.spans_dock.setWindowTitle(self.tr("Spans"))
        self.guidelines_dock.setWindowTitle(self.tr("Guidelines"))
        self.find_dock.setWindowTitle(self.tr("Find"))
        self.palette.setWindowTitle(self.tr("Labels"))
        for panel in (self.doc_panel, self.find_panel, self.span_panel, self.guidelines):
            panel.retranslate()
        self.apply_labels()
        for stack in self.undo_group.stacks():  # the undo steps' descriptions
            for i in range(stack.count()):
                step = stack.command(i)
                if isinstance(step, EditCommand):
                    step.retranslate()
        self.editor.update_undo_texts()
        self.update_info()
        if self._saved_at:
            self.mark_saved(self._saved_at)

    # -- labels and the palette --------------------------------------------------------------------
    @staticmethod
    def swatch(colour: str, size: int = 14) -> QIcon:
        pm = QPixmap(size, size)
        pm.fill(QColor(colour))
        return QIcon(pm)

    def _build_palette(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("labels")
        bar.setMovable(False)
        bar.setIconSize(QSize(14, 14))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.palette = bar
        self.palette_buttons: dict[str, QToolButton] = {}

    def _key_action(self, label: str, seqs: list[QKeySequence], run: object) -> QAction:
        act = QAction(label, self)
        act.setShortcuts(seqs)
        act.triggered.connect(lambda _checked=False: run())  # type: ignore[operator]
        self.addAction(act)
        return act

    def apply_labels(self) -> None:
        """(Re)build the label commands, the palette and the colours from ``ws.labels``."""
        menu = self.menus["Labels"]
        for act in [*self.label_actions.values(), *self._label_key_actions]:
            menu.removeAction(act)
            self.removeAction(act)
            act.deleteLater()
        self.label_actions, self._label_key_actions = {}, []
        editor = self.editor
        for lab in self.ws.labels:
            hint = " / ".join(k for k in (lab.key, lab.letter.upper()) if k)
            shown = i18n.label_text(lab)
            plain_keys = [k for k in (lab.key, lab.letter.upper() if lab.letter else "") if k]
            act = self._key_action(
                f"{action_text(shown)}\t{hint}",
                keys.sequences(tuple(plain_keys)),
                lambda n=lab.name: editor.apply_label(n, exact_held()),
            )
            act.setIcon(self.swatch(lab.colour))
            act.setToolTip(
                tooltip(
                    format_isolated(
                        self.tr("Label the selection as {0} ({1}; Alt+key: exact characters)"), shown, hint
                    )
                )
            )
            self.label_actions[lab.name] = act
            self._label_key_actions.append(
                self._key_action(
                    f"{lab.name} (exact)",
                    keys.sequences(tuple(f"Alt+{k}" for k in plain_keys)),
                    lambda n=lab.name: editor.apply_label(n, True),
                )
            )
            if lab.key:
                self._label_key_actions.append(
                    self._key_action(
                        f"{lab.name} (sticky)",
                        keys.sequences((f"Ctrl+{lab.key}",)),
                        lambda n=lab.name: editor.set_sticky(n if editor.sticky_label != n else None),
                    )
                )
        menu.insertActions(self._labels_end, list(self.label_actions.values()))
        self._rebuild_palette()
        self.view.set_label_colours({lab.name: lab.colour for lab in self.ws.labels}, self.view.dark)
        self.span_panel.model_.colours = {lab.name: QColor(lab.colour) for lab in self.ws.labels}
        self.span_panel.model_.names = i18n.label_names(self.ws)
        self.guidelines.set_labels(self.ws.labels)
        self.doc_panel.set_labels(self.ws.labels)

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
        sticky.setDefaultAction(self.commands["sticky"])
        bar.addWidget(sticky)
        self.editor.update_mode()

    # -- theme, language, zoom -------------------------------------------------------------------------
    def apply_theme(self, theme: str) -> None:
        from app.ui.theme import apply_palette

        dark = theme == "dark"
        apply_palette(QApplication.instance(), dark)  # type: ignore[arg-type]
        self.commands["dark"].setChecked(dark)
        self.view.set_label_colours({lab.name: lab.colour for lab in self.ws.labels}, dark)
        # The label buttons carry a style sheet (their colour bar): such widgets keep the
        # palette they were polished with, so they are made again in the new one.
        if self.palette_buttons:
            self._rebuild_palette()

    def toggle_theme(self) -> None:
        theme = "dark" if self.commands["dark"].isChecked() else "light"
        self.prefs.set("ui/theme", theme)
        self.apply_theme(theme)

    def set_language(self, code: str) -> None:
        """Switch the interface language in place: the open document, the caret, the scroll
        position and the undo history stay."""
        if self.prefs.get("ui/language") == code:
            self.say(self.tr("The interface is already in this language"))
            return
        self.prefs.set("ui/language", code)
        i18n.install(QApplication.instance(), code)  # type: ignore[arg-type]
        self.commands[f"lang_{code}"].setChecked(True)
        self.retranslate()

    def zoom(self, step: int) -> None:
        size = fonts.DEFAULT_TEXT_POINT_SIZE if step == 0 else self.view.point_size() + step
        size = min(MAX_POINT, max(MIN_POINT, size))
        self.view.set_point_size(size)
        self.say(format_isolated(self.tr("Text size {0} pt"), f"{size:g}"), 2000)
        try:
            self.ws.set_setting(SETTING_POINT_SIZE, f"{size:g}")
        except Exception:
            pass

    # -- the status bar and messages -------------------------------------------------------------------
    def say(self, message: str, ms: int = 3000) -> None:
        """A message in the status bar (plain text: it may hold a span's text or a file name)."""
        self.statusBar().showMessage(message, ms)

    def show_error(self, title: str, message: str) -> None:
        """A modal error with the message as plain text (file contents are never rendered)."""
        self.last_error = message
        self.prompts.error(title, message)

    def mark_saved(self, at: str | None = None) -> None:
        """A change reached the database: the status bar says when."""
        self._saved_at = at or time.strftime("%H:%M:%S")
        self.saved_label.setText(format_isolated(self.tr("Saved ✓ {0}"), self._saved_at))

    def update_info(self) -> None:
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
            parts.append(
                format_isolated(
                    self.tr("span: {0} {1}"), i18n.shown_name(self.ws, rec.label), f"{rec.start}–{rec.end}"
                )
            )
        self.info_label.setText(" · ".join(parts))

    # -- the shortcut sheet ----------------------------------------------------------------------------
    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what) for the F1 sheet, generated from the command table."""
        rows: list[tuple[str, str, str]] = []
        # Key sequences are left-to-right isolates: in Arabic, "Ctrl++" must not read "++Ctrl".
        labels = ", ".join(
            isolate_ltr(f"{lab.key or '–'}/{lab.letter.upper() or '–'}") + " " + isolate(i18n.label_text(lab))
            for lab in self.ws.labels
        )
        labelling = table.translated("Labels")
        rows.append(
            (
                labelling,
                self.tr("{0} / letters").format(isolate_ltr("1–9")),
                self.tr("Label the selection: {0}").format(labels),
            )
        )
        rows.append(
            (labelling, self.tr("Alt + label key"), self.tr("Label the exact characters (no snapping)"))
        )
        rows.append((labelling, self.tr("Ctrl + digit"), self.tr("Sticky label mode with that label")))
        for cmd in table.COMMANDS:
            if not cmd.keys:
                continue
            texts = (
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in self.commands[cmd.id].shortcuts()
            )
            # Backtab is what Shift+Tab sends, bound for Qt's sake, not a key anyone presses.
            shown = " / ".join(dict.fromkeys(t for t in texts if "Backtab" not in t))
            rows.append((table.group_of(cmd), isolate_ltr(shown), table.help_of(cmd)))
        text_group = self.tr("Text")
        rows += [(text_group, isolate_ltr(k), table.translated(what)) for k, what in table.VIEW_KEYS]
        rows += [
            (text_group, table.translated(gesture), table.translated(what)) for gesture, what in table.MOUSE
        ]
        return rows

    def show_shortcuts(self) -> None:
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Keyboard shortcuts"))
        dlg.resize(820, 640)
        lay = QVBoxLayout(dlg)
        note = QLabel(
            self.tr(
                "Letter keys also work under an Arabic keyboard layout (same physical key: ح ق خ ث ب …, ١–٥)."
            )
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        rows = self.shortcut_rows()
        sheet = QTableWidget(len(rows), 3, dlg)
        sheet.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Keys"), self.tr("Action")])
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                sheet.setItem(i, j, QTableWidgetItem(v))
        header = sheet.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # wraps instead of clipping
        sheet.setWordWrap(True)
        sheet.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sheet.verticalHeader().setVisible(False)
        sheet.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sheet.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(sheet)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        buttons.rejected.connect(dlg.reject)
        lay.addWidget(buttons)
        self.shortcuts_dialog = dlg
        dlg.show()

    # -- closing ------------------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.prefs.set_window_layout(self.saveGeometry(), self.saveState())
        self.project.auto("exit")
        self.documents.close()
        super().closeEvent(event)
