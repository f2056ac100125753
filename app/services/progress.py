"""Progress and cancel for long imports and exports (shared by GUI and CLI).

A service takes ``progress``: a callable ``progress(done, total)`` called every few
hundred records (and once at the end). ``total`` may be None when unknown. Units: bytes
of input read for imports and inspections, documents for exports and merges. To cancel,
the callable returns ``False`` or raises :class:`Cancelled`; the service then stops,
rolls its transaction back (imports) or removes its temporary files (exports), and
raises :class:`Cancelled` — the database and every target file are as they were.

A one-argument callable ``progress(done)`` (the foundation's signature) is accepted too.
"""

from __future__ import annotations

import inspect
from typing import Callable

from app.services.workspace import ServiceError

ProgressFn = Callable[..., "bool | None"]


class Cancelled(ServiceError):
    """The user cancelled; nothing was changed."""

    def __init__(self, message: str = "cancelled; nothing was changed") -> None:
        super().__init__(message)


def adapt(progress: ProgressFn | None) -> Callable[[int, int | None], None] | None:
    """A ``report(done, total)`` that raises Cancelled when the callback asks to stop."""
    if progress is None:
        return None
    two = True
    try:
        params = [
            p
            for p in inspect.signature(progress).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        ]
        two = any(p.kind == p.VAR_POSITIONAL for p in params) or len(params) >= 2
    except (TypeError, ValueError):  # builtins without a signature
        two = True

    def report(done: int, total: int | None) -> None:
        answer = progress(done, total) if two else progress(done)
        if answer is False:
            raise Cancelled()

    return report
