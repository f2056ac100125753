"""Find (diacritics-insensitive, in the document or the project) and Label all occurrences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.bidi import format_isolated
from app.core.edits import Batch, Edit
from app.services.project_edit import ProjectBatch
from app.services.search import ProjectSearch
from app.services.workspace import ServiceError
from app.ui import i18n

if TYPE_CHECKING:
    from app.ui.label_all_dialog import LabelAllDialog
    from app.ui.main_window import MainWindow

HitRow = tuple[int, str, int, int, str, str, str]  # document, title, start, end, before, hit, after


class SearchController(QObject):
    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.engine = ProjectSearch(w.ws)
        self.rows: list[HitRow] = []
        panel = w.find_panel
        panel.searchRequested.connect(self.run_search)
        panel.stepRequested.connect(self.step_hit)
        panel.leaveRequested.connect(w.view.setFocus)
        panel.hitActivated.connect(self.show_hit)

    # -- find ---------------------------------------------------------------------------------------
    def show_find(self) -> None:
        w = self.w
        w.find_dock.show()
        w.find_dock.raise_()
        sel = w.view.selection_cp()
        if sel is not None and w.session is not None and sel[1] - sel[0] < 200:
            w.find_panel.query.setText(w.session.text[sel[0] : sel[1]])
        w.find_panel.query.setFocus()
        w.find_panel.query.selectAll()

    def run_search(self) -> None:
        from app.core.search import QueryError, find_all

        w = self.w
        panel = w.find_panel
        query = panel.query.text()
        if not query.strip() or w.session is None or w.document_id is None:
            w.view.set_search_hits([])
            panel.show_hits([], 0, False)
            return
        options = panel.options()
        rows: list[HitRow]
        try:
            if panel.project_scope():
                result = self.engine.search(query, options)
                rows = [
                    (h.document_id, h.title, h.start, h.end, h.hit.before, h.hit.text, h.hit.after)
                    for h in result.hits
                ]
                here = [(h.start, h.end) for h in result.hits if h.document_id == w.document_id]
                total, truncated = result.total, result.truncated
            else:
                text, norm = self.engine.document(w.document_id, options.normalise)
                hits = find_all(text, query, options, normalised=norm)
                rows = [
                    (w.document_id, w.session.title, h.start, h.end, h.before, h.text, h.after) for h in hits
                ]
                here = [(h.start, h.end) for h in hits]
                total, truncated = len(hits), False
        except QueryError as exc:
            w.view.set_search_hits([])
            panel.show_error(str(exc))
            return
        self.rows = rows
        w.view.set_search_hits(here)
        panel.show_hits(rows, total, truncated)

    def step_hit(self, direction: int) -> None:
        w = self.w
        if w.find_panel.take_pending():  # Enter typed before the debounced search ran
            self.run_search()
        hits = w.view.search_hits
        if not hits:
            if not w.find_panel.query.text().strip():
                w.say(self.tr("Nothing to find yet: Ctrl+F"))
                return
            self.run_search()
            hits = w.view.search_hits
            if not hits:
                w.say(self.tr("No hit in this document"))
                return
        caret = w.view.caret_cp()
        if direction > 0:
            i = next((k for k, (a, _) in enumerate(hits) if a >= caret), 0)
        else:
            i = next((k for k in range(len(hits) - 1, -1, -1) if hits[k][1] < caret), len(hits) - 1)
        self._select_hit(i)

    def _select_hit(self, i: int) -> None:
        w = self.w
        a, b = w.view.search_hits[i]
        w.view.current_hit = i
        w.editor.select_span(None)
        w.view.set_selection_cp(a, b)
        w.view.ensureCursorVisible()
        w.view.refresh_highlights()
        w.view.setFocus()  # a label key now labels the hit (it would type into the query)
        for k, row in enumerate(self.rows):
            if row[0] == w.document_id and row[2] == a:
                w.find_panel.select_row(k)
                break
        w.say(format_isolated(self.tr("Hit {0} of {1}"), i + 1, len(w.view.search_hits)))

    def show_hit(self, doc_id: int, start: int, end: int) -> None:
        w = self.w
        if doc_id != w.document_id:
            w.documents.open_document(doc_id)
            self.run_search()
        i = next((k for k, (a, b) in enumerate(w.view.search_hits) if (a, b) == (start, end)), -1)
        if i >= 0:
            self._select_hit(i)
        else:
            w.view.set_selection_cp(start, end)
            w.view.ensureCursorVisible()

    # -- label all occurrences --------------------------------------------------------------------------
    def label_all_dialog(self) -> None:
        from app.core.search import starts_inside_word
        from app.ui.label_all_dialog import LabelAllDialog

        w = self.w
        s = w.session
        assert s is not None and w.selected_span is not None and w.document_id is not None
        rec = s.spans.get(w.selected_span)
        dlg = LabelAllDialog(
            self.engine,
            rec.text,
            rec.label,
            i18n.label_names(w.ws),
            w.document_id,
            w.documents.spans_by_document,
            proclitics=starts_inside_word(s.text, rec.start),
            parent=w,
        )
        if w.prompts.run(dlg):
            self.apply_label_all(dlg)

    def apply_label_all(self, dlg: LabelAllDialog) -> bool:
        w = self.w
        by_doc = dlg.edits_by_document()
        if not by_doc:
            w.say(self.tr("Nothing to label"))
            return False
        n = sum(len(v) for v in by_doc.values())
        text = format_isolated(self.tr("Label all: {0} span(s)"), n)
        if list(by_doc) == [w.document_id]:
            edit: Edit = Batch(by_doc[w.document_id], text)  # type: ignore[index]
        else:
            try:
                parts = [(w.documents.session_for(d), Batch(e, text)) for d, e in by_doc.items()]
            except ServiceError as exc:
                w.show_error(self.tr("Nothing was labelled"), str(exc))
                return False
            edit = ProjectBatch(parts, text)
        done = w.editor.run_edit(edit)
        if done:
            w.say(
                format_isolated(
                    self.tr("{0} span(s) labelled in {1} document(s) — one undo step"), n, len(by_doc)
                ),
                6000,
            )
        return done
