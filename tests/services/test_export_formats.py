"""Every export format on the real corpora, read back by its real consumers, and round trips."""

import json
import os
from dataclasses import replace

import pytest
from sqlalchemy import text as sql

from app.formats import doccano, jsonl, labelstudio
from app.services import export, importing
from app.services.export import ExportOptions
from app.services.progress import Cancelled
from app.services.session import DocumentSession
from app.services.workspace import ServiceError, Workspace
from tests.conftest import CORPORA

AQMAR = CORPORA / "aqmar"
WOJOOD = CORPORA / "wojood-sample"


def sentences(data):
    out, cur = [], []
    for line in data.splitlines():
        if line.strip():
            cur.append(line.split(" "))
        elif cur:
            out.append(cur)
            cur = []
    return out + ([cur] if cur else [])


@pytest.fixture(scope="module")
def corpus_ws(tmp_path_factory):
    """AQMAR (all three files) in amal's layer, Wojood (all three) in the gold layer."""
    w = Workspace.open(tmp_path_factory.mktemp("corpus") / "c.db", annotator="amal")
    importing.import_corpus(w, [AQMAR], "conll", create_labels=True)
    importing.import_corpus(w, [WOJOOD], "conll-nested", create_labels=True, annotator="gold")
    yield w
    w.close()


def expected_lines(folder):
    return [s for p in sorted(folder.glob("*.txt")) for s in sentences(p.read_text(encoding="utf-8"))]


def test_conll_round_trip_of_aqmar_is_exact_and_seqeval_reads_it(corpus_ws, tmp_path):
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "aqmar.conll"
    rep = export.export(corpus_ws, out, ExportOptions(format="conll", annotator="amal", only_annotated=True))
    data = out.read_text(encoding="utf-8")
    assert data == "".join(p.read_text(encoding="utf-8") for p in sorted(AQMAR.glob("*.txt")))
    tags = [[t[1] for t in s] for s in sentences(data)]
    ents = Entities(tags, IOB2, suffix=False)
    assert sum(len(e) for e in ents.entities) == rep.spans == 5874
    assert not rep.tally  # nothing expanded, skipped or dropped


def test_conll_nested_round_trip_of_wojood_keeps_all_layers(corpus_ws, tmp_path):
    out = tmp_path / "w.conll"
    rep = export.export(
        corpus_ws, out, ExportOptions(format="conll-nested", annotator="gold", only_annotated=True)
    )
    got, want = sentences(out.read_text(encoding="utf-8")), expected_lines(WOJOOD)
    assert [[t[0] for t in s] for s in got] == [[t[0] for t in s] for s in want]  # same tokens
    diffs = [(a, b) for s, t in zip(want, got) for a, b in zip(s, t) if a != b]
    assert diffs == [(["الفرنسي", "I-FAC"], ["الفرنسي", "B-FAC"])]  # the one invalid I- of the data, repaired
    assert max(len(t) for s in got for t in s) == 5 and rep.spans == 4223


def test_flat_conll_of_nested_data_follows_the_policy_and_says_so(corpus_ws, tmp_path):
    from seqeval.scheme import IOB2, Entities

    gold = ExportOptions(format="conll", annotator="gold", only_annotated=True)
    outer = export.export(corpus_ws, tmp_path / "o.conll", gold)
    inner = export.export(corpus_ws, tmp_path / "i.conll", replace(gold, nested="innermost"))
    for rep, path in ((outer, tmp_path / "o.conll"), (inner, tmp_path / "i.conll")):
        tags = [[t[1] for t in s] for s in sentences(path.read_text(encoding="utf-8"))]
        n = sum(len(e) for e in Entities(tags, IOB2, suffix=False).entities)
        assert n + rep.tally["nested_dropped"] == rep.spans
    assert outer.tally["nested_dropped"] > 0 and inner.tally["nested_dropped"] > 0
    assert outer.tally.examples["nested_dropped"]


def test_hf_export_loads_in_datasets_with_class_labels(corpus_ws, tmp_path):
    datasets = pytest.importorskip("datasets")
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    out = tmp_path / "hf"
    rep = export.export(
        corpus_ws,
        out,
        ExportOptions(format="hf", annotator="gold", split="80/10/10", seed=7, only_annotated=True),
    )
    names = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert names[0] == "O" and "B-PERS" in names and "I-GPE" in names
    import jsonschema

    from app.paths import SCHEMAS

    validator = jsonschema.Draft202012Validator(
        json.loads((SCHEMAS / "export-hf.schema.json").read_text(encoding="utf-8"))
    )
    for line in (out / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        validator.validate(row)
        assert len(row["tokens"]) == len(row["ner_tags"]) and max(row["ner_tags"]) < len(names)
    ds = datasets.load_dataset(
        "json",
        data_files={k: str(out / f"{k}.jsonl") for k in ("train", "dev", "test")},
        cache_dir=str(tmp_path / "cache"),
    )
    ds = ds.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    assert sum(ds.num_rows.values()) == len(expected_lines(WOJOOD))
    row = ds["train"][0]
    assert len(row["tokens"]) == len(row["ner_tags"])
    for split in ds.values():
        for r in split.select(range(min(200, split.num_rows))):
            for sp in r["spans"]:
                assert r["text"][sp["start"] : sp["end"]] == sp["text"]
    assert rep.splits["train"][0] + rep.splits["dev"][0] + rep.splits["test"][0] == rep.documents


def test_spacy_aligns_every_span_of_a_token_aligned_export(corpus_ws, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    nlp = spacy.blank("ar")
    out = tmp_path / "s.jsonl"
    export.export(corpus_ws, out, ExportOptions(format="hf", annotator="gold", only_annotated=True))
    checked = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text, words, pos, spaces = row["text"], row["tokens"], 0, []
        for w in words:
            i = text.index(w, pos)
            if spaces:
                spaces[-1] = i > pos
            spaces.append(False)
            pos = i + len(w)
        d = Doc(nlp.vocab, words=words, spaces=spaces)
        assert d.text == text
        for sp in row["spans"]:
            assert d.char_span(sp["start"], sp["end"], label=sp["label"], alignment_mode="strict") is not None
            checked += 1
    assert checked == 4223


@pytest.mark.parametrize(
    ("fmt", "module"), [("jsonl", jsonl), ("doccano", doccano), ("labelstudio", labelstudio)]
)
def test_span_formats_round_trip_with_emoji_and_nesting(tmp_path, fmt, module):
    w = Workspace.open(tmp_path / "a.db", annotator="amal")
    p = tmp_path / "t.txt"
    p.write_text("🙂 الاجتماع الخامس لمجموعة العمل المشتركة\n🙂🙂 كاظم جلالي", encoding="utf-8")
    importing.import_corpus(w, [p], "text")
    s = DocumentSession(w, 1)
    for word, label in (
        ("الاجتماع الخامس لمجموعة العمل المشتركة", "event"),
        ("مجموعة العمل المشتركة", "organisation"),
        ("كاظم جلالي", "person"),
    ):
        i = s.text.index(word)
        s.apply(s.plan_label(i, i + len(word), label, exact=True))
    out = tmp_path / f"out.{fmt}"
    export.export(w, out, ExportOptions(format=fmt))
    w2 = Workspace.open(tmp_path / "b.db", annotator="amal")
    importing.import_corpus(w2, [out], fmt)
    again = DocumentSession(w2, 1)
    assert again.text == s.text
    assert [(x.start, x.end, x.label, x.text) for x in again.spans] == [
        (x.start, x.end, x.label, x.text) for x in s.spans
    ]
    w.close()
    w2.close()


def _texts_and_spans(path):
    return [
        (d["text"], [(x["start"], x["end"], x["label"], x["text"]) for x in d["spans"]])
        for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]


def test_brat_round_trip_of_wojood(corpus_ws, tmp_path):
    out = tmp_path / "brat"
    rep = export.export(corpus_ws, out, ExportOptions(format="brat", annotator="gold", only_annotated=True))
    assert (out / "annotation.conf").exists() and len(list(out.glob("*.ann"))) == rep.documents
    w2 = Workspace.open(tmp_path / "b.db", annotator="gold")
    back = importing.import_corpus(w2, [out], "brat", create_labels=True)
    assert back.documents_added == rep.documents and back.spans_added == rep.spans == 4223
    export.export(corpus_ws, tmp_path / "ref.jsonl", ExportOptions(annotator="gold", only_annotated=True))
    export.export(w2, tmp_path / "again.jsonl", ExportOptions(annotator="gold"))
    assert _texts_and_spans(tmp_path / "again.jsonl") == _texts_and_spans(tmp_path / "ref.jsonl")
    w2.close()


def test_partial_spans_expand_or_skip(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    p = tmp_path / "t.txt"
    p.write_text("وصل وفد من روسيا والصين", encoding="utf-8")
    importing.import_corpus(w, [p], "text")
    s = DocumentSession(w, 1)
    i = s.text.index("روسيا")
    s.apply(s.plan_label(i, i + 5, "organisation", exact=True))
    j = s.text.index("صين")
    s.apply(s.plan_label(j, j + 3, "organisation", exact=True))  # inside "والصين"
    rep = export.export(w, tmp_path / "e.conll", ExportOptions(format="conll"))
    assert rep.tally["partial_expanded"] == 1
    tags = [t[1] for t in sentences((tmp_path / "e.conll").read_text(encoding="utf-8"))[0]]
    assert tags == ["O", "O", "O", "B-ORGANISATION", "B-ORGANISATION"]
    rep = export.export(w, tmp_path / "s.conll", ExportOptions(format="conll", partial="skip"))
    assert rep.tally["partial_skipped"] == 1
    assert [t[1] for t in sentences((tmp_path / "s.conll").read_text(encoding="utf-8"))[0]][-1] == "O"
    w.close()


def test_filters_split_label_map_and_gold(corpus_ws, tmp_path):
    with corpus_ws.db.write() as s:
        s.execute(
            sql("UPDATE layer SET status = 'done' WHERE id IN (SELECT id FROM layer ORDER BY id LIMIT 5)")
        )
    rep = export.export(corpus_ws, tmp_path / "d.jsonl", ExportOptions(annotator="amal", status="done"))
    assert rep.documents == 5 and rep.filtered_out == corpus_ws.document_count() - 5
    split = ExportOptions(annotator="amal", split="80/10/10", seed=1, only_annotated=True)
    a = export.export(corpus_ws, tmp_path / "s1", split)
    b = export.export(corpus_ws, tmp_path / "s2", split)
    c = export.export(corpus_ws, tmp_path / "s3", replace(split, seed=2))

    def train(folder):
        return [json.loads(x)["id"] for x in (tmp_path / folder / "train.jsonl").read_text().splitlines()]

    assert train("s1") == train("s2") != train("s3")
    assert a.splits == b.splits and [v[0] for v in a.splits.values()] == [44, 6, 5] and c.documents == 55
    m = export.export(
        corpus_ws,
        tmp_path / "m.conll",
        ExportOptions(
            format="conll", annotator="amal", only_annotated=True, label_map={"per": "PERSON", "mis": None}
        ),
    )
    data = (tmp_path / "m.conll").read_text(encoding="utf-8")
    assert "B-PERSON" in data and "MIS" not in data and m.tally["label_dropped_by_map"] > 0
    with pytest.raises(ServiceError, match="no annotator named 'nobody'"):
        export.export(corpus_ws, tmp_path / "x.jsonl", ExportOptions(annotator="nobody"))
    with pytest.raises(ServiceError, match="not project label"):
        export.export(corpus_ws, tmp_path / "x.jsonl", ExportOptions(label_map={"nope": "X"}))


def test_cancel_and_failure_leave_targets_untouched(corpus_ws, tmp_path):
    out = tmp_path / "keep.conll"
    out.write_text("previous\n", encoding="utf-8")
    with pytest.raises(Cancelled):
        export.export(
            corpus_ws,
            out,
            ExportOptions(format="conll", annotator="amal"),
            progress=lambda done, total: False,
        )
    folder = tmp_path / "split"
    with pytest.raises(Cancelled):
        export.export(
            corpus_ws,
            folder,
            ExportOptions(format="hf", annotator="amal", split="90/10"),
            progress=lambda done, total: False,
        )
    assert out.read_text(encoding="utf-8") == "previous\n" and not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.conll"]


def test_process_pool_writes_the_same_bytes(corpus_ws, tmp_path):
    # Raw-text documents (imported from JSONL: camel-tools tokens), so the workers do the encoding.
    export.export(corpus_ws, tmp_path / "g.jsonl", ExportOptions(annotator="gold", only_annotated=True))
    w = Workspace.open(tmp_path / "raw.db", annotator="gold")
    importing.import_corpus(w, [tmp_path / "g.jsonl"], "jsonl", create_labels=True)
    one = export.export(w, tmp_path / "1.conll", ExportOptions(format="conll", workers=1))
    two = export.export(w, tmp_path / "2.conll", ExportOptions(format="conll", workers=2))
    assert two.workers == 2 and (tmp_path / "1.conll").read_bytes() == (tmp_path / "2.conll").read_bytes()
    assert one.tally.counts == two.tally.counts and one.tally["nested_dropped"] > 0
    hf1 = export.export(w, tmp_path / "1.jsonl", ExportOptions(format="hf", workers=1))
    hf2 = export.export(w, tmp_path / "2.jsonl", ExportOptions(format="hf", workers=2))
    assert (tmp_path / "1.jsonl").read_bytes() == (
        tmp_path / "2.jsonl"
    ).read_bytes() and hf1.spans == hf2.spans
    w.close()
