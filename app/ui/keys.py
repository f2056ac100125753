"""Shortcuts: every command's keys in one table, bound to physical keys.

Each letter shortcut is also bound to the character the same key types on the standard
Arabic (101) layout (``app.core.keyboard``), so the editor works while an annotator types
Arabic. The table feeds the F1 shortcut sheet, so the sheet cannot drift from the keys;
the sheet shows key sequences as left-to-right isolates (``app.core.bidi``), so ``Ctrl++``
and ``[`` are not mirrored in the Arabic interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence

from app.core.keyboard import key_alternatives


@dataclass(frozen=True)
class KeyDef:
    name: str
    keys: tuple[str, ...]  # QKeySequence strings, e.g. "Ctrl+F", "U", "Alt+["
    help: str  # English; translated at display time
    group: str = "Editing"


def alternatives(seq: str) -> list[str]:
    """``seq`` and its Arabic-layout twin (same physical key), e.g. "Ctrl+]" -> "Ctrl+د"."""
    parts = seq.split("+")
    key = parts[-1] if parts[-1] else "+"
    mods = parts[:-1] if parts[-1] else parts[:-2]
    out = [seq]
    if len(key) == 1:
        for alt in key_alternatives(key)[1:]:
            out.append("+".join([*mods, alt]))
    return list(dict.fromkeys(out))


def sequences(seqs: tuple[str, ...]) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    for s in seqs:
        for alt in alternatives(s):
            out.append(QKeySequence(alt))
    return out


COMMANDS: tuple[KeyDef, ...] = (
    KeyDef("next_span", ("Tab",), QT_TRANSLATE_NOOP("Keys", "Select the next span (reading order)"), QT_TRANSLATE_NOOP("Keys", "Navigation")),
    KeyDef("prev_span", ("Shift+Tab", "Shift+Backtab"), QT_TRANSLATE_NOOP("Keys", "Select the previous span"), QT_TRANSLATE_NOOP("Keys", "Navigation")),
    KeyDef("next_unlabelled", ("U",), QT_TRANSLATE_NOOP("Keys", "Go to the next sentence without any span and select its first word"), QT_TRANSLATE_NOOP("Keys", "Navigation")),
    KeyDef("grow_start", ("[",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its start one word earlier"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("shrink_start", ("Ctrl+[",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its start one word later"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("grow_end", ("]",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its end one word later"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("shrink_end", ("Ctrl+]",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its end one word earlier"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("grow_start_char", ("Alt+[",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its start one character earlier"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("shrink_start_char", ("Ctrl+Alt+[",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its start one character later"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("grow_end_char", ("Alt+]",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its end one character later"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("shrink_end_char", ("Ctrl+Alt+]",), QT_TRANSLATE_NOOP("Keys", "Selected span: move its end one character earlier"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("trim", ("T",), QT_TRANSLATE_NOOP("Keys", "Selected span: drop leading proclitics (و ف ب ل ك …)"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("label_all", ("A",), QT_TRANSLATE_NOOP("Keys", "Label all occurrences of the selected span's text…"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("sticky", ("S",), QT_TRANSLATE_NOOP("Keys", "Sticky label mode on/off: every mouse selection is labelled on release"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("delete", ("Delete", "Backspace"), QT_TRANSLATE_NOOP("Keys", "Delete the selected span"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("clear", ("Esc",), QT_TRANSLATE_NOOP("Keys", "Clear the selection"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("done", ("D",), QT_TRANSLATE_NOOP("Keys", "Mark the document done (again: back to in progress)"), QT_TRANSLATE_NOOP("Keys", "Documents")),
    KeyDef("next_unfinished", ("N",), QT_TRANSLATE_NOOP("Keys", "Open the next unfinished document"), QT_TRANSLATE_NOOP("Keys", "Documents")),
    KeyDef("find", ("Ctrl+F",), QT_TRANSLATE_NOOP("Keys", "Find (diacritics-insensitive) in the document or the project"), QT_TRANSLATE_NOOP("Keys", "Search")),
    KeyDef("find_next", ("F3",), QT_TRANSLATE_NOOP("Keys", "Next search hit"), QT_TRANSLATE_NOOP("Keys", "Search")),
    KeyDef("find_prev", ("Shift+F3",), QT_TRANSLATE_NOOP("Keys", "Previous search hit"), QT_TRANSLATE_NOOP("Keys", "Search")),
    KeyDef("undo", ("Ctrl+Z",), QT_TRANSLATE_NOOP("Keys", "Undo"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), QT_TRANSLATE_NOOP("Keys", "Redo"), QT_TRANSLATE_NOOP("Keys", "Editing")),
    KeyDef("zoom_in", ("Ctrl++", "Ctrl+="), QT_TRANSLATE_NOOP("Keys", "Zoom in"), QT_TRANSLATE_NOOP("Keys", "View")),
    KeyDef("zoom_out", ("Ctrl+-",), QT_TRANSLATE_NOOP("Keys", "Zoom out"), QT_TRANSLATE_NOOP("Keys", "View")),
    KeyDef("zoom_reset", ("Ctrl+0",), QT_TRANSLATE_NOOP("Keys", "Reset zoom"), QT_TRANSLATE_NOOP("Keys", "View")),
    KeyDef("import", ("Ctrl+O",), QT_TRANSLATE_NOOP("Keys", "Import text files"), QT_TRANSLATE_NOOP("Keys", "File")),
    KeyDef("export", ("Ctrl+E",), QT_TRANSLATE_NOOP("Keys", "Export"), QT_TRANSLATE_NOOP("Keys", "File")),
    KeyDef("shortcuts", ("F1",), QT_TRANSLATE_NOOP("Keys", "This sheet"), QT_TRANSLATE_NOOP("Keys", "Help")),
    KeyDef("quit", ("Ctrl+Q",), QT_TRANSLATE_NOOP("Keys", "Quit"), QT_TRANSLATE_NOOP("Keys", "File")),
)
BY_NAME = {c.name: c for c in COMMANDS}

# Keys handled by the text view itself (listed on the sheet, not bound as actions).
VIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("Shift+← / Shift+→", QT_TRANSLATE_NOOP("Keys", "Extend the selection by a character, in reading order (← goes forward in Arabic)")),
    ("Ctrl+← / Ctrl+→", QT_TRANSLATE_NOOP("Keys", "Move the caret by a word (camel-tools tokens), in reading order")),
    ("Ctrl+Shift+← / Ctrl+Shift+→", QT_TRANSLATE_NOOP("Keys", "Extend the selection by a word")),
)
# Mouse gestures on the text (listed on the sheet; both columns translated).
MOUSE: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("Keys", "Double-click, drag"), QT_TRANSLATE_NOOP("Keys", "Select a word, a range")),
    (QT_TRANSLATE_NOOP("Keys", "Drag a selected span's edge"), QT_TRANSLATE_NOOP("Keys", "Resize it (snaps to words; hold Alt for characters)")),
    (QT_TRANSLATE_NOOP("Keys", "Right-click a span"), QT_TRANSLATE_NOOP("Keys", "Relabel, delete, trim, label all occurrences")),
)
