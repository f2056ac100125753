"""Per-user interface preferences (language, theme, editing options) in an INI file.

Project data (labels, spans, the last open document, zoom) lives in the project database;
these are the user's own choices, the same for every project. ``HAMISH_CONFIG_DIR``
relocates the file (tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

DEFAULTS: dict[str, object] = {
    "ui/language": "en",  # "en" | "ar"
    "ui/theme": "light",  # "light" | "dark"
    "edit/trim_proclitics_on_create": False,
    "edit/idle_seconds": 60,
}


def config_dir() -> Path:
    env = os.environ.get("HAMISH_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("Hamish", appauthor=False))


class Preferences:
    def __init__(self) -> None:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(folder / "hamish.ini"), QSettings.Format.IniFormat)

    def get(self, key: str):  # type: ignore[no-untyped-def]
        default = DEFAULTS[key]
        value = self._qs.value(key, default)
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        if isinstance(default, int):
            try:
                return int(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return default
        return str(value)

    def set(self, key: str, value: object) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self._qs.setValue(key, value)
        self._qs.sync()

    # The main window's size, position and dock layout (``saveGeometry`` / ``saveState``).
    def window_layout(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry, state = self._qs.value("window/geometry"), self._qs.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def set_window_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)
        self._qs.sync()
