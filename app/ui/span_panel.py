"""The side panel: the spans of the open document, nested spans listed under the span that
contains them (indented, "└"; "┘" in a right-to-left interface, where the label is on the
mark's left), with label (its display name), text (invisible characters made visible) and
offsets.

It is a flat list in pre-order — exactly the SpanIndex order (start, longer first) — with
each span's nesting depth, not a QTreeView: a tree view re-lays out every row through the
Python model after each insertion (~40 ms at 10,000 spans), a table inserts one row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.core import display
from app.core.bidi import isolate
from app.core.marks import RLM
from app.core.spans import SpanRecord
from app.services.session import DocumentSession, SpanChange
from app.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
DECORATION = Qt.ItemDataRole.DecorationRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
USER = Qt.ItemDataRole.UserRole
_ROLES = frozenset({DISPLAY, DECORATION, ALIGNMENT, TOOLTIP, USER})
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _contains(outer: SpanRecord, inner: SpanRecord) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


class SpanTreeModel(QAbstractTableModel):
    """Spans in reading order; ``depth`` = how many spans contain each one."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("SpanTreeModel", "Label"),
        QT_TRANSLATE_NOOP("SpanTreeModel", "Text"),
        QT_TRANSLATE_NOOP("SpanTreeModel", "Start"),
        QT_TRANSLATE_NOOP("SpanTreeModel", "End"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: DocumentSession | None = None
        self.colours: dict[str, QColor] = {}
        self.names: dict[str, str] = {}  # label name → what the interface shows
        self._branch = ""
        self.set_direction()
        self._ids: list[int] = []  # the model's own row order (changed only between begin/end)
        self._depth: dict[int, int] = {}
        self.changing = False  # rows are being inserted, removed or reset (not a user's choice)

    def set_direction(self) -> None:
        self._branch = " ┘ " if QGuiApplication.isRightToLeft() else " └ "

    # -- structure -------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        ids: list[int] = []
        depth: dict[int, int] = {}
        stack: list[SpanRecord] = []
        if self.session is not None:
            for rec in self.session.spans:  # sorted by (start, -end): containers come first
                while stack and not _contains(stack[-1], rec):
                    stack.pop()
                ids.append(rec.id)  # type: ignore[arg-type]
                depth[rec.id] = len(stack)  # type: ignore[index]
                stack.append(rec)
        self._ids, self._depth = ids, depth

    def set_session(self, session: DocumentSession | None) -> None:
        self.changing = True
        try:
            self.beginResetModel()
            self.session = session
            self._rebuild()
            self.endResetModel()
        finally:
            self.changing = False

    def reset(self) -> None:
        self.set_session(self.session)

    def row_of(self, span_id: int) -> int:
        assert self.session is not None
        row = self.session.spans.position(span_id)
        if row < len(self._ids) and self._ids[row] == span_id:
            return row
        return self._ids.index(span_id)

    def index_of(self, span_id: int) -> QModelIndex:
        if span_id not in self._depth or self.session is None or span_id not in self.session.spans:
            return QModelIndex()
        return self.index(self.row_of(span_id), 0)

    def depth(self, span_id: int) -> int:
        return self._depth[span_id]

    def parent_of(self, span_id: int) -> int | None:
        """The span whose children this one is listed under (the row above at depth - 1)."""
        d = self._depth.get(span_id)
        if not d:
            return None
        for i in range(self.row_of(span_id) - 1, -1, -1):
            if self._depth[self._ids[i]] == d - 1:
                return self._ids[i]
        return None

    def children_of(self, span_id: int | None) -> list[int]:
        if span_id is None:
            return [sid for sid in self._ids if self._depth[sid] == 0]
        row, d = self.row_of(span_id), self._depth[span_id]
        out = []
        for sid in self._ids[row + 1 :]:
            dd = self._depth[sid]
            if dd <= d:
                break
            if dd == d + 1:
                out.append(sid)
        return out

    def order(self) -> list[tuple[int, int]]:
        """``(span id, depth)`` in row order (tests compare it with a rebuild)."""
        return [(sid, self._depth[sid]) for sid in self._ids]

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        # Called hundreds of times per repaint of the list: unknown roles leave first.
        if role not in _ROLES or self.session is None:
            return None
        sid = self._ids[index.row()]
        rec = self.session.spans.get_or_none(sid)
        if rec is None:  # removed, the model hears of it in a moment
            return None
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                d = self._depth.get(sid, 0)
                shown = self.names.get(rec.label, rec.label)
                return ("   " * (d - 1) + self._branch + shown) if d else shown
            if col == 1:
                return RLM + display.excerpt(rec.text).replace("\n", " ⏎ ")
            return rec.start if col == 2 else rec.end
        if role == DECORATION:
            return self.colours.get(rec.label) if col == 0 else None
        if role == ALIGNMENT:
            return RIGHT if col == 1 else None
        if role == USER:
            return rec.id
        shown = self.names.get(rec.label, rec.label)
        return tooltip(
            f"{isolate(shown)} {isolate(f'{rec.start}–{rec.end}')} ({rec.origin.value})\n{display.excerpt(rec.text)}"
        )

    # -- following committed changes ----------------------------------------------------------
    def _depth_of_new(self, rec: SpanRecord) -> int:
        assert self.session is not None
        best = None
        for o in self.session.spans.overlapping(rec.start, rec.end):
            if (
                o.id != rec.id
                and o.id in self._depth
                and _contains(o, rec)
                and (o.start, -o.end) <= (rec.start, -rec.end)
            ):
                if best is None or self._depth[o.id] > self._depth[best.id]:  # type: ignore[index]
                    best = o
        return self._depth[best.id] + 1 if best is not None else 0  # type: ignore[index]

    def span_changes(self, changes: Sequence[SpanChange]) -> None:
        """Row-level signals for a single change; a batch resets the list."""
        self.changing = True
        try:
            self._span_changes(changes)
        finally:
            self.changing = False

    def _span_changes(self, changes: Sequence[SpanChange]) -> None:
        if self.session is None:
            return
        if len(changes) != 1:
            self.reset()
            return
        ch = changes[0]
        sid: int = ch.record.id  # type: ignore[assignment]
        if (
            ch.kind == "changed"
            and ch.old is not None
            and (ch.old.start, ch.old.end) == (ch.record.start, ch.record.end)
        ):
            if sid in self._depth:
                row = self._ids.index(sid) if sid not in self.session.spans else self.row_of(sid)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return
        if ch.kind == "removed" and sid in self._depth:
            row = self._ids.index(sid)
            d = self._depth[sid]
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            del self._depth[sid]
            self.endRemoveRows()
            end = row
            while end < len(self._ids) and self._depth[self._ids[end]] > d:  # its descendants move up a level
                self._depth[self._ids[end]] -= 1
                end += 1
            if end > row:
                self.dataChanged.emit(self.index(row, 0), self.index(end - 1, 0))
            return
        if ch.kind == "added" and sid not in self._depth:
            rec = ch.record
            row = self.session.spans.position(sid)
            d = self._depth_of_new(rec)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, sid)
            self._depth[sid] = d
            self.endInsertRows()
            end = row + 1
            while end < len(self._ids):  # spans now inside the new one move down a level
                other = self.session.spans.get_or_none(self._ids[end])
                if other is None or not _contains(rec, other):
                    break
                self._depth[other.id] += 1  # type: ignore[index]
                end += 1
            if end > row + 1:
                self.dataChanged.emit(self.index(row + 1, 0), self.index(end - 1, 0))
            return
        self.reset()


class SpanPanel(QTableView):
    spanActivated = Signal(int)  # the user picked a span in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = SpanTreeModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, self.fontMetrics().horizontalAdvance("organisation") + 64)
        # Fixed widths: ResizeToContents measures every row on each change (~100 ms at 10k spans).
        digits = self.fontMetrics().horizontalAdvance("0000000") + 16
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, digits)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def set_session(self, session: DocumentSession | None) -> None:
        self.model_.set_session(session)

    def retranslate(self) -> None:
        """Headers and the nesting mark (it points at its label: mirrored right to left)."""
        model = self.model_
        model.set_direction()
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(model.COLUMNS) - 1)
        model.reset()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Rows inserted, removed or reset move the current row: that is not the user picking
        # a span (after a deletion it would select, and scroll to, a span far away).
        if self._syncing or self.model_.changing or not current.isValid():
            return
        sid = self.model_.data(current, USER)
        if sid is not None:
            self.spanActivated.emit(sid)

    def select_span_row(self, span_id: int) -> None:
        """Select a span's row as a user would (emits spanActivated)."""
        idx = self.model_.index_of(span_id)
        if idx.isValid():
            self.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )

    def show_span(self, span_id: int | None) -> None:
        """Select the span's row without emitting spanActivated."""
        self._syncing = True
        try:
            sm = self.selectionModel()
            idx = self.model_.index_of(span_id) if span_id is not None else QModelIndex()
            if not idx.isValid():
                sm.clearSelection()
                sm.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            sm.setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.scrollTo(idx)
        finally:
            self._syncing = False

    def current_span(self) -> int | None:
        idx = self.selectionModel().currentIndex()
        return self.model_.data(idx, USER) if idx.isValid() else None

    def span_count(self) -> int:
        """Rows in the list (tests)."""
        return self.model_.rowCount()
