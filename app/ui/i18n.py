"""The Arabic user interface: Qt translation files, compiled at run time.

``resources/i18n/hamish_ar.ts`` (Qt Linguist source, committed) is compiled with
``lrelease`` (shipped with PySide6) into the user's cache folder the first time Arabic is
chosen and whenever the source changes; Qt's own ``qtbase_ar.qm`` translates the standard
dialogs. Arabic also turns the whole interface right-to-left. English is the default.

Labels are shown by their display name in the interface language (:func:`label_text`;
``app.core.labels.display_name``); data and exports keep the name.

Developers refresh the source after changing UI strings with
``.venv/bin/pyside6-lupdate app/ui/*.py app/ui/controllers/*.py -ts resources/i18n/hamish_ar.ts`` and translate the
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

from app.core.labels import Label, display_name
from app.paths import RESOURCES
from app.services.workspace import Workspace

I18N = RESOURCES / "i18n"
LANGUAGES = ("en", "ar")
_installed: list[QTranslator] = []
_language = "en"


def current_language() -> str:
    return _language


def label_text(label: Label) -> str:
    """How the interface shows a label."""
    return display_name(label.name, label.display, _language)


def label_names(ws: Workspace) -> dict[str, str]:
    """Label name → what the interface shows, for the workspace's labels."""
    return {lab.name: label_text(lab) for lab in ws.labels}


def shown_name(ws: Workspace, name: str) -> str:
    """What the interface shows for the label called ``name`` (the name if unknown)."""
    lab = ws.label_by_name.get(name)
    return label_text(lab) if lab is not None else name


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
    global _language
    _language = lang if lang in LANGUAGES else "en"
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
