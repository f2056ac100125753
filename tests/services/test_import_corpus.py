"""import_corpus / inspect_corpus: one transaction, label rules, de-duplication, reports."""

import json

import orjson
import pytest
from sqlalchemy import text as sql

from app.formats import ReadOptions
from app.services import importing
from app.services.progress import Cancelled
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.conftest import CORPORA

AQMAR_DEV = CORPORA / "aqmar" / "dev.txt"


def counts(ws):
    with ws.db.read() as s:
        return tuple(
            s.execute(sql(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("document", "layer", "span", "label")
        )


def native_line(text, spans, did=1):
    return orjson.dumps(
        {
            "format": "hamish-jsonl",
            "version": 1,
            "id": did,
            "text": text,
            "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans],
        }
    )


@pytest.fixture
def empty_ws(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    yield w
    w.close()


def test_unknown_labels_stop_the_import_with_their_list(empty_ws):
    before = counts(empty_ws)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(empty_ws, [AQMAR_DEV], "conll")
    msg = str(info.value)
    assert "unknown label(s): MIS" in msg and "PER (" in msg and "LOC (" in msg and "ORG (" in msg
    assert f"first at {AQMAR_DEV}, line" in msg and "nothing was imported" in msg
    assert counts(empty_ws) == before


def test_label_map_create_and_drop(empty_ws, tmp_path):
    m = tmp_path / "map.json"
    m.write_text(json.dumps({"PER": "person", "ORG": "organisation", "LOC": None}), encoding="utf-8")
    with pytest.raises(importing.ImportFailed, match=r"unknown label\(s\): MIS"):
        importing.import_corpus(empty_ws, [AQMAR_DEV], "conll", label_map=m)
    rep = importing.import_corpus(empty_ws, [AQMAR_DEV], "conll", label_map=m, drop_unknown=True)
    info = importing.inspect_corpus(empty_ws, [AQMAR_DEV], "conll")
    per, org, loc, mis = (info.label_counts[k] for k in ("PER", "ORG", "LOC", "MIS"))
    assert rep.spans_added == per + org
    assert rep.tally["label_dropped_by_map"] == loc and rep.tally["label_dropped_unknown"] == mis
    with empty_ws.db.read() as s:
        got = dict(
            s.execute(
                sql("SELECT l.name, count(*) FROM span JOIN label l ON l.id = span.label_id GROUP BY l.name")
            ).all()
        )
    assert got == {"person": per, "organisation": org}


def test_create_labels_gives_distinct_colours_and_free_keys(empty_ws):
    rep = importing.import_corpus(
        empty_ws, [CORPORA / "wojood-sample" / "val.txt"], "conll-nested", create_labels=True
    )
    created = set(rep.labels_created)
    assert (
        "pers" in created and "gpe" in created and "org" in created and "event" not in created
    )  # EVENT → event
    labs = empty_ws.labels
    assert len({lab.colour.upper() for lab in labs}) == len(labs)
    keys = [lab.key for lab in labs if lab.key]
    assert len(keys) == len(set(keys)) and set(keys) <= set("1234567890")
    assert {lab.name for lab in labs} >= created  # reload_labels ran


def test_a_bad_record_imports_nothing_unless_skip_bad(empty_ws, tmp_path):
    t = "كاظم جلالي"
    p = tmp_path / "in.jsonl"
    p.write_bytes(
        native_line(t, [(0, 4, "person")], 1)
        + b"\n{broken\n"
        + native_line(t + ".", [(0, 40, "person")], 3)
        + b"\n"
        + native_line("نص آخر", [(0, 2, "person")], 4)
        + b"\n"
    )
    before = counts(empty_ws)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(empty_ws, [p], "jsonl")
    assert info.value.problems[0].startswith(f"{p}, line 2: invalid JSON") and len(info.value.problems) == 2
    assert "and 1 more problem(s); nothing was imported" in str(info.value)
    assert counts(empty_ws) == before
    report_path = tmp_path / "rejected.jsonl"
    rep = importing.import_corpus(empty_ws, [p], "jsonl", skip_bad=True, rejected_path=report_path)
    assert rep.documents_added == 2 and rep.spans_added == 2 and rep.rejected == 2
    rows = [json.loads(x) for x in report_path.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["record"][:7]) for r in rows] == [(2, "{broken"), (3, '{"forma')]
    assert "end beyond the text" in rows[1]["reasons"][0]


def test_crossing_spans_are_a_problem(empty_ws, tmp_path):
    t = "الاجتماع الخامس لمجموعة العمل"
    p = tmp_path / "x.jsonl"
    p.write_bytes(native_line(t, [(0, 15, "event"), (9, 23, "organisation")]) + b"\n")
    with pytest.raises(importing.ImportFailed, match="crosses span 0–15"):
        importing.import_corpus(empty_ws, [p], "jsonl")


def test_same_text_gets_the_annotators_layer_not_a_copy(empty_ws):
    first = importing.import_corpus(empty_ws, [AQMAR_DEV], "conll", create_labels=True)
    docs, layers, spans, _ = counts(empty_ws)
    again = importing.import_corpus(empty_ws, [AQMAR_DEV], "conll", create_labels=True)
    assert counts(empty_ws)[:3] == (docs, layers, spans)
    assert again.documents_added == 0 and again.documents_existing == first.documents_added
    assert again.tally["span_duplicate"] == first.spans_added and again.spans_added == 0
    other = importing.import_corpus(empty_ws, [AQMAR_DEV], "conll", annotator="omar")
    assert counts(empty_ws)[:3] == (docs, layers * 2, spans * 2) and other.layers_added == layers
    with empty_ws.db.read() as s:
        owners = s.execute(
            sql(
                "SELECT a.name, count(*) FROM layer JOIN annotator a ON a.id = layer.annotator_id "
                "GROUP BY a.name"
            )
        ).all()
    assert dict(owners) == {"amal": layers, "omar": layers}


def test_new_spans_merge_into_an_existing_layer(empty_ws, tmp_path):
    t = "اجتمع كاظم جلالي مع وزير الاتصالات"
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_bytes(native_line(t, [(6, 16, "person")]) + b"\n")
    b.write_bytes(native_line(t, [(6, 16, "person"), (20, 34, "role")]) + b"\n")
    importing.import_corpus(empty_ws, [a], "jsonl")
    rep = importing.import_corpus(empty_ws, [b], "jsonl")
    assert (rep.spans_added, rep.tally["span_duplicate"], rep.tally["layer_merged"]) == (1, 1, 1)
    s = DocumentSession(empty_ws, 1)
    assert [(x.start, x.end, x.label, x.origin.value) for x in s.spans] == [
        (6, 16, "person", "imported"),
        (20, 34, "role", "imported"),
    ]
    assert json.loads(s.spans.at_row(0).provenance) == {"format": "jsonl", "file": "a.jsonl", "line": 1}


def test_inspect_writes_nothing_and_reports_labels_and_problems(empty_ws, tmp_path):
    bad = tmp_path / "bad.conll"
    bad.write_text("a B-PER\nb I-PER\n\nc X-PER\n", encoding="utf-8")
    before = counts(empty_ws)
    info = importing.inspect_corpus(empty_ws, [AQMAR_DEV, bad], "conll")
    assert counts(empty_ws) == before and info.dry_run
    assert set(info.unknown_labels) == {"PER", "ORG", "LOC", "MIS"}
    assert info.rejected == 1 and f"{bad}, line 4: tag 'X-PER' is not an IOB2 tag" in info.problems[0]
    assert info.documents_added == 16 and info.spans_added == 0  # unknown labels: no span would be added


def test_cancel_leaves_the_database_untouched(empty_ws):
    before = counts(empty_ws)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < 3

    with pytest.raises(Cancelled):
        importing.import_corpus(
            empty_ws,
            [CORPORA / "aqmar"],
            "conll",
            create_labels=True,
            progress=progress,
            read=ReadOptions(sentences_per_document=1),
        )
    assert counts(empty_ws) == before and empty_ws.labels == Workspace(empty_ws.db).labels
    assert (
        calls[0][1] == sum(p.stat().st_size for p in (CORPORA / "aqmar").glob("*.txt")) and calls[-1][0] > 0
    )


def test_text_format_recognises_encodings_and_keeps_strict_messages(empty_ws, tmp_path):
    (tmp_path / "a.txt").write_bytes("نص عربي\r\n".encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(("هذا نص عربي طويل بما يكفي ليتعرف عليه الكاشف. " * 20).encode("cp1256"))
    rep = importing.import_corpus(empty_ws, [tmp_path], "text")
    assert (
        rep.documents_added == 2
        and rep.tally["encoding_windows_1256"] == 1
        and rep.tally["encoding_utf_16"] == 1
    )
    (tmp_path / "c.txt").write_bytes(b"ok\n\xff\xfe")
    with pytest.raises(importing.ImportFailed, match=r"c.txt, line 2: not valid UTF-8"):
        importing.import_corpus(empty_ws, [tmp_path / "c.txt"], "text")
