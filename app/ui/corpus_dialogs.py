"""Import…, Export… and Merge: format, label mapping, filters, split, and a progress dialog
with cancel for long work (cancel leaves the database and the target untouched).

The dialogs only collect choices; the services do the work (the same ones the CLI calls:
``importing.inspect_corpus`` / ``import_corpus``, ``export.export``, ``merge.merge``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.layers import LayerStatus
from app.formats import FORMATS, ReadOptions
from app.services import export as export_service
from app.services import importing
from app.services.workspace import Workspace
from app.ui.prompts import prompts_for

DROP = "— drop —"
# Common source names of the default labels (a suggestion in the mapping table; editable).
ALIASES = {
    "per": "person", "pers": "person", "person": "person", "b-per": "person",
    "org": "organisation", "organization": "organisation", "organisation": "organisation",
    "event": "event", "eve": "event", "evt": "event",
    "occ": "role", "role": "role", "title": "role", "job": "role",
    "cardinal": "figure", "quantity": "figure", "num": "figure", "number": "figure", "figure": "figure",
    "money": "figure", "percent": "figure",
}  # fmt: skip
GUESS = {
    ".jsonl": "jsonl",
    ".json": "labelstudio",
    ".ann": "brat",
    ".conll": "conll",
    ".iob": "conll",
    ".txt": "text",
}


class Progress:
    """A modal progress dialog whose Cancel the services see (the callback returns False)."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.dialog = QProgressDialog(
            title, QCoreApplication.translate("Progress", "Cancel"), 0, 1000, parent
        )
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.cancel_after: int | None = None  # tests: cancel after N calls

    def __call__(self, done: int, total: int | None = None) -> bool:
        if total:
            self.dialog.setMaximum(1000)
            self.dialog.setValue(min(1000, int(1000 * done / max(total, 1))))
        else:
            self.dialog.setMaximum(0)
        QApplication.processEvents()
        if self.cancel_after is not None:
            self.cancel_after -= 1
            if self.cancel_after <= 0:
                self.dialog.cancel()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()


class ImportDialog(QDialog):
    """Files, format, annotator, reading options; "Check" reads everything and fills the
    label-mapping table; "Import" runs the import with that mapping."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.report = None
        self.inspection = None
        self.progress_factory: Callable[[QWidget | None, str], Progress] = Progress
        self.setWindowTitle(self.tr("Import"))
        self.resize(820, 640)
        lay = QVBoxLayout(self)
        files_box = QGroupBox(self.tr("Files"), self)
        fl = QVBoxLayout(files_box)
        self.files = QListWidget(self)
        self.files.setMaximumHeight(90)
        fl.addWidget(self.files)
        row = QHBoxLayout()
        add_files = QPushButton(self.tr("Add files…"), self)
        add_files.setObjectName("add_files")
        add_folder = QPushButton(self.tr("Add folder…"), self)
        clear = QPushButton(self.tr("Clear"), self)
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        clear.clicked.connect(self.files.clear)
        for b in (add_files, add_folder, clear):
            row.addWidget(b)
        row.addStretch(1)
        fl.addLayout(row)
        lay.addWidget(files_box)
        form = QFormLayout()
        self.format = QComboBox(self)
        for name in importing.IMPORT_FORMATS:
            self.format.addItem(f"{name} — {FORMATS[name].description}", name)
        self.annotator = QLineEdit(ws.annotator_name, self)
        self.iob = QComboBox(self)
        for code, text in (
            ("begin", self.tr("repair: I- after O starts an entity")),
            ("drop", self.tr("repair: drop it")),
            ("error", self.tr("refuse the file")),
        ):
            self.iob.addItem(text, code)
        self.sentences = QSpinBox(self)
        self.sentences.setRange(0, 100_000)
        self.sentences.setValue(50)
        self.sentences.setSpecialValueText(self.tr("whole file"))
        self.offsets = QComboBox(self)
        for code, text in (
            (None, self.tr("the format's usual (doccano: UTF-16, Label Studio: code points)")),
            ("utf16", "UTF-16"),
            ("codepoints", self.tr("code points")),
        ):
            self.offsets.addItem(text, code)
        self.skip_bad = QCheckBox(
            self.tr("import the valid records and write the rejected ones to a report"), self
        )
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Annotator (whose layer)"), self.annotator)
        form.addRow(self.tr("Invalid IOB tags"), self.iob)
        form.addRow(self.tr("CoNLL sentences per document"), self.sentences)
        form.addRow(self.tr("Offsets in the file"), self.offsets)
        form.addRow(self.skip_bad)
        lay.addLayout(form)
        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Label in the file"), self.tr("Spans"), self.tr("Hamish label")]
        )
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.mapping, 3)
        self.summary = QLabel(self.tr("Add files, then Check."), self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.check_button = buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run)
        buttons.rejected.connect(self.reject)
        self.import_button.setEnabled(False)
        lay.addWidget(buttons)

    # -- inputs ------------------------------------------------------------------------------
    def add_paths(self, paths: list[str | Path]) -> None:
        for p in paths:
            self.files.addItem(str(p))
        if paths:
            guess = GUESS.get(Path(paths[0]).suffix.lower())
            if Path(paths[0]).is_dir():
                guess = "brat" if any(Path(paths[0]).glob("*.ann")) else "text"
            if guess:
                self.format.setCurrentIndex(self.format.findData(guess))
        self.import_button.setEnabled(False)

    def _add_files(self) -> None:
        self.add_paths(prompts_for(self).open_files(self.tr("Files to import")))  # type: ignore[arg-type]

    def _add_folder(self) -> None:
        path = prompts_for(self).folder(self.tr("Folder to import"))
        if path:
            self.add_paths([path])

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def read_options(self) -> ReadOptions:
        return ReadOptions(
            iob_repair=self.iob.currentData(),
            sentences_per_document=self.sentences.value(),
            offsets=self.offsets.currentData(),
        )

    # -- label mapping ------------------------------------------------------------------------
    def label_map(self) -> tuple[dict[str, str | None], bool]:
        """(source label → Hamish label or None, whether new labels must be created)."""
        project = {lab.name.lower() for lab in self.ws.labels}
        out: dict[str, str | None] = {}
        create = False
        for r in range(self.mapping.rowCount()):
            src = self.mapping.item(r, 0).text()
            combo = self.mapping.cellWidget(r, 2)
            target = combo.currentText().strip()  # type: ignore[union-attr]
            if target == DROP or not target:
                out[src] = None
            else:
                out[src] = target
                create = create or target.lower() not in project
        return out, create

    def _fill_mapping(self, counts: dict[str, int]) -> None:
        names = [lab.name for lab in self.ws.labels]
        self.mapping.setRowCount(0)
        for src, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            r = self.mapping.rowCount()
            self.mapping.insertRow(r)
            self.mapping.setItem(r, 0, QTableWidgetItem(src))
            self.mapping.setItem(r, 1, QTableWidgetItem(f"{n:,}"))
            combo = QComboBox(self.mapping)
            combo.setEditable(True)  # a new name creates a label
            combo.addItems([*names, DROP])
            lower = src.lower()
            suggestion = next((n for n in names if n.lower() == lower), None) or ALIASES.get(lower)
            if suggestion is None and "-" in lower:
                suggestion = ALIASES.get(lower.split("-", 1)[1])
            combo.setCurrentText(
                suggestion if suggestion in names else (lower if suggestion is None else suggestion)
            )
            self.mapping.setCellWidget(r, 2, combo)

    # -- actions --------------------------------------------------------------------------------
    def check(self) -> bool:
        paths = self.paths()
        if not paths:
            self.summary.setText(self.tr("No files."))
            return False
        progress = self.progress_factory(self, self.tr("Reading…"))
        try:
            info = importing.inspect_corpus(
                self.ws,
                paths,
                self.format.currentData(),
                annotator=self.annotator.text().strip() or None,
                drop_unknown=True,
                read=self.read_options(),
                progress=progress,
            )
        except Exception as exc:
            progress.close()
            self.summary.setText(str(exc))
            self.import_button.setEnabled(False)
            return False
        progress.close()
        self.inspection = info
        self._fill_mapping(info.label_counts)
        text = self.tr(
            "{0} document(s) ({1} already in the project), {2} span(s) read with {3} label(s): choose the Hamish "
            "label for each below (type a new name to create a label)."
        ).format(
            info.documents_added + info.documents_existing,
            info.documents_existing,
            info.spans_read,
            len(info.label_counts),
        )
        if info.rejected:
            text += "\n" + self.tr(
                "{0} record(s) have problems: tick the box above to import the others."
            ).format(info.rejected)
        self.summary.setText(text)
        self.import_button.setEnabled(True)
        return True

    def run(self) -> bool:
        if self.inspection is None and not self.check():
            return False
        label_map, create = self.label_map()
        rejected = None
        if self.skip_bad.isChecked():
            first = Path(self.paths()[0])
            rejected = str(first.with_name(first.name + ".rejected.jsonl"))
        progress = self.progress_factory(self, self.tr("Importing…"))
        try:
            self.report = importing.import_corpus(
                self.ws,
                self.paths(),
                self.format.currentData(),
                annotator=self.annotator.text().strip() or None,
                label_map=label_map,
                create_labels=create,
                skip_bad=self.skip_bad.isChecked(),
                rejected_path=rejected,
                read=self.read_options(),
                progress=progress,
            )
        except Exception as exc:
            progress.close()
            problems = getattr(exc, "problems", None)
            self.summary.setText("\n".join(problems[:20]) if problems else str(exc))
            return False
        progress.close()
        self.accept()
        return True


class ExportDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.report = None
        self.progress_factory: Callable[[QWidget | None, str], Progress] = Progress
        self.setWindowTitle(self.tr("Export"))
        self.resize(760, 620)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox(self)
        for name in export_service.EXPORT_FORMATS:
            self.format.addItem(f"{name} — {FORMATS[name].description}", name)
        out_row = QHBoxLayout()
        self.out = QLineEdit(self)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        self.annotator = QComboBox(self)
        for _aid, name, kind in ws.annotators():
            self.annotator.addItem(f"{name} (gold)" if kind == "gold" else name, name)
        self.annotator.setCurrentIndex(max(0, self.annotator.findData(ws.annotator_name)))
        status_row = QHBoxLayout()
        self.statuses = {}
        for code in LayerStatus:
            box = QCheckBox(code.replace("_", " "), self)
            box.setChecked(True)
            self.statuses[code] = box
            status_row.addWidget(box)
        self.only_annotated = QCheckBox(self.tr("only documents this annotator has worked on"), self)
        self.split = QComboBox(self)
        self.split.setEditable(True)
        for text in ("", "80/10/10", "90/10", "70/15/15"):
            self.split.addItem(text)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.partial = QComboBox(self)
        self.partial.addItem(self.tr("expand to whole tokens"), "expand")
        self.partial.addItem(self.tr("skip the span"), "skip")
        self.nested = QComboBox(self)
        self.nested.addItem(self.tr("keep the outermost"), "outermost")
        self.nested.addItem(self.tr("keep the innermost"), "innermost")
        self.offsets = QComboBox(self)
        self.offsets.addItem(self.tr("the format's usual"), None)
        self.offsets.addItem("UTF-16", "utf16")
        self.offsets.addItem(self.tr("code points"), "codepoints")
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Save to"), out_row)
        form.addRow(self.tr("Annotator's layer"), self.annotator)
        form.addRow(self.tr("Documents with status"), status_row)
        form.addRow(self.only_annotated)
        form.addRow(self.tr("Train/dev/test split (by document)"), self.split)
        form.addRow(self.tr("Split seed"), self.seed)
        form.addRow(self.tr("Span not on token edges"), self.partial)
        form.addRow(self.tr("Nested spans (flat formats)"), self.nested)
        form.addRow(self.tr("Offsets (doccano, Label Studio)"), self.offsets)
        lay.addLayout(form)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setHorizontalHeaderLabels([self.tr("Hamish label"), self.tr("Written as (empty: drop)")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for lab in ws.labels:
            r = self.mapping.rowCount()
            self.mapping.insertRow(r)
            item = QTableWidgetItem(lab.name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.setItem(r, 0, item)
            self.mapping.setItem(r, 1, QTableWidgetItem(lab.name))
        lay.addWidget(self.mapping, 1)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.run)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        fmt = self.format.currentData()
        folder = FORMATS[fmt].folder_output or bool(self.split.currentText().strip())
        if folder:
            path = prompts_for(self).folder(self.tr("Export into folder"))
        else:
            path = prompts_for(self).save_file(self.tr("Export to"), f"hamish-export{FORMATS[fmt].extension}")
        if path:
            self.out.setText(path)

    def label_map(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for r in range(self.mapping.rowCount()):
            src = self.mapping.item(r, 0).text()
            dst = self.mapping.item(r, 1).text().strip()
            if dst != src:
                out[src] = dst or None
        return out

    def run(self) -> bool:
        out = self.out.text().strip()
        if not out:
            self.summary.setText(self.tr("Choose where to save."))
            return False
        statuses = [code for code, box in self.statuses.items() if box.isChecked()]
        progress = self.progress_factory(self, self.tr("Exporting…"))
        try:
            options = export_service.ExportOptions(
                format=self.format.currentData(),
                annotator=self.annotator.currentData(),
                status=statuses if len(statuses) < len(self.statuses) else None,
                split=self.split.currentText().strip() or None,
                seed=self.seed.value(),
                label_map=self.label_map() or None,
                partial=self.partial.currentData(),
                nested=self.nested.currentData(),
                offsets=self.offsets.currentData(),
                workers=1,  # no fork in a GUI
                only_annotated=self.only_annotated.isChecked(),
            )
            self.report = export_service.export(self.ws, out, options, progress=progress)
        except Exception as exc:
            progress.close()
            self.summary.setText(str(exc))
            return False
        progress.close()
        self.accept()
        return True
