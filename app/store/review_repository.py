"""Reviewer decisions (table ``review_decision``)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.store.models import ReviewDecision, utcnow


def decisions(session: Session, document_id: int, a: int, b: int) -> dict[str, str]:
    """``{difference key: decision}`` recorded for this document and pair."""
    rows = session.execute(
        select(ReviewDecision.difference, ReviewDecision.decision).where(
            ReviewDecision.document_id == document_id,
            ReviewDecision.a_annotator_id == a,
            ReviewDecision.b_annotator_id == b,
        )
    )
    return {k: v for k, v in rows}


def set_decision(session: Session, document_id: int, a: int, b: int, key: str, decision: str | None, reviewer: str) -> None:
    """Record (or with None, forget) the decision on one difference."""
    where = (
        ReviewDecision.document_id == document_id,
        ReviewDecision.a_annotator_id == a,
        ReviewDecision.b_annotator_id == b,
        ReviewDecision.difference == key,
    )
    if decision is None:
        session.execute(delete(ReviewDecision).where(*where))
        return
    stmt = sqlite_insert(ReviewDecision).values(
        document_id=document_id, a_annotator_id=a, b_annotator_id=b, difference=key, decision=decision,
        reviewer=reviewer, decided_at=utcnow(),
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["document_id", "a_annotator_id", "b_annotator_id", "difference"],
            set_={"decision": decision, "reviewer": reviewer, "decided_at": utcnow()},
        )
    )
