"""Reviewing one document: two annotators' layers side by side, adjudicated into gold.

``Review(ws, document_id, "amal", "badr")`` loads three layers of the document — A, B and
the gold layer (the annotator named ``gold`` with ``kind = 'gold'``, created on first
review) — each as a :class:`~app.services.session.DocumentSession`, and aligns A and B
(:mod:`app.review.align`). The GUI shows ``session_a``/``session_b``/``gold`` in its panes
and walks :attr:`Review.differences` (everything but agreements, in reading order) by
index: next/previous are O(1).

A decision (accept A, accept B, accept both, reject, edit by hand, accept all
agreements) is *planned* here as one :class:`ReviewEdit` — a :class:`~app.core.edits.Batch`
of ``DeleteSpan``/``AddSpan`` on the gold layer — and applied by the caller through
``review.gold`` (the GUI wraps it in its ``EditCommand``; undo is ``edit.revert(review.gold)``).
Gold spans carry provenance (sources, decision, difference class, reviewer, time).
Applying or reverting a ``ReviewEdit`` also records the decision for
:meth:`Review.decision`, so "reject" — which may leave nothing in gold — shows as decided
until it is undone; without a recorded decision, the state is read from the gold layer.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from app.core import tokens
from app.core.edits import AddSpan, Batch, Edit
from app.core.layers import LayerStatus
from app.core.spans import Origin, SpanError, SpanRecord
from app.review.adjudicate import AdjudicationError, Decision, plan_decision, plan_edit, provenance, utc_stamp
from app.review.align import Difference, Kind, align, count_kinds
from app.services.session import DocumentSession
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo
from app.store import review_repository as review_repo
from app.store import spans as span_store

_MISSING: Any = object()


class ReviewError(ServiceError):
    """A decision that cannot be applied (incompatible spans, a crossing gold span…)."""


@dataclass
class ReviewEdit(Batch):
    """One reviewer decision: a batch of gold edits (one undo step) that also records the
    decision on the difference(s) it resolves."""

    decision: Decision | None = None
    keys: tuple[int, ...] = ()  # positions in Review.items
    ledger: dict[int, Decision] | None = field(default=None, repr=False, compare=False)
    review: Review | None = field(default=None, repr=False, compare=False)
    _previous: list[Any] = field(default_factory=list, repr=False, compare=False)

    def apply(self, store) -> None:  # type: ignore[no-untyped-def]
        """The gold edits and the recorded decisions: one transaction."""
        with store.ws.transaction() as tx:
            super().apply(store)
            if self.ledger is not None and self.decision is not None:
                previous = [self.ledger.get(k, _MISSING) for k in self.keys]
                if self.review is not None:
                    self.review._record(tx.session, [(k, self.decision) for k in self.keys])
                self._previous = previous
                for k in self.keys:
                    self.ledger[k] = self.decision

    def revert(self, store) -> None:  # type: ignore[no-untyped-def]
        with store.ws.transaction() as tx:
            super().revert(store)
            if self.ledger is not None and self._previous:
                if self.review is not None:
                    self.review._record(
                        tx.session,
                        [(k, None if p is _MISSING else p) for k, p in zip(self.keys, self._previous)],
                    )
                for k, prev in zip(self.keys, self._previous):
                    if prev is _MISSING:
                        self.ledger.pop(k, None)
                    else:
                        self.ledger[k] = prev


def _names(ws: Workspace) -> dict[str, tuple[int, str]]:
    with ws.db.read() as s:
        return {name: (aid, kind) for aid, name, kind in repo.annotators(s, ws.project_id)}


class Review:
    """Review of one document by two annotators (see the module docstring)."""

    def __init__(
        self,
        ws: Workspace,
        document_id: int,
        a: str,
        b: str,
        reviewer: str | None = None,
        gold_name: str = repo.GOLD_NAME,
    ) -> None:
        self.ws = ws
        self.document_id = document_id
        self.a_name, self.b_name = a, b
        self.reviewer = reviewer or ws.annotator_name
        if a == b:
            raise ServiceError(f"review needs two different annotators (both are {a!r})")
        known = _names(ws)
        ids = []
        for name in (a, b):
            if name not in known:
                listed = ", ".join(n for n, (_, k) in known.items() if k != "gold") or "none"
                raise ServiceError(f"no annotator named {name!r} in {ws.location} (annotators: {listed})")
            if known[name][1] == "gold" or name == gold_name:
                raise ServiceError(
                    f"{name!r} is the gold layer; review compares two annotators and writes gold"
                )
            ids.append(known[name][0])
        self.a_id, self.b_id = ids
        with ws.db.write() as s:
            if repo.document_text(s, document_id) is None:
                raise ServiceError(f"document {document_id} does not exist")
            missing = [
                n for n, i in zip((a, b), ids) if span_store.layer_id(s, document_id, i, create=False) is None
            ]
            if missing:
                raise ServiceError(f"document {document_id} has no layer of {' or '.join(missing)} to review")
            try:
                self.gold_id = repo.gold_annotator_id(s, ws.project_id, gold_name)
            except ValueError as exc:
                raise ServiceError(str(exc)) from None
        self.gold_name = gold_name
        self.session_a = DocumentSession(ws, document_id, annotator_id=self.a_id)
        self.session_b = DocumentSession(ws, document_id, annotator_id=self.b_id)
        self.gold = DocumentSession(ws, document_id, annotator_id=self.gold_id)
        self.text = self.gold.text
        self.title = self.gold.title

        self.items: list[Difference[SpanRecord]] = align(self.session_a.spans, self.session_b.spans)
        self._pos = {d: i for i, d in enumerate(self.items)}
        self.differences = [d for d in self.items if d.kind is not Kind.AGREEMENT]
        self.agreements = [d for d in self.items if d.kind is Kind.AGREEMENT]
        self._diff_starts = [d.start for d in self.differences]
        self._longest = max((d.end - d.start for d in self.differences), default=0)
        self.skipped_agreements = 0
        self._ledger: dict[int, Decision] = {}
        # Decisions recorded in earlier reviews (e.g. "reject", which leaves gold empty).
        with ws.db.read() as s:
            stored = review_repo.decisions(s, document_id, self.a_id, self.b_id)
        if stored:
            for i, d in enumerate(self.items):
                got = stored.get(difference_key(d))
                if got is not None:
                    self._ledger[i] = Decision(got)

    # -- counts and navigation ---------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, str]:
        return (self.a_name, self.b_name)

    def counts(self) -> dict[str, int]:
        """Number of items of each class (agreements included)."""
        return {k.value: n for k, n in count_kinds(self.items).items()}

    def __len__(self) -> int:
        return len(self.differences)

    def next_index(self, index: int | None) -> int | None:
        """The difference after ``index`` (the first one for None); stays on the last."""
        if not self.differences:
            return None
        if index is None or index < 0:
            return 0
        return min(index + 1, len(self.differences) - 1)

    def previous_index(self, index: int | None) -> int | None:
        """The difference before ``index`` (the last one for None); stays on the first."""
        if not self.differences:
            return None
        if index is None or index >= len(self.differences):
            return len(self.differences) - 1
        return max(index - 1, 0)

    def index_from(self, pos: int) -> int | None:
        """The first difference starting at or after code point ``pos`` (None after the last)."""
        i = bisect_left(self._diff_starts, pos)
        return i if i < len(self.differences) else None

    def index_at(self, pos: int) -> int | None:
        """The innermost difference covering code point ``pos``, if any."""
        i = bisect_left(self._diff_starts, pos + 1) - 1
        best = None
        while i >= 0:
            d = self.differences[i]
            if d.start <= pos < d.end and (best is None or d.end - d.start < best[1]):
                best = (i, d.end - d.start)
            if pos - d.start > self._longest:
                break
            i -= 1
        return best[0] if best else None

    def difference(self, index: int) -> Difference[SpanRecord]:
        return self.differences[index]

    def position(self, d: Difference[SpanRecord]) -> int:
        """Position of ``d`` in :attr:`items` (agreements included)."""
        return self._pos[d]

    # -- state ---------------------------------------------------------------------------------
    def decision(self, d: Difference[SpanRecord]) -> Decision | None:
        """The decision taken on ``d``: recorded in this review, else read from gold.

        From gold: ``accept_both`` when gold holds both versions (or the one span both
        layers agree on), ``accept_a``/``accept_b`` when it holds exactly one layer's
        version, ``edit`` when it holds something else at the difference's ranges, None
        when it holds nothing there (undecided — or rejected in an earlier review).
        """
        rec = self._ledger.get(self._pos[d])
        if rec is not None:
            return rec
        slots = {(x.start, x.end) for x in (d.a, d.b) if x is not None}
        got = set()
        for start, end in slots:
            g = self.gold.spans.find_range(start, end)
            if g is not None:
                got.add((g.start, g.end, g.label))
        if not got:
            return None
        va = {(d.a.start, d.a.end, d.a.label)} if d.a is not None else set()
        vb = {(d.b.start, d.b.end, d.b.label)} if d.b is not None else set()
        if got == va == vb or (va and vb and got == va | vb):
            return Decision.ACCEPT_BOTH
        if got == va:
            return Decision.ACCEPT_A
        if got == vb:
            return Decision.ACCEPT_B
        return Decision.EDIT

    def open_count(self) -> int:
        """Differences without a decision."""
        return sum(1 for d in self.differences if self.decision(d) is None)

    # -- planning decisions (no writes: apply the result through self.gold) ----------------------------
    def _item(self, d: Difference[SpanRecord] | int) -> Difference[SpanRecord]:
        return self.differences[d] if isinstance(d, int) else d

    def plan(self, d: Difference[SpanRecord] | int, decision: Decision | str) -> ReviewEdit | None:
        """The gold edit for ``decision`` on ``d`` (a Difference or an index into
        :attr:`differences`); None when gold already reflects it and it is recorded."""
        d = self._item(d)
        decision = Decision(decision)
        try:
            edits = plan_decision(d, decision, self.gold.spans, self.names, self.reviewer)
        except AdjudicationError as exc:
            raise ReviewError(str(exc)) from None
        key = self._pos[d]
        if not edits and self._ledger.get(key) is decision:
            return None
        return ReviewEdit(edits, _describe(decision, d), decision, (key,), self._ledger, self)

    def plan_edit(
        self,
        start: int,
        end: int,
        label: str,
        d: Difference[SpanRecord] | int | None = None,
        *,
        exact: bool = False,
    ) -> ReviewEdit | None:
        """The reviewer's own span in gold (snapped to words unless ``exact``); with a
        difference, it resolves it (gold spans at its ranges are removed first)."""
        self.ws.label(label)
        item = self._item(d) if d is not None else None
        if not exact:
            snapped = tokens.snap_to_tokens(self.text, start, end)
            if snapped is None:
                raise SpanError("the selection holds no word to label")
            start, end = snapped
        try:
            edits = plan_edit(self.text, start, end, label, self.gold.spans, self.names, self.reviewer, item)
        except AdjudicationError as exc:
            raise ReviewError(str(exc)) from None
        keys = (self._pos[item],) if item is not None else ()
        if not edits and (item is None or self._ledger.get(keys[0]) is Decision.EDIT):
            return None
        return ReviewEdit(
            edits, f"Gold: {label} “{self.text[start:end]}”", Decision.EDIT, keys, self._ledger, self
        )

    def plan_accept_agreements(self) -> ReviewEdit | None:
        """Every agreement not yet in gold, added in one batch (one undo step).

        An agreement whose range holds another gold span (a different label chosen by
        hand), or that would cross a gold span, is left alone: :attr:`skipped_agreements`
        says how many were, after the call.
        """
        at = utc_stamp()
        edits: list[Edit] = []
        keys: list[int] = []
        skipped = 0
        gold = self.gold.spans
        for d in self.agreements:
            a = d.a
            assert a is not None
            cur = gold.find_range(a.start, a.end)
            if cur is not None:
                if cur.label != a.label:
                    skipped += 1
                else:
                    keys.append(self._pos[d])
                continue
            if gold.crossing(a.start, a.end) is not None:
                skipped += 1
                continue
            prov = provenance(list(self.names), Decision.ACCEPT_AGREEMENTS, self.reviewer, at, Kind.AGREEMENT)
            rec = SpanRecord(a.start, a.end, a.label, a.text, None, Origin.MANUAL, prov)
            edits.append(AddSpan(rec))
            keys.append(self._pos[d])
        self.skipped_agreements = skipped
        if not edits:
            return None
        return ReviewEdit(
            edits,
            f"Accept {len(edits)} agreement(s)",
            Decision.ACCEPT_AGREEMENTS,
            tuple(keys),
            self._ledger,
            self,
        )

    def _record(self, session, changes: list[tuple[int, Decision | None]]) -> None:  # type: ignore[no-untyped-def]
        for key, decision in changes:
            review_repo.set_decision(
                session,
                self.document_id,
                self.a_id,
                self.b_id,
                difference_key(self.items[key]),
                decision.value if decision is not None else None,
                self.reviewer,
            )

    # -- status --------------------------------------------------------------------------------
    def status(self) -> str:
        """The gold layer's status on this document ("new" when it has no layer yet)."""
        with self.ws.db.read() as s:
            return review_repo.layer_status(s, self.document_id, self.gold_id) or LayerStatus.NEW

    def set_status(self, status: str) -> str:
        """Set the gold layer's status (e.g. "reviewed"); return the previous one."""
        try:
            with self.ws.db.write() as s:
                previous = review_repo.set_layer_status(s, self.document_id, self.gold_id, status)
        except ValueError as exc:
            raise ServiceError(str(exc)) from None
        return previous

    def mark_reviewed(self) -> str:
        return self.set_status(LayerStatus.REVIEWED)


def difference_key(d: Difference[SpanRecord]) -> str:
    """A stable name of a difference (its class and both spans), to find a recorded
    decision again in a later review of the same layers."""
    a = f"{d.a.start},{d.a.end},{d.a.label}" if d.a is not None else "-"
    b = f"{d.b.start},{d.b.end},{d.b.label}" if d.b is not None else "-"
    return f"{d.kind.value}|{a}|{b}"


def _describe(decision: Decision, d: Difference[SpanRecord]) -> str:
    words = {
        Decision.ACCEPT_A: "Accept A",
        Decision.ACCEPT_B: "Accept B",
        Decision.ACCEPT_BOTH: "Accept both",
        Decision.REJECT: "Reject both",
        Decision.EDIT: "Edit",
        Decision.ACCEPT_AGREEMENTS: "Accept agreements",
    }[decision]
    rec = d.a or d.b
    assert rec is not None
    return f"{words}: “{rec.text}”"
