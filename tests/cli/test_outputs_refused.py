"""Outputs that would destroy data are refused: the project database (under any name), its
-wal/-shm, its backups, an input of the same command, links, pipes and devices. Outputs
follow the umask (or the replaced file's mode), and SIGTERM leaves no temporary file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from app.core.fs import OutputError
from app.main import main
from app.services import agreement
from app.services import export as export_service
from app.services.workspace import ServiceError, Workspace
from tests.cli.support import digest, give_layers, hamish_argv, hamish_env, make_project, wait_for
from tests.conftest import SEED


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p.db")


def refused(capsys, *words: str) -> str:  # type: ignore[no-untyped-def]
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    return err


def still_a_project(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db), "documents"]) == 0
    assert "ممثلي" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", export_service.EXPORT_FORMATS)
def test_export_into_the_database_is_refused_in_every_format(project, fmt, capsys):
    before = digest(project)
    assert main(["--db", str(project), "export", "--format", fmt, "--out", str(project)]) == 1
    refused(capsys, "project database")
    assert digest(project) == before
    still_a_project(project, capsys)


def test_the_database_is_recognised_under_other_names(project, tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    os.link(project, tmp_path / "hard-link.db")
    names = [
        tmp_path / "sub" / ".." / "p.db",  # the same path, spelled differently
        tmp_path / "P.DB",  # letter case (the same file on case-insensitive file systems)
        tmp_path / "hard-link.db",  # another name of the same file
        tmp_path / "p.db-wal",
        tmp_path / "p.db-shm",
        tmp_path / "p.db.backups" / "mine.jsonl",
    ]
    before = digest(project)
    for out in names:
        assert main(["--db", str(project), "export", "--out", str(out)]) == 1, out
        refused(capsys, str(out))
    assert digest(project) == before
    assert not (tmp_path / "P.DB").exists() and not (tmp_path / "p.db.backups").exists()
    still_a_project(project, capsys)


def test_agreement_out_and_import_rejected_may_not_be_the_database(tmp_path, capsys):
    db = make_project(tmp_path / "project.csv")  # a database named like a report
    give_layers(db, "amal", "badr")
    before = digest(db)
    assert main(["--db", str(db), "agreement", "--a", "amal", "--b", "badr", "--out", str(db)]) == 1
    refused(capsys, "project database")
    assert digest(db) == before

    records = tmp_path / "records.jsonl"
    records.write_text('{"format": "hamish-jsonl", "version": 1, "text": "نص"}\nnot json\n', encoding="utf-8")
    argv = ["--db", str(db), "import", "--format", "jsonl", "--skip-bad", str(records)]
    assert main([*argv, "--rejected", str(db)]) == 1
    refused(capsys, "project database")
    assert digest(db) == before
    still_a_project(db, capsys)


def test_an_output_may_not_be_an_input_of_the_same_command(project, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / "a.jsonl"
    good.write_text('{"format": "hamish-jsonl", "version": 1, "text": "نص"}\n', encoding="utf-8")
    bad = folder / "b.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    inputs = {p: digest(p) for p in (good, bad)}
    for rejected in (bad, good):  # a file given, and a file found in a given folder
        given = [str(bad)] if rejected == bad else [str(folder)]
        assert (
            main(
                [
                    "--db",
                    str(project),
                    "import",
                    "--format",
                    "jsonl",
                    "--skip-bad",
                    *given,
                    "--rejected",
                    str(rejected),
                ]
            )
            == 1
        )
        refused(capsys, "input of this command")
    label_map = tmp_path / "map.json"
    label_map.write_text('{"person": "PER"}', encoding="utf-8")
    inputs[label_map] = digest(label_map)
    assert main(["--db", str(project), "export", "--label-map", str(label_map), "--out", str(label_map)]) == 1
    refused(capsys, "input of this command")
    assert {p: digest(p) for p in inputs} == inputs


@pytest.mark.parametrize("split", [[], ["--split", "80/20"]], ids=["brat", "split"])
def test_a_folder_output_may_not_hold_the_database(project, tmp_path, split, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    fmt = ["--format", "brat"] if not split else ["--format", "conll"]
    before = digest(project)
    assert main(["--db", str(project), "export", *fmt, *split, "--out", str(tmp_path)]) == 1
    refused(capsys, "holds the project database")
    assert digest(project) == before and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_backup_out_may_not_be_the_database_or_its_files(project, tmp_path, capsys):
    assert main(["--db", str(project), "backup"]) == 0
    capsys.readouterr()
    before = digest(project)
    for out in (project, tmp_path / "p.db-wal", tmp_path / "p.db.backups" / "x.db"):
        assert main(["--db", str(project), "backup", "--out", str(out)]) == 1
        refused(capsys, str(out))
    assert digest(project) == before
    assert not (tmp_path / "p.db-wal").exists() and not (tmp_path / "p.db.backups" / "x.db").exists()


def test_restore_from_the_database_itself_is_refused(project, tmp_path, capsys):
    before = digest(project)
    assert main(["--db", str(project), "restore", str(tmp_path / "." / "p.db")]) == 1
    refused(capsys, "is the project database itself")
    assert digest(project) == before and not (tmp_path / "p.db.backups").exists()


def _special(kind: str, path: Path, tmp_path: Path) -> None:
    if kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("keep me", encoding="utf-8")
        path.symlink_to(tmp_path / "elsewhere.json")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_outputs_that_are_not_regular_files_are_refused(project, tmp_path, kind, capsys):
    out = tmp_path / "out.json"
    _special(kind, out, tmp_path)
    mode = os.lstat(out).st_mode
    give_layers(project, "amal", "badr")
    commands = [
        ["export", "--out", str(out)],
        ["agreement", "--a", "amal", "--b", "badr", "--out", str(out)],
        ["backup", "--out", str(out)],
    ]
    capsys.readouterr()
    for command in commands:
        assert main(["--db", str(project), *command]) == 1, command
        refused(capsys, "Hamish writes only regular files")
        assert os.lstat(out).st_mode == mode
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == "keep me"


def test_a_dash_is_not_a_file_named_dash(project, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(project), "export", "--out", "-"]) == 1
    refused(capsys, "standard output")
    assert not (tmp_path / "-").exists()


@pytest.fixture
def umask():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_outputs_follow_the_umask_and_replaced_files_keep_their_mode(project, tmp_path, umask, capsys):
    give_layers(project, "amal", "badr")
    out = tmp_path / "o.jsonl"
    assert main(["--db", str(project), "export", "--out", str(out)]) == 0
    assert mode(out) == 0o644
    umask(0o027)
    assert main(["--db", str(project), "export", "--out", str(tmp_path / "o2.jsonl")]) == 0
    assert mode(tmp_path / "o2.jsonl") == 0o640
    umask(0o022)
    assert main(["--db", str(project), "export", "--format", "brat", "--out", str(tmp_path / "brat")]) == 0
    assert mode(tmp_path / "brat") == 0o755
    assert (
        main(
            [
                "--db",
                str(project),
                "agreement",
                "--a",
                "amal",
                "--b",
                "badr",
                "--out",
                str(tmp_path / "a.csv"),
            ]
        )
        == 0
    )
    assert mode(tmp_path / "a.csv") == 0o644
    out.chmod(0o604)
    assert main(["--db", str(project), "export", "--out", str(out)]) == 0
    assert mode(out) == 0o604  # the replaced file's mode, whatever the umask
    project.chmod(0o640)
    assert main(["--db", str(project), "backup", "--out", str(tmp_path / "copy.db")]) == 0
    assert mode(tmp_path / "copy.db") == 0o640  # a backup is as private as its database


def test_sigterm_during_an_export_leaves_no_temporary_file(tmp_path):
    db = make_project(tmp_path / "big.db", documents=4000)
    out = tmp_path / "out" / "big.conll"
    out.parent.mkdir()
    proc = subprocess.Popen(
        hamish_argv("--db", db, "export", "--format", "conll", "--workers", "1", "--out", out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=hamish_env(),
    )
    try:
        wait_for(lambda: any(out.parent.iterdir()) or proc.poll() is not None, "the export's temporary file")
        os.kill(proc.pid, signal.SIGSTOP)  # hold it mid-export: the signal arrives while it writes
        assert proc.poll() is None and not out.exists(), "the export ended before it could be stopped"
        assert [
            p.name.startswith(".big.conll.") and p.name.endswith(".part") for p in out.parent.iterdir()
        ] == [True]
        os.kill(proc.pid, signal.SIGTERM)
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143, err
    assert err.count("\n") == 1 and "stopped" in err, err
    assert list(out.parent.iterdir()) == []


# --- the one check the window uses too (Qt-free) ------------------------------------------


def test_save_a_copy_and_the_report_export_refuse_the_database(project, tmp_path):
    give_layers(project, "amal", "badr")
    ws = Workspace.open(project, create=False)
    try:
        report = agreement.agreement(ws, "amal", "badr")
        with pytest.raises(OutputError, match="project database"):
            ws.db.save_copy(project)
        with pytest.raises(OutputError, match="-wal"):
            ws.db.save_copy(tmp_path / "p.db-wal")
        (tmp_path / "link.db").symlink_to(tmp_path / "nowhere.db")
        with pytest.raises(OutputError, match="symbolic link"):
            ws.db.save_copy(tmp_path / "link.db")
        assert not (tmp_path / "nowhere.db").exists()
        copy = ws.db.save_copy(tmp_path / "copy.db")
        assert Workspace.open(copy, create=False, read_only=True).documents()[0].title
    finally:
        ws.close()
    with pytest.raises(ServiceError, match="project database"):
        agreement.write_report(report, tmp_path / "P.DB", "json", database=project)


def test_check_output_names_every_refusal(project, tmp_path):
    from app.core.outputs import check_output

    cases = {
        str(project): "project database",
        str(tmp_path / "p.db-journal"): "-journal",
        str(tmp_path / "p.db.backups"): "backups folder",
        "-": "standard output",
        "": "empty",
    }
    for out, reason in cases.items():
        with pytest.raises(OutputError, match=reason):
            check_output(out, database=project)
    with pytest.raises(OutputError, match="holds the project database"):
        check_output(tmp_path, database=project, folder=True)
    with pytest.raises(OutputError, match="input"):
        check_output(
            tmp_path, inputs=[SEED.parent / ".." / "seeds" / SEED.name, tmp_path / "x.txt"], folder=True
        )
    assert check_output(tmp_path / "fine.jsonl", database=project, inputs=[SEED]) == tmp_path / "fine.jsonl"
