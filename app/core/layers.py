"""Layers: one annotator's spans on one document, and how far the work on it is.

:class:`LayerStatus` is the one list of statuses: the database, the JSONL format, export
filters (``--status``), the review and the document list all use it. Its values are the
strings stored and exported (``"in_progress"``); a ``StrEnum`` member is that string.
"""

from __future__ import annotations

from enum import StrEnum


class LayerStatus(StrEnum):
    NEW = "new"  # no layer yet, or nothing changed in it
    IN_PROGRESS = "in_progress"  # the first change to a new layer makes it in progress
    DONE = "done"  # marked done by its annotator
    REVIEWED = "reviewed"  # marked reviewed (the gold layer, in the review window)


FINISHED = frozenset({LayerStatus.DONE, LayerStatus.REVIEWED})  # what the progress counts as done
_VALUES = frozenset(LayerStatus)


def is_status(value: object) -> bool:
    """Whether ``value`` (a string from a file, the command line or the database) is a status."""
    return isinstance(value, str) and value in _VALUES
