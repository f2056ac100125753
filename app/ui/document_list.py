"""The list of the project's documents with the current annotator's span counts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.store.repository import DocumentRow

Index = QModelIndex | QPersistentModelIndex
RLM = "\u200f"


class DocumentTableModel(QAbstractTableModel):
    COLUMNS = ("Document", "Spans")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DocumentRow] = []

    def set_rows(self, rows: list[DocumentRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return RLM + row.title if index.column() == 0 else row.span_count
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() == 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.source_name} · document {row.id} · {row.char_count:,} characters · {row.status}"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def row_of(self, doc_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.id == doc_id:
                return i
        return -1

    def set_span_count(self, doc_id: int, count: int) -> None:
        i = self.row_of(doc_id)
        if i >= 0 and self.rows[i].span_count != count:
            self.rows[i] = replace(self.rows[i], span_count=count)
            self.dataChanged.emit(self.index(i, 1), self.index(i, 1))


class DocumentList(QTableView):
    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = DocumentTableModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(1, self.fontMetrics().horizontalAdvance("Spans 00000") + 12)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_current)

    def set_rows(self, rows: list[DocumentRow], current: int | None) -> None:
        self._syncing = True
        try:
            self.model_.set_rows(rows)
        finally:
            self._syncing = False
        self.show_document(current)

    def show_document(self, doc_id: int | None) -> None:
        self._syncing = True
        try:
            row = self.model_.row_of(doc_id) if doc_id is not None else -1
            if row >= 0:
                idx = self.model_.index(row, 0)
                self.selectionModel().setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.scrollTo(idx)
        finally:
            self._syncing = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.documentActivated.emit(self.model_.data(current, Qt.ItemDataRole.UserRole))
