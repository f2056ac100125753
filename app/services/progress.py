"""Progress and cancel for long imports and exports (shared by GUI and CLI).

A service takes ``progress``: a callable ``progress(done, total)`` called every few
hundred records (and once at the end). ``total`` may be None when unknown. Units: bytes
of input read for imports and inspections, documents for exports and merges. To cancel,
the callable returns ``False`` or raises :class:`Cancelled`; the service then stops,
rolls its transaction back (imports) or removes its temporary files (exports), and
raises :class:`Cancelled` — the database and every target file are as they were.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.workspace import ServiceError

ProgressFn = Callable[[int, "int | None"], "bool | None"]


class Cancelled(ServiceError):
    """The user cancelled; nothing was changed."""

    def __init__(self, message: str = "cancelled; nothing was changed") -> None:
        super().__init__(message)


def adapt(progress: ProgressFn | None) -> Callable[[int, int | None], None] | None:
    """A ``report(done, total)`` that raises Cancelled when the callback asks to stop."""
    if progress is None:
        return None

    def report(done: int, total: int | None) -> None:
        if progress(done, total) is False:
            raise Cancelled()

    return report
