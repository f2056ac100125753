"""The fast import paths (app.services.ingest, app.store.bulk functions) keep every guarantee.

The import checks spans in the reading loop when they come sorted and sorts them otherwise,
writes multi-row INSERTs from one flat list, stores the text from the bytes it hashed, inserts
documents optimistically (``ON CONFLICT DO NOTHING``), switches the garbage collector off and
SQLite's CHECK constraints off for the transaction. These tests hold each of those to the
rules: crossing spans refused on both paths, identical spans dropped and counted, the same
layer whatever the span order, nothing written after a failure or a cancel in a late batch,
settings restored, document ids consecutive when some texts were already there, and
``text[start:end] == span text`` (emoji included) in what the database holds.
"""

from __future__ import annotations

import gc
import random
import sqlite3

import orjson
import pytest
from sqlalchemy import text as sql

from app.core.stored_text import text_sha256
from app.formats import ReadOptions, get_format
from app.formats.base import ImportRecord, ImportSpan
from app.services import importing, ingest
from app.services.ingest import Ingest
from app.services.labelmap import LabelResolver
from app.services.progress import Cancelled
from app.services.workspace import Workspace
from app.store import OperationalError, bulk
from tests.conftest import CORPORA

WOJOOD = CORPORA / "wojood-sample"
AQMAR = CORPORA / "aqmar"

# Emoji (outside the BMP: two UTF-16 units, four UTF-8 bytes) before, between and inside spans.
TEXT = "🙂 اجتمع كاظم جلالي 👍🏽 مع وزير الاتصالات في ﻻهاي"
PERSON = (TEXT.index("كاظم"), TEXT.index("كاظم") + len("كاظم جلالي"))
ROLE = (TEXT.index("وزير"), TEXT.index("الاتصالات") + len("الاتصالات"))
FIRST_NAME = (PERSON[0], PERSON[0] + len("كاظم"))


@pytest.fixture
def empty_ws(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    yield w
    w.close()


def line(text, spans, did=1, **extra):
    return orjson.dumps(
        {
            "format": "hamish-jsonl",
            "version": 1,
            "id": did,
            "text": text,
            **extra,
            "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans],
        }
    )


def write_jsonl(path, records):
    path.write_bytes(b"\n".join(line(*r) if isinstance(r, tuple) else r for r in records) + b"\n")
    return path


def counts(ws):
    with ws.db.read() as s:
        return tuple(
            s.execute(sql(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("document", "layer", "span", "label")
        )


def stored(ws, annotator="amal"):
    """{document text: sorted [(start, end, label, span text)]} of an annotator's layers, read back."""
    out: dict[str, list] = {}
    with ws.db.read() as s:
        for text, start, end, label, span_text in s.execute(
            sql(
                'SELECT d.text, s.start, s."end", lab.name, s.text FROM span s JOIN layer l ON l.id = s.layer_id '
                "JOIN document d ON d.id = l.document_id JOIN label lab ON lab.id = s.label_id "
                "JOIN annotator a ON a.id = l.annotator_id WHERE a.name = :a"
            ),
            {"a": annotator},
        ):
            out.setdefault(text, []).append((start, end, label, span_text))
    return {k: sorted(v) for k, v in out.items()}


def settings_restored(ws):
    """The pooled connection is back as it was: CHECK constraints bite again; the GC is on."""
    with ws.db.raw_connection() as con:
        assert con.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
        con.execute("CREATE TEMP TABLE probe (x CHECK (x > 0))")
        try:
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                con.execute("INSERT INTO probe VALUES (0)")
        finally:
            con.execute("DROP TABLE probe")
    assert gc.isenabled()


def test_emoji_text_is_stored_exactly_from_the_hashed_bytes(empty_ws, tmp_path):
    p = write_jsonl(
        tmp_path / "a.jsonl", [(TEXT, [(*PERSON, "person"), (*FIRST_NAME, "person"), (*ROLE, "role")])]
    )
    rep = importing.import_corpus(empty_ws, [p], "jsonl")
    assert (rep.documents_added, rep.spans_added) == (1, 3)
    with empty_ws.db.read() as s:
        t, typ, n, sha = s.execute(
            sql("SELECT text, typeof(text), char_count, text_sha256 FROM document")
        ).one()
    assert (t, typ, n, sha) == (TEXT, "text", len(TEXT), text_sha256(TEXT))
    spans = stored(empty_ws)[TEXT]
    assert spans == sorted(
        [
            (*PERSON, "person", "كاظم جلالي"),
            (*FIRST_NAME, "person", "كاظم"),
            (*ROLE, "role", "وزير الاتصالات"),
        ]
    )
    assert all(TEXT[s:e] == st for s, e, _lab, st in spans)
    # The hash of the stored bytes is the project's: the same text again is recognised.
    again = importing.import_corpus(empty_ws, [p], "jsonl")
    assert (
        again.documents_added,
        again.documents_existing,
        again.spans_added,
        again.tally["span_duplicate"],
    ) == (0, 1, 0, 3)
    settings_restored(empty_ws)


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_a_crossing_span_is_refused_on_both_paths(empty_ws, tmp_path, order):
    crossing = (PERSON[0] + 5, ROLE[0] + 3)  # starts inside the person, ends inside the role's first word
    spans = [(*PERSON, "person"), (*crossing, "event"), (*ROLE, "role")]
    if order == "reversed":
        spans.reverse()
    p = write_jsonl(tmp_path / "x.jsonl", [(TEXT, spans)])
    before = counts(empty_ws)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(empty_ws, [p], "jsonl")
    msg = info.value.problems[0]
    assert msg.startswith(f"{p}, line 1: span ")
    assert (
        f"span {crossing[0]}–{crossing[1]} “{TEXT[crossing[0] : crossing[1]]}” crosses span {PERSON[0]}–{PERSON[1]}"
        in msg
        or f"span {ROLE[0]}–{ROLE[1]} “وزير الاتصالات” crosses span {crossing[0]}–{crossing[1]}" in msg
    )
    assert "may nest but not cross" in msg and counts(empty_ws) == before
    settings_restored(empty_ws)


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_a_span_crossing_an_enclosing_span_is_refused(empty_ws, tmp_path, order):
    outer = (PERSON[0], ROLE[1])  # "كاظم … الاتصالات"
    inner = PERSON  # nested in it, and closed before the next span starts
    crossing = (ROLE[0], len(TEXT))  # starts inside the outer span, ends after it
    spans = [(*outer, "event"), (*inner, "person"), (*crossing, "role")]
    if order == "reversed":
        spans.reverse()
    p = write_jsonl(tmp_path / "o.jsonl", [(TEXT, spans)])
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(empty_ws, [p], "jsonl")
    assert (
        f"span {crossing[0]}–{crossing[1]} “{TEXT[crossing[0] :]}” crosses span {outer[0]}–{outer[1]} "
        f"“{TEXT[outer[0] : outer[1]]}”: spans of a layer may nest but not cross"
    ) in info.value.problems[0]
    assert counts(empty_ws)[2] == 0


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_nested_and_same_range_spans_are_kept_and_identical_ones_dropped(empty_ws, tmp_path, order):
    a, b = PERSON
    spans = [
        (a, ROLE[1], "event"),
        (a, b, "person"),
        (a, b, "person"),
        (a, b, "role"),
        (a, b, "role"),
        (a, a + 4, "person"),
        (a, a + 4, "person"),
        (a + 5, b, "person"),
        (*ROLE, "role"),
        (*ROLE, "role"),
        (ROLE[0], ROLE[0] + 4, "role"),
        (ROLE[1], ROLE[1] + 3, "figure"),
        (ROLE[1] + 1, ROLE[1] + 3, "figure"),
    ]  # touching the event's end
    assert spans == sorted(spans, key=lambda x: (x[0], -x[1]))  # as a Hamish export has them
    if order == "shuffled":
        random.Random(3).shuffle(spans)
    p = write_jsonl(tmp_path / "n.jsonl", [(TEXT, spans)])
    rep = importing.import_corpus(empty_ws, [p], "jsonl", create_labels=True)
    assert rep.tally["span_duplicate"] == 4 and rep.spans_added == 9 and rep.spans_read == 13
    assert rep.label_counts == {"event": 1, "person": 5, "role": 5, "figure": 2}
    assert stored(empty_ws)[TEXT] == sorted({(s, e, lab, TEXT[s:e]) for s, e, lab in spans})


def test_two_source_labels_mapped_to_one_label_are_one_span(empty_ws, tmp_path):
    p = write_jsonl(tmp_path / "m.jsonl", [(TEXT, [(*PERSON, "PER"), (*PERSON, "person"), (*ROLE, "OCC")])])
    rep = importing.import_corpus(empty_ws, [p], "jsonl", label_map={"PER": "person", "OCC": "role"})
    assert rep.tally["span_duplicate"] == 1 and rep.spans_added == 2
    assert rep.label_counts == {"PER": 1, "person": 1, "OCC": 1}


def shuffled_reader(fmt, seed):
    """The format's reader, with every record's spans in a random order (forces the sorting path)."""
    read = get_format(fmt).read

    def shuffled(path, options):
        rng = random.Random(seed)
        for item in read(path, options):
            if isinstance(item, ImportRecord) and len(item.spans) > 1:
                rng.shuffle(item.spans)
            yield item

    return shuffled


@pytest.mark.parametrize(
    "fmt, files",
    [("conll-nested", [WOJOOD / "train.txt", WOJOOD / "val.txt"]), ("conll", [AQMAR / "dev.txt"])],
)
def test_the_same_layer_whatever_the_order_of_the_spans(tmp_path, monkeypatch, fmt, files):
    """Differential: real corpora imported as read, and with every record's spans shuffled."""
    results = []
    for run, seed in enumerate((None, 7)):
        ws = Workspace.open(tmp_path / f"{run}.db", annotator="amal")
        try:
            if seed is not None:
                monkeypatch.setattr(
                    importing,
                    "iter_items",
                    lambda read, paths, opts, s=seed: ingest.iter_items(shuffled_reader(fmt, s), paths, opts),
                )
            rep = importing.import_corpus(
                ws, files, fmt, create_labels=True, read=ReadOptions(sentences_per_document=20)
            )
            got = stored(ws)
            results.append(
                (
                    rep.spans_added,
                    rep.spans_read,
                    rep.documents_added,
                    rep.tally["span_duplicate"],
                    rep.label_counts,
                    got,
                )
            )
            assert all(t[s:e] == st for t, spans in got.items() for s, e, _l, st in spans)
        finally:
            ws.close()
    assert results[0] == results[1]
    assert results[0][0] == sum(len(v) for v in results[0][5].values()) > 1000
    if fmt == "conll":  # flat IOB2: one span per B- tag or I- tag beginning an entity (repaired)
        expected = 0
        for path in files:
            prev = "O"
            for raw in path.read_text(encoding="utf-8").splitlines():
                tag = raw.split(" ")[1] if " " in raw else "O"
                if tag.startswith("B-") or (tag.startswith("I-") and prev[2:] != tag[2:]):
                    expected += 1
                prev = tag
        assert results[0][0] == expected


def test_a_failure_in_a_late_batch_leaves_nothing_written(empty_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.engine, "BATCH_RECORDS", 3)
    good = [(f"{TEXT} {k}", [(*PERSON, "person"), (*ROLE, "role")], k) for k in range(20)]
    bad = (f"{TEXT} x", [(PERSON[0] + 5, ROLE[1], "event"), (*PERSON, "person")], 99)
    p = write_jsonl(tmp_path / "late.jsonl", [*good, bad])
    writes = []
    real = bulk.bulk_insert_span_rows
    monkeypatch.setattr(bulk, "bulk_insert_span_rows", lambda *a, **k: writes.append(1) or real(*a, **k))
    before = counts(empty_ws)
    with pytest.raises(importing.ImportFailed, match=r"late.jsonl, line 21: span .* crosses span"):
        importing.import_corpus(empty_ws, [p], "jsonl")
    assert len(writes) >= 6  # batches had been written before the bad record was read
    assert counts(empty_ws) == before
    settings_restored(empty_ws)
    # With --skip-bad the others go in, the bad one is reported.
    rep = importing.import_corpus(empty_ws, [p], "jsonl", skip_bad=True, rejected_path=tmp_path / "rej.jsonl")
    assert (rep.documents_added, rep.spans_added, rep.rejected) == (20, 40, 1)


def test_a_database_error_in_the_middle_rolls_everything_back(empty_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.engine, "BATCH_RECORDS", 2)
    p = write_jsonl(tmp_path / "d.jsonl", [(f"{TEXT} {k}", [(*PERSON, "person")], k) for k in range(10)])
    real = bulk.bulk_insert_span_rows
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk, "bulk_insert_span_rows", failing)
    before = counts(empty_ws)
    with pytest.raises(OperationalError, match="disk I/O error"):
        importing.import_corpus(empty_ws, [p], "jsonl")
    assert counts(empty_ws) == before
    settings_restored(empty_ws)


def test_cancel_after_batches_were_written_rolls_back(empty_ws, monkeypatch):
    monkeypatch.setattr(ingest.engine, "BATCH_RECORDS", 2)
    writes = []
    real = bulk.bulk_insert_span_rows
    monkeypatch.setattr(bulk, "bulk_insert_span_rows", lambda *a, **k: writes.append(1) or real(*a, **k))
    calls = []

    def progress(done, total):
        calls.append(done)
        return len(writes) < 5  # cancel once five batches of spans are in the transaction

    before = counts(empty_ws)
    with pytest.raises(Cancelled):
        importing.import_corpus(
            empty_ws,
            [AQMAR / "dev.txt", AQMAR / "test.txt"],
            "conll",
            create_labels=True,
            progress=progress,
            read=ReadOptions(sentences_per_document=1),
        )
    assert len(writes) >= 5 and counts(empty_ws) == before
    assert empty_ws.labels == Workspace(empty_ws.db).labels  # created labels rolled back too
    settings_restored(empty_ws)


def test_texts_already_in_the_project_keep_new_document_ids_consecutive(empty_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.engine, "BATCH_RECORDS", 3)
    texts = [f"{TEXT} {k}" for k in range(12)]
    first = write_jsonl(tmp_path / "first.jsonl", [(texts[k], [(*PERSON, "person")], k) for k in (2, 7)])
    importing.import_corpus(empty_ws, [first], "jsonl")  # documents 1 (text 2) and 2 (text 7)
    # Batches of 3: [0 1 2] has one known text, [3 4 5] none, [6 7 8] one, [9 10 11] none; text 4 twice.
    second = write_jsonl(
        tmp_path / "second.jsonl",
        [(t, [(*PERSON, "person"), (*ROLE, "role")], k) for k, t in enumerate(texts)]
        + [(texts[4], [(*FIRST_NAME, "person")], 50)],
    )
    rep = importing.import_corpus(empty_ws, [second], "jsonl")
    assert (rep.documents_added, rep.documents_existing) == (10, 3)
    assert rep.tally["document_existing"] == 2 and rep.tally["document_repeated"] == 1
    assert (
        rep.spans_added == 2 * 12 + 1 - 2
        and rep.tally["span_duplicate"] == 2
        and rep.tally["layer_merged"] == 3
    )
    with empty_ws.db.read() as s:
        ids = dict(s.execute(sql("SELECT text, id FROM document")).all())
        positions = [r[0] for r in s.execute(sql("SELECT position FROM document ORDER BY id"))]
    assert ids[texts[2]] == 1 and ids[texts[7]] == 2
    new_ids = [ids[t] for k, t in enumerate(texts) if k not in (2, 7)]
    assert new_ids == list(range(3, 13))  # consecutive, in file order: no id left unused
    assert positions == list(range(12))
    assert [d for d, _ in rep.added] == new_ids
    assert sorted(stored(empty_ws)[texts[4]]) == sorted(
        [
            (*PERSON, "person", "كاظم جلالي"),
            (*ROLE, "role", "وزير الاتصالات"),
            (*FIRST_NAME, "person", "كاظم"),
        ]
    )


def test_a_text_utf8_cannot_hold_is_a_problem_naming_file_and_line(empty_ws):
    bad = "نص \ud800 عربي"
    items = [
        ImportRecord(source="odd.jsonl", line=4, text=bad, spans=[ImportSpan(0, 2, "person", None, 4)]),
        ImportRecord(source="odd.jsonl", line=5, text=TEXT, spans=[ImportSpan(*PERSON, "person", None, 5)]),
    ]
    resolver = LabelResolver(empty_ws)
    engine = Ingest(empty_ws, "jsonl", ["odd.jsonl"], resolver, annotator="amal")
    before = counts(empty_ws)
    with pytest.raises(
        importing.ImportFailed,
        match=r"odd.jsonl, line 4: the text holds an unpaired surrogate U\+D800 at character 3",
    ):
        engine.run(items)
    assert counts(empty_ws) == before
    rep = Ingest(
        empty_ws,
        "jsonl",
        ["odd.jsonl"],
        LabelResolver(empty_ws),
        annotator="amal",
        skip_bad=True,
        rejected_path=empty_ws.db.location.path.with_name("rejected.jsonl"),
    ).run(items)
    assert (rep.documents_added, rep.spans_added, rep.rejected) == (1, 1, 1)


def test_a_bad_origin_is_refused_before_check_constraints_are_off(empty_ws):
    """CHECK constraints are not evaluated during a bulk import: the import checks origins itself."""
    items = [
        ImportRecord(
            source="o.jsonl",
            line=1,
            text=TEXT,
            spans=[ImportSpan(*PERSON, "person", None, 1)],
            origin="bogus",
        ),
        ImportRecord(
            source="o.jsonl",
            line=2,
            text=TEXT + ".",
            spans=[ImportSpan(*PERSON, "person", None, 2)],
            origins=["weird"],
            provenance=[None],
        ),
    ]
    with pytest.raises(importing.ImportFailed) as info:
        Ingest(empty_ws, "jsonl", ["o.jsonl"], LabelResolver(empty_ws), annotator="amal").run(items)
    assert info.value.problems == [
        "o.jsonl, line 1: origin 'bogus' is not one of manual, imported, suggested",
        f"o.jsonl, line 2: span {PERSON[0]}–{PERSON[1]}: origin 'weird' is not one of manual, imported, suggested",
    ]
    assert counts(empty_ws)[0] == 0


def test_multi_row_inserts_cover_every_remainder(empty_ws):
    """Statements of 1,024, 512, … 1 rows: every count from 0 to 2,100 inserts exactly its rows."""
    with empty_ws.db.write() as s:
        con = bulk._dbapi(s)
        con.execute("CREATE TEMP TABLE t (a, b, c)")
        total = 0
        for n in (0, 1, 2, 3, 7, 511, 1023, 1024, 1025, 2047, 2100):
            flat = [v for i in range(n) for v in (total + i, "x", None)]
            assert bulk._insert_flat(con, "INSERT INTO t (a, b, c) VALUES ", "(?,?,?)", 3, flat) == n
            total += n
        assert con.execute("SELECT count(*), count(DISTINCT a), min(a), max(a) FROM t").fetchone() == (
            total,
            total,
            0,
            total - 1,
        )
        # A connection allowing fewer parameters gets smaller statements.
        limit = con.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        try:
            assert (
                bulk._insert_flat(con, "INSERT INTO t (a, b, c) VALUES ", "(?,?,?)", 3, [1, 2, 3] * 700)
                == 700
            )
        finally:
            con.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
        con.execute("DROP TABLE t")
