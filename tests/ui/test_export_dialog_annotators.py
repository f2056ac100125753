"""File → Export corpus… offers every annotator of the project (the window reads them through
the workspace, never the store), the gold layer marked, the current annotator chosen."""

from __future__ import annotations

from app.services.review import Review
from app.services.session import DocumentSession
from app.services.workspace import Workspace


def test_the_export_dialog_lists_the_projects_annotators(open_window, db_path, prompts):
    window = open_window()  # amal, the seed article
    for name in ("badr", "chen"):
        ws = Workspace.open(db_path, annotator=name)
        session = DocumentSession(ws, 1)
        session.apply(session.plan_label(0, 5, "role"))
        ws.close()
    Review(window.ws, 1, "badr", "chen")  # creates the gold layer's annotator
    seen = []

    def look(dlg):
        seen.append(
            [(dlg.annotator.itemText(i), dlg.annotator.itemData(i)) for i in range(dlg.annotator.count())]
        )
        seen.append(dlg.annotator.currentData())
        return False  # Cancel

    prompts.queue("run", look)
    window.commands["export_corpus"].trigger()
    assert seen == [[("amal", "amal"), ("badr", "badr"), ("chen", "chen"), ("gold (gold)", "gold")], "amal"]
