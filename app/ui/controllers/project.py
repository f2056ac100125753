"""The project: importing, exporting, merging, backups and restore, the annotator, labels,
preferences, and opening the review and agreement windows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.core.bidi import format_isolated
from app.services import backups, importing
from app.services import export as export_service
from app.services.workspace import ServiceError

if TYPE_CHECKING:
    from app.ui.agreement_window import AgreementWindow
    from app.ui.main_window import MainWindow
    from app.ui.review_window import ReviewWindow


class ProjectController(QObject):
    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.review_window: ReviewWindow | None = None
        self.agreement_window: AgreementWindow | None = None
        self.auto_backup: backups.AutoBackup | None = None
        if w.ws.db.location.path is not None:
            self.auto_backup = backups.AutoBackup(w.ws)
            self._backup_timer = QTimer(self)
            self._backup_timer.setInterval(backups.AUTO_INTERVAL_S * 1000)
            self._backup_timer.timeout.connect(lambda: self.auto("auto"))
            self._backup_timer.start()

    # -- import ---------------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        paths = self.w.prompts.open_files(
            self.tr("Import text files"), self.tr("Text files (*.txt);;All files (*)")
        )
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[str | Path]) -> importing.ImportReport | None:
        w = self.w
        try:
            report = importing.import_text_files(w.ws, paths)
        except importing.ImportFailed as exc:
            if not self._import_recognised_encodings(paths, exc.problems):
                w.show_error(self.tr("Nothing was imported"), "\n".join(exc.problems))
            return None
        except Exception as exc:
            w.show_error(self.tr("Nothing was imported"), str(exc))
            return None
        w.documents.reload_list()
        msg = report.summary()
        if report.duplicates:
            msg += ": " + ", ".join(name for name, _ in report.duplicates) + " already present"
        w.say(msg, 8000)
        if report.added:
            w.documents.open_document(report.added[0][0])
        return report

    def _import_recognised_encodings(self, paths: Sequence[str | Path], problems: list[str]) -> bool:
        """Files that are not UTF-8 but in an encoding Hamish recognises (Windows-1256,
        UTF-16, as ``hamish import`` does): offer to import them decoded. True when the
        question was asked (and answered)."""
        w = self.w
        if not all("UTF-8" in p or "UTF-16" in p for p in problems):
            return False
        try:
            check = importing.inspect_corpus(w.ws, paths, "text")
        except Exception:
            return False
        if check.rejected or check.problems:
            return False
        question = self.tr(
            "{0}\n\nHamish recognises the encoding of every file. Import them converted from it? "
            "(The text is stored as Unicode; the encoding is recorded with each document.)"
        ).format("\n".join(problems))
        if not w.prompts.confirm(self.tr("Files not in UTF-8"), question):
            w.say(self.tr("Nothing was imported"), 4000)
            return True
        try:
            report = importing.import_corpus(w.ws, paths, "text")
        except Exception as exc:
            w.show_error(
                self.tr("Nothing was imported"), "\n".join(getattr(exc, "problems", [])[:20]) or str(exc)
            )
            return True
        self.after_import(report)
        return True

    def import_corpus_dialog(self) -> None:
        from app.ui.corpus_dialogs import ImportDialog

        dlg = ImportDialog(self.w.ws, self.w)
        if self.w.prompts.run(dlg):
            self.after_import(dlg.report)

    def after_import(self, report: importing.CorpusImportReport | None) -> None:
        w = self.w
        w.documents.reload_project()
        if report is None:
            return
        if report.added:
            w.documents.open_document(report.added[0][0])
        w.say(report.summary().split("\n")[0], 10000)

    def merge_dialog(self) -> None:
        path = self.w.prompts.open_file(
            self.tr("Merge annotations from"),
            self.tr("Hamish projects and exports (*.db *.sqlite *.jsonl);;All files (*)"),
        )
        if path:
            self.merge_from(path)

    def merge_from(self, path: str | Path) -> None:
        from app.services import merge
        from app.ui.corpus_dialogs import Progress

        w = self.w
        progress = Progress(w, self.tr("Merging…"))
        try:
            report = merge.merge(w.ws, path, create_labels=True, progress=progress)
        except Exception as exc:
            progress.close()
            w.show_error(
                self.tr("Nothing was merged"), "\n".join(getattr(exc, "problems", [])[:20]) or str(exc)
            )
            return
        progress.close()
        w.documents.reload_project()
        w.say(report.summary().split("\n")[0], 10000)

    # -- export ---------------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        path = self.w.prompts.save_file(
            self.tr("Export JSONL"), "hamish-export.jsonl", self.tr("JSON Lines (*.jsonl)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        w = self.w
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = export_service.export(w.ws, path)  # ExportOptions(): the current annotator, Hamish JSONL
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            w.show_error(self.tr("Export failed"), self.tr("{0}\n\nNothing was written.").format(exc))
            return
        QApplication.restoreOverrideCursor()
        w.say(report.summary(), 8000)

    def export_corpus_dialog(self) -> None:
        from app.ui.corpus_dialogs import ExportDialog

        dlg = ExportDialog(self.w.ws, self.w)
        if self.w.prompts.run(dlg) and dlg.report is not None:
            self.w.prompts.info(self.tr("Exported"), dlg.report.summary())

    # -- backups ---------------------------------------------------------------------------------------
    def auto(self, reason: str) -> None:
        if self.auto_backup is None:
            return
        try:
            path = self.auto_backup.run(reason)
        except Exception as exc:
            self.w.say(format_isolated(self.tr("Automatic backup failed: {0}"), exc), 10000)
            return
        if path is not None:
            self.w.say(format_isolated(self.tr("Backed up to {0}"), path), 4000)

    def backup_now(self) -> None:
        try:
            path = backups.backup_now(self.w.ws, "manual")
        except Exception as exc:
            self.w.show_error(self.tr("Backup failed"), str(exc))
            return
        self.w.say(format_isolated(self.tr("Backed up to {0}"), path), 8000)

    def restore_dialog(self) -> None:
        w = self.w
        try:
            found = backups.list_backups(w.ws)
        except Exception as exc:
            w.show_error(self.tr("Restore"), str(exc))
            return
        if not found:
            w.say(self.tr("No backups yet"), 4000)
            return
        labels = [b.label for b in found]
        item = w.prompts.choice(
            self.tr("Restore from backup"), self.tr("Backup (the current state is backed up first):"), labels
        )
        if item is not None:
            self.restore_from(found[labels.index(item)].path)

    def restore_from(self, source: Path) -> None:
        w = self.w
        w.editor.flush_span_panel()
        try:
            safety = backups.restore_into(w.ws, source)
        except Exception as exc:
            w.show_error(self.tr("Restore failed"), str(exc))
            return
        w.documents.reload_project()
        w.say(format_isolated(self.tr("Restored {0}; the previous state is in {1}"), source, safety), 10000)

    def save_copy_dialog(self) -> None:
        w = self.w
        target = w.prompts.save_file(self.tr("Save a copy of the open project"), "hamish-copy.db")
        if not target:
            return
        try:
            w.ws.db.save_copy(target)
        except Exception as exc:
            w.show_error(self.tr("Could not save a copy"), str(exc))
            return
        w.say(format_isolated(self.tr("Saved a copy to {0}"), target), 8000)

    def database_reloaded(self) -> None:
        if self.auto_backup is not None:
            self.auto_backup.mark_current()

    # -- annotator, labels, preferences ------------------------------------------------------------------
    def switch_annotator_dialog(self) -> None:
        w = self.w
        name = w.prompts.text(
            self.tr("Switch annotator"),
            self.tr("Annotator's name (each annotator has their own layer):"),
            w.ws.annotator_name,
        )
        if name is not None:
            self.switch_annotator(name)

    def switch_annotator(self, name: str) -> bool:
        w = self.w
        w.documents.save_time(close=True)
        try:
            w.ws.switch_annotator(name)
        except ServiceError as exc:
            w.show_error(self.tr("Annotator not changed"), str(exc))
            return False
        w.documents.reload_project()
        w.documents.start_timekeeping()
        w.say(format_isolated(self.tr("Working as {0}"), w.ws.annotator_name), 5000)
        return True

    def labels_dialog(self) -> None:
        from app.ui.label_dialog import LabelDialog

        if self.w.prompts.run(LabelDialog(self.w.ws, self.w)):
            self.w.documents.reload_project()  # sessions hold label names: rebuilt

    def preferences_dialog(self) -> None:
        from app.ui.preferences_dialog import PreferencesDialog

        w = self.w
        dlg = PreferencesDialog(w.prefs, w)
        if not w.prompts.run(dlg):
            return
        values = dlg.values()
        language = values.pop("ui/language", None)
        for k, v in values.items():
            w.prefs.set(k, v)
        w.apply_theme(w.prefs.get("ui/theme"))
        if language is not None and language != w.prefs.get("ui/language"):
            w.set_language(language)

    def about(self) -> None:
        from app import __version__

        w = self.w
        w.prompts.info(
            self.tr("About Hamish"),
            "\n".join(
                [
                    f"Hamish (هامش) {__version__}",
                    self.tr("Named-entity annotation for Arabic."),
                    format_isolated(self.tr("Project: {0}"), w.ws.location),
                    format_isolated(self.tr("Annotator: {0}"), w.ws.annotator_name),
                    "Fonts: Noto Naskh Arabic and Noto Sans (SIL Open Font License 1.1).",
                ]
            ),
        )

    # -- review and agreement ------------------------------------------------------------------------------
    def review_dialog(self) -> None:
        from app.services import agreement
        from app.ui.pair_dialog import PairDialog

        w = self.w
        pairs = agreement.pairs(w.ws, include_gold=False, document_id=w.document_id)
        if not pairs:
            w.say(
                self.tr(
                    "This document has fewer than two annotators' layers (merge or import another annotator's work)"
                ),
                6000,
            )
            return
        dlg = PairDialog(self.tr("Review this document"), pairs, parent=w)
        if w.prompts.run(dlg):
            self.open_review(*dlg.pair())

    def open_review(self, a: str, b: str) -> ReviewWindow | None:
        from app.ui.review_window import ReviewWindow

        w = self.w
        if w.document_id is None:
            return None
        try:
            win = ReviewWindow(w.ws, w.document_id, a, b, parent=w)
        except ServiceError as exc:
            w.show_error(self.tr("Cannot review"), str(exc))
            return None
        win.setWindowFlag(Qt.WindowType.Window, True)
        win.show()
        self.review_window = win
        return win

    def agreement_dialog(self) -> None:
        from app.services import agreement
        from app.ui.pair_dialog import PairDialog

        w = self.w
        pairs = agreement.pairs(w.ws, include_gold=False)
        if not pairs:
            w.say(self.tr("Agreement needs two annotators with a document in common"), 5000)
            return
        dlg = PairDialog(self.tr("Agreement report"), pairs, parent=w)
        if w.prompts.run(dlg):
            self.open_agreement(*dlg.pair())

    def open_agreement(self, a: str, b: str, document_id: int | None = None) -> AgreementWindow | None:
        from app.ui.agreement_window import AgreementWindow

        w = self.w
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            win = AgreementWindow(w.ws, a, b, document_id, parent=w)
        except ServiceError as exc:
            QApplication.restoreOverrideCursor()
            w.show_error(self.tr("No agreement figures"), str(exc))
            return None
        QApplication.restoreOverrideCursor()
        win.setWindowFlag(Qt.WindowType.Window, True)
        win.show()
        self.agreement_window = win
        return win
