"""Every command of the main window, in one table.

A row says what a person sees and presses (text, keys, menu path), what runs (a handler
taking the window, nothing else: ``QAction.triggered``'s ``checked`` never reaches it),
when it cannot act (``needs``: the reason, shown in the status bar instead of silence) and
what the F1 sheet says. The menus, the shortcut sheet, the translations (context
``Commands``) and the every-command test are all built from this table, so none of them
can drift from the others. The label commands (one per project label, with its digit,
its letter, Alt+key and Ctrl+digit) are made from the project's labels by
``MainWindow.apply_labels``.

Each letter shortcut is also bound to the character the same key types under the Arabic
(101) layout (``app.ui.keys``), so the editor works while an annotator types Arabic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

Handler = Callable[["MainWindow"], None]
Need = Callable[["MainWindow"], "str | None"]


def translated(text: str) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP("Commands", …)) in the interface language."""
    return QCoreApplication.translate("Commands", text)


@dataclass(frozen=True)
class Command:
    id: str
    text: str  # menu text, English (translated in context "Commands")
    menu: str  # menu path ("File", "View/Language"); "" for a key-only command
    run: Handler | None  # None: the menu slot holds a dock's own show/hide action
    keys: tuple[str, ...] = ()
    help: str = ""  # the F1 sheet (default: the text)
    group: str = ""  # the F1 sheet's group (default: the top menu)
    needs: Need | None = None  # why the command cannot act now (None: it can)
    checkable: bool = False
    exclusive: str = ""  # checkable commands sharing this name form a group (one checked)
    separator: bool = False  # a separator before it in its menu
    dock: str = ""  # run is None: the object name of the dock whose toggle action goes here


# -- what a command needs -------------------------------------------------------------------------
def needs_document(w: MainWindow) -> str | None:
    return (
        None if w.session is not None else translated(QT_TRANSLATE_NOOP("Commands", "Open a document first"))
    )


def needs_span(w: MainWindow) -> str | None:
    if w.session is None:
        return translated(QT_TRANSLATE_NOOP("Commands", "Open a document first"))
    if w.selected_span is None or w.selected_span not in w.session.spans:
        return translated(QT_TRANSLATE_NOOP("Commands", "Select a span first (click it, or Tab to it)"))
    return None


def needs_label_all_span(w: MainWindow) -> str | None:
    return (
        translated(QT_TRANSLATE_NOOP("Commands", "Select a span first: its text is searched"))
        if needs_span(w)
        else None
    )


MENUS: tuple[tuple[str, str], ...] = (  # (path, title)
    ("File", QT_TRANSLATE_NOOP("Commands", "File")),
    ("Edit", QT_TRANSLATE_NOOP("Commands", "Edit")),
    ("Labels", QT_TRANSLATE_NOOP("Commands", "Labels")),
    ("Navigate", QT_TRANSLATE_NOOP("Commands", "Navigate")),
    ("Review", QT_TRANSLATE_NOOP("Commands", "Review")),
    ("View", QT_TRANSLATE_NOOP("Commands", "View")),
    ("View/Language", QT_TRANSLATE_NOOP("Commands", "Language")),
    ("Help", QT_TRANSLATE_NOOP("Commands", "Help")),
)

COMMANDS: tuple[Command, ...] = (
    # File
    Command(
        "import",
        QT_TRANSLATE_NOOP("Commands", "Import text files…"),
        "File",
        lambda w: w.project.import_dialog(),
        ("Ctrl+O",),
        QT_TRANSLATE_NOOP(
            "Commands", "Import text files (UTF-8; other encodings Hamish recognises on request)"
        ),
    ),
    Command(
        "import_corpus",
        QT_TRANSLATE_NOOP("Commands", "Import corpus…"),
        "File",
        lambda w: w.project.import_corpus_dialog(),
        ("Ctrl+Shift+O",),
        QT_TRANSLATE_NOOP("Commands", "Import a corpus in any format, mapping its labels"),
    ),
    Command(
        "merge",
        QT_TRANSLATE_NOOP("Commands", "Merge annotations from…"),
        "File",
        lambda w: w.project.merge_dialog(),
        help=QT_TRANSLATE_NOOP(
            "Commands", "Add another annotator's layers from a Hamish project or JSONL export"
        ),
    ),
    Command(
        "export",
        QT_TRANSLATE_NOOP("Commands", "Export JSONL…"),
        "File",
        lambda w: w.project.export_dialog(),
        ("Ctrl+E",),
        QT_TRANSLATE_NOOP("Commands", "Export the documents and your spans as Hamish JSONL"),
        separator=True,
    ),
    Command(
        "export_corpus",
        QT_TRANSLATE_NOOP("Commands", "Export…"),
        "File",
        lambda w: w.project.export_corpus_dialog(),
        ("Ctrl+Shift+E",),
        QT_TRANSLATE_NOOP("Commands", "Export in any format (CoNLL, spaCy-ready, brat…), with a split"),
    ),
    Command(
        "backup",
        QT_TRANSLATE_NOOP("Commands", "Back up now"),
        "File",
        lambda w: w.project.backup_now(),
        separator=True,
    ),
    Command(
        "restore",
        QT_TRANSLATE_NOOP("Commands", "Restore from backup…"),
        "File",
        lambda w: w.project.restore_dialog(),
    ),
    Command(
        "save_copy",
        QT_TRANSLATE_NOOP("Commands", "Save a copy of the open project…"),
        "File",
        lambda w: w.project.save_copy_dialog(),
    ),
    Command(
        "refresh",
        QT_TRANSLATE_NOOP("Commands", "Reload from the database"),
        "File",
        lambda w: w.documents.refresh(),
        ("F5",),
        QT_TRANSLATE_NOOP("Commands", "Show what the database holds now (another Hamish's changes)"),
    ),
    Command(
        "switch_annotator",
        QT_TRANSLATE_NOOP("Commands", "Switch annotator…"),
        "File",
        lambda w: w.project.switch_annotator_dialog(),
        separator=True,
    ),
    Command(
        "preferences",
        QT_TRANSLATE_NOOP("Commands", "Preferences…"),
        "File",
        lambda w: w.project.preferences_dialog(),
        ("Ctrl+,",),
    ),
    Command(
        "quit",
        QT_TRANSLATE_NOOP("Commands", "Quit"),
        "File",
        lambda w: w.close(),
        ("Ctrl+Q",),
        separator=True,
    ),
    # Edit
    Command(
        "undo", QT_TRANSLATE_NOOP("Commands", "Undo"), "Edit", lambda w: w.editor.undo_redo(True), ("Ctrl+Z",)
    ),
    Command(
        "redo",
        QT_TRANSLATE_NOOP("Commands", "Redo"),
        "Edit",
        lambda w: w.editor.undo_redo(False),
        ("Ctrl+Shift+Z", "Ctrl+Y"),
    ),
    Command(
        "delete",
        QT_TRANSLATE_NOOP("Commands", "Delete span"),
        "Edit",
        lambda w: w.editor.delete_selected_span(),
        ("Delete", "Backspace"),
        QT_TRANSLATE_NOOP("Commands", "Delete the selected span"),
        needs=needs_span,
        separator=True,
    ),
    Command(
        "clear",
        QT_TRANSLATE_NOOP("Commands", "Clear selection"),
        "Edit",
        lambda w: w.editor.clear_selection(),
        ("Esc",),
    ),
    Command(
        "grow_start",
        QT_TRANSLATE_NOOP("Commands", "Span start earlier"),
        "Edit",
        lambda w: w.editor.nudge("start", -1),
        ("[",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its start one word earlier"),
        needs=needs_span,
        separator=True,
    ),
    Command(
        "shrink_start",
        QT_TRANSLATE_NOOP("Commands", "Span start later"),
        "Edit",
        lambda w: w.editor.nudge("start", +1),
        ("Ctrl+[",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its start one word later"),
        needs=needs_span,
    ),
    Command(
        "grow_end",
        QT_TRANSLATE_NOOP("Commands", "Span end later"),
        "Edit",
        lambda w: w.editor.nudge("end", +1),
        ("]",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its end one word later"),
        needs=needs_span,
    ),
    Command(
        "shrink_end",
        QT_TRANSLATE_NOOP("Commands", "Span end earlier"),
        "Edit",
        lambda w: w.editor.nudge("end", -1),
        ("Ctrl+]",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its end one word earlier"),
        needs=needs_span,
    ),
    Command(
        "grow_start_char",
        QT_TRANSLATE_NOOP("Commands", "Span start one character earlier"),
        "Edit",
        lambda w: w.editor.nudge("start", -1, by_char=True),
        ("Alt+[",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its start one character earlier"),
        needs=needs_span,
    ),
    Command(
        "shrink_start_char",
        QT_TRANSLATE_NOOP("Commands", "Span start one character later"),
        "Edit",
        lambda w: w.editor.nudge("start", +1, by_char=True),
        ("Ctrl+Alt+[",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its start one character later"),
        needs=needs_span,
    ),
    Command(
        "grow_end_char",
        QT_TRANSLATE_NOOP("Commands", "Span end one character later"),
        "Edit",
        lambda w: w.editor.nudge("end", +1, by_char=True),
        ("Alt+]",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its end one character later"),
        needs=needs_span,
    ),
    Command(
        "shrink_end_char",
        QT_TRANSLATE_NOOP("Commands", "Span end one character earlier"),
        "Edit",
        lambda w: w.editor.nudge("end", -1, by_char=True),
        ("Ctrl+Alt+]",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: move its end one character earlier"),
        needs=needs_span,
    ),
    Command(
        "trim",
        QT_TRANSLATE_NOOP("Commands", "Trim proclitics"),
        "Edit",
        lambda w: w.editor.trim_selected_span(),
        ("T",),
        QT_TRANSLATE_NOOP("Commands", "Selected span: drop leading proclitics (و ف ب ل ك …)"),
        needs=needs_span,
        separator=True,
    ),
    Command(
        "label_all",
        QT_TRANSLATE_NOOP("Commands", "Label all occurrences…"),
        "Edit",
        lambda w: w.search.label_all_dialog(),
        ("A",),
        QT_TRANSLATE_NOOP("Commands", "Label all occurrences of the selected span's text…"),
        needs=needs_label_all_span,
    ),
    Command(
        "find",
        QT_TRANSLATE_NOOP("Commands", "Find…"),
        "Edit",
        lambda w: w.search.show_find(),
        ("Ctrl+F",),
        QT_TRANSLATE_NOOP("Commands", "Find (diacritics-insensitive) in the document or the project"),
        QT_TRANSLATE_NOOP("Commands", "Search"),
        separator=True,
    ),
    Command(
        "find_next",
        QT_TRANSLATE_NOOP("Commands", "Next hit"),
        "Edit",
        lambda w: w.search.step_hit(+1),
        ("F3",),
        group=QT_TRANSLATE_NOOP("Commands", "Search"),
    ),
    Command(
        "find_prev",
        QT_TRANSLATE_NOOP("Commands", "Previous hit"),
        "Edit",
        lambda w: w.search.step_hit(-1),
        ("Shift+F3",),
        group=QT_TRANSLATE_NOOP("Commands", "Search"),
    ),
    # Labels (the project's labels come first: MainWindow.apply_labels)
    Command(
        "sticky",
        QT_TRANSLATE_NOOP("Commands", "Sticky label mode"),
        "Labels",
        lambda w: w.editor.toggle_sticky(),
        ("S",),
        QT_TRANSLATE_NOOP(
            "Commands", "Sticky label mode on/off: every mouse selection is labelled on release"
        ),
        checkable=True,
        separator=True,
    ),
    Command(
        "edit_labels",
        QT_TRANSLATE_NOOP("Commands", "Edit labels…"),
        "Labels",
        lambda w: w.project.labels_dialog(),
    ),
    # Navigate
    Command(
        "next_span",
        QT_TRANSLATE_NOOP("Commands", "Next span"),
        "Navigate",
        lambda w: w.editor.step_span(+1),
        ("Tab",),
        QT_TRANSLATE_NOOP("Commands", "Select the next span (reading order)"),
        needs=needs_document,
    ),
    Command(
        "prev_span",
        QT_TRANSLATE_NOOP("Commands", "Previous span"),
        "Navigate",
        lambda w: w.editor.step_span(-1),
        ("Shift+Tab", "Shift+Backtab"),
        QT_TRANSLATE_NOOP("Commands", "Select the previous span"),
        needs=needs_document,
    ),
    Command(
        "next_unlabelled",
        QT_TRANSLATE_NOOP("Commands", "Next unlabelled sentence"),
        "Navigate",
        lambda w: w.editor.next_unlabelled_sentence(),
        ("U",),
        QT_TRANSLATE_NOOP("Commands", "Go to the next sentence without any span and select its first word"),
        needs=needs_document,
    ),
    Command(
        "done",
        QT_TRANSLATE_NOOP("Commands", "Mark document done"),
        "Navigate",
        lambda w: w.documents.toggle_done(),
        ("D",),
        QT_TRANSLATE_NOOP("Commands", "Mark the document done (again: back to in progress)"),
        needs=needs_document,
        separator=True,
    ),
    Command(
        "next_unfinished",
        QT_TRANSLATE_NOOP("Commands", "Next unfinished document"),
        "Navigate",
        lambda w: w.documents.next_unfinished(),
        ("N",),
        QT_TRANSLATE_NOOP("Commands", "Open the next unfinished document"),
    ),
    # Review
    Command(
        "review",
        QT_TRANSLATE_NOOP("Commands", "Review this document…"),
        "Review",
        lambda w: w.project.review_dialog(),
        ("Ctrl+R",),
        QT_TRANSLATE_NOOP("Commands", "Compare two annotators' layers and adjudicate gold"),
        needs=needs_document,
    ),
    Command(
        "agreement",
        QT_TRANSLATE_NOOP("Commands", "Agreement report…"),
        "Review",
        lambda w: w.project.agreement_dialog(),
    ),
    # View
    Command(
        "zoom_in",
        QT_TRANSLATE_NOOP("Commands", "Zoom in"),
        "View",
        lambda w: w.zoom(+1),
        ("Ctrl++", "Ctrl+="),
    ),
    Command("zoom_out", QT_TRANSLATE_NOOP("Commands", "Zoom out"), "View", lambda w: w.zoom(-1), ("Ctrl+-",)),
    Command(
        "zoom_reset", QT_TRANSLATE_NOOP("Commands", "Reset zoom"), "View", lambda w: w.zoom(0), ("Ctrl+0",)
    ),
    Command(
        "dark",
        QT_TRANSLATE_NOOP("Commands", "Dark theme"),
        "View",
        lambda w: w.toggle_theme(),
        checkable=True,
        separator=True,
    ),
    Command(
        "lang_en",
        "English",
        "View/Language",
        lambda w: w.set_language("en"),
        checkable=True,
        exclusive="language",
    ),
    Command(
        "lang_ar",
        "العربية",
        "View/Language",
        lambda w: w.set_language("ar"),
        checkable=True,
        exclusive="language",
    ),
    Command("dock_documents", "", "View", None, dock="documents", separator=True),
    Command("dock_spans", "", "View", None, dock="spans"),
    Command("dock_guidelines", "", "View", None, dock="guidelines"),
    Command("dock_find", "", "View", None, dock="find"),
    # Help
    Command(
        "shortcuts",
        QT_TRANSLATE_NOOP("Commands", "Keyboard shortcuts"),
        "Help",
        lambda w: w.show_shortcuts(),
        ("F1",),
        QT_TRANSLATE_NOOP("Commands", "This sheet"),
    ),
    Command("about", QT_TRANSLATE_NOOP("Commands", "About Hamish"), "Help", lambda w: w.project.about()),
)
BY_ID = {c.id: c for c in COMMANDS}
UNTRANSLATED = {"lang_en", "lang_ar"}  # a language is named in itself

# Keys the text view handles itself (listed on the sheet, not bound as commands).
VIEW_KEYS: tuple[tuple[str, str], ...] = (
    (
        "Shift+← / Shift+→",
        QT_TRANSLATE_NOOP(
            "Commands", "Extend the selection by a character, in reading order (← goes forward in Arabic)"
        ),
    ),
    (
        "Ctrl+← / Ctrl+→",
        QT_TRANSLATE_NOOP("Commands", "Move the caret by a word (camel-tools tokens), in reading order"),
    ),
    ("Ctrl+Shift+← / Ctrl+Shift+→", QT_TRANSLATE_NOOP("Commands", "Extend the selection by a word")),
)
# Mouse gestures on the text (listed on the sheet; both columns translated).
MOUSE: tuple[tuple[str, str], ...] = (
    (
        QT_TRANSLATE_NOOP("Commands", "Double-click, drag"),
        QT_TRANSLATE_NOOP("Commands", "Select a word, a range"),
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Drag a selected span's edge"),
        QT_TRANSLATE_NOOP("Commands", "Resize it (snaps to words; hold Alt for characters)"),
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Right-click a span"),
        QT_TRANSLATE_NOOP("Commands", "Relabel, delete, trim, label all occurrences"),
    ),
)


def text_of(cmd: Command) -> str:
    return cmd.text if cmd.id in UNTRANSLATED else translated(cmd.text)


def help_of(cmd: Command) -> str:
    return translated(cmd.help) if cmd.help else text_of(cmd)


def group_of(cmd: Command) -> str:
    return translated(cmd.group or cmd.menu.split("/")[0])
