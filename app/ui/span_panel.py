"""The side panel listing the spans of the open document (label, text, offsets)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

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


class SpanTableModel(QAbstractTableModel):
    COLUMNS = ("Label", "Text", "Start", "End")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: DocumentSession | None = None
        self.colours: dict[str, QColor] = {}
        # The model's own row order (span ids), changed only between begin/end signals.
        self._ids: list[int] = []

    def set_session(self, session: DocumentSession | None) -> None:
        self.beginResetModel()
        self.session = session
        self._ids = [rec.id for rec in session.spans] if session is not None else []  # type: ignore[misc]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        # Called ~750 times per repaint of the list: unknown roles leave first.
        if role not in _ROLES or self.session is None:
            return None
        rec = self.session.spans.get_or_none(self._ids[index.row()])
        if rec is None:  # removed, the model hears of it in a moment
            return None
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return rec.label
            if col == 1:
                return RLM + rec.text.replace("\n", " ⏎ ")
            return rec.start if col == 2 else rec.end
        if role == DECORATION:
            return self.colours.get(rec.label) if col == 0 else None
        if role == ALIGNMENT:
            return RIGHT if col == 1 else None
        if role == USER:
            return rec.id
        return f"{rec.label} {rec.start}–{rec.end} ({rec.origin.value})\n{rec.text}"  # tooltip

    def row_of(self, span_id: int) -> int:
        assert self.session is not None
        return self.session.spans.position(span_id)

    def span_changes(self, changes: Sequence[SpanChange]) -> None:
        """Follow a committed change with row-level signals; a batch resets the model."""
        if self.session is None:
            return
        if len(changes) != 1:
            self.set_session(self.session)
            return
        ch = changes[0]
        if ch.kind == "removed":
            row = self._ids.index(ch.record.id)  # type: ignore[arg-type]
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        elif ch.kind == "added":
            row = self.session.spans.position(ch.record.id)  # type: ignore[arg-type]
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, ch.record.id)  # type: ignore[arg-type]
            self.endInsertRows()
        else:
            old_row = self._ids.index(ch.record.id)  # type: ignore[arg-type]
            new_row = self.session.spans.position(ch.record.id)  # type: ignore[arg-type]
            if old_row == new_row:
                self.dataChanged.emit(self.index(old_row, 0), self.index(old_row, len(self.COLUMNS) - 1))
            else:  # bounds changed the order
                self.set_session(self.session)


class SpanPanel(QTableView):
    spanActivated = Signal(int)  # the user picked a span in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = SpanTableModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, self.fontMetrics().horizontalAdvance("organisation") + 44)
        # Fixed widths: ResizeToContents measures every row on each change (~100 ms at 10k spans).
        digits = self.fontMetrics().horizontalAdvance("0000000") + 16
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, digits)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def set_session(self, session: DocumentSession | None) -> None:
        self.model_.set_session(session)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.spanActivated.emit(self.model_.data(current, Qt.ItemDataRole.UserRole))

    def show_span(self, span_id: int | None) -> None:
        """Select the span's row without emitting spanActivated."""
        self._syncing = True
        try:
            sm = self.selectionModel()
            if span_id is None or self.model_.session is None or span_id not in self.model_.session.spans:
                sm.clearSelection()
                sm.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            idx = self.model_.index(self.model_.row_of(span_id), 0)
            sm.setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.scrollTo(idx)
        finally:
            self._syncing = False

    def current_span(self) -> int | None:
        idx = self.selectionModel().currentIndex()
        return self.model_.data(idx, Qt.ItemDataRole.UserRole) if idx.isValid() else None
