"""Find, label all occurrences, clitic trimming, the label dialog and active time — through
the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_main_window import db_spans

CTRL = Qt.KeyboardModifier.ControlModifier


def find(window, query, *, scope="document", **folds):  # type: ignore[no-untyped-def]
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    panel = window.find_panel
    assert window.find_dock.isVisible() and panel.query.hasFocus()
    for key, on in folds.items():
        panel.folds[key].setChecked(on)
    panel.scope.setCurrentIndex(panel.scope.findData(scope))
    panel.query.setText(query)
    QTest.keyClick(panel.query, Qt.Key.Key_Return)
    return panel


def test_find_with_and_without_diacritics(window, seed_text):
    panel = find(window, "وقعوا")
    n = seed_text.count("وقّعوا")
    assert n >= 2
    assert panel.hits.topLevelItemCount() == n == len(window.view.search_hits)
    assert all(seed_text[a:b] == "وقّعوا" for a, b in window.view.search_hits)  # original offsets
    panel = find(window, "وقعوا", diacritics=False)  # exact: the text has a shadda
    assert panel.hits.topLevelItemCount() == 0
    panel.folds["diacritics"].setChecked(True)
    # F3 walks the hits and selects each one (a label key would label it)
    window.view.set_caret_cp(0)
    QTest.keyClick(window.view, Qt.Key.Key_F3)
    first = window.view.selection_cp()
    QTest.keyClick(window.view, Qt.Key.Key_F3)
    second = window.view.selection_cp()
    assert first != second and seed_text[first[0] : first[1]] == "وقّعوا"
    QTest.keyClick(window.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selection_cp() == first


def test_find_across_the_project_opens_the_hit(window, tmp_path):
    p = tmp_path / "other.txt"
    p.write_text("في اجتماع اليوم وقَّعُوا عقداً جديداً", encoding="utf-8")
    report = window.project.import_files([p])
    other = report.added[0][0]
    window.documents.open_document(1)
    panel = find(window, "وقعوا", scope="project")
    docs = {
        panel.hits.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[0]
        for i in range(panel.hits.topLevelItemCount())
    }
    assert docs == {1, other}
    item = next(
        panel.hits.topLevelItem(i)
        for i in range(panel.hits.topLevelItemCount())
        if panel.hits.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[0] == other
    )
    panel.hits.itemActivated.emit(item, 0)
    assert window.document_id == other
    a, b = window.view.selection_cp()
    assert window.session.text[a:b] == "وقَّعُوا"


def test_label_all_finds_both_alef_forms_and_is_one_undo_step(window, db_path, seed_text, prompts):
    view = window.view
    i = seed_text.index("الايراني")
    view.set_selection_cp(i, i + len("الايراني"))
    QTest.keyClick(view, Qt.Key.Key_5)  # any label: figure
    seen = []
    prompts.queue("run", lambda dlg: seen.append(dlg) or dlg.accept_all_button.click() or dlg.result())
    QTest.keyClick(view, Qt.Key.Key_A)  # label all occurrences…
    (dlg,) = seen
    texts = {
        dlg.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)[1].text
        for k in range(dlg.tree.topLevelItemCount())
    }
    assert {"الايراني", "الإيراني"} <= texts  # alef forms folded
    import re

    whole_words = re.findall(r"(?<!\w)ال[اإ]يراني(?!\w)", seed_text)  # not inside "الايرانية"
    expected = len(whole_words) - 1  # minus the span itself
    new = sum(
        1
        for k in range(dlg.tree.topLevelItemCount())
        if dlg.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)[1].status.value == "new"
    )
    assert new == expected
    spans = db_spans(db_path)
    assert len(spans) == expected + 1 and {t for _, _, t, _ in spans} == {"الايراني", "الإيراني"}
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # the whole batch is one undo step
    assert len(db_spans(db_path)) == 1


def test_label_all_never_crosses_or_overwrites(window, db_path, seed_text, prompts):
    view = window.view
    t = seed_text
    phrase = "الاتحاد الروسي"
    first = t.index(phrase)
    second = t.index(phrase, first + 1)
    view.set_selection_cp(second, second + len(phrase) + 1 + len(t[second + len(phrase) + 1 :].split()[0]))
    QTest.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # a span crossing the next hit's end
    view.set_selection_cp(first, first + len(phrase))
    QTest.keyClick(view, Qt.Key.Key_3)
    statuses = {}

    def accept_all(dlg):
        for k in range(dlg.tree.topLevelItemCount()):
            c = dlg.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)[1]
            statuses[c.start] = c.status.value
        dlg.accept_all_button.click()
        return dlg.result()

    prompts.queue("run", accept_all)
    window.commands["label_all"].trigger()  # Edit → Label all occurrences…
    assert statuses.get(first) == "labelled"  # the span itself
    spans = db_spans(db_path)
    starts = [s for s, _, _, _ in spans]
    assert len(starts) == len(set(starts))  # nothing duplicated or overwritten
    from app.core.spans import relation

    for a in spans:
        for b in spans:
            if a is not b:
                assert relation(a[0], a[1], b[0], b[1]) != "crossing"


def test_label_all_across_the_project(window, db_path, tmp_path, prompts):
    p = tmp_path / "b.txt"
    p.write_text("زار السفير الايراني موسكو ثم عاد السفير الإيراني إلى طهران", encoding="utf-8")
    other = window.project.import_files([p]).added[0][0]
    window.documents.open_document(1)
    t = window.session.text
    i = t.index("طهران")
    window.view.set_selection_cp(i, i + 5)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    docs = set()

    def whole_project(dlg):
        dlg.scope.setCurrentIndex(dlg.scope.findData("project"))
        docs.update(
            dlg.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)[0]
            for k in range(dlg.tree.topLevelItemCount())
        )
        dlg.accept_all_button.click()
        return dlg.result()

    prompts.queue("run", whole_project)
    QTest.keyClick(window.view, Qt.Key.Key_A)
    assert other in docs
    assert "طهران" in [r.text for r in window.documents.session_for(other).spans]
    assert window.doc_list.model_.row_for(other).span_count == 1
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # one step undoes both documents
    assert len(window.documents.session_for(other).spans) == 0 and len(window.session.spans) == 1


def test_trim_proclitics_on_a_span_and_on_creation(window, seed_text):
    view = window.view
    i = seed_text.index("وموسكو")
    view.set_selection_cp(i, i + 6)
    QTest.keyClick(view, Qt.Key.Key_3)
    sid = window.selected_span
    assert window.session.spans.get(sid).text == "وموسكو"
    QTest.keyClick(view, Qt.Key.Key_T)
    assert window.session.spans.get(sid).text == "موسكو"
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.session.spans.get(sid).text == "وموسكو"
    window.prefs.set("edit/trim_proclitics_on_create", True)
    j = seed_text.index("والاتحاد")
    view.set_selection_cp(j, j + len("والاتحاد الروسي"))
    QTest.keyClick(view, Qt.Key.Key_3)
    assert window.session.spans.get(window.selected_span).text == "الاتحاد الروسي"  # و dropped, ال kept


def test_label_dialog_renames_recolours_and_rekeys(window, db_path):
    from app.ui.label_dialog import LabelDialog

    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)  # role
    dlg = LabelDialog(window.ws, window)
    rows = {dlg.table.item(r, 0).text(): r for r in range(dlg.table.rowCount())}
    dlg.table.item(rows["role"], 0).setText("title")
    dlg.set_colour(rows["role"], "#882255")
    dlg.table.item(rows["figure"], 1).setText("6")
    dlg.add_row()
    dlg.table.item(dlg.table.rowCount() - 1, 0).setText("location")
    dlg.table.item(dlg.table.rowCount() - 1, 2).setText("l")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.last_error
    window.documents.reload_project()
    names = [lab.name for lab in window.ws.labels]
    assert names[:5] == ["person", "title", "organisation", "event", "figure"] and "location" in names
    assert db_spans(db_path)[0][3] == "title"  # the span follows the rename
    assert window.palette_buttons["title"].text().endswith("title")
    window.view.set_selection_cp(6, 15)
    QTest.keyClick(window.view, Qt.Key.Key_6)  # re-keyed figure
    assert ("خمس شركات", "figure") in [(t, lab) for _, _, t, lab in db_spans(db_path)]


def test_label_dialog_refuses_a_duplicate_key(window, errors):
    from app.ui.label_dialog import LabelDialog

    dlg = LabelDialog(window.ws, window)
    dlg.table.item(1, 1).setText("1")  # role takes person's key
    dlg.save()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert errors and "already used" in errors[-1]
    assert [lab.key for lab in window.ws.labels][:2] == ["1", "2"]


def test_active_time_is_recorded_idle_excluded(window):
    clock = {"t": 1000.0}
    from app.services.activity import TimeKeeper

    window.documents.timekeeper = TimeKeeper(window.ws, idle_after=60, clock=lambda: clock["t"])
    window.documents.timekeeper.open(window.document_id)
    for step in (10, 10, 10, 300, 5):  # 300 s of idle in between is not counted
        clock["t"] += step
        QTest.keyClick(window.view, Qt.Key.Key_Right)
    window.documents.save_time()
    row = window.doc_list.model_.row_for(window.document_id)
    assert row.active_seconds == pytest.approx(35)
    from app.services.activity import active_seconds

    assert active_seconds(window.ws, window.document_id) == pytest.approx(35)
