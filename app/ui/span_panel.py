"""The side panel: the spans of the open document as a tree (nested spans under their
container), with label, text (invisible characters made visible) and offsets."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractItemModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from app.core import marks
from app.core.spans import SpanRecord
from app.services.session import DocumentSession, SpanChange

RLM = "\u200f"
Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
DECORATION = Qt.ItemDataRole.DecorationRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
USER = Qt.ItemDataRole.UserRole
_ROLES = frozenset({DISPLAY, DECORATION, ALIGNMENT, TOOLTIP, USER})
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ROOT = 0  # span ids start at 1


def _contains(outer: SpanRecord, inner: SpanRecord) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


class SpanTreeModel(QAbstractItemModel):
    """Spans nested under the smallest span containing them. ``internalId`` = span id."""

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
        self._children: dict[int, list[int]] = {ROOT: []}
        self._parent: dict[int, int] = {}
        self._row: dict[int, int] = {}

    # -- structure -------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        children: dict[int, list[int]] = {ROOT: []}
        parent: dict[int, int] = {}
        stack: list[SpanRecord] = []
        if self.session is not None:
            for rec in self.session.spans:  # sorted by (start, -end): containers come first
                while stack and not _contains(stack[-1], rec):
                    stack.pop()
                pid = stack[-1].id if stack else ROOT
                parent[rec.id] = pid  # type: ignore[index]
                children.setdefault(pid, []).append(rec.id)  # type: ignore[arg-type, union-attr]
                stack.append(rec)
        self._children, self._parent = children, parent
        self._row = {sid: i for kids in children.values() for i, sid in enumerate(kids)}

    def set_session(self, session: DocumentSession | None) -> None:
        self.beginResetModel()
        self.session = session
        self._rebuild()
        self.endResetModel()

    def reset(self) -> None:
        self.set_session(self.session)

    def index_of(self, span_id: int) -> QModelIndex:
        if span_id not in self._row:
            return QModelIndex()
        return self.createIndex(self._row[span_id], 0, span_id)

    def parent_of(self, span_id: int) -> int | None:
        p = self._parent.get(span_id)
        return None if p in (None, ROOT) else p

    def children_of(self, span_id: int | None) -> list[int]:
        return list(self._children.get(span_id or ROOT, []))

    # -- Qt model API ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        pid = parent.internalId() if parent.isValid() else ROOT
        kids = self._children.get(pid, [])
        if 0 <= row < len(kids) and 0 <= column < len(self.COLUMNS):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        pid = self._parent.get(index.internalId(), ROOT)
        if pid == ROOT:
            return QModelIndex()
        return self.createIndex(self._row[pid], 0, pid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalId(), ()))
        return len(self._children.get(ROOT, ()))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        # Called hundreds of times per repaint of the list: unknown roles leave first.
        if role not in _ROLES or self.session is None:
            return None
        rec = self.session.spans.get_or_none(index.internalId())
        if rec is None:  # removed, the model hears of it in a moment
            return None
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return rec.label
            if col == 1:
                return RLM + marks.make_visible(rec.text).replace("\n", " ⏎ ")
            return rec.start if col == 2 else rec.end
        if role == DECORATION:
            return self.colours.get(rec.label) if col == 0 else None
        if role == ALIGNMENT:
            return RIGHT if col == 1 else None
        if role == USER:
            return rec.id
        return f"{rec.label} {rec.start}–{rec.end} ({rec.origin.value})\n{marks.make_visible(rec.text)}"

    # -- following committed changes ----------------------------------------------------------
    def span_changes(self, changes: Sequence[SpanChange]) -> None:
        """Row-level signals for a single leaf change; anything else rebuilds the tree."""
        if self.session is None:
            return
        if len(changes) == 1:
            ch = changes[0]
            sid = ch.record.id
            if ch.kind == "changed" and ch.old is not None and (ch.old.start, ch.old.end) == (ch.record.start, ch.record.end):
                idx = self.index_of(sid)  # type: ignore[arg-type]
                if idx.isValid():
                    self.dataChanged.emit(idx, idx.siblingAtColumn(len(self.COLUMNS) - 1))
                    return
            if ch.kind == "removed" and sid in self._row and not self._children.get(sid):  # type: ignore[arg-type]
                pid = self._parent[sid]  # type: ignore[index]
                row = self._row[sid]  # type: ignore[index]
                parent_idx = QModelIndex() if pid == ROOT else self.index_of(pid)
                self.beginRemoveRows(parent_idx, row, row)
                self._rebuild()
                self.endRemoveRows()
                return
            if ch.kind == "added":
                rec = ch.record
                # a leaf: the new span contains no existing span (else they move under it)
                inner = [o for o in self.session.spans.overlapping(rec.start, rec.end) if o.id != sid and _contains(rec, o)]
                if not inner:
                    self._rebuild_insert(sid)  # type: ignore[arg-type]
                    return
        self.reset()

    def _rebuild_insert(self, sid: int) -> None:
        old_children, old_parent = self._children, self._parent
        self._rebuild()
        pid = self._parent.get(sid, ROOT)
        row = self._row.get(sid, 0)
        new_children, new_parent, new_row = self._children, self._parent, self._row
        # announce the insertion against the old structure
        self._children, self._parent = old_children, old_parent
        self._row = {s: i for kids in old_children.values() for i, s in enumerate(kids)}
        parent_idx = QModelIndex() if pid == ROOT else self.index_of(pid)
        self.beginInsertRows(parent_idx, row, row)
        self._children, self._parent, self._row = new_children, new_parent, new_row
        self.endInsertRows()


class SpanPanel(QTreeView):
    spanActivated = Signal(int)  # the user picked a span in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = SpanTreeModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setWordWrap(False)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, self.fontMetrics().horizontalAdvance("organisation") + 64)
        # Fixed widths: ResizeToContents measures every row on each change (~100 ms at 10k spans).
        digits = self.fontMetrics().horizontalAdvance("0000000") + 16
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, digits)
        self._syncing = False
        self.model_.modelReset.connect(self.expandAll)
        self.model_.rowsInserted.connect(lambda parent, *_: self.expand(parent) if parent.isValid() else None)
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def set_session(self, session: DocumentSession | None) -> None:
        self.model_.set_session(session)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.spanActivated.emit(current.internalId())

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
        return idx.internalId() if idx.isValid() else None

    def span_count(self) -> int:
        """Rows in the whole tree (tests)."""
        return len(self.model_._parent)
