"""Saving active time: :class:`app.core.activity.ActivityTracker` seconds into
``layer.active_seconds`` (the current annotator's layer of each document).

The GUI owns one :class:`TimeKeeper`: it forwards input events and document switches to
the tracker and calls :meth:`TimeKeeper.save` now and then (a timer, a document switch,
quitting). A save is one transaction; if it fails the seconds go back to the tracker and
are saved with the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from app.core.activity import DEFAULT_IDLE_SECONDS, ActivityTracker
from app.store import SqlError
from app.store import repository as repo

logger = logging.getLogger(__name__)


def add_active_seconds(ws, seconds: Mapping[int, float], annotator_id: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """Add ``{document id: seconds}`` to the annotator's layers (created if needed), in one
    transaction. Documents deleted in the meantime are skipped."""
    todo = {doc: secs for doc, secs in seconds.items() if secs > 0}
    if not todo:
        return
    annotator = ws.annotator_id if annotator_id is None else annotator_id
    with ws.db.write() as s:
        existing = repo.existing_document_ids(s, todo)
        for doc, secs in sorted(todo.items()):
            if doc not in existing:
                logger.info("active time of deleted document %s dropped (%.1f s)", doc, secs)
                continue
            repo.add_active_seconds(s, doc, annotator, secs)


def active_seconds(ws, document_id: int, annotator_id: int | None = None) -> float:  # type: ignore[no-untyped-def]
    """Seconds saved for the annotator on a document (0 when there is no layer)."""
    annotator = ws.annotator_id if annotator_id is None else annotator_id
    with ws.db.read() as s:
        return repo.active_seconds(s, document_id, annotator)


class TimeKeeper:
    """The tracker of the current annotator, saved to the project database."""

    def __init__(
        self,
        ws,  # type: ignore[no-untyped-def]
        idle_after: float = DEFAULT_IDLE_SECONDS,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.ws = ws
        self.annotator_id = ws.annotator_id
        self.tracker = (
            ActivityTracker(idle_after, clock) if clock is not None else ActivityTracker(idle_after)
        )

    def activity(self, t: float | None = None) -> None:
        self.tracker.activity(t)

    def open(self, document_id: int | None, t: float | None = None) -> None:
        self.tracker.open(document_id, t)

    def close(self, t: float | None = None) -> None:
        self.tracker.close(t)

    def save(self) -> dict[int, float]:
        """Write the unsaved seconds; return what was written. On a database error the
        seconds stay pending and the error propagates."""
        seconds = self.tracker.flush()
        try:
            add_active_seconds(self.ws, seconds, self.annotator_id)
        except SqlError:
            self.tracker.restore(seconds)
            raise
        return seconds
