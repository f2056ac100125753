"""One rule for annotator names (app.core.annotators): every name the CLI accepts is accepted
by import and merge, every name it refuses is refused everywhere, and ``gold`` stays the gold
layer."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from app.core.annotators import AnnotatorNameError, annotator_name
from app.main import main
from app.services.workspace import ServiceError, Workspace
from tests.conftest import ROOT, SEED

UNSPLIT = ROOT / "tests" / "data" / "conll-unsplit" / "aqmar-dev-40.txt"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("amal", "amal"),
        ("  amal   k ", "amal k"),
        ("عمر\u200cالفاروق", "عمر\u200cالفاروق"),
        ("a\tb\nc", "a b c"),
        ("x" * 200, "x" * 200),
        ("gold", "gold"),
    ],
)
def test_names_are_normalised(raw, name):
    assert annotator_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (" ", "empty"),
        ("", "empty"),
        ("x" * 201, "at most 200"),
        ("a\x00b", "U+0000"),
        ("a\x7fb", "U+007F"),
        ("a\x9bb", "U+009B"),
        ("a\ud800", "U+D800"),
        (5, "must be a string"),
    ],
)
def test_bad_names_say_why(raw, needle):
    with pytest.raises(AnnotatorNameError, match=re.escape(needle)):
        annotator_name(raw)


def test_gold_is_refused_where_a_person_is_asked_for():
    with pytest.raises(AnnotatorNameError, match="gold layer"):
        annotator_name(" gold ", gold=False)


def annotators(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT name, kind FROM annotator ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("name", [" ", "x" * 300, "a\x01b"], ids=["blank", "300-chars", "control"])
def test_the_cli_refuses_what_import_and_merge_refuse(tmp_path, capsys, name):
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "--annotator", "amal", "import", str(SEED)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "--annotator", name, "import", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hamish import: annotator ") and err.count("\n") == 1
    assert main(["--db", str(db), "--annotator", name, "documents"]) == 1
    assert main(["--db", str(db), "--annotator", name, "export", "--out", str(tmp_path / "o.jsonl")]) == 1
    assert annotators(db) == [("amal", "human")]


@pytest.mark.parametrize(
    "name", ["  amal   k ", "عمر", "x" * 200, "a\u200fb"], ids=["spaces", "arabic", "200", "rlm"]
)
def test_a_name_the_cli_accepts_goes_through_export_import_and_merge(tmp_path, capsys, name):
    db, other, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.jsonl"
    assert (
        main(
            [
                "--db",
                str(db),
                "--annotator",
                name,
                "import",
                "--format",
                "conll",
                "--create-labels",
                str(UNSPLIT),
            ]
        )
        == 0
    )
    assert main(["--db", str(db), "--annotator", name, "export", "--format", "jsonl", "--out", str(out)]) == 0
    owner = json.loads(out.read_text(encoding="utf-8").splitlines()[0])["annotator"]
    assert owner == " ".join(name.split())
    assert main(["--db", str(other), "--annotator", "lead", "merge", "--create-labels", str(out)]) == 0
    assert main(["--db", str(other), "merge", "--create-labels", str(db)]) == 0
    assert (
        main(
            [
                "--db",
                str(other),
                "--annotator",
                "lead",
                "import",
                "--format",
                "jsonl",
                "--create-labels",
                str(out),
            ]
        )
        == 0
    )
    assert (owner, "human") in annotators(other)


def test_a_merged_database_applies_the_rule_to_its_annotators(tmp_path, capsys):
    """A database written by an older Hamish may hold a name no door accepts now: its layers are
    problems named by layer; a name with extra spaces is read as its normal form."""
    src, dst = tmp_path / "old.db", tmp_path / "new.db"
    assert (
        main(
            [
                "--db",
                str(src),
                "--annotator",
                "amal",
                "import",
                "--format",
                "conll",
                "--create-labels",
                str(UNSPLIT),
            ]
        )
        == 0
    )
    con = sqlite3.connect(src)
    con.execute("UPDATE annotator SET name = ' amal  x ' WHERE name = 'amal'")
    con.commit()
    con.close()
    assert main(["--db", str(dst), "merge", "--create-labels", str(src)]) == 0
    assert ("amal x", "human") in annotators(dst)
    con = sqlite3.connect(src)
    con.execute("UPDATE annotator SET name = ' ' WHERE name = ' amal  x '")
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "third.db"), "merge", "--create-labels", str(src)]) == 1
    err = capsys.readouterr().err
    assert (
        f"hamish merge: {src}: layer of " in err and "annotator ' ': an annotator name cannot be empty" in err
    )


def test_import_as_gold_fills_the_gold_layer(tmp_path, capsys):
    db = tmp_path / "g.db"
    assert (
        main(
            [
                "--db",
                str(db),
                "--annotator",
                "gold",
                "import",
                "--format",
                "conll",
                "--create-labels",
                str(UNSPLIT),
            ]
        )
        == 0
    )
    assert annotators(db) == [("gold", "gold")]
    ws = Workspace.open(db)
    try:
        assert ws.annotator_name != "gold"  # the gold layer is never remembered as the current annotator
        with pytest.raises(ServiceError, match="gold layer, not an annotator"):
            ws.switch_annotator("gold")
        with pytest.raises(ServiceError, match="cannot be empty"):
            ws.switch_annotator("   ")
        ws.switch_annotator("  rana  ")
        assert ws.annotator_name == "rana"
    finally:
        ws.close()
    assert (
        main(["--db", str(db), "export", "--gold", "--format", "jsonl", "--out", str(tmp_path / "g.jsonl")])
        == 0
    )
