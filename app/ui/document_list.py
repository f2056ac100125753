"""The documents panel: filter by title/text and status, per-label counts, active time,
and the project's progress (documents done)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.bidi import format_isolated
from app.core.layers import FINISHED, LayerStatus
from app.core.marks import RLM
from app.core.spans import SpanRecord
from app.services.workspace import DocumentRow
from app.ui.i18n import label_text
from app.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex
STATUS_MARK = {
    LayerStatus.NEW: "○",
    LayerStatus.IN_PROGRESS: "◐",
    LayerStatus.DONE: "●",
    LayerStatus.REVIEWED: "★",
}
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_TEXT = {
    LayerStatus.NEW: QT_TRANSLATE_NOOP("DocumentTableModel", "new"),
    LayerStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("DocumentTableModel", "in progress"),
    LayerStatus.DONE: QT_TRANSLATE_NOOP("DocumentTableModel", "done"),
    LayerStatus.REVIEWED: QT_TRANSLATE_NOOP("DocumentTableModel", "reviewed"),
}


def format_seconds(seconds: float) -> str:
    s = int(round(seconds))
    if s < 60:
        return f"{s}s" if s else ""
    m, s = divmod(s, 60)
    if m < 60:
        return f"{m}m{s:02d}"
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}"


class DocumentTableModel(QAbstractTableModel):
    FIXED = (
        "",
        QT_TRANSLATE_NOOP("DocumentTableModel", "Document"),
        QT_TRANSLATE_NOOP("DocumentTableModel", "Spans"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DocumentRow] = []
        self.counts: dict[int, dict[str, int]] = {}
        self.labels: list[tuple[str, str, str]] = []  # (name, name shown, colour)

    def columns(self) -> list[str]:
        return [
            *self.FIXED,
            QT_TRANSLATE_NOOP("DocumentTableModel", "Labels"),
            QT_TRANSLATE_NOOP("DocumentTableModel", "Time"),
        ]

    def set_rows(self, rows: list[DocumentRow], counts: dict[int, dict[str, int]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.counts = counts
        self.endResetModel()

    def set_labels(self, labels: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self.labels = labels
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation != Qt.Orientation.Horizontal:
            return None
        cols = self.columns()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(cols[section]) if cols[section] else ""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        n_fixed = len(self.FIXED)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return STATUS_MARK.get(row.status, "?")
            if col == 1:
                return RLM + row.title
            if col == 2:
                return row.span_count
            if col == n_fixed:
                return ""  # painted by LabelCountsDelegate
            return format_seconds(row.active_seconds)
        if role == COUNTS_ROLE:
            per = self.counts.get(row.id, {})
            return [(colour, per.get(name, 0)) for name, _, colour in self.labels]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == 1:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == n_fixed:
                per = self.counts.get(row.id, {})
                return tooltip(
                    "\n".join(
                        format_isolated("{0}: {1}", shown, per.get(name, 0)) for name, shown, _ in self.labels
                    )
                )
            status = STATUS_TEXT.get(row.status)
            return tooltip(
                format_isolated(
                    self.tr("{0} · document {1} · {2} characters · {3} · {4} active"),
                    row.source_name,
                    row.id,
                    f"{row.char_count:,}",
                    self.tr(status) if status else row.status,
                    format_seconds(row.active_seconds) or "0s",
                )
            )
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def row_of(self, doc_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.id == doc_id:
                return i
        return -1

    def row_for(self, doc_id: int) -> DocumentRow | None:
        i = self.row_of(doc_id)
        return self.rows[i] if i >= 0 else None

    def set_span_count(self, doc_id: int, count: int) -> None:
        i = self.row_of(doc_id)
        if i >= 0 and self.rows[i].span_count != count:
            self.rows[i] = replace(self.rows[i], span_count=count)
            self.dataChanged.emit(self.index(i, 2), self.index(i, 2))

    def add_seconds(self, doc_id: int, seconds: float) -> None:
        i = self.row_of(doc_id)
        if i >= 0 and seconds > 0:
            self.rows[i] = replace(self.rows[i], active_seconds=self.rows[i].active_seconds + seconds)
            col = self.columnCount() - 1
            self.dataChanged.emit(self.index(i, col), self.index(i, col))

    def update_document(self, doc_id: int, spans: Iterable[SpanRecord]) -> None:
        i = self.row_of(doc_id)
        if i < 0:
            return
        per = Counter(rec.label for rec in spans)
        total = sum(per.values())
        row = self.rows[i]
        status = LayerStatus.IN_PROGRESS if row.status == LayerStatus.NEW and total else row.status
        self.rows[i] = replace(row, span_count=total, status=status)
        self.counts[doc_id] = dict(per)
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))


class LabelCountsDelegate(QStyledItemDelegate):
    """Per-label span counts as small coloured chips with the number inside."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        super().paint(painter, option, index)
        chips = index.data(COUNTS_ROLE) or []
        painter.save()
        rect = option.rect.adjusted(3, 4, -3, -4)
        x = rect.left()
        font = painter.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        fm = painter.fontMetrics()
        for colour, n in chips:
            if not n:
                continue
            label = str(n)
            w = max(fm.horizontalAdvance(label) + 6, rect.height())
            if x + w > rect.right():
                break
            chip = QRectF(x, rect.top(), w, rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(chip, 3, 3)
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), label)
            x += w + 2
        painter.restore()


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
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(False)
        self.setItemDelegateForColumn(len(DocumentTableModel.FIXED), LabelCountsDelegate(self))
        self._syncing = False
        self.model_.modelReset.connect(self._size_columns)
        self.selectionModel().currentRowChanged.connect(self._on_current)

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        fm = self.fontMetrics()
        for col in range(self.model_.columnCount()):
            if col == 1:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            width = fm.horizontalAdvance("Spans") + 12 if col != 0 else fm.horizontalAdvance("◐") + 12
            if col == self.model_.columnCount() - 1:
                width = fm.horizontalAdvance("00h00") + 10
            elif col == len(DocumentTableModel.FIXED):
                width = 5 * (fm.horizontalAdvance("00") + 10) + 8
            self.setColumnWidth(col, width)

    def set_rows(
        self, rows: list[DocumentRow], counts: dict[int, dict[str, int]], current: int | None
    ) -> None:
        self._syncing = True
        try:
            self.model_.set_rows(rows, counts)
        finally:
            self._syncing = False
        self.show_document(current)

    def show_document(self, doc_id: int | None) -> None:
        self._syncing = True
        try:
            row = self.model_.row_of(doc_id) if doc_id is not None else -1
            if row >= 0:
                idx = self.model_.index(row, 1)
                self.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.scrollTo(idx)
            else:
                self.selectionModel().clearSelection()
        finally:
            self._syncing = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.documentActivated.emit(self.model_.data(current, Qt.ItemDataRole.UserRole))


class DocumentPanel(QWidget):
    """Filter box, status filter, the document table and the project's progress."""

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        for code in ("", *(s.value for s in LayerStatus), "unfinished"):
            self.status.addItem("", code)
        row.addWidget(self.search, 1)
        row.addWidget(self.status)
        lay.addLayout(row)
        self.table = DocumentList(self)
        lay.addWidget(self.table, 1)
        self.progress = QProgressBar(self)
        self._progress = (0, 0)  # documents done, documents
        lay.addWidget(self.progress)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.filterChanged)
        self.search.textChanged.connect(self._debounce.start)
        self.status.currentIndexChanged.connect(self.filterChanged)
        self.retranslate()

    def _show_progress(self) -> None:
        self.progress.setFormat(format_isolated(self.tr("{0} of {1} documents done"), *self._progress))

    def retranslate(self) -> None:
        """Every text of the panel, in the interface language (called again when it changes)."""
        self._show_progress()
        self.search.setPlaceholderText(self.tr("Filter by title or text…"))
        texts = (
            self.tr("All"),
            self.tr("New"),
            self.tr("In progress"),
            self.tr("Done"),
            self.tr("Reviewed"),
            self.tr("Unfinished"),
        )
        for i, text in enumerate(texts):
            self.status.setItemText(i, text)
        model = self.table.model_
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, model.columnCount() - 1))
        if model.rowCount():
            model.dataChanged.emit(
                model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1)
            )

    def filters(self) -> tuple[str, str]:
        return self.search.text().strip(), self.status.currentData() or ""

    def set_labels(self, labels: Sequence) -> None:  # type: ignore[type-arg]
        self.table.model_.set_labels([(lab.name, label_text(lab), lab.colour) for lab in labels])

    def set_rows(self, rows: list[DocumentRow], counts, current, text: str, status: str, ws) -> None:  # type: ignore[no-untyped-def]
        done = sum(1 for r in rows if r.status in FINISHED)
        self.progress.setMaximum(max(1, len(rows)))
        self.progress.setValue(done)
        self._progress = (done, len(rows))
        self._show_progress()
        shown = rows
        if status == "unfinished":
            shown = [r for r in shown if r.status not in FINISHED]
        elif status:
            shown = [r for r in shown if r.status == status]
        if text:
            ids = ws.documents_matching(text)
            shown = [r for r in shown if r.id in ids]
        self.table.set_rows(shown, counts, current)

    def update_document(self, doc_id: int, spans: Iterable[SpanRecord]) -> None:
        self.table.model_.update_document(doc_id, spans)
