"""Physical keys: which Arabic character the same key types on the standard Arabic layout.

Qt reports the *character* a key produces, so a shortcut bound to "P" does not fire while
an Arabic layout is active (the key types "ح"). Hamish binds every letter shortcut to both
characters of the physical key, using the standard Arabic (101) layout of Windows, macOS
and XKB ``ara``; digits also accept the Arabic-Indic and Extended Arabic-Indic digits.
"""

from __future__ import annotations

# Latin character on a US keyboard key -> character of the same key on Arabic (101).
ARABIC_101: dict[str, str] = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح",
    "[": "ج", "]": "د",
    "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن", "l": "م", ";": "ك", "'": "ط",
    "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر", "n": "ى", "m": "ة", ",": "و", ".": "ز", "/": "ظ",
    "`": "ذ",
}  # fmt: skip

ARABIC_INDIC_DIGITS = {str(d): chr(0x0660 + d) for d in range(10)}
PERSIAN_DIGITS = {str(d): chr(0x06F0 + d) for d in range(10)}


def key_alternatives(key: str) -> list[str]:
    """The characters one physical key may type: ``key`` itself (upper case for letters,
    as Qt names keys) and its Arabic-layout counterparts."""
    k = key.lower()
    out = [key.upper() if k.isalpha() and k.isascii() else key]
    if k in ARABIC_101:
        out.append(ARABIC_101[k])
    if k in ARABIC_INDIC_DIGITS:
        out += [ARABIC_INDIC_DIGITS[k], PERSIAN_DIGITS[k]]
    return out
