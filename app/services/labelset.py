"""Label sets: the labels of a project as a JSON file, and changing a project's labels.

A label set (``schema/label-set.schema.json``) lists each label's name, display names (what
the interface shows per language: ``{"en": "person", "ar": "شخص"}``), digit key, Latin
letter key, colour and guidance (English and Arabic description, examples). A new
project takes its labels from ``resources/labels/default.json``
(:func:`default_labels`; the Python ``app.core.labels.DEFAULT_LABELS`` is the
fallback and a test keeps the two equal).

Validation happens twice: the JSON Schema (jsonschema, Draft 2020-12) for the shape,
then the rules a schema cannot say — unique names, keys and letters, name format, letters
that the editor's own commands use. Every error names the file, the JSON path and the
reason (``default.json: $.labels[2].key: key "1" is already used by $.labels[0] (person)``).

Changing labels (:func:`save_labels`: the label dialog's OK; :func:`apply_label_set`:
merge a file by name) is one transaction and validates the whole resulting set first.
Renaming a label renames it in every later export; spans keep pointing at it (by id).
Open :class:`~app.services.session.DocumentSession` objects hold label *names*: reopen
them after a rename.

A project's display names are one project setting (:data:`DISPLAY_SETTING`, a JSON object
``{label name: {language: name shown}}``), written in the same transaction as the labels
by :func:`save_labels` and :func:`delete_label` (the only code that renames or deletes
labels): no schema change, so no migration. A project that never stored any (created
before display names existed, or never edited) shows the built-in default labels' display
names for labels of the same name.
"""

from __future__ import annotations

import json
import logging
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.fs import atomic_write
from app.core.labels import DEFAULT_LABELS, RESERVED_LETTERS, Display, Label, validate_label_name
from app.paths import RESOURCES, SCHEMAS
from app.store import label_repository as lrepo
from app.store import repository as repo

logger = logging.getLogger(__name__)

DEFAULT_LABEL_SET = RESOURCES / "labels" / "default.json"
SCHEMA_PATH = SCHEMAS / "label-set.schema.json"
FORMAT = "hamish-label-set"
VERSION = 1
MAX_ERRORS = 20
DISPLAY_SETTING = "labels.display"
MAX_DISPLAY = 100


def display_tuple(by_language: Mapping[str, str]) -> Display:
    """``{"en": "person", "ar": "شخص"}`` → ``(("ar", "شخص"), ("en", "person"))`` (empty names dropped)."""
    return tuple(sorted((lang, shown) for lang, shown in by_language.items() if shown))


class LabelSetError(ValueError):
    """A label set that cannot be used. ``errors`` holds one line per problem, each
    naming the source, the JSON path and the reason; ``str()`` joins them."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        shown = self.errors[:MAX_ERRORS]
        more = len(self.errors) - len(shown)
        super().__init__("\n".join(shown) + (f"\n… and {more} more" if more > 0 else ""))


def _label_json(lab: Label) -> dict[str, Any]:
    """One label as a label-set file lists it."""
    return {
        "name": lab.name,
        **({"display": dict(lab.display)} if lab.display else {}),
        "key": lab.key,
        "letter": lab.letter,
        "colour": lab.colour,
        "description": {"en": lab.description, "ar": lab.description_ar},
        "examples": list(lab.examples),
    }


@dataclass(frozen=True)
class LabelSet:
    name: str
    labels: tuple[Label, ...]
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "labels": [_label_json(lab) for lab in self.labels],
        }


# --- reading and validating ----------------------------------------------------------------


_validator = None


def _schema_validator():  # type: ignore[no-untyped-def]
    """The Draft 2020-12 validator of the schema (jsonschema is imported on first use:
    ~50 ms, paid only when a label set is read)."""
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator

        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        _validator = Draft202012Validator(schema)
    return _validator


def _json_path(error) -> str:  # type: ignore[no-untyped-def]
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def check_labels(labels: Sequence[Label], source: str, path: str = "$.labels") -> list[str]:
    """The rules beyond the schema, as error lines (empty when the set is valid)."""
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    if not labels:
        errors.append(f"{source}: {path}: a label set needs at least one label")
    for i, lab in enumerate(labels):
        here = f"{path}[{i}]"
        try:
            validate_label_name(lab.name)
        except ValueError as exc:
            errors.append(f"{source}: {here}.name: {exc}")
        if lab.key and not (len(lab.key) == 1 and lab.key in "0123456789"):
            errors.append(f"{source}: {here}.key: {lab.key!r} is not one digit (0-9) or empty")
        if lab.letter and not (len(lab.letter) == 1 and "a" <= lab.letter <= "z"):
            errors.append(f"{source}: {here}.letter: {lab.letter!r} is not one Latin letter (a-z) or empty")
        elif lab.letter in RESERVED_LETTERS:
            errors.append(
                f"{source}: {here}.letter: {lab.letter!r} is an editor command key "
                f"(reserved: {', '.join(sorted(RESERVED_LETTERS))})"
            )
        c = lab.colour
        if not (len(c) == 7 and c[0] == "#" and all(ch in "0123456789abcdefABCDEF" for ch in c[1:])):
            errors.append(f"{source}: {here}.colour: {c!r} is not a colour #rrggbb")
        for field_name, value in (("name", lab.name), ("key", lab.key), ("letter", lab.letter)):
            if not value:
                continue
            k = (field_name, value.lower() if field_name == "name" else value)
            if k in seen:
                j = seen[k]
                errors.append(
                    f"{source}: {here}.{field_name}: {field_name} {value!r} is already used by "
                    f"{path}[{j}] ({labels[j].name})"
                )
            else:
                seen[k] = i
        for lang, shown in lab.display:
            where = f"{here}.display.{lang}"
            if not (2 <= len(lang) <= 3 and lang.isascii() and lang.isalpha() and lang.islower()):
                errors.append(f'{source}: {where}: {lang!r} is not a language code such as "ar"')
            if shown != shown.strip() or not shown:
                errors.append(f"{source}: {where}: {shown!r} is empty or starts or ends with a space")
            elif len(shown) > MAX_DISPLAY:
                errors.append(f"{source}: {where}: longer than {MAX_DISPLAY} characters")
            elif any(unicodedata.category(ch) == "Cc" for ch in shown):
                errors.append(f"{source}: {where}: {shown!r} contains a control character")
            k = (f"display.{lang}", shown.casefold())
            if k in seen:
                j = seen[k]
                errors.append(
                    f"{source}: {where}: display name {shown!r} is already used by {path}[{j}] ({labels[j].name})"
                )
            else:
                seen[k] = i
    return errors


def parse_label_set(data: object, source: str) -> LabelSet:
    """Validate decoded JSON and build the label set, or raise :class:`LabelSetError`."""
    errors = [
        f"{source}: {_json_path(e)}: {e.message}"
        for e in sorted(_schema_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if errors:
        raise LabelSetError(errors)
    assert isinstance(data, dict)
    labels = tuple(
        Label(
            lab["name"],
            lab["key"],
            lab["letter"],
            lab["colour"],
            lab["description"]["en"],
            lab["description"]["ar"],
            tuple(lab["examples"]),
            display_tuple(lab.get("display", {})),
        )
        for lab in data["labels"]
    )
    errors = check_labels(labels, source)
    if errors:
        raise LabelSetError(errors)
    return LabelSet(data["name"], labels, source)


def load_label_set(path: str | os.PathLike[str]) -> LabelSet:
    """Read and validate a label-set file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise LabelSetError([f"{p}: cannot be read ({exc.strerror or exc})"]) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LabelSetError([f"{p}, line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x})"]) from None
    except json.JSONDecodeError as exc:
        raise LabelSetError(
            [f"{p}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from None
    return parse_label_set(data, str(p))


def write_label_set(label_set: LabelSet, path: str | os.PathLike[str]) -> None:
    """Write a label set (validated first) to a file, atomically."""
    errors = check_labels(label_set.labels, str(path))
    if errors:
        raise LabelSetError(errors)
    payload = json.dumps(label_set.to_json(), ensure_ascii=False, indent=2) + "\n"
    with atomic_write(path) as fh:
        fh.write(payload.encode("utf-8"))


def default_label_set() -> LabelSet:
    return load_label_set(DEFAULT_LABEL_SET)


def default_labels() -> tuple[Label, ...]:
    """The labels a new project starts with: ``resources/labels/default.json``, or
    ``app.core.labels.DEFAULT_LABELS`` if that file is missing or invalid (logged)."""
    try:
        return default_label_set().labels
    except LabelSetError as exc:
        logger.warning("using the built-in default labels: %s", exc)
        return DEFAULT_LABELS


# --- a project's labels ------------------------------------------------------------------------


def _decode_display(raw: str) -> dict[str, Display]:
    try:
        value = json.loads(raw)
    except ValueError:
        logger.warning("ignoring the unreadable setting %s", DISPLAY_SETTING)
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        str(name): display_tuple({str(k): v for k, v in shown.items() if isinstance(v, str)})
        for name, shown in value.items()
        if isinstance(shown, dict)
    }


def read_display_names(session, names: Iterable[str]) -> dict[str, Display]:  # type: ignore[no-untyped-def]
    """The display names of the labels ``names`` (empty for a label that has none). A project
    that never stored display names takes those of the default labels of the same name."""
    raw = repo.get_setting(session, DISPLAY_SETTING)
    stored = _decode_display(raw) if raw is not None else {d.name: d.display for d in DEFAULT_LABELS}
    return {name: stored.get(name, ()) for name in names}


def _write_display_names(session, labels: Iterable[Label]) -> None:  # type: ignore[no-untyped-def]
    value = {lab.name: dict(lab.display) for lab in labels if lab.display}
    repo.set_setting(session, DISPLAY_SETTING, json.dumps(value, ensure_ascii=False, sort_keys=True))


def stored_labels(session, project_id: int) -> list[Label]:  # type: ignore[no-untyped-def]
    """The project's labels in palette order, with their ids and display names."""
    labels = lrepo.project_labels(session, project_id)
    display = read_display_names(session, (lab.name for lab in labels))
    return [replace(lab, display=display[lab.name]) for lab in labels]


def project_labels(ws) -> list[Label]:  # type: ignore[no-untyped-def]
    """The project's labels as stored now (``ws.labels`` is what was read last)."""
    with ws.db.read() as s:
        return stored_labels(s, ws.project_id)


def project_label_set(ws, name: str = "project") -> LabelSet:  # type: ignore[no-untyped-def]
    return LabelSet(name, tuple(project_labels(ws)), ws.location)


def save_labels(ws, labels: Sequence[Label]) -> list[int]:  # type: ignore[no-untyped-def]
    """Make the project's labels ``labels`` (the label dialog's result), in one transaction;
    return their ids.

    A label with an id changes that label (rename, recolour, re-key, guidance, display
    names); one without adds one. Labels not listed are kept, after the listed ones. The
    whole resulting set is validated first; nothing is written if it is invalid.
    """
    source = f"{ws.location} labels"
    with ws.db.write() as s:
        stored = stored_labels(s, ws.project_id)
        listed = {lab.id for lab in labels if lab.id is not None}
        unknown = listed - {lab.id for lab in stored}
        if unknown:
            raise LabelSetError([f"{source}: label id {sorted(unknown)[0]} is not a label of this project"])
        final = [*labels, *(lab for lab in stored if lab.id not in listed)]
        errors = check_labels(final, source)
        if errors:
            raise LabelSetError(errors)
        ids = lrepo.replace_labels(
            s, ws.project_id, [replace(lab, colour=lab.colour.upper()) for lab in labels]
        )
        _write_display_names(s, final)
    ws.reload_labels()
    return ids


@dataclass(frozen=True)
class ApplyResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def apply_label_set(ws, label_set: LabelSet) -> ApplyResult:  # type: ignore[no-untyped-def]
    """Merge a label set into the project by name: existing labels take the set's key,
    letter, colour, guidance and display names (a label the set gives no display names
    keeps its own); new names are added; labels the set does not name stay. The set's
    order becomes the palette order."""
    current = {lab.name: lab for lab in project_labels(ws)}
    labels: list[Label] = []
    result = ApplyResult()
    for lab in label_set.labels:
        old = current.get(lab.name)
        if old is not None:
            lab = replace(lab, id=old.id, display=lab.display or old.display)
            (result.unchanged if old == lab else result.updated).append(lab.name)
        else:
            result.added.append(lab.name)
        labels.append(lab)
    save_labels(ws, labels)
    return result


def update_label(ws, current: str, /, **changes: Any) -> Label:  # type: ignore[no-untyped-def]
    """Change one label: ``name=`` (rename), ``key=``, ``letter=``, ``colour=``,
    ``description=`` (English), ``description_ar=``, ``examples=``, ``display=`` (``{"ar": …}``)."""
    for lab in project_labels(ws):
        if lab.name == current:
            if "examples" in changes:
                changes["examples"] = tuple(changes["examples"])
            if "display" in changes:
                changes["display"] = display_tuple(changes["display"])
            new = replace(lab, **changes)
            save_labels(ws, [new])
            return new
    raise LabelSetError([f"{ws.location} labels: no label named {current!r}"])


def add_label(ws, label: Label) -> int:  # type: ignore[no-untyped-def]
    return save_labels(ws, [replace(label, id=None)])[0]


def delete_label(ws, name: str) -> None:  # type: ignore[no-untyped-def]
    """Delete a label no span uses (any annotator); refused otherwise."""
    source = f"{ws.location} labels"
    with ws.db.write() as s:
        stored = {lab.name: lab.id for lab in lrepo.project_labels(s, ws.project_id)}
        if name not in stored:
            raise LabelSetError([f"{source}: no label named {name!r}"])
        if len(stored) == 1:
            raise LabelSetError([f"{source}: {name!r} is the only label; a project needs one"])
        used = lrepo.span_counts(s, ws.project_id).get(stored[name], 0)
        if used:
            raise LabelSetError(
                [f"{source}: {name!r} is used by {used} span(s); relabel or delete them first"]
            )
        lrepo.delete_label(s, stored[name])
        if repo.get_setting(s, DISPLAY_SETTING) is not None:
            display = read_display_names(s, stored)
            _write_display_names(s, (Label(n, display=display[n]) for n in stored if n != name))
    ws.reload_labels()


def label_span_counts(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Spans per label name, every annotator (the dialog shows them)."""
    with ws.db.read() as s:
        counts = lrepo.span_counts(s, ws.project_id)
        return {lab.name: counts.get(lab.id, 0) for lab in lrepo.project_labels(s, ws.project_id)}


# --- colours --------------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
_CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
MIN_DELTA_E = 5.0  # CIE76 between two labels' highlights, under each simulated vision
LIGHT_ALPHA = 0.42  # the light theme's highlight tint (app.ui.document_view.HIGHLIGHT_ALPHA)


def _lin(v: float) -> float:
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _delin(v: float) -> float:
    v = min(1.0, max(0.0, v))
    return 255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)


def simulate(rgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    """``rgb`` as seen with a colour-vision deficiency (protanopia, deuteranopia, tritanopia)."""
    m = _CVD[vision]
    lin = [_lin(c) for c in rgb]
    out = [sum(m[r][k] * lin[k] for k in range(3)) for r in range(3)]
    return (_delin(out[0]), _delin(out[1]), _delin(out[2]))


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_lin(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = _lab(a), _lab(b)
    return sum((p - q) ** 2 for p, q in zip(la, lb)) ** 0.5


def colour_warnings(colours: Mapping[str, str], *, dark: bool | None = None) -> list[str]:
    """Pairs of labels whose highlights are too close to tell apart — with normal vision,
    protanopia, deuteranopia or tritanopia — in the light theme, the dark theme or both
    (``dark=None``): the label dialog shows them. Text on a highlight is readable by
    construction (a light tint under black text; :func:`app.core.labels.dark_tint`
    keeps WCAG AA in the dark theme)."""
    from app.core.labels import dark_tint, tint

    themes: Iterable[bool] = (False, True) if dark is None else (dark,)
    out: list[str] = []
    for is_dark in themes:
        theme = "dark" if is_dark else "light"
        tints = {n: (dark_tint(c) if is_dark else tint(c, LIGHT_ALPHA)) for n, c in colours.items()}
        names = list(tints)
        for vision in ("normal", *_CVD):
            seen = {n: (tints[n] if vision == "normal" else simulate(tints[n], vision)) for n in names}
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    d = delta_e(seen[a], seen[b])
                    if d < MIN_DELTA_E:
                        out.append(
                            f"{theme} theme, {vision}: {a} and {b} look alike (ΔE {d:.1f} < {MIN_DELTA_E})"
                        )
    return out
