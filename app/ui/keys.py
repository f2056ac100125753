"""Shortcuts: every command's keys in one table, bound to physical keys.

Each letter shortcut is also bound to the character the same key types on the standard
Arabic (101) layout (``app.core.keyboard``), so the editor works while an annotator types
Arabic. The table feeds the F1 shortcut sheet, so the sheet cannot drift from the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    KeyDef("next_span", ("Tab",), "Select the next span (reading order)", "Navigation"),
    KeyDef("prev_span", ("Shift+Tab", "Shift+Backtab"), "Select the previous span", "Navigation"),
    KeyDef("next_unlabelled", ("U",), "Go to the next sentence without any span and select its first word", "Navigation"),
    KeyDef("grow_start", ("[",), "Selected span: move its start one word earlier", "Editing"),
    KeyDef("shrink_start", ("Ctrl+[",), "Selected span: move its start one word later", "Editing"),
    KeyDef("grow_end", ("]",), "Selected span: move its end one word later", "Editing"),
    KeyDef("shrink_end", ("Ctrl+]",), "Selected span: move its end one word earlier", "Editing"),
    KeyDef("grow_start_char", ("Alt+[",), "Selected span: move its start one character earlier", "Editing"),
    KeyDef("shrink_start_char", ("Ctrl+Alt+[",), "Selected span: move its start one character later", "Editing"),
    KeyDef("grow_end_char", ("Alt+]",), "Selected span: move its end one character later", "Editing"),
    KeyDef("shrink_end_char", ("Ctrl+Alt+]",), "Selected span: move its end one character earlier", "Editing"),
    KeyDef("trim", ("T",), "Selected span: drop leading proclitics (و ف ب ل ك …)", "Editing"),
    KeyDef("label_all", ("A",), "Label all occurrences of the selected span's text…", "Editing"),
    KeyDef("sticky", ("S",), "Sticky label mode on/off: every mouse selection is labelled on release", "Editing"),
    KeyDef("delete", ("Delete", "Backspace"), "Delete the selected span", "Editing"),
    KeyDef("clear", ("Esc",), "Clear the selection", "Editing"),
    KeyDef("done", ("D",), "Mark the document done (again: back to in progress)", "Documents"),
    KeyDef("next_unfinished", ("N",), "Open the next unfinished document", "Documents"),
    KeyDef("find", ("Ctrl+F",), "Find (diacritics-insensitive) in the document or the project", "Search"),
    KeyDef("find_next", ("F3",), "Next search hit", "Search"),
    KeyDef("find_prev", ("Shift+F3",), "Previous search hit", "Search"),
    KeyDef("undo", ("Ctrl+Z",), "Undo", "Editing"),
    KeyDef("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo", "Editing"),
    KeyDef("zoom_in", ("Ctrl++", "Ctrl+="), "Zoom in", "View"),
    KeyDef("zoom_out", ("Ctrl+-",), "Zoom out", "View"),
    KeyDef("zoom_reset", ("Ctrl+0",), "Reset zoom", "View"),
    KeyDef("import", ("Ctrl+O",), "Import text files", "File"),
    KeyDef("export", ("Ctrl+E",), "Export", "File"),
    KeyDef("shortcuts", ("F1",), "This sheet", "Help"),
    KeyDef("quit", ("Ctrl+Q",), "Quit", "File"),
)
BY_NAME = {c.name: c for c in COMMANDS}

# Keys handled by the text view itself (listed on the sheet, not bound as actions).
VIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("Shift+← / Shift+→", "Extend the selection by a character, in reading order (← goes forward in Arabic)"),
    ("Ctrl+← / Ctrl+→", "Move the caret by a word (camel-tools tokens), in reading order"),
    ("Ctrl+Shift+← / Ctrl+Shift+→", "Extend the selection by a word"),
    ("Double-click, drag", "Select a word, a range"),
    ("Drag a selected span's edge", "Resize it (snaps to words; hold Alt for characters)"),
    ("Right-click a span", "Relabel, delete, trim, label all occurrences"),
)
