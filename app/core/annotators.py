"""Annotator names: one rule for every way a name comes in.

A name is typed (``--annotator``, the GUI's "Switch annotator…", the first-launch question)
or read from data (a Hamish JSONL export's ``"annotator"``, the layers of a database being
merged). Every one of them goes through :func:`annotator_name`, so a name one door accepts
is never refused by another (an export of ``amal``'s layer always imports and merges back):

* runs of whitespace become one space and the ends are trimmed (``" amal  k "`` → ``"amal k"``);
* the result is not empty, holds at most :data:`MAX_NAME` characters (the database column),
  and no control character (C0/C1, DEL) nor lone surrogate (UTF-8 cannot store one);
* :data:`GOLD` names the adjudicated gold layer: ``gold=False`` where a person's name is
  asked for (switching the current annotator) refuses it.
"""

from __future__ import annotations

import re

GOLD = "gold"
MAX_NAME = 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # Unicode categories Cc and Cs


class AnnotatorNameError(ValueError):
    """A name that cannot be an annotator's; ``str()`` says why."""


def annotator_name(raw: object, *, gold: bool = True) -> str:
    """The annotator name ``raw`` stands for, or AnnotatorNameError saying why it cannot be one."""
    if not isinstance(raw, str):
        raise AnnotatorNameError(f"an annotator name must be a string, not {type(raw).__name__}")
    name = " ".join(raw.split())
    if not name:
        raise AnnotatorNameError("an annotator name cannot be empty or only spaces")
    if len(name) > MAX_NAME:
        raise AnnotatorNameError(
            f"an annotator name may have at most {MAX_NAME} characters (this one has {len(name):,})"
        )
    bad = _CONTROL.search(name)
    if bad is not None:
        raise AnnotatorNameError(
            f"an annotator name cannot hold the control character U+{ord(bad.group()):04X}"
        )
    if not gold and name == GOLD:
        raise AnnotatorNameError(f"{GOLD!r} is the adjudicated gold layer, not an annotator")
    return name
