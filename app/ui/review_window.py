"""Review: two annotators side by side, their differences, and the gold layer.

Two synchronised right-to-left panes show annotator A's and B's layers, coloured by
difference class; the gold layer is below. The list on the right walks the differences
(N / P); each decision writes to the gold layer through one undoable QUndoCommand that
calls a Qt-free edit planned by :class:`app.services.review.Review`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTextCharFormat,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core import marks
from app.core.bidi import embed_message, format_isolated, isolate
from app.core.spans import SpanError, SpanRecord
from app.review.adjudicate import Decision
from app.review.align import Kind
from app.services.review import Review, ReviewError
from app.services.session import SpanChange
from app.services.workspace import ServiceError, Workspace
from app.ui import keys
from app.ui.commands import EditCommand
from app.ui.dialogs import error_box
from app.ui.document_view import DocumentView
from app.ui.i18n import label_names, label_text
from app.ui.plain import action_text, plain_label, status_segment

# The difference class is an underline style, never a colour: the fill keeps the label's
# colour (as in the editor and the gold pane), so a green span is an organisation everywhere
# and the marks read without colour vision.
KIND_UNDERLINE = {
    Kind.AGREEMENT: None,
    Kind.LABEL: QTextCharFormat.UnderlineStyle.WaveUnderline,  # same span, other label
    Kind.OVERLAP: QTextCharFormat.UnderlineStyle.DashUnderline,  # different boundaries
    Kind.ONLY_A: QTextCharFormat.UnderlineStyle.DotLine,
    Kind.ONLY_B: QTextCharFormat.UnderlineStyle.DotLine,
}


def kind_icon(kind: Kind, colour: QColor, width: int = 28, height: int = 12) -> QIcon:
    """The underline of a difference class, drawn (for the legend and the list)."""
    pm = QPixmap(width, height)
    pm.fill(Qt.GlobalColor.transparent)
    style = KIND_UNDERLINE[kind]
    if style is not None:
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 1.6)
        y = height / 2
        if style == QTextCharFormat.UnderlineStyle.WaveUnderline:
            path = QPainterPath(QPointF(0, y))
            for x in range(0, width, 2):
                path.lineTo(x, y + 2.5 * math.sin(x / 2.0))
            p.setPen(pen)
            p.drawPath(path)
        else:
            pen.setStyle(
                Qt.PenStyle.DashLine
                if style == QTextCharFormat.UnderlineStyle.DashUnderline
                else Qt.PenStyle.DotLine
            )
            p.setPen(pen)
            p.drawLine(QPointF(0, y), QPointF(width, y))
        p.end()
    return QIcon(pm)


KIND_TEXT = {
    Kind.AGREEMENT: QT_TRANSLATE_NOOP("Review", "agreement"),
    Kind.LABEL: QT_TRANSLATE_NOOP("Review", "same span, other label"),
    Kind.OVERLAP: QT_TRANSLATE_NOOP("Review", "different boundaries"),
    Kind.ONLY_A: QT_TRANSLATE_NOOP("Review", "only in A"),
    Kind.ONLY_B: QT_TRANSLATE_NOOP("Review", "only in B"),
}
DECISION_TEXT = {
    Decision.ACCEPT_A: "A",
    Decision.ACCEPT_B: "B",
    Decision.ACCEPT_BOTH: QT_TRANSLATE_NOOP("Review", "both"),
    Decision.REJECT: QT_TRANSLATE_NOOP("Review", "rejected"),
    Decision.EDIT: QT_TRANSLATE_NOOP("Review", "edited"),
    Decision.ACCEPT_AGREEMENTS: QT_TRANSLATE_NOOP("Review", "agreement"),
}


def _rt(text: str) -> str:
    return QCoreApplication.translate("Review", text)


Index = QModelIndex | QPersistentModelIndex


def _span_text(rec: SpanRecord | None, names: dict[str, str]) -> str:
    """ "label: text", the label as the interface shows it, the text a right-to-left run."""
    if rec is None:
        return "—"
    return f"{isolate(names.get(rec.label, rec.label))}: {marks.make_visible(rec.text)}"


class DifferencesModel(QAbstractTableModel):
    COLUMNS = ("#", QT_TRANSLATE_NOOP("Review", "Difference"), "A", "B", QT_TRANSLATE_NOOP("Review", "Gold"))

    def __init__(self, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.names = label_names(review.ws)
        self.icons: dict[Kind, QIcon] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.review.differences)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            name = self.COLUMNS[section]
            if name == "A":
                return f"A ({isolate(self.review.a_name)})"
            if name == "B":
                return f"B ({isolate(self.review.b_name)})"
            return _rt(name)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        d = self.review.differences[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return index.row() + 1
            if col == 1:
                return _rt(KIND_TEXT[d.kind])
            if col == 2:
                return _span_text(d.a, self.names)
            if col == 3:
                return _span_text(d.b, self.names)
            decision = self.review.decision(d)
            return _rt(DECISION_TEXT[decision]) if decision is not None else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return self.icons[d.kind]
        return None

    def refresh(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 4), self.index(self.rowCount() - 1, 4))


class ReviewWindow(QMainWindow):
    def __init__(
        self, ws: Workspace, document_id: int, a: str, b: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.review = Review(ws, document_id, a, b)
        self.current: int | None = None
        self.stack = QUndoStack(self)
        self.last_error: str | None = None
        self._syncing = False
        self.setWindowTitle(format_isolated(self.tr("Review — {0}"), self.review.title))
        self.resize(1500, 900)

        self.view_a = self._pane(self.review.session_a)
        self.view_b = self._pane(self.review.session_b)
        self.view_gold = self._pane(self.review.gold)
        colours = {lab.name: lab.colour for lab in ws.labels}
        self.view_gold.set_label_colours(colours)
        kind_a = {}
        kind_b = {}
        for d in self.review.items:
            if d.a is not None:
                kind_a[d.a.id] = d.kind
            if d.b is not None:
                kind_b[d.b.id] = d.kind
        self.kind_a, self.kind_b = kind_a, kind_b
        self.view_a.set_label_colours(colours)
        self.view_b.set_label_colours(colours)
        self.view_a.underline_for = lambda rec: KIND_UNDERLINE.get(self.kind_a.get(rec.id))  # type: ignore[arg-type]
        self.view_b.underline_for = lambda rec: KIND_UNDERLINE.get(self.kind_b.get(rec.id))  # type: ignore[arg-type]

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._titled(f"A — {isolate(a)}", self.view_a))
        top.addWidget(self._titled(f"B — {isolate(b)}", self.view_b))
        top.setSizes([1, 1])
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(top)
        left.addWidget(self._titled(self.tr("Gold (adjudicated)"), self.view_gold))
        left.setSizes([3, 2])

        self.model = DifferencesModel(self.review, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Fixed widths: ResizeToContents would measure thousands of rows on every change.
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        for col, sample in ((0, "00000"), (1, "same span, other label  "), (4, "rejected  ")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, fm.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        ink = self.palette().color(QPalette.ColorRole.WindowText)
        self.model.icons = {k: kind_icon(k, ink) for k in Kind}
        self.legend = QWidget(self)
        legend = QHBoxLayout(self.legend)
        legend.setContentsMargins(2, 2, 2, 2)
        for k in Kind:
            mark = QLabel(self.legend)
            mark.setPixmap(self.model.icons[k].pixmap(28, 12))
            text = QLabel(
                _rt(KIND_TEXT[k]) if KIND_UNDERLINE[k] else self.tr("{0}: no mark").format(_rt(KIND_TEXT[k]))
            )
            text.setTextFormat(Qt.TextFormat.PlainText)
            legend.addWidget(mark)
            legend.addWidget(text)
            legend.addSpacing(8)
        legend.addStretch(1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(2, 2, 2, 2)
        rl.addWidget(self.legend)
        rl.addWidget(self.table, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(right)
        main.setSizes([950, 550])
        self.setCentralWidget(main)

        self.summary = status_segment(self.statusBar())
        self._build_actions()
        for v in (self.view_a, self.view_b, self.view_gold):
            v.verticalScrollBar().valueChanged.connect(lambda _=0, src=v: self._sync_from(src))
        self.review.gold.subscribe(self._on_gold_changes)
        self._counts = self.review.counts()  # the alignment does not change during a review
        self._open = self.review.open_count()  # recounted when gold changes, not on every key
        self._status = self.review.status()
        self._update_summary()
        if self.review.differences:
            self.go(0)

    # -- construction -----------------------------------------------------------------------
    def _pane(self, session) -> DocumentView:  # type: ignore[no-untyped-def]
        view = DocumentView(self)
        view.set_session(session)
        return view

    def _titled(self, title: str, w: QWidget) -> QWidget:
        """A pane under its title (an annotator's name: plain text, in bold)."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        label = plain_label(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        lay.addWidget(label)
        lay.addWidget(w, 1)
        return box

    def _act(self, text: str, keys_: Sequence[str], slot) -> QAction:  # type: ignore[no-untyped-def]
        act = QAction(text, self)
        act.setShortcuts(keys.sequences(tuple(keys_)))
        act.triggered.connect(lambda _checked=False: slot())  # handlers take no arguments
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Review"), self)
        bar.setObjectName("review")
        self.addToolBar(bar)
        self.act_prev = self._act(self.tr("Previous difference (P)"), ["P"], lambda: self.step(-1))
        self.act_next = self._act(self.tr("Next difference (N)"), ["N"], lambda: self.step(+1))
        self.act_a = self._act(self.tr("Accept A (A)"), ["A"], lambda: self.decide(Decision.ACCEPT_A))
        self.act_b = self._act(self.tr("Accept B (B)"), ["B"], lambda: self.decide(Decision.ACCEPT_B))
        self.act_both = self._act(
            self.tr("Accept both (C)"), ["C"], lambda: self.decide(Decision.ACCEPT_BOTH)
        )
        self.act_reject = self._act(self.tr("Reject both (X)"), ["X"], lambda: self.decide(Decision.REJECT))
        self.act_agreements = self._act(
            self.tr("Accept all agreements"), ["Ctrl+Return", "Ctrl+Enter"], self.accept_agreements
        )
        self.act_reviewed = self._act(self.tr("Mark document reviewed"), ["Ctrl+D"], self.mark_reviewed)
        self.act_undo = self._act(self.tr("Undo"), ["Ctrl+Z"], lambda: self.undo_redo(undo=True))
        self.act_redo = self._act(
            self.tr("Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], lambda: self.undo_redo(undo=False)
        )
        self.act_close = self._act(self.tr("Close"), ["Ctrl+W"], self.close)
        decisions = [
            self.act_a,
            self.act_b,
            self.act_both,
            self.act_reject,
            None,
            self.act_agreements,
            self.act_reviewed,
        ]
        for act in (self.act_prev, self.act_next, None, *decisions, None, self.act_undo, self.act_redo):
            if act is None:
                bar.addSeparator()
            else:
                bar.addAction(act)
        # Editing gold by hand: select in the gold pane, press the label's key.
        self.gold_label_actions = [
            self._act(
                action_text(label_text(lab)),
                [lab.key] if lab.key else [],
                lambda n=lab.name: self.edit_gold(n),
            )
            for lab in self.ws.labels
        ]
        mb = self.menuBar()
        m = mb.addMenu(self.tr("Review"))
        m.addActions([self.act_prev, self.act_next])
        m.addSeparator()
        for act in decisions:
            m.addSeparator() if act is None else m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_close)
        m = mb.addMenu(self.tr("Edit"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        gold = m.addMenu(self.tr("Label the gold selection as"))
        gold.addActions(self.gold_label_actions)

    def undo_redo(self, undo: bool) -> None:
        if not (self.stack.canUndo() if undo else self.stack.canRedo()):
            self.statusBar().showMessage(
                self.tr("Nothing to undo") if undo else self.tr("Nothing to redo"), 3000
            )
            return
        text = self.stack.command(self.stack.index() - (1 if undo else 0)).text()
        self.stack.undo() if undo else self.stack.redo()
        self.statusBar().showMessage(
            embed_message(self.tr("Undone: {0}") if undo else self.tr("Redone: {0}"), text), 3000
        )

    # -- navigation -----------------------------------------------------------------------------
    def go(self, index: int | None) -> None:
        if index is None or not self.review.differences:
            return
        self.current = index
        d = self.review.differences[index]
        ids_a = {d.a.id} if d.a is not None else set()
        ids_b = {d.b.id} if d.b is not None else set()
        self.view_a.emphasis, self.view_b.emphasis = ids_a, ids_b  # type: ignore[assignment]
        gold_ids = {g.id for g in self.review.gold.spans.overlapping(d.start, d.end)}
        self.view_gold.emphasis = gold_ids  # type: ignore[assignment]
        self.view_a.reveal_cp(d.start, d.end)
        self._sync_from(self.view_a)
        for v in (self.view_a, self.view_b, self.view_gold):
            v.refresh_highlights()
        self.table.blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(index, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.blockSignals(False)
        self.table.scrollTo(self.model.index(index, 0))
        self._update_summary()

    def step(self, direction: int) -> None:
        if not self.review.differences:
            self.statusBar().showMessage(self.tr("The two layers have no difference"), 3000)
            return
        nxt = (
            self.review.next_index(self.current)
            if direction > 0
            else self.review.previous_index(self.current)
        )
        if nxt is None or nxt == self.current:
            self.statusBar().showMessage(
                self.tr("This is the last difference")
                if direction > 0
                else self.tr("This is the first difference"),
                3000,
            )
        self.go(nxt)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() != self.current:
            self.go(current.row())

    def _sync_from(self, source: DocumentView) -> None:
        """Scrolling one pane scrolls the others to the same text."""
        if self._syncing:
            return
        self._syncing = True
        try:
            cp = source.top_cp()
            for v in (self.view_a, self.view_b, self.view_gold):
                if v is not source:
                    v.set_top_cp(cp)
        finally:
            self._syncing = False

    # -- decisions --------------------------------------------------------------------------------
    def _run(self, edit) -> bool:  # type: ignore[no-untyped-def]
        if edit is None:
            self.statusBar().showMessage(self.tr("Nothing to change"), 3000)
            return False
        try:
            self.review.gold.apply(edit)
        except (ReviewError, SpanError) as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        except Exception as exc:
            self.last_error = str(exc)
            error_box(self, self.tr("Not saved"), str(exc))
            return False
        self.stack.push(EditCommand(self.review.gold, edit, self._on_undo_error))
        return True

    def _on_undo_error(self, exc: Exception) -> None:
        self.stack.clear()
        self.last_error = str(exc)
        error_box(self, self.tr("Not saved"), str(exc))

    def decide(self, decision: Decision) -> None:
        if self.current is None:
            self.statusBar().showMessage(self.tr("No difference to decide on"), 3000)
            return
        try:
            edit = self.review.plan(self.current, decision)
        except (ReviewError, ServiceError) as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return
        if self._run(edit) or edit is None:
            nxt = self._next_open(self.current)
            if nxt is not None:
                self.go(nxt)

    def _next_open(self, index: int) -> int | None:
        diffs = self.review.differences
        for i in list(range(index + 1, len(diffs))) + list(range(0, index)):
            if self.review.decision(diffs[i]) is None:
                return i
        return None

    def accept_agreements(self) -> None:
        edit = self.review.plan_accept_agreements()
        if self._run(edit):
            self.statusBar().showMessage(
                format_isolated(
                    self.tr("{0} agreement(s) accepted, {1} left alone"),
                    len(edit.edits),
                    self.review.skipped_agreements,  # type: ignore[union-attr]
                ),
                5000,
            )

    def edit_gold(self, label: str) -> None:
        """Label the selection in the gold pane by hand (resolving the current difference
        when the selection overlaps it)."""
        sel = self.view_gold.selection_cp()
        if sel is None:
            self.statusBar().showMessage(self.tr("Select text in the gold pane first"), 4000)
            return
        d = None
        if self.current is not None:
            cur = self.review.differences[self.current]
            if cur.start < sel[1] and sel[0] < cur.end:
                d = self.current
        try:
            edit = self.review.plan_edit(sel[0], sel[1], label, d)
        except (ReviewError, SpanError, ServiceError) as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return
        if self._run(edit):
            self.view_gold.clear_selection()

    def mark_reviewed(self) -> None:
        try:
            self.review.mark_reviewed()
        except ServiceError as exc:
            error_box(self, self.tr("Not saved"), str(exc))
            return
        self.statusBar().showMessage(self.tr("Document marked reviewed"), 4000)
        self._status = self.review.status()
        self._update_summary()

    def _on_gold_changes(self, _changes: Sequence[SpanChange]) -> None:
        self.model.refresh()
        if self.current is not None:
            d = self.review.differences[self.current]
            self.view_gold.emphasis = {g.id for g in self.review.gold.spans.overlapping(d.start, d.end)}  # type: ignore[assignment]
        self.view_gold.refresh_highlights()
        QTimer.singleShot(0, self._recount)

    def _recount(self) -> None:
        self._open = self.review.open_count()
        self._update_summary()

    def _update_summary(self) -> None:
        counts = self._counts
        open_ = self._open
        pos = f"{self.current + 1}/{len(self.review)}" if self.current is not None else "–"
        self.summary.setText(
            format_isolated(
                self.tr(
                    "difference {0} · {1} open · agreements {2} · label {3} · boundaries {4} · only A {5} · only B {6} · {7}"
                ),
                pos,
                open_,
                counts.get("agreement", 0),
                counts.get("label", 0),
                counts.get("overlap", 0),
                counts.get("only_a", 0),
                counts.get("only_b", 0),
                self._status,
            )
        )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.review.gold.unsubscribe(self._on_gold_changes)
        super().closeEvent(event)
