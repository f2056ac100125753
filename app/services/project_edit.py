"""Edits that span several documents, applied as one transaction and one undo step.

Label-all across the project adds spans to many documents at once; the reviewer's batch
actions may too. :class:`ProjectBatch` pairs each part with the DocumentSession of its
document — the GUI passes the sessions it shows, so one document never has two sessions
that could disagree — and applies all parts inside :meth:`Workspace.transaction`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.edits import Edit
from app.services.session import DocumentSession


@dataclass
class ProjectBatch(Edit):
    parts: list[tuple[DocumentSession, Edit]] = field(default_factory=list)
    label_text: str = "Batch"

    @property
    def description(self) -> str:  # type: ignore[override]
        return self.label_text

    @property
    def documents(self) -> list[int]:
        return [session.document_id for session, _ in self.parts]

    def apply(self, store: object = None) -> None:
        if not self.parts:
            return
        ws = self.parts[0][0].ws
        with ws.transaction():
            for session, edit in self.parts:
                edit.apply(session)

    def revert(self, store: object = None) -> None:
        if not self.parts:
            return
        ws = self.parts[0][0].ws
        with ws.transaction():
            for session, edit in reversed(self.parts):
                edit.revert(session)
