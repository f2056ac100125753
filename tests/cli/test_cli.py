import json
import subprocess
import sys

from app.main import main
from tests.conftest import ROOT, SEED


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_import_then_export_headless(tmp_path, capsys):
    db = tmp_path / "cli.db"
    assert main(["--db", str(db), "import", str(SEED)]) == 0
    assert "1 document(s) imported" in capsys.readouterr().out
    out = tmp_path / "o.jsonl"
    assert (
        main(["export", "--db", str(db), "--format", "jsonl", "--out", str(out)]) == 0
    )  # --db after the command
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["text"] == SEED.read_text(encoding="utf-8")
    assert main(["--db", str(db), "documents"]) == 0
    assert "ممثلي" in capsys.readouterr().out


def test_cli_never_adds_seeds(tmp_path):
    db = tmp_path / "empty.db"
    assert main(["--db", str(db), "import", str(tmp_path)]) == 1  # no .txt: fails, creates the db
    out = tmp_path / "o.jsonl"
    assert main(["--db", str(db), "export", "--out", str(out)]) == 0
    assert out.read_text() == ""


def test_failures_give_one_line_on_stderr_and_exit_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe")
    r = run("--db", tmp_path / "x.db", "import", bad)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "bad.txt, line 2" in r.stderr and "not valid UTF-8" in r.stderr
    r = run("--db", tmp_path / "missing.db", "export", "--out", tmp_path / "o.jsonl")
    assert r.returncode == 1 and "no database there" in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "missing.db").exists()


def test_url_form_of_db(tmp_path, capsys):
    db = tmp_path / "u.db"
    assert main(["--db", f"sqlite:///{db}", "import", str(SEED)]) == 0
    assert db.exists()


def test_gui_refuses_a_bad_database_with_a_message(tmp_path):
    """The GUI path: a database from a newer Hamish is refused (dialog; stderr line; exit 1)."""
    import os
    import sqlite3

    db = tmp_path / "newer.db"
    assert main(["--db", str(db), "import", str(SEED)]) == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HAMISH_STARTUP_PROBE="1")
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert r.returncode == 1 and "newer Hamish" in r.stderr and "HAMISH_PAINTED" not in r.stdout


def test_gui_first_launch_seeds_a_new_database_and_paints(tmp_path):
    import os

    db = tmp_path / "fresh.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HAMISH_STARTUP_PROBE="1")
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert r.returncode == 0 and "HAMISH_PAINTED" in r.stdout, r.stderr
    from app.services.workspace import Workspace

    ws = Workspace.open(db, create=False)
    titles = [d.source_name for d in ws.documents()]
    ws.close()
    assert titles[0] == SEED.name


def test_read_only_commands_create_nothing(tmp_path, capsys):
    import sqlite3

    db = tmp_path / "ro.db"
    assert main(["--db", str(db), "--annotator", "amal", "import", str(SEED)]) == 0

    def content():
        con = sqlite3.connect(db)
        try:
            return (
                con.execute("SELECT name FROM annotator ORDER BY id").fetchall(),
                con.execute("SELECT key, value FROM setting ORDER BY key").fetchall(),
            )
        finally:
            con.close()

    before = content()
    assert main(["--db", str(db), "--annotator", "visitor", "documents"]) == 0
    assert main(["--db", str(db), "--annotator", "amal", "export", "--out", str(tmp_path / "o.jsonl")]) == 0
    assert main(["--db", str(db), "backup", "--list"]) == 0
    assert (
        main(["--db", str(db), "export", "--annotator", "visitor", "--out", str(tmp_path / "v.jsonl")]) == 1
    )
    assert "no annotator named 'visitor'" in capsys.readouterr().err
    assert content() == before
