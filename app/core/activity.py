"""Active time per document: how long an annotator really worked on it, idle excluded.

The GUI feeds the tracker with events — "activity happened" (a key press, a click, a
scroll, a span edit) and "this document is now open" / "closed" — each with a time from
a monotonic clock. Time between two consecutive events on the same document counts as
active when the gap is at most ``idle_after`` seconds (default 60); a longer gap is idle
and counts for nothing (not even its first minute: the annotator may have left at once,
and a reader who is still there produces a scroll or a key within the minute). Opening,
switching and closing are events too, so the time up to a switch belongs to the document
that was open.

The tracker keeps the seconds not yet saved per document; :meth:`ActivityTracker.flush`
hands them over (the service adds them to ``layer.active_seconds``) and clears them.
Qt-free and clock-free: every method takes the time, so tests use a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_IDLE_SECONDS = 60.0


class ActivityTracker:
    __slots__ = ("idle_after", "clock", "document", "_last", "_pending")

    def __init__(
        self, idle_after: float = DEFAULT_IDLE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if idle_after <= 0:
            raise ValueError(f"idle_after must be positive, got {idle_after}")
        self.idle_after = float(idle_after)
        self.clock = clock
        self.document: int | None = None  # the open document
        self._last: float | None = None  # time of the last event on it
        self._pending: dict[int, float] = {}

    def _now(self, t: float | None) -> float:
        return self.clock() if t is None else t

    def _credit(self, t: float) -> None:
        if self.document is not None and self._last is not None:
            gap = t - self._last
            if 0 < gap <= self.idle_after:
                self._pending[self.document] = self._pending.get(self.document, 0.0) + gap
        if self._last is None or t > self._last:  # a clock that goes back never subtracts
            self._last = t

    def activity(self, t: float | None = None) -> None:
        """A key press, click, scroll or edit at time ``t`` on the open document."""
        if self.document is None:
            return
        self._credit(self._now(t))

    def open(self, document_id: int | None, t: float | None = None) -> None:
        """``document_id`` is now the open document (None: no document is open)."""
        now = self._now(t)
        if document_id == self.document:
            self.activity(now)
            return
        self._credit(now)
        self.document = document_id
        self._last = now if document_id is not None else None

    def close(self, t: float | None = None) -> None:
        """The open document was closed (or the window lost the user: quit, lock)."""
        self.open(None, t)

    def pending(self) -> dict[int, float]:
        """Seconds counted and not yet flushed, per document."""
        return dict(self._pending)

    def flush(self) -> dict[int, float]:
        """Hand over the unsaved seconds and clear them. A timer may call it at any time:
        it is not an event, so the time since the last event is not credited until the
        next one (which decides whether that gap was work or idleness)."""
        out, self._pending = self._pending, {}
        return {doc: secs for doc, secs in out.items() if secs > 0}

    def restore(self, seconds: dict[int, float]) -> None:
        """Put back seconds a failed save did not store (they are flushed again later)."""
        for doc, secs in seconds.items():
            self._pending[doc] = self._pending.get(doc, 0.0) + secs
