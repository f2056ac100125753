"""The Arabic user interface: Qt translation files, compiled at run time.

``resources/i18n/hamish_ar.ts`` (Qt Linguist source, committed) is compiled with
``lrelease`` (shipped with PySide6) into the user's cache folder the first time Arabic is
chosen and whenever the source changes; Qt's own ``qtbase_ar.qm`` translates the standard
dialogs. Arabic also turns the whole interface right-to-left. English is the default.

Developers refresh the source after changing UI strings with
``.venv/bin/pyside6-lupdate app/ui/*.py -ts resources/i18n/hamish_ar.ts`` and translate the
new entries in Qt Linguist (``pyside6-linguist``).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from app.paths import RESOURCES

I18N = RESOURCES / "i18n"
LANGUAGES = ("en", "ar")
_installed: list[QTranslator] = []


def _lrelease() -> str | None:
    import PySide6

    for candidate in (
        Path(PySide6.__file__).parent / "lrelease",
        Path(sys.executable).parent / "pyside6-lrelease",
    ):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("Hamish", appauthor=False)) / "i18n"


def compiled(lang: str, out_dir: Path | None = None) -> Path | None:
    """The .qm for ``lang``, compiled from the .ts if it is missing or out of date."""
    ts = I18N / f"hamish_{lang}.ts"
    if not ts.exists():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    folder = out_dir or cache_dir()
    qm = folder / f"hamish_{lang}-{digest}.qm"
    if qm.exists():
        return qm
    tool = _lrelease()
    if tool is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True)
    return qm if done.returncode == 0 and qm.exists() else None


def install(app: QApplication, lang: str) -> bool:
    """Switch the interface language; returns False if the translation could not be loaded."""
    for t in _installed:
        QCoreApplication.removeTranslator(t)
    _installed.clear()
    if lang != "ar":
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        return lang == "en"
    ok = False
    qm = compiled(lang)
    if qm is not None:
        t = QTranslator(app)
        if t.load(str(qm)):
            QCoreApplication.installTranslator(t)
            _installed.append(t)
            ok = True
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt)
        _installed.append(qt)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    return ok
