"""hamish import / export / merge on the command line: exit codes, summaries, one-line errors."""

import json
import subprocess
import sys

from app.main import main
from tests.conftest import CORPORA, ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=180
    )


def test_conll_import_and_export_round_trip(tmp_path, capsys):
    db = tmp_path / "c.db"
    src = CORPORA / "aqmar" / "test.txt"
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--annotator",
                "rana",
                str(src),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "13 document(s) imported" in out and "1,574 span(s) added to the layer(s) of rana" in out
    assert "labels created: mis, loc, per, org" in out or "labels created:" in out
    target = tmp_path / "t.conll"
    assert (
        main(["--db", str(db), "export", "--format", "conll", "--annotator", "rana", "--out", str(target)])
        == 0
    )
    assert target.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "--format",
                "hf",
                "--annotator",
                "rana",
                "--split",
                "80/10/10",
                "--seed",
                "3",
                "--out",
                str(tmp_path / "hf"),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "hf").iterdir()) == [
        ".hamish-export",
        "dev.jsonl",
        "labels.json",
        "test.jsonl",
        "train.jsonl",
    ]


def test_failures_are_one_line_on_stderr(tmp_path):
    db = tmp_path / "f.db"
    r = run("--db", db, "import", "--format", "conll", CORPORA / "aqmar" / "dev.txt")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("hamish import: unknown label(s): MIS") and "--create-labels" in r.stderr
    bad = tmp_path / "bad.conll"
    bad.write_text("a O\nb I-PER x\n", encoding="utf-8")
    r = run("--db", db, "import", "--format", "conll", bad)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and f"{bad}, line 2: 3 columns" in r.stderr
    r = run("--db", db, "export", "--format", "conll", "--gold", "--out", tmp_path / "g.conll")
    assert r.returncode == 1 and "no annotator named 'gold'" in r.stderr and r.stderr.count("\n") == 1
    m = tmp_path / "map.json"
    m.write_text("{bad json", encoding="utf-8")
    r = run("--db", db, "import", "--format", "conll", "--label-map", m, bad)
    assert r.returncode == 1 and f"{m}, line 1: invalid JSON" in r.stderr


def test_skip_bad_check_and_merge(tmp_path, capsys):
    db = tmp_path / "s.db"
    p = tmp_path / "mixed.jsonl"
    p.write_text(
        json.dumps({"text": "كاظم جلالي", "label": [[0, 4, "person"]]}, ensure_ascii=False)
        + "\n"
        + "{oops\n"
        + json.dumps({"text": "نص", "label": [[0, 9, "person"]]}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import", "--format", "doccano", "--check", str(p)]) == 1
    out = capsys.readouterr().out
    assert "would be imported" in out and f"problem: {p}, line 2: invalid JSON" in out
    rejected = tmp_path / "rej.jsonl"
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "doccano",
                "--skip-bad",
                "--rejected",
                str(rejected),
                str(p),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "1 document(s) imported" in out and f"2 record(s) rejected, written to {rejected}" in out
    assert [json.loads(x)["line"] for x in rejected.read_text(encoding="utf-8").splitlines()] == [2, 3]
    other = tmp_path / "o.db"
    assert main(["--db", str(other), "merge", str(db)]) == 0
    assert "1 document(s) imported" in capsys.readouterr().out
    assert main(["--db", str(other), "merge", str(db)]) == 0
    assert "0 document(s) imported, 1 already in the project" in capsys.readouterr().out
