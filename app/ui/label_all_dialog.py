"""Label all occurrences: preview every candidate with its context, in this document or
the whole project; accept all, accept the checked ones, or skip. Existing spans are never
overwritten or crossed (those hits are listed as skipped); a hit with the same range but
another label is a conflict, unchecked by default (accepting it relabels that span)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from app.core.bidi import format_isolated
from app.core.marks import RLM
from app.core.normalise import NormaliseOptions
from app.core.search import Candidate, CandidateStatus, QueryError, SearchOptions
from app.services.search import DocumentPreview, ProjectSearch
from app.ui.plain import plain_label


class LabelAllDialog(QDialog):
    def __init__(
        self,
        search: ProjectSearch,
        query: str,
        label: str,
        labels: dict[str, str],  # name → what the interface shows
        document_id: int,
        open_spans: Callable[[], dict],  # type: ignore[type-arg]
        proclitics: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.search = search
        self.document_id = document_id
        self.open_spans = open_spans
        self.previews: list[DocumentPreview] = []
        self.shown = labels
        self.setWindowTitle(self.tr("Label all occurrences"))
        self.resize(980, 620)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = QLineEdit(query, self)
        self.query.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.label = QComboBox(self)
        for name, shown in labels.items():
            self.label.addItem(shown, name)
        self.label.setCurrentIndex(self.label.findData(label))
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("This document"), "document")
        self.scope.addItem(self.tr("Whole project"), "project")
        row.addWidget(QLabel(self.tr("Text"), self))
        row.addWidget(self.query, 1)
        row.addWidget(QLabel(self.tr("as"), self))
        row.addWidget(self.label)
        row.addWidget(self.scope)
        lay.addLayout(row)
        opts = QHBoxLayout()
        self.folds = QCheckBox(self.tr("ignore diacritics, tatweel, alef/ya/ta marbuta forms"), self)
        self.folds.setChecked(True)
        self.whole = QCheckBox(self.tr("whole words"), self)
        self.whole.setChecked(True)
        self.proclitics = QCheckBox(self.tr("also after و ف ب ل ك ال"), self)
        self.proclitics.setChecked(proclitics)
        for w in (self.folds, self.whole, self.proclitics):
            opts.addWidget(w)
        opts.addStretch(1)
        lay.addLayout(opts)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Accept"), self.tr("Document"), self.tr("Status"), self.tr("Context")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.tree, 1)
        self.summary = plain_label("", self)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.accept_all_button = QPushButton(self.tr("Accept all new"), self)
        self.accept_checked_button = QPushButton(self.tr("Accept checked"), self)
        buttons.addButton(self.accept_all_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.accept_checked_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Skip"), QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.accept_checked_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        for w in (self.folds, self.whole, self.proclitics):
            w.toggled.connect(self.refresh)
        self.scope.currentIndexChanged.connect(self.refresh)
        self.label.currentIndexChanged.connect(self.refresh)
        self.query.returnPressed.connect(self.refresh)
        self.refresh()

    def options(self) -> SearchOptions:
        norm = (
            NormaliseOptions()
            if self.folds.isChecked()
            else replace(
                NormaliseOptions(), diacritics=False, tatweel=False, alef=False, ya=False, ta_marbuta=False
            )
        )
        return SearchOptions(
            normalise=norm, whole_words=self.whole.isChecked(), proclitics=self.proclitics.isChecked()
        )

    def refresh(self) -> None:
        docs = None if self.scope.currentData() == "project" else [self.document_id]
        try:
            self.previews = self.search.label_all(
                self.query.text(),
                self.label.currentData(),
                self.options(),
                spans=self.open_spans(),
                document_ids=docs,
            )
        except QueryError as exc:
            self.previews = []
            self.summary.setText(str(exc))
            self.tree.clear()
            return
        self.tree.clear()
        items = []
        n_new = n_conflict = n_skipped = 0
        for dp in self.previews:
            for c in dp.preview.candidates + dp.preview.skipped:
                items.append(self._item(dp, c))
            n_new += len(dp.preview.new)
            n_conflict += len(dp.preview.conflicts)
            n_skipped += len(dp.preview.skipped)
        self.tree.addTopLevelItems(items)
        self.summary.setText(
            format_isolated(
                self.tr(
                    "{0} new · {1} with another label (unchecked) · {2} skipped (already labelled or crossing a span) · "
                    "{3} document(s)"
                ),
                n_new,
                n_conflict,
                n_skipped,
                len(self.previews),
            )
        )

    def _item(self, dp: DocumentPreview, c: Candidate) -> QTreeWidgetItem:
        h = c.hit
        ctx = RLM + marks.make_visible(
            ("…" if h.clipped_before else "")
            + f"{h.before}⟦{h.text}⟧{h.after}"
            + ("…" if h.clipped_after else "")
        )
        other = self.shown.get(c.other.label, c.other.label) if c.other else ""
        status = {
            CandidateStatus.NEW: self.tr("new"),
            CandidateStatus.CONFLICT: format_isolated(self.tr("relabel {0}"), other),
            CandidateStatus.LABELLED: self.tr("already labelled"),
            CandidateStatus.CROSSING: format_isolated(self.tr("crosses {0}"), other),
        }[c.status]
        item = QTreeWidgetItem(["", RLM + dp.title, status, ctx])
        item.setData(0, Qt.ItemDataRole.UserRole, (dp.document_id, c))
        if c.status in (CandidateStatus.NEW, CandidateStatus.CONFLICT):
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if c.accept_by_default else Qt.CheckState.Unchecked)
        else:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def accept_all(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            _, c = item.data(0, Qt.ItemDataRole.UserRole)
            if c.status is CandidateStatus.NEW:
                item.setCheckState(0, Qt.CheckState.Checked)
        self.accept()

    def chosen(self) -> dict[int, list[Candidate]]:
        """Checked candidates per document."""
        out: dict[int, list[Candidate]] = {}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            did, c = item.data(0, Qt.ItemDataRole.UserRole)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState(0) == Qt.CheckState.Checked:
                out.setdefault(did, []).append(c)
        return out

    def edits_by_document(self) -> dict[int, list]:  # type: ignore[type-arg]
        chosen = self.chosen()
        return {
            dp.document_id: dp.preview.edits(chosen[dp.document_id])
            for dp in self.previews
            if chosen.get(dp.document_id)
        }
