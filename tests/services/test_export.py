import json

import jsonschema
import pytest
from sqlalchemy import text as sql

from app.paths import SCHEMAS
from app.services import export, importing
from app.services.session import DocumentSession
from app.services.workspace import ServiceError

SCHEMA = json.loads((SCHEMAS / "export-jsonl.schema.json").read_text(encoding="utf-8"))


def label_some(ws, doc_id, words):
    s = DocumentSession(ws, doc_id)
    for word, label, exact in words:
        i = s.text.index(word)
        s.apply(s.plan_label(i, i + len(word), label, exact=exact))
    return s


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_validates_against_the_schema_and_rereads_exactly(ws, tmp_path):
    p = tmp_path / "emoji.txt"
    p.write_text("🙂 اجتمع\r\nكاظم جلالي مع نائب وزير الاتصالات", encoding="utf-8")
    did = importing.import_text_files(ws, [p]).added[0][0]
    label_some(
        ws,
        1,
        [
            ("السفير الايراني", "role", False),
            ("خمس شركات", "figure", False),
            ("روسيا", "organisation", True),
            ("الاجتماع الخامس لمجموعة العمل المشتركة", "event", False),
            ("مجموعة العمل المشتركة", "organisation", True),
        ],
    )
    label_some(ws, did, [("كاظم جلالي", "person", False), ("نائب وزير الاتصالات", "role", False)])
    out = tmp_path / "out.jsonl"
    rep = export.export(ws, out)
    lines = read_lines(out)
    assert rep.documents == 2 == len(lines) and rep.spans == 7
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for line in lines:
        validator.validate(line)
        for sp in line["spans"]:
            assert line["text"][sp["start"] : sp["end"]] == sp["text"]
    by_id = {line["id"]: line for line in lines}
    assert {sp["label"] for sp in by_id[1]["spans"]} == {"role", "figure", "organisation", "event"}
    emoji_doc = by_id[did]
    assert emoji_doc["text"].startswith("🙂 اجتمع\nكاظم")  # CRLF became LF, nothing else changed
    person = emoji_doc["spans"][0]
    assert (person["start"], person["label"]) == (emoji_doc["text"].index("كاظم"), "person") == (8, "person")
    assert emoji_doc["annotator"] == "amal" and emoji_doc["status"] == "in_progress"
    nested = [
        sp for sp in by_id[1]["spans"] if sp["label"] in ("event", "organisation") and "مجموعة" in sp["text"]
    ]
    assert [sp["label"] for sp in nested] == ["event", "organisation"]  # outer first


def test_schema_rejects_a_broken_line():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = {"format": "hamish-jsonl", "version": 1, "id": 1, "text": "x", "spans": [{"start": 0}]}
    assert list(validator.iter_errors(bad))


def test_a_corrupted_span_stops_the_export_and_writes_nothing(ws, tmp_path):
    label_some(ws, 1, [("ممثلي", "role", False)])
    with ws.db.write() as s:
        s.execute(sql("UPDATE span SET text = 'غلط'"))
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="nothing was written"):
        export.export(ws, out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_unknown_annotator_and_unwritable_target(ws, tmp_path):
    with pytest.raises(ServiceError, match="no annotator named"):
        export.export(ws, tmp_path / "x.jsonl", export.ExportOptions(annotator="nobody"))
    with pytest.raises(ServiceError, match="does not exist"):
        export.export(ws, tmp_path / "missing-dir" / "x.jsonl")
