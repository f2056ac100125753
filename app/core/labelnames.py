"""Label names across formats, label maps, and colours for labels created by an import.

Hamish label names are lower-case ASCII identifiers (``app.core.labels.validate_label_name``).
Corpora use other spellings (``PER``, ``B-PERS``' type ``PERS``, ``Person``): a source label
matches a project label by name *ignoring case*, so ``PERSON`` finds ``person``. Token-level
exports write entity types in capitals (``B-PERSON``), the CoNLL convention, so that an
imported ``PERS`` comes back as ``PERS``.

A label map is a JSON object from source label to Hamish label, or ``null`` to drop the
label's spans: ``{"PER": "person", "ORG": "organisation", "LOC": null}``. On export the
same kind of object maps Hamish labels to the names written. A map is read by
:func:`load_label_map` and checked by :func:`check_label_map`, the one place that says what
a map may hold, for imports, merges and exports alike (a map given as an object, by the
GUI, is checked there too): a flat object (nesting is refused before the JSON is parsed,
so a file nested 100,000 deep costs nothing), each label once, each value a name of at
most :data:`MAX_LABEL_NAME` characters without control characters, or null. On export,
a format that writes labels as one word (CoNLL tags, brat types) also refuses whitespace
in a name: the file would hold a line Hamish itself (and every CoNLL reader) refuses.
"""

from __future__ import annotations

import colorsys
import json
import re
import reprlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from app.core.decoding import wide_encoding
from app.core.labels import LABEL_NAME_CHARS

_NOT_NAME = re.compile(r"[^a-z0-9_.-]+")

# Colours for new labels, most distinct first: the Okabe-Ito colours the default labels
# do not use, then Paul Tol's "muted" and "light" qualitative schemes.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#77AADD",
    "#EE8866",
    "#EEDD88",
    "#FFAABB",
    "#99DDFF",
    "#44BB99",
    "#BBCC33",
    "#AAAA00",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#CC79A7",
)


class LabelMapError(ValueError):
    """A label map file that cannot be used; ``str()`` names the file and the reason."""


def hamish_name(source: str) -> str | None:
    """The Hamish label name a source label becomes when created (``PERS`` → ``pers``), or None."""
    name = _NOT_NAME.sub("_", source.strip().lower()).strip("_")
    if not name or not name[0].isalpha() or not set(name) <= LABEL_NAME_CHARS:
        return None
    return name


def export_name(label: str, upper: bool) -> str:
    return label.upper() if upper else label


def pick_colour(used: Iterable[str]) -> str:
    """A colour not used yet: the palette first, then golden-ratio hues."""
    taken = {c.upper() for c in used}
    for c in PALETTE:
        if c.upper() not in taken:
            return c
    k = len(taken)
    while True:
        h = (k * 0.618033988749895) % 1.0
        r, g, b = colorsys.hsv_to_rgb(h, 0.55, 0.85)
        c = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
        if c not in taken:
            return c
        k += 1


MAX_LABEL_NAME = 200  # characters of a label as a file gives it (imports refuse longer ones)
MAX_LABEL_MAP_DEPTH = 8  # a label map is one flat object; deeper JSON is refused unparsed
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def load_label_map(path: str | Path, one_word: str | None = None) -> dict[str, str | None]:
    """Read a label map file (a JSON object, values strings or null) and check it with
    :func:`check_label_map` (``one_word``: see there); raises LabelMapError naming the file
    (and line) and the reason."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise LabelMapError(f"{p}: no such label map file") from None
    except IsADirectoryError:
        raise LabelMapError(f"{p}: is a folder, not a label map file") from None
    except OSError as exc:
        raise LabelMapError(f"{p}: cannot be read ({exc.strerror})") from None
    wide = wide_encoding(raw[:4])
    if wide is not None:
        raise LabelMapError(f"{p}: {wide}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LabelMapError(f"{p}: not UTF-8 (byte {exc.start})") from None
    deep = _too_deep(text)
    if deep is not None:
        raise LabelMapError(
            f"{p}, line {deep}: JSON nested more than {MAX_LABEL_MAP_DEPTH} levels deep; a label map is "
            'one flat object such as {"PER": "person", "LOC": null}: not read'
        )
    try:
        value = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise LabelMapError(f"{p}, line {exc.lineno}: invalid JSON ({exc.msg})") from None
    except _Repeated as exc:
        raise LabelMapError(f"{p}: the label {_short(exc.args[0])} is mapped more than once") from None
    except ValueError as exc:  # a number of more digits than Python converts
        raise LabelMapError(f"{p}: invalid JSON ({exc})") from None
    return check_label_map(value, str(p), one_word)


class _Repeated(Exception):
    """A key given twice in one JSON object (``json`` would keep the last without a word)."""


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in pairs:
        if k in out:
            raise _Repeated(k)
        out[k] = v
    return out


def _too_deep(text: str) -> int | None:
    """The line where ``text``'s JSON nesting (outside strings) first exceeds the limit, or None.
    Strings are removed first (a string holds no raw line break, so lines keep their numbers)."""
    depth = 0
    bare = _JSON_STRING.sub('""', text)
    for m in _BRACKET.finditer(bare):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_LABEL_MAP_DEPTH:
            return bare.count("\n", 0, m.start()) + 1
    return None


def label_name_problem(name: str, one_word: str | None = None) -> str | None:
    """Why ``name`` cannot be written as a label, or None. ``one_word``: the format, when it
    writes labels as one word (no whitespace)."""
    if not name.strip():
        return "is empty"
    if len(name) > MAX_LABEL_NAME:
        return f"has {len(name):,} characters (at most {MAX_LABEL_NAME})"
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return f"holds the control character U+{ord(ch):04X}"
        if one_word is not None and ch.isspace():
            return (
                f"holds a space (U+{ord(ch):04X}): {one_word} writes a label as one word, and a line with a space "
                "in its label could not be read back"
            )
    return None


def check_label_map(
    value: object, source: str = "label map", one_word: str | None = None
) -> dict[str, str | None]:
    """The label map ``value`` (a parsed JSON object, or one built by the GUI) once checked;
    LabelMapError lists every problem. ``one_word``: on export, the format when it writes
    labels as one word (see :func:`label_name_problem`)."""
    if not isinstance(value, dict):
        raise LabelMapError(
            f'{source}: a label map is a JSON object such as {{"PER": "person", "LOC": null}}'
        )
    out: dict[str, str | None] = {}
    problems: list[str] = []
    for k, v in value.items():
        key = str(k)
        if not key.strip():
            problems.append("a label to map is empty")
        elif v is not None and not isinstance(v, str):
            problems.append(f"the value for {_short(key)} must be a label name or null, not {_short(v)}")
        elif isinstance(v, str) and not v.strip():
            problems.append(f"the value for {_short(key)} is empty (use null to drop the label)")
        elif isinstance(v, str):
            bad = label_name_problem(v, one_word)
            if bad is not None:
                problems.append(f"the name {_short(v)} for {_short(key)} {bad}")
        out[key] = v
    if problems:
        raise LabelMapError(f"{source}: {'; '.join(problems)}")
    return out


def _short(value: object) -> str:
    """A value of a label map for a message (a long string or a large list cut short)."""
    return reprlib.repr(value)
