"""The label dialog: add, rename, recolour and re-key labels, with their display names
(what the interface shows, per language) and guidance (description in English and
Arabic, examples); import or export a label set (JSON,
``schema/label-set.schema.json``). Everything is validated before anything is saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.labels import Label
from app.services import labelset
from app.services.labelset import LabelSetError, display_tuple
from app.ui.dialogs import error_box
from app.ui.plain import plain_label
from app.ui.prompts import prompts_for

COLUMNS = (
    QT_TRANSLATE_NOOP("LabelDialog", "Name"),
    QT_TRANSLATE_NOOP("LabelDialog", "Key"),
    QT_TRANSLATE_NOOP("LabelDialog", "Letter"),
    QT_TRANSLATE_NOOP("LabelDialog", "Colour"),
    QT_TRANSLATE_NOOP("LabelDialog", "Shown in English"),
    QT_TRANSLATE_NOOP("LabelDialog", "Shown in Arabic"),
    QT_TRANSLATE_NOOP("LabelDialog", "Description (English)"),
    "الوصف (العربية)",
    QT_TRANSLATE_NOOP("LabelDialog", "Examples (one per line)"),
)
NAME, KEY, LETTER, COLOUR, SHOWN_EN, SHOWN_AR, DESCRIPTION_EN, DESCRIPTION_AR, EXAMPLES = range(len(COLUMNS))
RIGHT_TO_LEFT = (SHOWN_AR, DESCRIPTION_AR)


class LabelDialog(QDialog):
    def __init__(self, ws, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("Labels"))
        self.resize(1100, 460)
        lay = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Names are what exports contain; the interface shows a label's name in its own language "
                '("Shown in …", the name when empty). Keys: a digit and a letter (the same physical keys work '
                "under an Arabic layout). Letters A D N S T U are taken by editor commands."
            ),
            self,
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in (DESCRIPTION_EN, DESCRIPTION_AR, EXAMPLES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        lay.addWidget(self.table, 1)
        self.warnings = plain_label("", self)  # names labels: data
        self.warnings.setWordWrap(True)
        lay.addWidget(self.warnings)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add label"), self)
        delete = QPushButton(self.tr("Delete label"), self)
        imp = QPushButton(self.tr("Import label set…"), self)
        exp = QPushButton(self.tr("Export label set…"), self)
        add.clicked.connect(self.add_row)
        delete.clicked.connect(self.delete_selected)
        imp.clicked.connect(self.import_dialog)
        exp.clicked.connect(self.export_dialog)
        for b in (add, delete, imp, exp):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.last_error: str | None = None
        self.load(labelset.project_labels(ws))

    # -- rows -------------------------------------------------------------------------------------
    def load(self, labels: list[Label]) -> None:
        self.table.setRowCount(0)
        for lab in labels:
            self._append(lab)
        self._check_colours()

    def _append(self, lab: Label) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        shown = dict(lab.display)
        values = [
            lab.name,
            lab.key,
            lab.letter,
            lab.colour.upper(),
            shown.get("en", ""),
            shown.get("ar", ""),
            lab.description,
            lab.description_ar,
            "\n".join(lab.examples),
        ]
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            if c in RIGHT_TO_LEFT:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == COLOUR:
                item.setBackground(QColor(v))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, c, item)
        self.table.item(r, 0).setData(Qt.ItemDataRole.UserRole, lab.id)

    def labels(self) -> list[Label]:
        out = []
        for r in range(self.table.rowCount()):
            cell = [
                self.table.item(r, c).text().strip() if self.table.item(r, c) else ""
                for c in range(len(COLUMNS))
            ]
            lid = self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole)
            examples = tuple(x.strip() for x in cell[EXAMPLES].replace("،", "\n").split("\n") if x.strip())
            display = display_tuple({"en": cell[SHOWN_EN], "ar": cell[SHOWN_AR]})
            out.append(
                Label(
                    cell[NAME],
                    cell[KEY],
                    cell[LETTER].lower(),
                    cell[COLOUR],
                    cell[DESCRIPTION_EN],
                    cell[DESCRIPTION_AR],
                    examples,
                    display,
                    lid,
                )
            )
        return out

    def add_row(self) -> None:
        used = {lab.colour.upper() for lab in self.labels()}
        palette = ["#0072B2", "#D55E00", "#999999", "#000000", "#882255", "#44AA99", "#DDCC77", "#117733"]
        colour = next((c for c in palette if c not in used), "#999999")
        used_keys = {lab.key for lab in self.labels()}
        key = next((str(d) for d in range(1, 10) if str(d) not in used_keys), "")
        self._append(Label(f"label{self.table.rowCount() + 1}", key, "", colour))
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    def delete_selected(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        lid = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
        name = self.table.item(r, 0).text()
        if lid is not None:
            try:
                labelset.delete_label(self.ws, name)
            except LabelSetError as exc:
                self._error("\n".join(exc.errors) if hasattr(exc, "errors") else str(exc))
                return
        self.table.removeRow(r)

    def _cell_double_clicked(self, row: int, col: int) -> None:
        if col != COLOUR:
            return
        item = self.table.item(row, COLOUR)
        chosen = QColorDialog.getColor(QColor(item.text()), self, self.tr("Label colour"))
        if chosen.isValid():
            self.set_colour(row, chosen.name().upper())

    def set_colour(self, row: int, colour: str) -> None:
        item = self.table.item(row, COLOUR)
        item.setText(colour)
        item.setBackground(QColor(colour))
        self._check_colours()

    def _check_colours(self) -> None:
        colours = {lab.name: lab.colour for lab in self.labels() if lab.colour.startswith("#")}
        warnings = labelset.colour_warnings(colours)
        self.warnings.setText("\n".join(warnings))

    # -- files ---------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        path = prompts_for(self).open_file(self.tr("Import a label set"), "JSON (*.json)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        try:
            lset = labelset.load_label_set(path)
        except (LabelSetError, OSError) as exc:
            self._error("\n".join(getattr(exc, "errors", [str(exc)])))
            return False
        current = {lab.name: lab for lab in self.labels()}
        labels: list[Label] = []
        for lab in lset.labels:
            old = current.get(lab.name)
            if old is not None:  # a set without display names keeps the label's own
                lab = replace(lab, id=old.id, display=lab.display or old.display)
            labels.append(lab)
        self.load(labels)
        return True

    def export_dialog(self) -> None:
        path = prompts_for(self).save_file(self.tr("Export the label set"), "labels.json", "JSON (*.json)")
        if path:
            labelset.write_label_set(labelset.LabelSet("project", tuple(self.labels())), path)

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        try:
            labelset.save_labels(self.ws, self.labels())
        except LabelSetError as exc:
            self._error("\n".join(getattr(exc, "errors", [str(exc)])))
            return
        except Exception as exc:
            self._error(str(exc))
            return
        self.accept()

    def _error(self, message: str) -> None:
        self.last_error = message
        error_box(self, self.tr("Labels not saved"), message)
