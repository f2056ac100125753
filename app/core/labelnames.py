"""Label names across formats, label maps, and colours for labels created by an import.

Hamish label names are lower-case ASCII identifiers (``app.core.labels.validate_label_name``).
Corpora use other spellings (``PER``, ``B-PERS``' type ``PERS``, ``Person``): a source label
matches a project label by name *ignoring case*, so ``PERSON`` finds ``person``. Token-level
exports write entity types in capitals (``B-PERSON``), the CoNLL convention, so that an
imported ``PERS`` comes back as ``PERS``.

A label map is a JSON object from source label to Hamish label, or ``null`` to drop the
label's spans: ``{"PER": "person", "ORG": "organisation", "LOC": null}``. On export the
same kind of object maps Hamish labels to the names written.
"""

from __future__ import annotations

import colorsys
import json
import re
from pathlib import Path
from typing import Iterable

from app.core.labels import LABEL_NAME_CHARS

_NOT_NAME = re.compile(r"[^a-z0-9_.-]+")

# Colours for new labels, most distinct first: the Okabe-Ito colours the default labels
# do not use, then Paul Tol's "muted" and "light" qualitative schemes.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255",
    "#44AA99", "#999933", "#AA4499", "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF",
    "#44BB99", "#BBCC33", "#AAAA00", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7",
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


def load_label_map(path: str | Path) -> dict[str, str | None]:
    """Read a label map file (JSON object, values strings or null); raises LabelMapError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise LabelMapError(f"{p}: no such label map file") from None
    except OSError as exc:
        raise LabelMapError(f"{p}: cannot be read ({exc.strerror})") from None
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LabelMapError(f"{p}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise LabelMapError(f"{p}, line {exc.lineno}: invalid JSON ({exc.msg})") from None
    return check_label_map(value, str(p))


def check_label_map(value: object, source: str = "label map") -> dict[str, str | None]:
    if not isinstance(value, dict):
        raise LabelMapError(f"{source}: a label map is a JSON object such as {{\"PER\": \"person\", \"LOC\": null}}")
    out: dict[str, str | None] = {}
    for k, v in value.items():
        if v is not None and not isinstance(v, str):
            raise LabelMapError(f"{source}: the value for {k!r} must be a label name or null, not {v!r}")
        if isinstance(v, str) and not v.strip():
            raise LabelMapError(f"{source}: the value for {k!r} is empty (use null to drop the label)")
        out[str(k)] = v
    return out
