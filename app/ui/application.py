"""Starting the GUI: fonts, database (with a dialog on failure), seeds, main window."""

from __future__ import annotations

import argparse
import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from app.paths import SEEDS
from app.services import importing
from app.services.workspace import DatabaseError, ServiceError, Workspace, default_db_path
from app.ui import fonts, i18n, platform_check
from app.ui.dialogs import error_box
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences

# Benchmarks set this: print a line when the document is first painted, then quit.
STARTUP_PROBE_ENV = "HAMISH_STARTUP_PROBE"


def open_workspace(db: str | None, annotator: str | None = None) -> Workspace:
    """Open (or create) the database and fill a new, empty one with the seed documents."""
    ws = Workspace.open(db or default_db_path(), create=True, annotator=annotator)
    try:
        importing.ensure_seeded(ws, SEEDS)
    except ServiceError:
        ws.close()
        raise
    return ws


SETTING_ANNOTATOR_CONFIRMED = "ui.annotator_confirmed"


def ask_annotator_once(ws: Workspace) -> None:
    """First launch of a project: ask who is annotating (the login name is offered). The
    name offered and not taken leaves no trace in the project."""
    if ws.setting(SETTING_ANNOTATOR_CONFIRMED):
        return
    from app.ui.prompts import Prompts

    prompts = Prompts(None)
    name = prompts.text(
        QCoreApplication.translate("Hamish", "Who is annotating?"),
        QCoreApplication.translate("Hamish", "Your name (your spans are kept in your own layer):"),
        ws.annotator_name,
    )
    offered = ws.annotator_name
    if name is not None and name.strip() and " ".join(name.split()) != offered:
        try:
            ws.switch_annotator(name)
        except ServiceError as exc:
            prompts.error("Hamish", str(exc))
        else:
            ws.forget_annotator_if_unused(offered)
    ws.set_setting(SETTING_ANNOTATOR_CONFIRMED, "1")


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Hamish")
    app.setApplicationDisplayName("Hamish")
    fonts.load_bundled_fonts()
    app.setFont(fonts.ui_font())
    i18n.install(app, Preferences().get("ui/language"))  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def run_gui(args: argparse.Namespace) -> int:
    problem = platform_check.xcb_problem(os.environ)  # before Qt aborts with "could not load … xcb"
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app = ensure_app()
    try:
        ws = open_workspace(getattr(args, "db", None), getattr(args, "annotator", None))
    except (DatabaseError, ServiceError) as exc:
        print(f"hamish: {exc}", file=sys.stderr)
        if os.environ.get(STARTUP_PROBE_ENV) is None:
            error_box(None, QCoreApplication.translate("Hamish", "Hamish cannot open the project"), str(exc))
        return 1
    if getattr(args, "annotator", None) is None and os.environ.get(STARTUP_PROBE_ENV) is None:
        ask_annotator_once(ws)
    window = MainWindow(ws)
    window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        _install_probe(window)
    code = app.exec()
    ws.close()
    return code


def _install_probe(window: MainWindow) -> None:
    def on_paint() -> None:
        if window.session is None:
            return
        window.view.painted.disconnect(on_paint)
        print(f"HAMISH_PAINTED {time.perf_counter():.6f}", flush=True)
        QTimer.singleShot(0, QApplication.quit)

    window.view.painted.connect(on_paint)
