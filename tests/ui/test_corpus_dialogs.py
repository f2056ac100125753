"""Import…, Export… and Merge from the window: mapping, options, progress and cancel."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QComboBox
from sqlalchemy import text as sql

from app.ui.corpus_dialogs import DROP, Progress

from tests.conftest import CORPORA
from tests.ui.test_editor import errors, window  # noqa: F401
from tests.ui.test_main_window import open_window  # noqa: F401

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


def test_import_aqmar_with_a_label_mapping(window):
    dlg = window.import_corpus_dialog(run=False)
    dlg.add_paths([AQMAR])
    assert dlg.format.currentData() == "text"  # .txt guessed as text: the annotator picks CoNLL
    dlg.format.setCurrentIndex(dlg.format.findData("conll"))
    assert dlg.check()
    sources = {dlg.mapping.item(r, 0).text() for r in range(dlg.mapping.rowCount())}
    assert {"PER", "ORG", "LOC", "MIS"} <= sources
    suggested = {dlg.mapping.item(r, 0).text(): dlg.mapping.cellWidget(r, 2).currentText() for r in range(dlg.mapping.rowCount())}
    assert suggested["PER"] == "person" and suggested["ORG"] == "organisation"
    set_target(dlg, "LOC", "location")  # a new label
    set_target(dlg, "MIS", DROP)
    before = counts(window.ws)
    assert dlg.run(), dlg.summary.text()
    window.after_import(dlg.report)
    docs, spans = counts(window.ws)
    assert docs > before[0] and spans > before[1]
    assert "location" in [lab.name for lab in window.ws.labels]
    assert "location" in window.palette_buttons  # the palette follows
    with window.ws.db.read() as s:
        labels = {r[0] for r in s.execute(sql("SELECT DISTINCT l.name FROM span s JOIN label l ON l.id = s.label_id"))}
    assert labels == {"person", "organisation", "location"}  # MIS dropped


def test_cancelled_import_leaves_the_database_untouched(window):
    dlg = window.import_corpus_dialog(run=False)
    dlg.add_paths([AQMAR])
    dlg.format.setCurrentIndex(dlg.format.findData("conll"))

    def cancelling(parent, title):
        p = Progress(parent, title)
        if title.startswith("Importing"):
            p.cancel_after = 1
        return p

    dlg.progress_factory = cancelling
    assert dlg.check()
    for src in ("LOC", "MIS"):
        set_target(dlg, src, DROP)
    before = counts(window.ws)
    assert not dlg.run()
    assert "cancel" in dlg.summary.text().lower()
    assert counts(window.ws) == before


def test_export_conll_with_a_split_and_a_cancelled_export(window, tmp_path, seed_text):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    for n in range(9):
        p = tmp_path / f"d{n}.txt"
        p.write_text(f"وصل السفير {n} إلى موسكو", encoding="utf-8")
    window.import_files(sorted(tmp_path.glob("d*.txt")))
    dlg = window.export_corpus_dialog(run=False)
    dlg.format.setCurrentIndex(dlg.format.findData("conll"))
    out = tmp_path / "split"
    dlg.out.setText(str(out))
    dlg.split.setCurrentText("80/10/10")
    dlg.seed.setValue(3)
    assert dlg.run(), dlg.summary.text()
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 3 and any("train" in n for n in names)
    total_docs = sum(d for d, _ in dlg.report.splits.values())
    assert total_docs == 10
    # cancel: the target is not created
    dlg2 = window.export_corpus_dialog(run=False)
    dlg2.format.setCurrentIndex(dlg2.format.findData("jsonl"))
    target = tmp_path / "cancelled.jsonl"
    dlg2.out.setText(str(target))

    def cancelling(parent, title):
        p = Progress(parent, title)
        p.cancel_after = 1
        return p

    dlg2.progress_factory = cancelling
    assert not dlg2.run()
    assert not target.exists()


def test_merge_another_annotators_export(window, db_path, tmp_path):
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
    export.export(ws2, tmp_path / "badr.jsonl", "jsonl")
    ws2.close()
    report = window.merge_from(tmp_path / "badr.jsonl")
    assert report is not None and "badr" in report.annotators
    assert "badr" in window._layer_owners(1)
    again = window.merge_from(tmp_path / "badr.jsonl")  # a second merge changes nothing
    with window.ws.db.read() as q:
        n = q.execute(sql("SELECT count(*) FROM span s JOIN layer l ON l.id = s.layer_id JOIN annotator a "
                          "ON a.id = l.annotator_id WHERE a.name = 'badr'")).scalar_one()
    assert again is not None and n == 1
    line = json.loads((tmp_path / "badr.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["annotator"] == "badr"
