"""The span list follows every change exactly as a rebuild would (rows and nesting depths),
and is a valid Qt model."""

import random

from app.core.edits import AddSpan, DeleteSpan
from app.core.spans import SpanError
from app.services.session import DocumentSession
from app.ui.span_panel import SpanTreeModel


def structure(model: SpanTreeModel):
    return model.order()


def test_incremental_tree_equals_a_rebuild_after_random_edits(ws, qtmodeltester):
    session = DocumentSession(ws, 1)
    model = SpanTreeModel()
    model.set_session(session)
    session.subscribe(model.span_changes)
    rng = random.Random(5)
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", session.text)]
    added = 0
    for _ in range(300):
        if session.spans and rng.random() < 0.3:
            rec = session.spans.at_row(rng.randrange(len(session.spans)))
            session.apply(DeleteSpan(rec.id))
        else:
            i = rng.randrange(len(words) - 3)
            a, b = words[i][0], words[i + rng.randrange(3)][1]
            try:
                edit = session.plan_label(a, b, rng.choice(["person", "role", "event"]), exact=True)
            except SpanError:
                continue
            if isinstance(edit, AddSpan):
                session.apply(edit)
                added += 1
        incremental = structure(model)
        fresh = SpanTreeModel()
        fresh.set_session(session)
        assert incremental == structure(fresh)
    assert added > 100 and any(d > 0 for _, d in model.order())  # some nesting happened
    qtmodeltester.check(model, force_py=True)
