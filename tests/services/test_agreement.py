"""The agreement service on a real SQLite database built from the AQMAR test set
(layer amal = the corpus's entities, layer badr = counted perturbations; see
tests/review/aqmar_layers.py), and the report files."""

from __future__ import annotations

import csv
import json

import jsonschema
import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score

from app.core.stored_text import text_sha256
from app.core.tokens import token_offsets
from app.review.align import Span
from app.services import agreement as service
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo
from app.store import spans as span_store
from tests.conftest import ROOT
from tests.review import aqmar_layers as aq

# AQMAR's four types onto the project's default labels (any one-to-one map will do).
TO_PROJECT = {"per": "person", "org": "organisation", "loc": "event", "mis": "figure"}
PER_DOC = 25  # sentences per document
SCHEMA = json.loads((ROOT / "schema" / "agreement-report.schema.json").read_text(encoding="utf-8"))


def merge(chunk: list[aq.Doc]) -> tuple[str, list[Span], list[Span]]:
    parts, a, b = [], [], []
    pos = 0
    for d in chunk:
        parts.append(d.text)
        a += [Span(s.start + pos, s.end + pos, TO_PROJECT[s.label]) for s in d.a]
        b += [Span(s.start + pos, s.end + pos, TO_PROJECT[s.label]) for s in d.b]
        pos += len(d.text) + 1
    return "\n".join(parts), a, b


@pytest.fixture(scope="module")
def sentences():
    return aq.build()


@pytest.fixture
def project(tmp_path, sentences):
    """Documents of 25 sentences each with amal's and badr's layers, plus one document
    only amal annotated and one nobody did."""
    w = Workspace.open(tmp_path / "aqmar.db", annotator="amal")
    chunks = [sentences[i : i + PER_DOC] for i in range(0, len(sentences), PER_DOC)]
    docs = [merge(c) for c in chunks]
    extra = ["نص لم يعلمه الا عامل واحد .", "نص لم يعلمه احد ."]
    labels = {lab.name: lab.id for lab in w.labels}
    with w.db.write() as s:
        ids = repo.add_documents(
            s,
            w.project_id,
            [
                repo.NewDocument(f"doc {i}", f"aqmar-{i}.txt", t, text_sha256(t))
                for i, (t, _, _) in enumerate(docs)
            ]
            + [repo.NewDocument(t, "x.txt", t, text_sha256(t)) for t in extra],
        )
        badr = repo.annotator_id(s, w.project_id, "badr")
        for did, (text, a, b) in zip(ids, docs):
            for who, spans in ((w.annotator_id, a), (badr, b)):
                layer = span_store.layer_id(s, did, who)
                for sp in spans:
                    span_store.insert_span(
                        s, layer, labels[sp.label], sp.start, sp.end, text[sp.start : sp.end]
                    )
        lone = span_store.layer_id(s, ids[len(docs)], w.annotator_id)
        span_store.insert_span(s, lone, labels["person"], 0, 2, "نص")
    yield w, ids[: len(docs)], docs, chunks
    w.close()


def test_project_figures_equal_the_perturbation_counts(project, sentences):
    w, ids, docs, chunks = project
    r = service.agreement(w, "amal", "badr")
    exp = aq.expected_counts(sentences)
    o = exp["overall"]
    assert len(r.documents) == len(ids) == 25  # the one-layer and no-layer documents are not compared
    assert (r.overall.spans_a, r.overall.spans_b) == (o["n_a"], o["n_b"])
    assert (r.overall.exact.matched, r.overall.partial.matched) == (o["exact"], o["partial"])
    assert r.overall.exact.f1 == pytest.approx(aq.prf(o["exact"], o["n_a"], o["n_b"])[2], rel=1e-12)
    assert r.overall.partial.precision == pytest.approx(
        aq.prf(o["partial"], o["n_a"], o["n_b"])[0], rel=1e-12
    )
    assert r.overall.differences == o["differences"]
    for lab, name in TO_PROJECT.items():
        e, f = exp["per_label"][lab], r.per_label[name]
        assert (f.spans_a, f.spans_b, f.exact.matched, f.partial.matched) == (
            e["n_a"],
            e["n_b"],
            e["exact"],
            e["partial"],
        )
        assert f.exact.recall == pytest.approx(aq.prf(e["exact"], e["n_a"], e["n_b"])[1], rel=1e-12)
        assert f.differences == e["differences"]
    assert r.per_label["role"].spans_a == r.per_label["role"].spans_b == 0
    for row, chunk in zip(r.documents, chunks):
        assert row.figures.differences["only_a"] == sum(d.dropped.total() for d in chunk)
        assert row.figures.differences["overlap"] == sum(d.shifted.total() for d in chunk)


def test_project_kappa_and_alpha_equal_the_libraries(project):
    w, ids, docs, _ = project
    r = service.agreement(w, "amal", "badr")
    seq_a, seq_b = [], []
    for text, a, b in docs:
        toks = token_offsets(text)
        seq_a += aq.token_sequences(text, a, toks)
        seq_b += aq.token_sequences(text, b, toks)
    assert r.overall.tokens == len(seq_a)
    assert r.overall.kappa == pytest.approx(cohen_kappa_score(seq_a, seq_b), rel=1e-12)
    values = r.values
    assert r.overall.alpha == pytest.approx(
        krippendorff.alpha(
            reliability_data=[[values.index(x) for x in seq_a], [values.index(x) for x in seq_b]],
            level_of_measurement="nominal",
        ),
        rel=1e-12,
    )


def test_one_document_report_is_that_documents_row(project):
    w, ids, docs, _ = project
    whole = service.agreement(w, "amal", "badr")
    one = service.agreement(w, "amal", "badr", ids[3])
    assert one.document_id == ids[3] and len(one.documents) == 1
    row = whole.documents[3].figures
    assert one.overall.differences == row.differences and one.overall.exact == row.exact
    assert one.overall.kappa == pytest.approx(row.kappa, rel=1e-9) and one.overall.alpha == pytest.approx(
        row.alpha, rel=1e-9
    )
    text, a, b = docs[3]
    toks = token_offsets(text)
    assert one.overall.kappa == pytest.approx(
        cohen_kappa_score(aq.token_sequences(text, a, toks), aq.token_sequences(text, b, toks)), rel=1e-12
    )


def test_report_files_json_and_csv(project, tmp_path):
    w, ids, _, _ = project
    r = service.agreement(w, "amal", "badr")
    out_json = service.write_report(r, tmp_path / "report.json")
    data = json.loads(out_json.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["overall"]["differences"] == r.overall.differences
    assert [d["id"] for d in data["per_document"]] == ids
    assert data["confusion"]["values"][0] == "O" and len(data["confusion"]["tokens"]) == 6

    out_csv = service.write_report(r, tmp_path / "report.csv")
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [x["scope"] for x in rows] == ["overall"] + ["label"] * 5 + ["document"] * len(ids)
    assert (
        float(rows[0]["exact_f1"]) == r.overall.exact.f1
        and int(rows[0]["diff_overlap"]) == r.overall.differences["overlap"]
    )
    role = next(x for x in rows if x["label"] == "role")
    assert role["exact_f1"] == "" and role["spans_a"] == "0"  # undefined: an empty cell
    assert [int(x["document_id"]) for x in rows if x["scope"] == "document"] == ids
    with pytest.raises(ServiceError, match=r"\.json or \.csv"):
        service.write_report(r, tmp_path / "report.txt")
    with pytest.raises(ServiceError, match="does not exist"):
        service.write_report(r, tmp_path / "missing" / "report.json")
    assert not list(tmp_path.glob(".report*"))  # no temporary file left behind


def test_clear_errors(project, tmp_path):
    w, ids, _, _ = project
    with pytest.raises(ServiceError, match="no annotator named 'zaid'"):
        service.agreement(w, "amal", "zaid")
    with pytest.raises(ServiceError, match="two different annotators"):
        service.agreement(w, "amal", "amal")
    with pytest.raises(ServiceError, match="document 999 does not exist"):
        service.agreement(w, "amal", "badr", 999)
    with pytest.raises(ServiceError, match=f"document {ids[-1] + 1} has no layer of badr"):
        service.agreement(w, "amal", "badr", ids[-1] + 1)
    with w.db.write() as s:
        repo.annotator_id(s, w.project_id, "chen")
    with pytest.raises(ServiceError, match="amal and chen have no document in common"):
        service.agreement(w, "amal", "chen")


def test_pairs_with_documents_in_common(project):
    w, ids, _, _ = project
    assert service.pairs(w) == [("amal", "badr", len(ids))]


def test_a_label_added_after_the_workspace_opened(project):
    w, ids, docs, _ = project
    from app.store.models import Label

    with w.db.write() as s:
        s.add(Label(project_id=w.project_id, name="place", key="", letter="", colour="#000000", position=9))
        s.flush()
        lid = s.query(Label.id).filter(Label.name == "place").scalar()
        layer = span_store.layer_id(s, ids[0], w.annotator_id)
        text = docs[0][0]
        k = text.index(" ") + 1
        end = text.index(" ", k)
        span_store.insert_span(s, layer, lid, k, end, text[k:end])
    r = service.agreement(w, "amal", "badr")
    assert "place" in r.per_label and r.per_label["place"].spans_a == 1


def test_every_pair_of_annotators(project):
    w, ids, docs, _ = project
    from app.services.review import Review

    Review(w, ids[0], "amal", "badr").mark_reviewed()  # a gold layer on one document
    with w.db.write() as s:
        chen = repo.annotator_id(s, w.project_id, "chen")
        layer = span_store.layer_id(s, ids[1], chen)
        text, a, _ = docs[1]
        for sp in a[:5]:
            span_store.insert_span(
                s, layer, w.label_by_name[sp.label].id, sp.start, sp.end, text[sp.start : sp.end]
            )
    # In annotator-creation order (gold was created before chen); gold and chen share no document.
    assert service.pairs(w) == [
        ("amal", "badr", len(ids)),
        ("amal", "gold", 1),
        ("amal", "chen", 1),
        ("badr", "gold", 1),
        ("badr", "chen", 1),
    ]
    reports = service.pairwise(w, include_gold=False)
    assert [(r.a, r.b) for r in reports] == [("amal", "badr"), ("amal", "chen"), ("badr", "chen")]
    ac = reports[1]
    assert len(ac.documents) == 1 and ac.overall.spans_b == 5
    assert ac.overall.exact.matched == 5 and ac.overall.exact.precision == 1.0
    assert ac.overall.differences["only_a"] == len(a) - 5
