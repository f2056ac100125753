"""The import's writers (app.services.ingest.writers): a dry run writes nothing, not even the
rejected-records report, and counts exactly what the real import then does."""

import orjson
import pytest
from sqlalchemy import text as sql

from app.formats.base import ImportRecord, ImportSpan, Rejected
from app.services import importing
from app.services.ingest import Ingest
from app.services.labelmap import LabelResolver
from app.services.workspace import Workspace

TEXT = "اجتمع كاظم جلالي مع وزير الاتصالات في لاهاي"
PERSON = (TEXT.index("كاظم"), TEXT.index("كاظم") + len("كاظم جلالي"))
ROLE = (TEXT.index("وزير"), TEXT.index("الاتصالات") + len("الاتصالات"))
TABLES = ("document", "layer", "span", "label", "annotator")


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a default rejected-records report would go
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    yield w
    w.close()


def rows(ws):
    with ws.db.read() as s:
        return {t: s.execute(sql(f"SELECT * FROM {t} ORDER BY id")).all() for t in TABLES}


def jsonl(path, records):
    lines = [
        r
        if isinstance(r, bytes)
        else orjson.dumps(
            {
                "format": "hamish-jsonl",
                "version": 1,
                "text": r[0],
                "spans": [{"start": s, "end": e, "label": lab, "text": r[0][s:e]} for s, e, lab in r[1]],
            }
        )
        for r in records
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_a_dry_run_writes_nothing_and_counts_what_the_import_does(ws, tmp_path):
    importing.import_corpus(ws, [jsonl(tmp_path / "first.jsonl", [(TEXT, [(*PERSON, "person")])])], "jsonl")
    second = jsonl(
        tmp_path / "second.jsonl",
        [
            (
                TEXT,
                [(*PERSON, "person"), (*ROLE, "role")],
            ),  # a document the project has: one span new, one there
            (TEXT + ".", [(*PERSON, "PERS")]),  # a new document, with a label the project does not have
            ("نص آخر", []),
            ("نص آخر", []),  # the same text again
            (
                TEXT + "!",
                [(PERSON[0] + 2, ROLE[0] + 2, "person"), (*PERSON, "role")],
            ),  # crossing spans: rejected
            b"not json",
        ],
    )
    before = rows(ws)
    labels = [lab.name for lab in ws.labels]

    dry = importing.inspect_corpus(ws, [second], "jsonl", create_labels=True)

    assert rows(ws) == before and [lab.name for lab in ws.labels] == labels
    assert list(tmp_path.glob("rejected*")) == [] and dry.rejected_path is None
    real = importing.import_corpus(
        ws, [second], "jsonl", create_labels=True, skip_bad=True, rejected_path=tmp_path / "rejected.jsonl"
    )
    assert rows(ws) != before
    figures = (
        "records",
        "documents_added",
        "documents_existing",
        "layers_added",
        "spans_added",
        "spans_read",
        "rejected",
        "labels_created",
        "label_counts",
        "problems",
    )
    assert [getattr(dry, f) for f in figures] == [getattr(real, f) for f in figures]
    assert (dry.documents_added, dry.documents_existing, dry.spans_added, dry.rejected) == (2, 2, 2, 2)
    assert dry.tally["record_problem"] == real.tally["record_rejected"] == 2
    same = {k: v for k, v in real.tally.counts.items() if k != "record_rejected"}
    assert {k: v for k, v in dry.tally.counts.items() if k != "record_problem"} == same
    assert len((tmp_path / "rejected.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_a_dry_run_gives_stand_in_ids_and_creates_no_annotator(ws):
    items = [
        ImportRecord(source="x.jsonl", line=k, text=text, spans=[ImportSpan(*PERSON, "person", None, k)])
        for k, text in enumerate([TEXT, TEXT + ".", TEXT], 1)
    ]
    items.insert(1, Rejected("x.jsonl", 9, ["a reason"], b"the record"))
    before = rows(ws)
    rep = Ingest(
        ws, "jsonl", ["x.jsonl"], LabelResolver(ws, dry_run=True), annotator="newcomer", dry_run=True
    ).run(items)
    assert rows(ws) == before
    assert [d for d, _ in rep.added] == [-1, -2]  # no id is taken from the project
    assert (rep.documents_existing, rep.layers_added, rep.spans_added, rep.rejected) == (1, 2, 2, 1)
    assert rep.tally["document_repeated"] == 1 and rep.tally["span_duplicate"] == 1
    assert (
        rep.problems == ["x.jsonl, line 9: a reason"] and rep.dry_run and "would be imported" in rep.summary()
    )


def test_the_real_writer_keeps_the_rejected_records_in_its_report(ws, tmp_path):
    items = [
        ImportRecord(source="x.jsonl", line=1, text=TEXT, spans=[ImportSpan(*PERSON, "person", None, 1)]),
        Rejected("x.jsonl", 2, ["a reason"], b"the record"),
    ]
    rep = Ingest(ws, "jsonl", ["x.jsonl"], LabelResolver(ws), annotator="amal", skip_bad=True).run(items)
    assert rep.rejected_path == tmp_path.joinpath("rejected-jsonl.jsonl").relative_to(tmp_path)
    assert orjson.loads((tmp_path / "rejected-jsonl.jsonl").read_bytes()) == {
        "file": "x.jsonl",
        "line": 2,
        "reasons": ["a reason"],
        "record": "the record",
    }
    assert (rep.documents_added, rep.spans_added, rep.tally["record_rejected"]) == (1, 1, 1)
