"""Queries and writes on a project's labels (the label dialog, label sets).

Like :mod:`app.store.repository`, functions take the caller's ``Session``: the service
decides the unit of work — a whole label-dialog change is one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.store.models import Label, Span


@dataclass(frozen=True, slots=True)
class LabelValues:
    """Everything stored about a label except its id and project."""

    name: str
    key: str
    letter: str
    colour: str
    description: str  # English guidance
    description_ar: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoredLabel:
    id: int
    position: int
    values: LabelValues


def _examples(raw: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


def project_labels(session: Session, project_id: int) -> list[StoredLabel]:
    rows = session.execute(
        select(
            Label.id,
            Label.position,
            Label.name,
            Label.key,
            Label.letter,
            Label.colour,
            Label.description,
            Label.description_ar,
            Label.examples,
        )
        .where(Label.project_id == project_id)
        .order_by(Label.position, Label.id)
    )
    return [
        StoredLabel(i, pos, LabelValues(name, key or "", letter or "", colour, desc or "", desc_ar or "", _examples(ex)))
        for i, pos, name, key, letter, colour, desc, desc_ar, ex in rows
    ]


def _columns(v: LabelValues) -> dict[str, object]:
    return {
        "name": v.name,
        "key": v.key,
        "letter": v.letter,
        "colour": v.colour,
        "description": v.description,
        "description_ar": v.description_ar,
        "examples": json.dumps(list(v.examples), ensure_ascii=False),
    }


def insert_label(session: Session, project_id: int, values: LabelValues, position: int) -> int:
    lab = Label(project_id=project_id, position=position, **_columns(values))
    session.add(lab)
    session.flush()
    return lab.id


def update_label(session: Session, label_id: int, values: LabelValues, position: int) -> int:
    return session.execute(
        update(Label).where(Label.id == label_id).values(position=position, **_columns(values))
    ).rowcount


def replace_labels(session: Session, project_id: int, rows: Sequence[tuple[int | None, LabelValues]]) -> list[int]:
    """Make the project's labels ``rows`` in this order: an id updates that label (rename,
    recolour, re-key, guidance), ``None`` adds one. Labels not listed keep their values
    and follow the listed ones. Returns the ids of ``rows``.

    Names are unique per project in the database; a swap (a → b, b → a) would collide
    half-way, so listed labels are first given temporary names.
    """
    stored = {s.id: s for s in project_labels(session, project_id)}
    for lid, _ in rows:
        if lid is not None and lid not in stored:
            raise KeyError(f"label {lid} is not a label of this project")
    for lid, _ in rows:
        if lid is not None:
            session.execute(update(Label).where(Label.id == lid).values(name=f"\x00renaming-{lid}"))
    ids: list[int] = []
    for pos, (lid, values) in enumerate(rows):
        if lid is None:
            ids.append(insert_label(session, project_id, values, pos))
        else:
            update_label(session, lid, values, pos)
            ids.append(lid)
    listed = set(ids)
    pos = len(rows)
    for s in stored.values():
        if s.id not in listed:
            session.execute(update(Label).where(Label.id == s.id).values(position=pos))
            pos += 1
    return ids


def span_counts(session: Session, project_id: int) -> dict[int, int]:
    """Spans per label id (every annotator), for the dialog and for deletion checks."""
    rows = session.execute(
        select(Span.label_id, func.count(Span.id))
        .join(Label, Label.id == Span.label_id)
        .where(Label.project_id == project_id)
        .group_by(Span.label_id)
    )
    return {lid: n for lid, n in rows}


def delete_label(session: Session, label_id: int) -> int:
    """Delete a label that no span uses (the caller checks; the foreign key refuses too)."""
    return session.execute(delete(Label).where(Label.id == label_id)).rowcount

