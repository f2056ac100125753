"""The guidelines panel: each label's description (English and Arabic) and examples,
beside the text; the label of the selected span is shown first and marked. Labels are
headed by their display name, with the name that exports carry and the keys beside it."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.bidi import isolate_ltr
from app.core.labels import Label
from app.ui.i18n import label_text


class GuidelinesPanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.labels: list[Label] = []
        self.current: str | None = None

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.labels = list(labels)
        self._render()

    def retranslate(self) -> None:
        self._render()  # display names and the direction follow the interface language

    def show_label(self, name: str | None) -> None:
        if name != self.current:
            self.current = name
            self._render()

    def _render(self) -> None:
        parts = []
        rtl = QGuiApplication.isRightToLeft()
        ordered = sorted(self.labels, key=lambda lab: lab.name != self.current)
        for lab in ordered:
            mark = (" ▶" if rtl else " ◀") if lab.name == self.current else ""  # pointing at the name
            shown = label_text(lab)
            keys = " / ".join(k for k in (lab.key, lab.letter.upper()) if k)
            aside = " · ".join(isolate_ltr(x) for x in (lab.name if shown != lab.name else "", keys) if x)
            parts.append(
                f"<h3 dir='{'rtl' if rtl else 'ltr'}' style='margin-bottom:2px'><span style='background:{lab.colour}'>&nbsp;&nbsp;&nbsp;</span> "
                f"{html.escape(shown)} <small>({html.escape(aside)})</small>{mark}</h3>"
            )
            if lab.description:
                parts.append(f"<p dir='ltr' style='margin:2px'>{html.escape(lab.description)}</p>")
            if lab.description_ar:
                parts.append(
                    f"<p dir='rtl' align='right' style='margin:2px'>{html.escape(lab.description_ar)}</p>"
                )
            if lab.examples:
                items = "".join(f"<li dir='rtl'>{html.escape(x)}</li>" for x in lab.examples)
                parts.append(f"<ul style='margin:2px'>{items}</ul>")
        self.setHtml("".join(parts))

    def plain(self) -> str:
        return self.toPlainText()
