"""Label maps: read once (a deep or repeated JSON is refused with its file and reason), checked
in one place for imports, merges and exports (a name the target format cannot read back is
refused, saying which and why), and applied by every export, JSONL included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main
from app.services import importing, merge
from app.services.workspace import ServiceError
from tests.conftest import CORPORA, ROOT

AQMAR_TEST = CORPORA / "aqmar" / "test.txt"


def write_map(tmp_path: Path, content: str | bytes, name: str = "map.json") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


@pytest.fixture
def project(tmp_path) -> Path:
    db = tmp_path / "p.db"
    assert (
        main(
            [
                "--db",
                str(db),
                "--annotator",
                "rana",
                "import",
                "--format",
                "conll",
                "--create-labels",
                str(AQMAR_TEST),
            ]
        )
        == 0
    )
    return db


def test_a_deeply_nested_label_map_is_refused_unparsed(tmp_path, capsys):
    deep = write_map(tmp_path, '{"PER":\n' + "[" * 100_000 + "]" * 100_000 + "}")
    assert (
        main(
            [
                "--db",
                str(tmp_path / "d.db"),
                "import",
                "--format",
                "conll",
                "--label-map",
                str(deep),
                str(AQMAR_TEST),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith(f"hamish import: {deep}, line 2: JSON nested more than") and "flat object" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"PER": "person", "PER": "org"}', "the label 'PER' is mapped more than once"),
        ('{"PER": {"a": 1}}', "the value for 'PER' must be a label name or null"),
        ('["PER"]', "a label map is a JSON object"),
        ('{"PER": "per\\u0000son"}', "holds the control character U+0000"),
        ('{"PER": "' + "p" * 201 + '"}', "has 201 characters (at most 200)"),
        ('{"PER": 1' + "0" * 5000 + "}", "invalid JSON"),
        (json.dumps({"PER": "person"}).encode("utf-16"), "the file is UTF-16"),
    ],
    ids=["repeated", "nested", "list", "control", "long", "huge-number", "utf16"],
)
def test_a_bad_label_map_names_its_file_and_reason(tmp_path, capsys, content, needle):
    m = write_map(tmp_path, content)
    assert (
        main(
            [
                "--db",
                str(tmp_path / "b.db"),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--label-map",
                str(m),
                str(AQMAR_TEST),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith(f"hamish import: {m}") and needle in err and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["conll", "conll-nested", "hf", "brat"])
def test_an_export_name_the_format_cannot_read_back_is_refused(project, tmp_path, capsys, fmt):
    m = write_map(tmp_path, json.dumps({"per": "per son", "loc": "LOC\n", "org": "ORG"}))
    out = tmp_path / "out"
    capsys.readouterr()
    assert (
        main(
            [
                "--db",
                str(project),
                "--annotator",
                "rana",
                "export",
                "--format",
                fmt,
                "--label-map",
                str(m),
                "--out",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert f"the name 'per son' for 'per' holds a space (U+0020): {fmt} writes a label as one word" in err
    assert "the name 'LOC\\n' for 'loc' holds the control character U+000A" in err
    assert not out.exists()


def test_a_space_is_fine_where_labels_are_json_strings(project, tmp_path, capsys):
    m = write_map(tmp_path, json.dumps({"per": "per son"}))
    for fmt in ("jsonl", "doccano", "labelstudio"):
        out = tmp_path / f"o.{fmt}"
        assert (
            main(
                [
                    "--db",
                    str(project),
                    "--annotator",
                    "rana",
                    "export",
                    "--format",
                    fmt,
                    "--label-map",
                    str(m),
                    "--out",
                    str(out),
                ]
            )
            == 0
        ), capsys.readouterr().err
        assert "per son" in out.read_text(encoding="utf-8")


def test_the_jsonl_export_applies_the_label_map_and_comes_back_with_the_reverse(project, tmp_path, capsys):
    import jsonschema

    m = write_map(tmp_path, json.dumps({"per": "PERSON", "mis": None}))
    out = tmp_path / "o.jsonl"
    assert (
        main(
            [
                "--db",
                str(project),
                "--annotator",
                "rana",
                "export",
                "--format",
                "jsonl",
                "--label-map",
                str(m),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    labels = {sp["label"] for r in rows for sp in r["spans"]}
    assert labels == {"PERSON", "loc", "org"}
    schema = json.loads((ROOT / "schema" / "export-jsonl.schema.json").read_text(encoding="utf-8"))
    for r in rows:
        jsonschema.validate(r, schema)
    back = write_map(tmp_path, json.dumps({"PERSON": "per"}), "back.json")
    other = tmp_path / "other.db"
    assert (
        main(
            [
                "--db",
                str(other),
                "--annotator",
                "rana",
                "import",
                "--format",
                "jsonl",
                "--create-labels",
                "--label-map",
                str(back),
                str(out),
            ]
        )
        == 0
    )
    mine = tmp_path / "mine.jsonl"
    assert (
        main(["--db", str(other), "--annotator", "rana", "export", "--format", "jsonl", "--out", str(mine)])
        == 0
    )
    again = [json.loads(x) for x in mine.read_text(encoding="utf-8").splitlines()]
    assert [[(s["start"], s["end"]) for s in r["spans"]] for r in again] == [
        [(s["start"], s["end"]) for s in r["spans"]] for r in rows
    ]
    assert {sp["label"] for r in again for sp in r["spans"]} == {"per", "loc", "org"}


def test_a_label_map_given_as_an_object_is_checked_the_same(project, tmp_path):
    """The GUI passes the map as an object: imports and merges check it as they check a file."""
    from app.services.workspace import Workspace

    exported = tmp_path / "e.jsonl"
    assert (
        main(
            [
                "--db",
                str(project),
                "--annotator",
                "rana",
                "export",
                "--format",
                "jsonl",
                "--out",
                str(exported),
            ]
        )
        == 0
    )
    ws = Workspace.open(tmp_path / "gui.db", annotator="rana")
    try:
        with pytest.raises(
            ServiceError, match=r"label map: the value for 'PER' must be a label name or null, not 5"
        ):
            importing.import_corpus(ws, [AQMAR_TEST], "conll", label_map={"PER": 5})
        with pytest.raises(ServiceError, match=r"label map: the value for 'per' is empty"):
            merge.merge(ws, exported, label_map={"per": " "})
        assert ws.document_count() == 0
    finally:
        ws.close()
