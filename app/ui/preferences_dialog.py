"""The preferences dialog: interface language and theme, editing options
(:class:`app.ui.preferences.Preferences` keeps them)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from app.ui.preferences import Preferences


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle(self.tr("Preferences"))
        form = QFormLayout(self)
        self.language = QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("العربية", "ar")
        self.language.setCurrentIndex(self.language.findData(prefs.get("ui/language")))
        form.addRow(self.tr("Interface language"), self.language)
        self.theme = QComboBox(self)
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(self.theme.findData(prefs.get("ui/theme")))
        form.addRow(self.tr("Theme"), self.theme)
        self.trim = QCheckBox(self.tr("Drop leading proclitics (و ف ب ل ك …) when a span is created"), self)
        self.trim.setChecked(bool(prefs.get("edit/trim_proclitics_on_create")))
        form.addRow(self.trim)
        self.idle = QSpinBox(self)
        self.idle.setRange(10, 3600)
        self.idle.setSuffix(self.tr(" s"))
        self.idle.setValue(int(prefs.get("edit/idle_seconds")))  # type: ignore[arg-type]
        form.addRow(self.tr("Idle after (not counted as working time)"), self.idle)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        return {
            "ui/language": self.language.currentData(),
            "ui/theme": self.theme.currentData(),
            "edit/trim_proclitics_on_create": self.trim.isChecked(),
            "edit/idle_seconds": self.idle.value(),
        }
