"""File → Export… into a folder of the user's own files: the dialog says why and what to do,
and the folder is left as it was (the window uses the command line's check)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton


def file_menu_action(window, text: str):  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)


def test_export_into_a_folder_of_the_users_files_is_refused_in_the_dialog(window, tmp_path, prompts):
    documents: Path = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.odt").write_bytes(b"three years of work")
    prompts.queue("folder", str(documents))  # "Choose…" for brat: a folder
    seen = []

    def export_brat(dlg):  # type: ignore[no-untyped-def]
        dlg.format.setCurrentIndex(dlg.format.findData("brat"))
        dlg.findChild(QPushButton, "browse").click()
        assert dlg.out.text() == str(documents)
        dlg.export_button.click()
        seen.append((dlg.summary.text(), dlg.result()))
        return dlg.result()

    prompts.queue("run", export_brat)
    file_menu_action(window, "Export…").trigger()  # File → Export…
    assert [a.kind for a in prompts.asked] == ["run", "folder"]
    summary, accepted = seen[0]
    assert summary.startswith(f"{documents}: ") and "\n" not in summary
    assert "thesis.odt" in summary and "choose a new or empty folder" in summary
    assert not accepted and not prompts.messages("info")  # the dialog stays, no "exported" summary
    assert [p.name for p in documents.iterdir()] == ["thesis.odt"]
    assert (documents / "thesis.odt").read_bytes() == b"three years of work"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left
