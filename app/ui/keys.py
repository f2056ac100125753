"""Key sequences bound to physical keys.

Each letter shortcut is also bound to the character the same key types on the standard
Arabic (101) layout (``app.core.keyboard``), so the editor works while an annotator types
Arabic. The commands and their keys are in :mod:`app.ui.command_table`.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from app.core.keyboard import key_alternatives


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
