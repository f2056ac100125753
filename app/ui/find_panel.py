"""Find (Ctrl+F): diacritics-, tatweel-, alef-, ya- and ta-marbuta-insensitive search in the
document or across the project, each switchable; every hit highlighted, next/previous,
and a list of hits with their context."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import marks
from app.core.bidi import format_isolated, isolate_ltr
from app.core.marks import RLM
from app.core.normalise import NormaliseOptions
from app.core.search import QueryError, SearchOptions
from app.ui.plain import plain_label

FOLDS = (
    ("diacritics", QT_TRANSLATE_NOOP("FindPanel", "diacritics")),
    ("tatweel", QT_TRANSLATE_NOOP("FindPanel", "tatweel")),
    ("alef", "أ إ آ ٱ = ا"),
    ("ya", "ى = ي"),
    ("ta_marbuta", "ة = ه"),
)


class FindPanel(QWidget):
    """Emits ``hitActivated(document_id, start, end)``; the window does the showing."""

    hitActivated = Signal(int, int, int)
    searchRequested = Signal()
    stepRequested = Signal(int)  # Enter: +1, Shift+Enter: -1 (select the hit, back to the text)
    leaveRequested = Signal()  # Esc in the query: back to the text, the hit stays selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        self.query = QLineEdit(self)
        self.query.setClearButtonEnabled(True)
        self.query.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.scope = QComboBox(self)
        self.scope.addItem("", "document")
        self.scope.addItem("", "project")
        self.prev_button = QPushButton("▲", self)
        self.next_button = QPushButton("▼", self)
        self.count = plain_label("", self)  # shows the query's error message too
        row.addWidget(self.query, 1)
        row.addWidget(self.scope)
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        row.addWidget(self.count)
        lay.addLayout(row)
        opts = QHBoxLayout()
        self.ignore = QLabel(self)
        opts.addWidget(self.ignore)
        self.folds: dict[str, QCheckBox] = {}
        for key, _text in FOLDS:
            box = QCheckBox(self)
            box.setChecked(True)
            self.folds[key] = box
            opts.addWidget(box)
        self.whole = QCheckBox(self)
        self.whole.setChecked(True)
        self.proclitics = QCheckBox(self)
        opts.addWidget(self.whole)
        opts.addWidget(self.proclitics)
        opts.addStretch(1)
        lay.addLayout(opts)
        self.hits = QTreeWidget(self)
        self.hits.setColumnCount(3)
        self.hits.setRootIsDecorated(False)
        self.hits.setUniformRowHeights(True)
        self.hits.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.hits, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.searchRequested)
        self.query.textChanged.connect(self._debounce.start)
        self.query.installEventFilter(self)
        self.prev_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.next_button.clicked.connect(lambda: self.stepRequested.emit(+1))
        for w in (*self.folds.values(), self.whole, self.proclitics):
            w.toggled.connect(self.searchRequested)
        self.scope.currentIndexChanged.connect(self.searchRequested)
        self.hits.itemActivated.connect(self._activated)
        self.hits.itemClicked.connect(self._activated)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the panel, in the interface language (called again when it changes)."""
        self.query.setPlaceholderText(self.tr("Find… (Enter: next, Shift+Enter: previous)"))
        self.scope.setItemText(0, self.tr("This document"))
        self.scope.setItemText(1, self.tr("Whole project"))
        self.prev_button.setToolTip(self.tr("Previous hit ({0})").format(isolate_ltr("Shift+F3")))
        self.next_button.setToolTip(self.tr("Next hit ({0})").format(isolate_ltr("F3")))
        self.ignore.setText(self.tr("Ignore:"))
        for key, text in FOLDS:
            self.folds[key].setText(self.tr(text))
        self.whole.setText(self.tr("whole words"))
        self.proclitics.setText(self.tr("also after و ف ب ل ك ال"))
        self.hits.setHeaderLabels([self.tr("Document"), self.tr("Offset"), self.tr("Context")])

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        """Enter / Shift+Enter step through the hits; Esc leaves the query (it must not reach
        the window's Esc, which would clear the hit's selection)."""
        if obj is self.query and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    if key == Qt.Key.Key_Escape:
                        self.leaveRequested.emit()
                    else:
                        back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                        self.stepRequested.emit(-1 if back else +1)
                return True
        return super().eventFilter(obj, event)

    def take_pending(self) -> bool:
        """True (once) when the query changed and its search has not run yet."""
        pending = self._debounce.isActive()
        self._debounce.stop()
        return pending

    def options(self) -> SearchOptions:
        fold = {key: box.isChecked() for key, box in self.folds.items()}
        norm = replace(NormaliseOptions(), **fold)
        return SearchOptions(
            normalise=norm, whole_words=self.whole.isChecked(), proclitics=self.proclitics.isChecked()
        )

    def project_scope(self) -> bool:
        return self.scope.currentData() == "project"

    def show_hits(
        self, rows: list[tuple[int, str, int, int, str, str, str]], total: int, truncated: bool
    ) -> None:
        """rows: (document id, title, start, end, before, hit, after)."""
        self.hits.clear()
        items = []
        for did, title, start, end, before, hit, after in rows:
            ctx = RLM + marks.make_visible(f"{before}⟦{hit}⟧{after}")
            item = QTreeWidgetItem([RLM + title, str(start), ctx])
            item.setData(0, Qt.ItemDataRole.UserRole, (did, start, end))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.hits.addTopLevelItems(items)
        suffix = "+" if truncated else ""
        self.count.setText(
            format_isolated(self.tr("{0} hit(s)"), f"{total}{suffix}") if total or self.query.text() else ""
        )

    def show_error(self, message: str) -> None:
        self.hits.clear()
        self.count.setText(message)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.hits.topLevelItemCount():
            item = self.hits.topLevelItem(row)
            self.hits.blockSignals(True)
            self.hits.setCurrentItem(item)
            self.hits.blockSignals(False)
            self.hits.scrollToItem(item)

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        did, start, end = item.data(0, Qt.ItemDataRole.UserRole)
        self.hitActivated.emit(did, start, end)


__all__ = ["FindPanel", "QueryError"]
