"""Merging another Hamish project (database file) or Hamish JSONL exports."""

import time

import pytest
from sqlalchemy import text as sql

from app.services import export, importing, merge
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from tests.conftest import SEED


def label(ws, doc_id, word, lab):
    s = DocumentSession(ws, doc_id)
    i = s.text.index(word)
    s.apply(s.plan_label(i, i + len(word), lab, exact=True))
    return s


def layers(ws):
    with ws.db.read() as s:
        return sorted(
            s.execute(
                sql(
                    "SELECT a.name, a.kind, d.text_sha256, l.status, count(sp.id) FROM layer l JOIN annotator a ON a.id = l.annotator_id "
                    "JOIN document d ON d.id = l.document_id LEFT JOIN span sp ON sp.layer_id = l.id GROUP BY l.id"
                )
            ).all()
        )


@pytest.fixture
def projects(tmp_path):
    """A lead's project (seed document) and an annotator's copy with one more document."""
    lead = Workspace.open(tmp_path / "lead.db", annotator="lead")
    importing.import_text_files(lead, [SEED])
    mine = Workspace.open(tmp_path / "omar.db", annotator="omar")
    importing.import_text_files(mine, [SEED])
    extra = tmp_path / "extra.txt"
    extra.write_text("🙂 اجتمع كاظم جلالي مع نائب وزير الاتصالات", encoding="utf-8")
    importing.import_text_files(mine, [extra])
    label(mine, 1, "السفير الايراني", "role")
    label(mine, 2, "كاظم جلالي", "person")
    yield lead, mine, tmp_path
    lead.close()
    mine.close()


def test_merging_a_database_adds_layers_and_documents_once(projects):
    lead, mine, tmp = projects
    label(lead, 1, "ممثلي", "role")
    rep = merge.merge(lead, tmp / "omar.db")
    assert (
        rep.documents_added == 1
        and rep.documents_existing == 1
        and rep.layers_added == 2
        and rep.spans_added == 2
    )
    assert rep.annotators == ["omar"]
    got = layers(lead)
    assert [(n, c) for n, _, _, _, c in got] == sorted([("lead", 1), ("omar", 1), ("omar", 1)])
    assert lead.document_count() == 2
    again = merge.merge(lead, tmp / "omar.db")
    assert layers(lead) == got and again.tally["layer_kept"] == 2 and again.spans_added == 0
    s = DocumentSession(lead, 2, lead.annotator_id_for("omar"))
    assert [(x.label, x.text, x.origin.value) for x in s.spans] == [("person", "كاظم جلالي", "manual")]


def test_a_newer_layer_replaces_the_older_one(projects):
    lead, mine, tmp = projects
    merge.merge(lead, tmp / "omar.db")
    time.sleep(0.01)
    s = label(mine, 2, "نائب وزير الاتصالات", "role")
    s.apply(s.plan_delete(next(x.id for x in s.spans if x.label == "person")))
    rep = merge.merge(lead, tmp / "omar.db")
    assert rep.tally["layer_replaced"] == 1 and rep.tally["layer_kept"] == 1
    doc2 = DocumentSession(lead, 2, lead.annotator_id_for("omar"))
    assert [(x.label, x.text) for x in doc2.spans] == [("role", "نائب وزير الاتصالات")]


def test_merge_keeps_gold_layers_gold_and_reads_jsonl_exports(projects):
    lead, mine, tmp = projects
    with mine.db.write() as s:
        s.execute(
            sql(
                "INSERT INTO annotator (project_id, name, kind, created_at) VALUES (1, 'gold', 'gold', '2026-01-01 00:00:00')"
            )
        )
    gold = DocumentSession(mine, 1, mine.annotator_id_for("gold"))
    i = gold.text.index("ممثلي")
    gold.apply(gold.plan_label(i, i + 5, "role", exact=True))
    merge.merge(lead, tmp / "omar.db")
    assert ("gold", "gold") in {(n, k) for n, k, *_ in layers(lead)}
    export.export(mine, tmp / "omar.jsonl", export.ExportOptions(annotator="omar"))
    fresh = Workspace.open(tmp / "fresh.db", annotator="x")
    rep = merge.merge(fresh, tmp / "omar.jsonl")
    assert rep.documents_added == 2 and rep.layers_added == 2 and rep.annotators == ["omar"]
    assert merge.merge(fresh, tmp / "omar.jsonl").tally["layer_kept"] == 2
    fresh.close()


def test_merge_refuses_what_it_cannot_read(projects):
    lead, _, tmp = projects
    with pytest.raises(merge.ImportFailed):
        (tmp / "junk.jsonl").write_text("not json\n", encoding="utf-8")
        merge.merge(lead, tmp / "junk.jsonl")
    with pytest.raises(Exception, match="this project's own database"):
        merge.merge(lead, tmp / "lead.db")
    with pytest.raises(Exception, match="no such file"):
        merge.merge(lead, tmp / "absent.db")
