"""Import…, Export… and Merge from the window: mapping, options, progress and cancel."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QPushButton
from sqlalchemy import text as sql

from app.ui.corpus_dialogs import DROP, Progress
from tests.conftest import CORPORA

AQMAR = CORPORA / "aqmar" / "test.txt"


def counts(ws):
    with ws.db.read() as s:
        return s.execute(sql("SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM span)")).one()


def set_target(dlg, source, target):
    for r in range(dlg.mapping.rowCount()):
        if dlg.mapping.item(r, 0).text() == source:
            combo: QComboBox = dlg.mapping.cellWidget(r, 2)
            combo.setCurrentText(target)
            return
    raise AssertionError(f"{source} not in the mapping table")


def test_import_aqmar_with_a_label_mapping(window, prompts):
    prompts.queue("open_files", [str(AQMAR)])  # the "Add files…" chooser

    def import_with_mapping(dlg):
        dlg.findChild(QPushButton, "add_files").click()
        assert dlg.paths() == [str(AQMAR)]
        assert dlg.format.currentData() == "text"  # .txt guessed as text: the annotator picks CoNLL
        dlg.format.setCurrentIndex(dlg.format.findData("conll"))
        dlg.check_button.click()
        sources = {dlg.mapping.item(r, 0).text() for r in range(dlg.mapping.rowCount())}
        assert {"PER", "ORG", "LOC", "MIS"} <= sources
        suggested = {
            dlg.mapping.item(r, 0).text(): dlg.mapping.cellWidget(r, 2).currentText()
            for r in range(dlg.mapping.rowCount())
        }
        assert suggested["PER"] == "person" and suggested["ORG"] == "organisation"
        set_target(dlg, "LOC", "location")  # a new label
        set_target(dlg, "MIS", DROP)
        dlg.import_button.click()
        return dlg.result()

    prompts.queue("run", import_with_mapping)
    before = counts(window.ws)
    window.commands["import_corpus"].trigger()  # File → Import corpus…
    assert prompts.kinds() == ["run", "open_files"]
    docs, spans = counts(window.ws)
    assert docs > before[0] and spans > before[1]
    assert "location" in [lab.name for lab in window.ws.labels]
    assert "location" in window.palette_buttons  # the palette follows
    with window.ws.db.read() as s:
        labels = {
            r[0]
            for r in s.execute(sql("SELECT DISTINCT l.name FROM span s JOIN label l ON l.id = s.label_id"))
        }
    assert labels == {"person", "organisation", "location"}  # MIS dropped
    assert "imported" in window.statusBar().currentMessage().lower()


def test_cancelled_import_leaves_the_database_untouched(window, prompts):
    def cancelling(parent, title):
        p = Progress(parent, title)
        if title.startswith("Importing"):
            p.cancel_after = 1
        return p

    def cancelled_import(dlg):
        dlg.add_paths([AQMAR])
        dlg.format.setCurrentIndex(dlg.format.findData("conll"))
        dlg.progress_factory = cancelling
        dlg.check_button.click()
        for src in ("LOC", "MIS"):
            set_target(dlg, src, DROP)
        dlg.import_button.click()
        assert "cancel" in dlg.summary.text().lower()
        return dlg.result()

    prompts.queue("run", cancelled_import)
    before = counts(window.ws)
    QTest.keyClick(
        window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert prompts.kinds() == ["run"]
    assert counts(window.ws) == before


def test_export_conll_with_a_split_and_a_cancelled_export(window, tmp_path, seed_text, prompts):
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    for n in range(9):
        p = tmp_path / f"d{n}.txt"
        p.write_text(f"وصل السفير {n} إلى موسكو", encoding="utf-8")
    prompts.queue("open_files", [str(p) for p in sorted(tmp_path.glob("d*.txt"))])
    window.commands["import"].trigger()  # File → Import text files…
    assert window.doc_list.model_.rowCount() == 10
    out = tmp_path / "split"
    prompts.queue("folder", str(out))  # "Browse…" with a split: a folder
    reports = []

    def split_export(dlg):
        dlg.format.setCurrentIndex(dlg.format.findData("conll"))
        dlg.split.setCurrentText("80/10/10")
        dlg.seed.setValue(3)
        dlg.findChild(QPushButton, "browse").click()
        assert dlg.out.text() == str(out)
        dlg.export_button.click()
        reports.append(dlg.report)
        return dlg.result()

    prompts.queue("run", split_export)
    QTest.keyClick(
        window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and names[0] == ".hamish-export" and any("train" in n for n in names)
    total_docs = sum(d for d, _ in reports[0].splits.values())
    assert total_docs == 10
    assert prompts.messages("info") and "train" in prompts.messages("info")[0]  # the summary is shown
    # cancel: the target is not created
    target = tmp_path / "cancelled.jsonl"

    def cancelling(parent, title):
        p = Progress(parent, title)
        p.cancel_after = 1
        return p

    def cancelled_export(dlg):
        dlg.format.setCurrentIndex(dlg.format.findData("jsonl"))
        dlg.out.setText(str(target))
        dlg.progress_factory = cancelling
        dlg.export_button.click()
        return dlg.result()

    prompts.queue("run", cancelled_export)
    window.commands["export_corpus"].trigger()
    assert not target.exists()


def test_merge_another_annotators_export(window, db_path, tmp_path, prompts):
    from app.services import export
    from app.services.session import DocumentSession
    from app.services.workspace import Workspace

    other_db = tmp_path / "badr.db"
    ws2 = Workspace.open(other_db, annotator="badr")
    from app.services import importing
    from tests.conftest import SEED

    importing.import_text_files(ws2, [SEED])
    s = DocumentSession(ws2, 1)
    i = s.text.index("موسكو")
    s.apply(s.plan_label(i, i + 5, "organisation"))
    export.export(ws2, tmp_path / "badr.jsonl")
    ws2.close()
    prompts.queue("open_file", str(tmp_path / "badr.jsonl"))
    prompts.queue("open_file", str(tmp_path / "badr.jsonl"))
    window.commands["merge"].trigger()  # File → Merge annotations from…
    assert "badr" in window.statusBar().currentMessage()

    def badr_spans():
        with window.ws.db.read() as q:
            return q.execute(
                sql(
                    "SELECT count(*) FROM span s JOIN layer l ON l.id = s.layer_id JOIN annotator a "
                    "ON a.id = l.annotator_id WHERE a.name = 'badr'"
                )
            ).scalar_one()

    assert badr_spans() == 1
    window.commands["merge"].trigger()  # a second merge changes nothing
    assert badr_spans() == 1 and not prompts.messages("error")
    line = json.loads((tmp_path / "badr.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["annotator"] == "badr"
