"""A folder output (brat, any ``--split``) replaces the whole folder, so it may only be a new
path, an empty folder, or a folder that a Hamish folder export wrote (its ``.hamish-export``
marker and nothing but what the marker lists). A folder of the user's own files is refused
before any work and left as it was: ``export --format brat --out ~/Documents`` used to
delete the user's documents."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from app.core.outputs import EXPORT_MARKER
from app.main import main
from tests.cli.support import digest, hamish_argv, hamish_env, make_project, wait_for

# (format arguments, what the export writes in its folder)
FOLDER_EXPORTS = {
    "brat": (
        ["--format", "brat"],
        {"000001.txt", "000001.ann", "000002.txt", "000002.ann", "annotation.conf"},
    ),
    "split": (["--format", "conll", "--split", "50/50"], {"train.conll", "test.conll"}),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p.db", documents=2)


def export(project: Path, kind: str, out: Path, *more: str) -> int:
    return main(["--db", str(project), "export", *FOLDER_EXPORTS[kind][0], *more, "--out", str(out)])


def contents(folder: Path) -> dict[str, str | None]:
    """Every entry under ``folder``: its digest, None for a folder."""
    return {str(p.relative_to(folder)): None if p.is_dir() else digest(p) for p in sorted(folder.rglob("*"))}


def refusal(capsys, folder: Path) -> str:  # type: ignore[no-untyped-def]
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"export: {folder}: " in err and "choose a new or empty folder" in err, err
    return err


def no_temporaries(parent: Path) -> None:
    left = [p.name for p in parent.iterdir() if p.name.endswith(".part") or ".old-" in p.name]
    assert left == [], left


@pytest.mark.parametrize("kind", FOLDER_EXPORTS)
def test_a_folder_of_the_users_files_is_refused_and_kept(project, tmp_path, kind, capsys):
    documents = tmp_path / "Documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "thesis.odt").write_bytes(b"three years of work")
    (documents / "letters" / "mother.txt").write_text("أمي", encoding="utf-8")
    before = contents(documents)
    assert export(project, kind, documents) == 1
    err = refusal(capsys, documents)
    assert "not empty" in err and "not a Hamish export" in err
    assert contents(documents) == before
    no_temporaries(tmp_path)


@pytest.mark.parametrize("kind", FOLDER_EXPORTS)
def test_an_empty_folder_is_written(project, tmp_path, kind, capsys):
    out = tmp_path / "empty"
    out.mkdir()
    assert export(project, kind, out) == 0, capsys.readouterr().err
    assert {p.name for p in out.iterdir()} == FOLDER_EXPORTS[kind][1] | {EXPORT_MARKER}
    no_temporaries(tmp_path)


@pytest.mark.parametrize("kind", FOLDER_EXPORTS)
def test_the_marker_names_the_format_the_time_and_every_file(project, tmp_path, kind, capsys):
    out = tmp_path / "new"
    assert export(project, kind, out) == 0, capsys.readouterr().err
    marker = json.loads((out / EXPORT_MARKER).read_text(encoding="utf-8"))
    assert marker["format"] == FOLDER_EXPORTS[kind][0][1]
    assert datetime.strptime(marker["written"], "%Y-%m-%dT%H:%M:%SZ")
    assert set(marker["files"]) == FOLDER_EXPORTS[kind][1] and marker["folders"] == []


def test_a_split_brat_export_lists_its_subfolders(project, tmp_path, capsys):
    out = tmp_path / "corpus"
    assert (
        main(["--db", str(project), "export", "--format", "brat", "--split", "50/50", "--out", str(out)]) == 0
    )
    marker = json.loads((out / EXPORT_MARKER).read_text(encoding="utf-8"))
    written = {k for k, v in contents(out).items() if v is not None and k != EXPORT_MARKER}
    assert marker["folders"] == ["test", "train"] and set(marker["files"]) == written
    assert {"train/annotation.conf", "test/annotation.conf"} <= written
    # and it can be written again, subfolders and all
    assert (
        main(["--db", str(project), "export", "--format", "brat", "--split", "50/50", "--out", str(out)]) == 0
    )
    assert {k for k, v in contents(out).items() if v is not None and k != EXPORT_MARKER} == written


def test_exporting_again_into_a_previous_export_replaces_its_files(project, tmp_path, capsys):
    out = tmp_path / "corpus"
    assert export(project, "split", out) == 0
    assert {p.name for p in out.iterdir()} == {"train.conll", "test.conll", EXPORT_MARKER}
    # another format into the same folder: the old files go, the new ones come
    assert (
        main(["--db", str(project), "export", "--format", "jsonl", "--split", "50/50", "--out", str(out)])
        == 0
    )
    assert {p.name for p in out.iterdir()} == {"train.jsonl", "test.jsonl", EXPORT_MARKER}
    assert json.loads((out / EXPORT_MARKER).read_text(encoding="utf-8"))["format"] == "jsonl"
    # brat, two documents, then none (a status filter): the documents' files are gone
    assert export(project, "brat", out) == 0
    assert {p.name for p in out.iterdir()} == FOLDER_EXPORTS["brat"][1] | {EXPORT_MARKER}
    assert export(project, "brat", out, "--status", "reviewed") == 0
    assert {p.name for p in out.iterdir()} == {"annotation.conf", EXPORT_MARKER}
    no_temporaries(tmp_path)


@pytest.mark.parametrize("kind", FOLDER_EXPORTS)
def test_a_previous_export_the_user_added_a_file_to_is_refused(project, tmp_path, kind, capsys):
    out = tmp_path / "corpus"
    assert export(project, kind, out) == 0
    (out / "my-notes.txt").write_text("what I learned from this corpus", encoding="utf-8")
    before = contents(out)
    capsys.readouterr()
    assert export(project, kind, out) == 1
    err = refusal(capsys, out)
    assert "my-notes.txt" in err and "did not write" in err
    assert contents(out) == before
    no_temporaries(tmp_path)


def test_a_file_added_inside_a_split_subfolder_is_refused(project, tmp_path, capsys):
    out = tmp_path / "corpus"
    args = ["--db", str(project), "export", "--format", "brat", "--split", "50/50", "--out", str(out)]
    assert main(args) == 0
    (out / "train" / "checked.ann").write_text("T1\tperson 0 1\tx\n", encoding="utf-8")
    before = contents(out)
    capsys.readouterr()
    assert main(args) == 1
    assert "train/checked.ann" in refusal(capsys, out)
    assert contents(out) == before


def test_a_marker_hamish_did_not_write_is_refused(project, tmp_path, capsys):
    out = tmp_path / "corpus"
    out.mkdir()
    (out / EXPORT_MARKER).write_text("not json", encoding="utf-8")
    (out / "data.csv").write_text("a,b\n", encoding="utf-8")
    before = contents(out)
    assert export(project, "brat", out) == 1
    assert EXPORT_MARKER in refusal(capsys, out)
    assert contents(out) == before


def test_a_users_file_that_appears_during_the_export_is_kept(tmp_path):
    """The folder is checked again just before the swap: a file put there while the export
    ran stops it, and nothing is deleted."""
    db = make_project(tmp_path / "big.db", documents=3000)
    out = tmp_path / "corpus"
    proc = subprocess.Popen(
        hamish_argv("--db", db, "export", "--format", "brat", "--out", out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=hamish_env(),
    )
    try:

        def writing() -> list[Path]:
            return [
                p for p in tmp_path.iterdir() if p.name.startswith(".corpus.") and p.name.endswith(".part")
            ]

        wait_for(
            lambda: (writing() and any(writing()[0].iterdir())) or proc.poll() is not None,
            "the export's folder",
        )
        os.kill(proc.pid, signal.SIGSTOP)  # hold it mid-export
        assert proc.poll() is None and not out.exists(), "the export ended before it could be held"
        assert not (writing()[0] / EXPORT_MARKER).exists(), "the export was already being put in place"
        out.mkdir()
        (out / "thesis.odt").write_bytes(b"three years of work")
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and f"{out}: " in err and "thesis.odt" in err, err
    assert contents(out) == {"thesis.odt": digest(out / "thesis.odt")}
    assert (out / "thesis.odt").read_bytes() == b"three years of work"
    no_temporaries(tmp_path)
