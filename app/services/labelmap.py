"""Source labels → project labels, for imports and merges.

Rules, in order, for a label as written in the input:

1. in the label map: its value names the project label (matched ignoring case), or is
   ``null``: the span is dropped (counted);
2. else the project label of the same name, ignoring case (``PERSON`` → ``person``);
3. else it is *unknown*: with ``create`` it becomes a new project label named
   :func:`app.core.labelnames.hamish_name` (``PERS`` → ``pers``; a distinct colour, the
   next free digit key); with ``drop_unknown`` its spans are dropped (counted); otherwise
   the import stops and lists every unknown label with its count and first place.

A map value that names no project label is unknown too (or created, with ``create``).
A map is checked once, where it comes in (:func:`checked_label_map`); the resolver takes
it checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from app.core.issues import Tally
from app.core.labelnames import LabelMapError, check_label_map, hamish_name, load_label_map, pick_colour
from app.core.labels import Label
from app.services.workspace import ServiceError, Workspace
from app.store import Session
from app.store import label_repository as lrepo

DIGIT_KEYS = "1234567890"


def checked_label_map(label_map: dict | str | os.PathLike[str] | None) -> dict[str, str | None] | None:
    """A label map given to an import or a merge, checked: a file is read and checked, a map
    object (from the GUI or a caller) is checked; ServiceError names the problem."""
    if label_map is None:
        return None
    try:
        return (
            check_label_map(label_map)
            if isinstance(label_map, dict)
            else load_label_map(os.fspath(label_map))
        )
    except LabelMapError as exc:
        raise ServiceError(str(exc)) from None


@dataclass
class Unknown:
    count: int = 0
    first: str = ""  # "file, line N"
    reason: str = "not a project label"


@dataclass
class LabelResolver:
    ws: Workspace
    label_map: dict[str, str | None] | None = None  # checked (checked_label_map)
    create: bool = False
    drop_unknown: bool = False
    dry_run: bool = False
    tally: Tally = field(default_factory=Tally)
    unknown: dict[str, Unknown] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    used: dict[str, int] = field(default_factory=dict)  # source label -> spans seen
    _cache: dict[str, int | None | bool] = field(default_factory=dict)  # id, None (drop), False (unknown)
    _by_lower: dict[str, tuple[int, str]] = field(default_factory=dict)
    _colours: list[str] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)
    _fake_id: int = -1
    fast: dict[str, int] = field(default_factory=dict)  # labels resolved to an id: the hot path

    def count(self, labels: list[str]) -> None:
        """Count the spans read per source label (the import reports them)."""
        used = self.used
        for lab in labels:
            used[lab] = used.get(lab, 0) + 1

    def mapped_spans(self) -> int:
        if not self.label_map:
            return 0
        return sum(
            n
            for lab, n in self.used.items()
            if self.label_map.get(lab) is not None and self._cache.get(lab) not in (None, False, 0)
        )

    def __post_init__(self) -> None:
        for lab in self.ws.labels:
            self._by_lower[lab.name.lower()] = (lab.id, lab.name)
            self._colours.append(lab.colour)
            if lab.key:
                self._keys.add(lab.key)

    def resolve(
        self,
        session: Session | None,
        label: str,
        source: str = "",
        line: int | None = None,
        count: bool = True,
    ) -> int | None | bool:
        """The project label id for ``label``; None to drop the span; False when unknown."""
        if count:
            self.count([label])
        got = self._cache.get(label, 0)
        first = got == 0
        if first:
            got = self._cache[label] = self._decide(session, label)
            if got is not None and got is not False:
                self.fast[label] = got  # type: ignore[assignment]
                if self.label_map is not None and self.label_map.get(label) is not None:
                    self.tally.examples.setdefault("label_mapped", []).append(
                        f"{label} → {self.label_map[label]}"
                    )
        if got is None:
            mapped = self.label_map is not None and label in self.label_map
            self.tally.add(
                "label_dropped_by_map" if mapped else "label_dropped_unknown", label if first else None
            )
        elif got is False:
            where = f"{source}, line {line}" if line else source
            u = self.unknown.setdefault(label, Unknown(first=where))
            u.count += 1
            if not u.first:
                u.first = where
        return got

    def _decide(self, session: Session | None, label: str) -> int | None | bool:
        target = label
        if self.label_map is not None and label in self.label_map:
            target = self.label_map[label]  # type: ignore[assignment]
            if target is None:
                return None
        found = self._by_lower.get(target.lower())
        if found is not None:
            return found[0]
        if self.create:
            name = hamish_name(target)
            if name is None:
                self.unknown[label] = Unknown(
                    first="",
                    reason="cannot become a label name (a-z, 0-9, '_', '-', '.'): map it with --label-map",
                )
                return False
            found = self._by_lower.get(name)
            if found is not None:
                return found[0]
            return self._create(session, name, f"Created by an import (source label {label!r}).")
        if self.drop_unknown:
            return None
        if target != label:
            self.unknown.setdefault(
                label, Unknown(reason=f"the label map names {target!r}, which is not a project label")
            )
        return False

    def _create(self, session: Session | None, name: str, description: str) -> int:
        colour = pick_colour(self._colours)
        key = next((k for k in DIGIT_KEYS if k not in self._keys), "")
        self._colours.append(colour)
        if key:
            self._keys.add(key)
        self.created.append(name)
        if self.dry_run or session is None:
            lid = self._fake_id
            self._fake_id -= 1
        else:
            lid = lrepo.append_label(
                session, self.ws.project_id, Label(name, key, colour=colour, description=description)
            )
        self._by_lower[name] = (lid, name)
        return lid

    def unknown_message(self) -> str:
        parts = []
        for lab, u in sorted(self.unknown.items(), key=lambda kv: -kv[1].count):
            where = f", first at {u.first}" if u.first else ""
            parts.append(
                f"{lab} ({u.count} span(s){where}; {u.reason})"
                if u.reason != "not a project label"
                else f"{lab} ({u.count} span(s){where})"
            )
        known = ", ".join(lab.name for lab in self.ws.labels)
        return (
            f"unknown label(s): {'; '.join(parts)}. Project labels: {known}. Map them with --label-map FILE, "
            "or give --create-labels or --drop-unknown; nothing was imported"
        )
