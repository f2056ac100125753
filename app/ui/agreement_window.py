"""The agreement report: a table of figures, per-label bars and the confusion heat map,
exportable as CSV and JSON (the same figures as ``hamish agreement``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.bidi import format_isolated
from app.services import agreement as agreement_service
from app.services.workspace import Workspace
from app.ui.dialogs import error_box
from app.ui.i18n import label_names
from app.ui.plain import plain_label
from app.ui.prompts import prompts_for

SERIES = (("exact F1", "#0072B2"), ("partial F1", "#56B4E9"), ("kappa", "#E69F00"))


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


class BarChart(QWidget):
    """Grouped bars per label: exact F1, partial F1, kappa (0 to 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, list[float | None]]] = []
        self.setMinimumHeight(220)

    def set_rows(self, rows: list[tuple[str, list[float | None]]]) -> None:
        self.rows = rows
        self.update()

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        left, bottom, top = 36, 40, 24
        plot_h = h - bottom - top
        fg = self.palette().windowText().color()
        p.setPen(QPen(fg))
        for frac in (0, 0.5, 1.0):
            y = top + plot_h * (1 - frac)
            p.drawLine(left - 4, int(y), w - 8, int(y))
            p.drawText(QRectF(0, y - 8, left - 6, 16), int(Qt.AlignmentFlag.AlignRight), f"{frac:.1f}")
        n = max(1, len(self.rows))
        group = (w - left - 12) / n
        bar = group / (len(SERIES) + 1)
        for i, (name, values) in enumerate(self.rows):
            x0 = left + i * group + bar / 2
            for j, v in enumerate(values):
                if v is None:
                    continue
                hgt = max(0.0, min(1.0, v)) * plot_h
                p.fillRect(QRectF(x0 + j * bar, top + plot_h - hgt, bar * 0.9, hgt), QColor(SERIES[j][1]))
            p.setPen(QPen(fg))
            p.drawText(
                QRectF(left + i * group, h - bottom + 4, group, 16), int(Qt.AlignmentFlag.AlignCenter), name
            )
        x = left
        for label, colour in SERIES:
            p.fillRect(QRectF(x, 4, 12, 12), QColor(colour))
            p.drawText(QRectF(x + 16, 2, 100, 16), int(Qt.AlignmentFlag.AlignLeft), label)
            x += 110
        p.end()


class HeatMap(QWidget):
    """Confusion matrix: rows A's labels, columns B's; cell shade by count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[str] = []
        self.matrix: list[list[int]] = []
        self.setMinimumSize(320, 260)

    def set_matrix(self, values: list[str], matrix: list[list[int]]) -> None:
        self.values, self.matrix = values, matrix
        self.update()

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        if not self.values:
            return
        p = QPainter(self)
        n = len(self.values)
        margin = 90
        cell = min((self.width() - margin - 8) / n, (self.height() - margin - 8) / n)
        peak = max((max(r) for r in self.matrix), default=1) or 1
        fg = self.palette().windowText().color()
        for i in range(n):
            for j in range(n):
                v = self.matrix[i][j]
                t = v / peak
                colour = QColor(round(255 - 255 * t), round(255 - 141 * t), round(255 - 77 * t))  # to #0072B2
                rect = QRectF(margin + j * cell, margin + i * cell, cell - 1, cell - 1)
                p.fillRect(rect, colour)
                p.setPen(QPen(QColor(255, 255, 255) if t > 0.55 else QColor(0, 0, 0)))
                if v:
                    p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(v))
        p.setPen(QPen(fg))
        for k, name in enumerate(self.values):
            p.drawText(
                QRectF(0, margin + k * cell, margin - 6, cell),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            p.save()
            p.translate(margin + k * cell + cell / 2 + 5, margin - 6)
            p.rotate(-60)
            p.drawText(0, 0, name)
            p.restore()
        p.drawText(QRectF(0, 0, margin, 20), int(Qt.AlignmentFlag.AlignLeft), "A ↓  B →")
        p.end()


class AgreementWindow(QMainWindow):
    COLUMNS = tuple(
        QT_TRANSLATE_NOOP("AgreementWindow", c)
        for c in (
            "Scope",
            "Spans A",
            "Spans B",
            "Exact P",
            "Exact R",
            "Exact F1",
            "Partial P",
            "Partial R",
            "Partial F1",
            "Kappa",
            "Alpha",
        )
    )

    def __init__(
        self, ws: Workspace, a: str, b: str, document_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.report = agreement_service.agreement(ws, a, b, document_id)
        self.setWindowTitle(format_isolated(self.tr("Agreement — {0} vs {1}"), a, b))
        self.resize(1200, 760)
        r = self.report
        names = label_names(ws)  # label name → what the interface shows (data keep the name)
        rows = [(self.tr("overall"), r.overall)] + [(names.get(n, n), f) for n, f in r.per_label.items()]
        self.table = QTableWidget(len(rows), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        for i, (scope, f) in enumerate(rows):
            cells = [
                scope,
                str(f.spans_a),
                str(f.spans_b),
                _fmt(f.exact.precision),
                _fmt(f.exact.recall),
                _fmt(f.exact.f1),
                _fmt(f.partial.precision),
                _fmt(f.partial.recall),
                _fmt(f.partial.f1),
                _fmt(f.kappa),
                _fmt(f.alpha),
            ]
            for j, v in enumerate(cells):
                item = QTableWidgetItem(v)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        diffs = r.overall.differences
        self.counts = plain_label(
            format_isolated(
                self.tr(
                    "{0} document(s) · agreements {1} · same span other label {2} · different boundaries {3} · "
                    "only A {4} · only B {5} · {6} tokens"
                ),
                len(r.documents),
                diffs.get("agreement", 0),
                diffs.get("label", 0),
                diffs.get("overlap", 0),
                diffs.get("only_a", 0),
                diffs.get("only_b", 0),
                r.overall.tokens,
            )
        )
        self.chart = BarChart(self)
        self.chart.set_rows(
            [(names.get(n, n), [f.exact.f1, f.partial.f1, f.kappa]) for n, f in r.per_label.items()]
        )
        self.heat = HeatMap(self)
        d = r.to_dict()
        self.heat.set_matrix([names.get(v, v) for v in d["confusion"]["values"]], d["confusion"]["spans"])
        csv_btn = QPushButton(self.tr("Export CSV…"), self)
        json_btn = QPushButton(self.tr("Export JSON…"), self)
        csv_btn.clicked.connect(lambda: self.export_dialog("csv"))
        json_btn.clicked.connect(lambda: self.export_dialog("json"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        buttons.addWidget(csv_btn)
        buttons.addWidget(json_btn)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(self.heat)
        charts.setSizes([700, 450])
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addWidget(self.table, 2)
        lay.addLayout(buttons)
        lay.addWidget(charts, 3)
        self.setCentralWidget(central)

    def export_dialog(self, fmt: str) -> None:
        path = prompts_for(self).save_file(self.tr("Export the report"), f"agreement.{fmt}")
        if path:
            self.export(path, fmt)

    def export(self, path: str | Path, fmt: str) -> Path | None:
        try:
            return agreement_service.write_report(self.report, path, fmt, database=self.ws.db.location.path)
        except Exception as exc:
            error_box(self, self.tr("Export failed"), str(exc))
            return None
