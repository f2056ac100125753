"""Directional isolates for text embedded in interface messages.

A message in a right-to-left interface that embeds a key sequence, a number range or a
name from the data is one bidi paragraph: without isolation its neutral characters take
the direction of their neighbours, so ``Ctrl++`` shows as ``++Ctrl``, ``[`` as ``]`` and
"(232–296)" as "(296–232)". Each embedded piece is wrapped in an isolate (Unicode
UAX #9): key sequences left-to-right (LRI … PDI), data in a first-strong isolate (FSI …
PDI: its own first strong letter decides, digits alone are left-to-right).

An isolate ends at the first PDI that matches it, so isolate controls inside the embedded
text are shown as their visible marks (``app.core.marks``): a name cannot close the
isolate early or leave it open. Embeddings and overrides inside are closed by the PDI.
"""

from __future__ import annotations

from app.core.marks import VISIBLE

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate

_NEUTRALISE = str.maketrans({c: VISIBLE[c] for c in (LRI, RLI, FSI, PDI)})


def _inner(text: object) -> str:
    return str(text).translate(_NEUTRALISE)


def isolate_ltr(text: object) -> str:
    """``text`` as a left-to-right island (key sequences: ``Ctrl++``, ``Alt+[``)."""
    return LRI + _inner(text) + PDI


def isolate(text: object) -> str:
    """``text`` as an island whose direction is its own (names, titles, numbers, ranges)."""
    return FSI + _inner(text) + PDI


def format_isolated(template: str, *args: object) -> str:
    """``template.format(*args)`` with each argument in a first-strong isolate: how
    interface messages embed names, numbers and ranges."""
    return template.format(*(isolate(a) for a in args))


def embed_message(template: str, message: str) -> str:
    """``template.format(message)`` where ``message`` is itself an interface message built
    by :func:`format_isolated` (an undo step's description): it goes in one first-strong
    isolate and keeps its own isolates (neutralising them would show them as marks)."""
    return template.format(FSI + message + PDI)
