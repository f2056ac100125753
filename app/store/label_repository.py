"""Queries and writes on a project's labels (the workspace, the label dialog, label sets,
labels an import creates).

Rows of the ``label`` table become :class:`app.core.labels.Label` here and nowhere else
(:func:`project_labels`); display names are a project setting, added by
:mod:`app.services.labelset`. Like :mod:`app.store.repository`, functions take the caller's
``Session``: the service decides the unit of work — a whole label-dialog change is one
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.core.labels import Label
from app.store.models import Label as LabelTable
from app.store.models import Span


def _examples(raw: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


def project_labels(session: Session, project_id: int) -> list[Label]:
    """The project's labels in palette order, with their ids (no display names)."""
    rows = session.execute(
        select(
            LabelTable.id,
            LabelTable.name,
            LabelTable.key,
            LabelTable.letter,
            LabelTable.colour,
            LabelTable.description,
            LabelTable.description_ar,
            LabelTable.examples,
        )
        .where(LabelTable.project_id == project_id)
        .order_by(LabelTable.position, LabelTable.id)
    )
    return [
        Label(name, key or "", letter or "", colour, desc or "", desc_ar or "", _examples(ex), id=i)
        for i, name, key, letter, colour, desc, desc_ar, ex in rows
    ]


def _columns(lab: Label) -> dict[str, object]:
    return {
        "name": lab.name,
        "key": lab.key,
        "letter": lab.letter,
        "colour": lab.colour,
        "description": lab.description,
        "description_ar": lab.description_ar,
        "examples": json.dumps(list(lab.examples), ensure_ascii=False),
    }


def insert_label(session: Session, project_id: int, label: Label, position: int) -> int:
    row = LabelTable(project_id=project_id, position=position, **_columns(label))
    session.add(row)
    session.flush()
    return row.id


def append_label(session: Session, project_id: int, label: Label) -> int:
    """Add a label at the end of the project's list (an import's ``--create-labels``)."""
    last = session.scalar(select(func.max(LabelTable.position)).where(LabelTable.project_id == project_id))
    return insert_label(session, project_id, label, (last if last is not None else -1) + 1)


def update_label(session: Session, label_id: int, label: Label, position: int) -> int:
    return session.execute(
        update(LabelTable).where(LabelTable.id == label_id).values(position=position, **_columns(label))
    ).rowcount


def replace_labels(session: Session, project_id: int, labels: Sequence[Label]) -> list[int]:
    """Make the project's labels ``labels`` in this order: a label with an id updates that
    label (rename, recolour, re-key, guidance), one without adds one. Labels not listed keep
    their values and follow the listed ones. Returns the ids of ``labels``.

    Names are unique per project in the database; a swap (a → b, b → a) would collide
    half-way, so listed labels are first given temporary names.
    """
    stored = [lab.id for lab in project_labels(session, project_id)]
    for lab in labels:
        if lab.id is not None and lab.id not in set(stored):
            raise KeyError(f"label {lab.id} is not a label of this project")
    for lab in labels:
        if lab.id is not None:
            session.execute(
                update(LabelTable).where(LabelTable.id == lab.id).values(name=f"\x00renaming-{lab.id}")
            )
    ids: list[int] = []
    for pos, lab in enumerate(labels):
        if lab.id is None:
            ids.append(insert_label(session, project_id, lab, pos))
        else:
            update_label(session, lab.id, lab, pos)
            ids.append(lab.id)
    listed = set(ids)
    pos = len(labels)
    for lid in stored:
        if lid not in listed:
            session.execute(update(LabelTable).where(LabelTable.id == lid).values(position=pos))
            pos += 1
    return ids


def span_counts(session: Session, project_id: int) -> dict[int, int]:
    """Spans per label id (every annotator), for the dialog and for deletion checks."""
    rows = session.execute(
        select(Span.label_id, func.count(Span.id))
        .join(LabelTable, LabelTable.id == Span.label_id)
        .where(LabelTable.project_id == project_id)
        .group_by(Span.label_id)
    )
    return {lid: n for lid, n in rows}


def delete_label(session: Session, label_id: int) -> int:
    """Delete a label that no span uses (the caller checks; the foreign key refuses too)."""
    return session.execute(delete(LabelTable).where(LabelTable.id == label_id)).rowcount
