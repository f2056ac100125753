"""Adjudication: turning a reviewer's decision on one difference into gold-layer edits.

The gold layer is a layer like any other (its annotator has ``kind = "gold"``). A
decision concerns the spans of one :class:`~app.review.align.Difference` — A's span, B's
span, or both — and sets what the gold layer holds **at their ranges** (the "slots" of
the difference, one or two ranges); gold spans elsewhere are not touched.

=============  ==============================================================================
decision       gold at the difference's ranges afterwards
=============  ==============================================================================
``accept_a``   A's span (nothing, if A has none here: "only in B" accepted as A saw it)
``accept_b``   B's span (nothing, if B has none here)
``accept_both``  both spans. Allowed when they can live in one layer: nested (one strictly
               inside the other), or one span only (agreement, only A, only B). Refused
               when the ranges are equal with different labels (a range holds one span)
               or cross.
``reject``     nothing
``edit``       nothing at those ranges, plus the reviewer's own span (any range, label)
``accept_agreements``  an agreement's span ("accept all agreements" records this decision)
=============  ==============================================================================

A gold span already there with the wanted range and label is kept as it is (its
provenance too); other gold spans at the slots are deleted; missing ones are added with
provenance (JSON text in ``span.provenance``)::

    {"sources": ["amal", "badr"], "decision": "accept_a", "difference": "label",
     "by": "reviewer", "at": "2026-11-26T12:00:00.000Z"}

``sources`` are the annotators whose layer has exactly that span (range and label), in
A, B order; empty for a hand edit. The result is a list of
:mod:`app.core.edits` edits (deletions first, then additions) to apply as one
:class:`~app.core.edits.Batch` through the gold layer's ``DocumentSession``. An addition
that would cross a gold span left in place raises :class:`AdjudicationError` before
anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

from app.core.edits import AddSpan, DeleteSpan, Edit
from app.core.spans import Origin, SpanRecord, check_span, relation
from app.review.align import Difference, Kind


class Decision(str, Enum):
    ACCEPT_A = "accept_a"
    ACCEPT_B = "accept_b"
    ACCEPT_BOTH = "accept_both"
    REJECT = "reject"
    EDIT = "edit"
    ACCEPT_AGREEMENTS = "accept_agreements"  # "accept all agreements" in one step


class AdjudicationError(ValueError):
    """The decision cannot be applied (incompatible spans, a crossing gold span…)."""


class GoldSpans(Protocol):
    """What the planner needs of the gold layer (a :class:`~app.core.spans.SpanIndex`)."""

    def find_range(self, start: int, end: int) -> SpanRecord | None: ...

    def overlapping(self, start: int, end: int) -> list[SpanRecord]: ...


def utc_stamp(now: datetime | None = None) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``: ``2026-11-26T12:00:00.000Z``."""
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def provenance(
    sources: Sequence[str], decision: Decision, by: str, at: str, difference: Kind | None = None
) -> str:
    data: dict[str, object] = {"sources": list(sources), "decision": decision.value}
    if difference is not None:
        data["difference"] = difference.value
    data["by"] = by
    data["at"] = at
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def compatible(d: Difference[SpanRecord]) -> bool:
    """Whether "accept both" is possible: the union of the two versions is a valid layer."""
    if d.a is None or d.b is None:
        return True
    rel = relation(d.a.start, d.a.end, d.b.start, d.b.end)
    if rel == "equal":
        return d.a.label == d.b.label
    return rel in ("inside", "contains", "disjoint")


def _wanted(d: Difference[SpanRecord], decision: Decision) -> list[SpanRecord]:
    a, b = d.a, d.b
    if decision is Decision.ACCEPT_A:
        return [a] if a is not None else []
    if decision is Decision.ACCEPT_B:
        return [b] if b is not None else []
    if decision in (Decision.ACCEPT_BOTH, Decision.ACCEPT_AGREEMENTS):
        if not compatible(d):
            assert a is not None and b is not None
            why = "have the same range" if (a.start, a.end) == (b.start, b.end) else "cross"
            raise AdjudicationError(
                f"cannot accept both: “{a.text}” ({a.label}) and “{b.text}” ({b.label}) {why}; "
                "a layer cannot hold both"
            )
        out = [x for x in (a, b) if x is not None]
        if len(out) == 2 and (a.start, a.end, a.label) == (b.start, b.end, b.label):  # type: ignore[union-attr]
            out = out[:1]
        return out
    return []


def _sources(rec: SpanRecord, d: Difference[SpanRecord], names: tuple[str, str]) -> list[str]:
    out = []
    for side, name in zip((d.a, d.b), names):
        if side is not None and (side.start, side.end, side.label) == (rec.start, rec.end, rec.label):
            out.append(name)
    return out


def _slots(d: Difference[SpanRecord], extra: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    slots: list[tuple[int, int]] = []
    for rng in [*((x.start, x.end) for x in (d.a, d.b) if x is not None), *extra]:
        if rng not in slots:
            slots.append(rng)
    return slots


def _plan(
    gold: GoldSpans,
    slots: Sequence[tuple[int, int]],
    wanted: Sequence[tuple[SpanRecord, str]],
) -> list[Edit]:
    """Deletions of gold spans at ``slots`` not wanted, additions of wanted spans missing."""
    deletes: list[Edit] = []
    adds: list[Edit] = []
    removed: set[int] = set()
    keep_ranges = {(rec.start, rec.end): rec.label for rec, _ in wanted}
    for rng in slots:
        cur = gold.find_range(*rng)
        if cur is not None and keep_ranges.get(rng) != cur.label:
            deletes.append(DeleteSpan(cur.id))  # type: ignore[arg-type]
            removed.add(cur.id)  # type: ignore[arg-type]
    for rec, prov in wanted:
        cur = gold.find_range(rec.start, rec.end)
        if cur is not None and cur.id not in removed:
            continue  # already there with this label: kept with its provenance
        for other in gold.overlapping(rec.start, rec.end):
            if other.id in removed:
                continue
            if relation(rec.start, rec.end, other.start, other.end) == "crossing":
                raise AdjudicationError(
                    f"“{rec.text}” ({rec.start}–{rec.end}) would cross the gold {other.label} span "
                    f"“{other.text}” ({other.start}–{other.end}); change that one first"
                )
        adds.append(AddSpan(SpanRecord(rec.start, rec.end, rec.label, rec.text, None, Origin.MANUAL, prov)))
    for i, (x, _) in enumerate(wanted):  # the wanted spans themselves must not cross
        for y, _ in wanted[i + 1 :]:
            if relation(x.start, x.end, y.start, y.end) == "crossing":
                raise AdjudicationError(f"“{x.text}” and “{y.text}” cross; a layer cannot hold both")
    return deletes + adds


def plan_decision(
    d: Difference[SpanRecord],
    decision: Decision | str,
    gold: GoldSpans,
    names: tuple[str, str],
    by: str,
    at: str | None = None,
) -> list[Edit]:
    """The gold-layer edits for ``decision`` on ``d`` (``[]`` when gold is already so).

    ``names`` are the annotators of layers A and B (provenance ``sources``); ``by`` the
    reviewer; ``at`` the ISO UTC time (now by default). Use :func:`plan_edit` for
    ``edit``.
    """
    decision = Decision(decision)
    if decision is Decision.EDIT:
        raise AdjudicationError("an edit by hand needs a range and a label: use plan_edit")
    if decision is Decision.ACCEPT_AGREEMENTS and d.kind is not Kind.AGREEMENT:
        raise AdjudicationError(
            f"“accept agreements” applies to agreements, not to a {d.kind.value} difference"
        )
    at = at or utc_stamp()
    wanted = [
        (rec, provenance(_sources(rec, d, names), decision, by, at, d.kind)) for rec in _wanted(d, decision)
    ]
    return _plan(gold, _slots(d), wanted)


def plan_edit(
    text: str,
    start: int,
    end: int,
    label: str,
    gold: GoldSpans,
    names: tuple[str, str],
    by: str,
    d: Difference[SpanRecord] | None = None,
    at: str | None = None,
) -> list[Edit]:
    """The reviewer's own span ``[start, end)`` with ``label`` in gold.

    With a difference ``d``, the gold spans at its ranges are removed first (the edit
    resolves it). A gold span with the same range but another label is replaced.
    ``sources`` names the annotators whose layer has exactly this span, if ``d`` shows it.
    """
    span_text = check_span(text, start, end)
    rec = SpanRecord(start, end, label, span_text)
    at = at or utc_stamp()
    sources = _sources(rec, d, names) if d is not None else []
    prov = provenance(sources, Decision.EDIT, by, at, d.kind if d is not None else None)
    slots = _slots(d, [(start, end)]) if d is not None else [(start, end)]
    return _plan(gold, slots, [(rec, prov)])
