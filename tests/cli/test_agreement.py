"""`hamish agreement`: the readable table, --json (validated against the schema), --out,
and one-line errors with exit status 1."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from app.main import main
from app.services import agreement as service
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "agreement-report.schema.json").read_text(encoding="utf-8"))


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def put(ws, text, phrase, label):
    i = text.index(phrase)
    s = DocumentSession(ws, 1)
    s.apply(s.plan_label(i, i + len(phrase), label, exact=True))


@pytest.fixture
def db(ws, db_path, seed_text):
    for phrase, label in [("السفير الايراني", "role"), ("خمس شركات", "figure"), ("موسكو", "organisation")]:
        put(ws, seed_text, phrase, label)
    wb = Workspace.open(db_path, annotator="badr")
    for phrase, label in [
        ("السفير الايراني", "person"),
        ("خمس شركات تكنولوجيا", "figure"),
        ("الاتحاد الروسي", "organisation"),
    ]:
        put(wb, seed_text, phrase, label)
    wb.close()
    return db_path


def test_json_output_is_one_object_valid_against_the_schema(db, capsys):
    assert main(["--db", str(db), "agreement", "--a", "amal", "--b", "badr", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    ws = Workspace.open(db, create=False)
    try:
        expected = service.agreement(ws, "amal", "badr").to_dict()
    finally:
        ws.close()
    for key in ("overall", "per_label", "per_document", "confusion"):
        assert data[key] == expected[key]
    assert data["overall"]["differences"] == {
        "agreement": 0,
        "label": 1,
        "overlap": 1,
        "only_a": 1,
        "only_b": 1,
    }
    assert (
        data["per_label"]["figure"]["partial"]["f1"] == 1.0
        and data["per_label"]["figure"]["exact"]["f1"] == 0.0
    )


def test_readable_table_and_one_document(db, capsys, tmp_path):
    out = tmp_path / "r.csv"
    assert (
        main(["agreement", "--db", str(db), "--a", "amal", "--b", "badr", "--doc", "1", "--out", str(out)])
        == 0
    )
    text = capsys.readouterr().out
    assert "Agreement of amal (A, reference) and badr (B): document 1" in text
    lines = text.splitlines()
    for name in ("person", "role", "organisation", "event", "figure", "all labels"):
        assert any(line.startswith(name) for line in lines), name
    assert "Span confusion" in text
    assert out.read_text(encoding="utf-8").startswith("scope,document_id,title,label,")
    assert main(["--db", str(db), "agreement", "--a", "amal", "--b", "badr", "--per-document"]) == 0
    assert "Per document" in capsys.readouterr().out


def test_json_validates_in_a_real_process(db):
    r = run("--db", db, "agreement", "--a", "amal", "--b", "badr", "--json")
    assert r.returncode == 0, r.stderr
    jsonschema.validate(json.loads(r.stdout), SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--a", "amal", "--b", "zaid"], "no annotator named 'zaid'"),
        (["--a", "amal", "--b", "badr", "--doc", "42"], "document 42 does not exist"),
        (["--a", "amal", "--b", "chen"], "amal and chen have no document in common"),
    ],
)
def test_errors_are_one_line_on_stderr_and_exit_1(db, args, message):
    Workspace.open(db, annotator="chen").close()  # an annotator without any layer
    r = run("--db", db, "agreement", *args)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("hamish agreement: ") and message in r.stderr


def test_missing_database(tmp_path):
    r = run("--db", tmp_path / "none.db", "agreement", "--a", "x", "--b", "y")
    assert r.returncode == 1 and "no database there" in r.stderr and r.stderr.count("\n") == 1
