"""Regressions: each bug the hostile-input properties (test_hostile.py) found, as a plain test.

Every test here failed before its fix (an uncaught exception, a wrong or silently changed
text, a layer lost) and names the input that showed it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime

import orjson
import pytest
from sqlalchemy import text as sql

from app.formats import ReadOptions, conll, labelstudio
from app.services import export, importing, merge
from app.services.session import DocumentSession
from app.services.workspace import Workspace
from app.store.models import Layer
from tests.conftest import SEED


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    yield w
    w.close()


def label(ws, doc: int, start: int, end: int, name: str) -> None:
    session = DocumentSession(ws, doc)
    session.apply(session.plan_label(start, end, name, exact=True))


def content(ws) -> tuple:
    with ws.db.read() as s:
        return tuple(
            tuple(s.execute(sql(f"SELECT * FROM {t} ORDER BY rowid")).all())
            for t in ("annotator", "label", "document", "layer", "span")
        )


def refused(ws, paths, fmt, **kw) -> str:
    before = content(ws)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(ws, paths, fmt, **kw)
    assert content(ws) == before
    return str(info.value)


def native(text, spans=(), **extra) -> dict:
    return {
        "format": "hamish-jsonl",
        "version": 1,
        "text": text,
        "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans],
        **extra,
    }


def lines(*objs) -> bytes:
    return b"".join((o if isinstance(o, bytes) else orjson.dumps(o)) + b"\n" for o in objs)


# --- ids that are not strings or integers --------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,record",
    [
        ("jsonl", native("كاظم جلالي", id=[])),
        ("doccano", {"id": {"a": 1}, "text": "كاظم جلالي", "label": []}),
        ("labelstudio", {"id": [1], "data": {"text": "كاظم جلالي"}, "annotations": []}),
    ],
)
def test_an_id_that_is_a_list_or_object_is_a_problem_not_a_crash(ws, tmp_path, fmt, record):
    """Was: TypeError: unhashable type: 'list' (the id was a key of the duplicate-id check)."""
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(record))
    msg = refused(ws, [p], fmt)
    assert f"{p}, line 1" in msg and "must be a string" in msg and "integer" in msg


def test_a_task_id_beyond_64_bits_is_a_problem(ws, tmp_path):
    """A file escaping a surrogate pair is read by ijson's Python parser, which gives integers
    of any size: an id beyond 64 bits would fail writing document.meta (orjson)."""
    p = tmp_path / "tasks.json"
    p.write_bytes(b'[{"id": 18446744073709551616, "data": {"text": "\\ud83d\\ude00"}}]')
    msg = refused(ws, [p], "labelstudio")
    assert f"{p}: task 1" in msg and '"id" must be a string' in msg
    q = tmp_path / "plain.json"  # the C parser stops at such a number: the Python parser reads it exactly
    q.write_bytes(b'[{"id": 18446744073709551616, "data": {"text": "x"}}]')
    assert (
        f'{q}: task 1: "id" must be a string (up to 1,000 characters) or a 64-bit integer, got 18446744073709551616'
        in refused(ws, [q], "labelstudio")
    )


# --- JSON nested deeper than a writer can write -----------------------------------------------------


def test_a_rejected_label_studio_task_nested_300_deep_is_reported(ws, tmp_path):
    """Was: TypeError (orjson: Recursion limit reached) writing the rejected task into the report.
    Such a task is now refused by the depth check before parsing; the report writer still
    copes with anything."""
    p = tmp_path / "tasks.json"
    p.write_bytes(
        b'[{"data": {"text": "abc"}, "deep": '
        + b"[" * 300
        + b"]" * 300
        + b', "annotations": [{"result": [{"value": {"start": 0, "end": 9, "text": "abc", "labels": ["person"]}}]}]}]'
    )
    assert f"{p}, line 1: JSON nested more than 200 levels deep" in refused(ws, [p], "labelstudio")
    deep: list = []
    for _ in range(300):
        deep = [deep]
    assert isinstance(labelstudio._raw_of({"deep": deep, "n": 2**70}), (bytes, str))
    q = tmp_path / "ok.json"  # nested 150 deep, end beyond the text: a problem, written to the report
    q.write_bytes(
        b'[{"data": {"text": "abc"}, "deep": '
        + b"[" * 150
        + b"]" * 150
        + b', "annotations": [{"result": [{"value": {"start": 0, "end": 9, "text": "abc", "labels": ["person"]}}]}]}]'
    )
    assert "task 1: result 1 (person 0–9): end beyond the text" in refused(ws, [q], "labelstudio")
    rep = importing.import_corpus(ws, [q], "labelstudio", skip_bad=True, rejected_path=tmp_path / "rej.jsonl")
    assert rep.rejected == 1 and rep.documents_added == 0
    row = json.loads((tmp_path / "rej.jsonl").read_text(encoding="utf-8"))
    assert row["file"] == str(q) and "end beyond the text" in row["reasons"][0] and row["record"]


def test_doccano_fields_nested_300_deep_are_a_problem(ws, tmp_path):
    """Was: TypeError (orjson: Recursion limit reached) in the import engine writing document.meta."""
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'{"text": "abc", "label": [], "extra": ' + b"[" * 300 + b"]" * 300 + b"}\n")
    msg = refused(ws, [p], "doccano")
    assert f"{p}, line 1: other fields ('extra') cannot be kept" in msg


def test_offsets_nested_1000_deep_give_a_short_message(ws, tmp_path):
    """Was: RecursionError building the message (repr of the offsets)."""
    p = tmp_path / "in.jsonl"
    deep = "[" * 1000 + "]" * 1000
    p.write_bytes(
        (
            '{"format": "hamish-jsonl", "version": 1, "text": "abc", "spans": [{"start": '
            + deep
            + ', "end": 2, "label": "person", "text": "ab"}]}\n'
        ).encode()
    )
    msg = refused(ws, [p], "jsonl")
    assert f"{p}, line 1: span 1: offsets must be integers, got [[[[...]]]], 2" in msg and len(msg) < 300


def test_a_number_of_4000_digits_gives_a_short_message(ws, tmp_path):
    """ijson's Python parser (used when a file escapes surrogates) gives integers of any size
    (up to Python's 4300 digits): a message shows a few of them."""
    p = tmp_path / "tasks.json"
    p.write_bytes(
        b'[{"data": {"text": "abc \\ud83d\\ude00"}, "annotations": [{"result": [{"value": {"start": 0, "end": '
        + b"9" * 4000
        + b', "text": "abc", "labels": ["person"]}}]}]}]'
    )
    msg = refused(ws, [p], "labelstudio")
    assert "task 1: result 1 (person 0–" in msg and "end beyond the text" in msg and len(msg) < 400


def test_annotations_that_are_not_a_list(ws, tmp_path):
    """Was: TypeError: 'int' object is not iterable."""
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines({"data": {"text": "abc"}, "annotations": 5, "predictions": "x"}))
    rep = importing.import_corpus(ws, [p], "labelstudio")
    assert rep.documents_added == 1 and rep.spans_added == 0


# --- escaped surrogates in a Label Studio JSON array ---------------------------------------------------


def test_an_escaped_lone_low_surrogate_is_a_problem_not_a_crash(ws, tmp_path):
    """Was: UnicodeDecodeError from ijson's C backend, uncaught."""
    p = tmp_path / "tasks.json"
    p.write_bytes(b'[{"data": {"text": "a\\udc00b"}}]')
    msg = refused(ws, [p], "labelstudio")
    assert f"{p}" in msg and "task 1: a string holds a lone UTF-16 surrogate" in msg


def test_an_escaped_high_surrogate_is_refused_not_turned_into_another_character(ws, tmp_path):
    """Was: ijson's C backend read "a\\ud800\\u0041" as "a𐁁" (and "\\ud800" as "?"): a different
    text, imported without a word."""
    p = tmp_path / "tasks.json"
    p.write_bytes(b'[{"data": {"text": "a\\ud800\\u0041"}}, {"data": {"text": "\\ud800"}}]')
    msg = refused(ws, [p], "labelstudio")
    assert "task 1: a string holds a lone UTF-16 surrogate" in msg and "and 1 more problem" in msg


def test_an_escaped_surrogate_pair_is_the_emoji_with_code_point_offsets(ws, tmp_path):
    p = tmp_path / "tasks.json"
    p.write_bytes(
        b'[{"data": {"text": "\\ud83d\\ude00 \\u0643\\u0627\\u0638\\u0645"}, "annotations": [{"result": '
        b'[{"value": {"start": 2, "end": 6, "text": "\\u0643\\u0627\\u0638\\u0645", "labels": ["person"]}}]}]}]'
    )
    rep = importing.import_corpus(ws, [p], "labelstudio")
    assert rep.spans_added == 1
    with ws.db.read() as s:
        assert s.execute(
            sql(
                'SELECT d.text, sp.start, sp."end", sp.text FROM span sp JOIN layer l ON l.id = sp.layer_id '
                "JOIN document d ON d.id = l.document_id"
            )
        ).one() == ("😀 كاظم", 2, 6, "كاظم")


def test_the_c_parser_is_kept_for_files_without_surrogate_escapes(tmp_path):
    p = tmp_path / "tasks.json"
    p.write_bytes(b'[{"data": {"text": "\\\\ud800 is written with a backslash"}}]')
    assert labelstudio._has_surrogate_escapes(p)  # a false alarm costs speed only: the Python parser
    (rec,) = list(labelstudio.read(p))
    assert rec.text == "\\ud800 is written with a backslash"
    q = tmp_path / "plain.json"
    q.write_bytes('[{"data": {"text": "كاظم 😀"}}]'.encode())
    assert not labelstudio._has_surrogate_escapes(q)


# --- brat ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("offsets", ["0 ²", "0 " + "9" * 5000, "٠ ٤", "0x0 4"])
def test_brat_offsets_that_are_not_ascii_digits(ws, tmp_path, offsets):
    """Was: ValueError from int() ("²".isdigit() is True; 5000 digits exceed int()'s limit)."""
    (tmp_path / "a.txt").write_text("كاظم جلالي", encoding="utf-8")
    (tmp_path / "a.ann").write_text(f"T1\tperson {offsets}\tكاظم\n", encoding="utf-8")
    msg = refused(ws, [tmp_path / "a.ann"], "brat")
    assert f"{tmp_path / 'a.ann'}: line 1: offsets" in msg and "are not START END" in msg and len(msg) < 400


@pytest.mark.parametrize("quoted", ["كاظم\u2028جلالي", "كاظم\x85جلالي", "كاظم\x0cجلالي", "كاظم\tجلالي"])
def test_brat_quoted_text_holding_a_unicode_line_separator_or_a_tab(ws, tmp_path, quoted):
    """Was: refused (the .ann was cut by str.splitlines(), which breaks at U+2028, U+0085, \\f…;
    a tab in the quoted text cut it short)."""
    text = f"قال {quoted} أمس"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    s = text.index(quoted)
    (tmp_path / "a.ann").write_text(
        f"T1\tperson {s} {s + len(quoted)}\t{quoted}\nT2\tperson 0 3\tقال\n", encoding="utf-8"
    )
    rep = importing.import_corpus(ws, [tmp_path / "a.ann"], "brat")
    assert rep.spans_added == 2
    with ws.db.read() as s_:
        assert sorted(s_.execute(sql("SELECT text FROM span")).scalars()) == sorted([quoted, "قال"])


# --- native JSONL times -------------------------------------------------------------------------------


def test_an_updated_at_that_is_not_a_time_is_a_problem(ws, tmp_path):
    """Was: stored as the layer's updated_at; the layer could then not be read back as a time."""
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(native("كاظم جلالي", [(0, 4, "person")], updated_at="yesterday")))
    assert f"{p}, line 1: \"updated_at\" 'yesterday' is not an ISO 8601 time" in refused(ws, [p], "jsonl")


def test_an_updated_at_with_an_offset_is_stored_in_utc(ws, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(native("كاظم جلالي", [(0, 4, "person")], updated_at="2026-11-26T14:00:00+02:00")))
    importing.import_corpus(ws, [p], "jsonl")
    with ws.db.read() as s:
        assert s.execute(sql("SELECT updated_at FROM layer")).scalar_one() == "2026-11-26 12:00:00.000000"
        assert s.get(Layer, 1).updated_at == datetime(2026, 11, 26, 12, 0)  # the ORM reads it back


# --- merging an export: documents without the annotator's layer ------------------------------------------------


def test_merging_an_export_invents_no_layers(tmp_path):
    """Was: every document without the annotator's layer (exported as status "new", no spans)
    got an empty layer on merge: agreement then counted them as annotated with no spans."""
    src = Workspace.open(tmp_path / "src.db", annotator="amal")
    importing.import_text_files(src, [SEED])
    extra = tmp_path / "extra.txt"
    extra.write_text("نص آخر", encoding="utf-8")
    importing.import_text_files(src, [extra])
    label(src, 1, 0, 5, "role")
    export.export(src, tmp_path / "amal.jsonl", export.ExportOptions(annotator="amal"))
    src.close()
    dst = Workspace.open(tmp_path / "dst.db", annotator="rana")
    rep = merge.merge(dst, tmp_path / "amal.jsonl")
    assert rep.documents_added == 2 and rep.layers_added == 1
    with dst.db.read() as s:
        assert s.execute(sql("SELECT count(*) FROM layer")).scalar_one() == 1
    dst.close()


def test_merging_an_export_never_empties_a_layer(tmp_path):
    """Was: a document the exporting project had no layer on is exported with the document's
    creation time as updated_at; merged into a project where that annotator has spans on the
    document, the "newer" empty layer replaced them: the spans were lost."""
    mine = Workspace.open(tmp_path / "mine.db", annotator="amal")
    importing.import_text_files(mine, [SEED])
    label(mine, 1, 0, 5, "role")
    time.sleep(0.01)
    other = Workspace.open(tmp_path / "other.db", annotator="amal")
    importing.import_text_files(other, [SEED])  # created after amal's layer in mine
    export.export(other, tmp_path / "other.jsonl", export.ExportOptions(annotator="amal"))
    other.close()
    merge.merge(mine, tmp_path / "other.jsonl")
    with mine.db.read() as s:
        assert s.execute(sql('SELECT start, "end", text FROM span')).all() == [
            (0, 5, SEED.read_text(encoding="utf-8")[:5])
        ]
    mine.close()


def test_importing_an_export_adds_no_empty_layers(ws, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(native("نص أول", status="new"), native("نص ثان", status="done"), native("نص ثالث")))
    rep = importing.import_corpus(ws, [p], "jsonl")
    assert rep.documents_added == 3 and rep.layers_added == 1  # "done" with no spans: a layer (nothing found)


# --- CR inside a CoNLL line, CRLF in JSON text -------------------------------------------------------------------


def test_conll_lines_ending_in_a_lone_cr(ws, tmp_path):
    """Was: a classic-Mac (CR) file was one line ("3 columns"), and a CR inside a line stayed
    in the stored text (against the rule: CR and CRLF become LF)."""
    p = tmp_path / "mac.conll"
    p.write_bytes(
        b"\xd9\x83\xd8\xa7\xd8\xb8\xd9\x85 B-person\r\xd8\xac\xd9\x84\xd8\xa7\xd9\x84\xd9\x8a I-person\r\r"
        b"\xd9\x81\xd9\x8a O\r"
    )
    rep = importing.import_corpus(ws, [p], "conll")
    assert rep.spans_added == 1 and rep.tally["newlines"] == 1
    with ws.db.read() as s:
        assert s.execute(sql("SELECT text FROM document")).scalar_one() == "كاظم جلالي\nفي"
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"a O\rb B-person extra\r")
    assert f"{bad}, line 2: 3 columns" in refused(ws, [bad], "conll")


def test_a_span_covering_only_the_cr_of_a_crlf(ws, tmp_path):
    """Was: moved to an empty span, reported as "lies outside the text or is empty"."""
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(native("أ\r\nب", [(1, 2, "person")])))
    assert f"{p}, line 1: span (person 1–2): covers only the CR of a CRLF line break" in refused(
        ws, [p], "jsonl"
    )


# --- limits: a line, a document ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio"])
def test_a_line_over_the_limit_is_refused_without_being_read_whole(ws, tmp_path, fmt, monkeypatch):
    p = tmp_path / "in.jsonl"
    record = native("نص " * 50) if fmt == "jsonl" else {"text": "نص " * 50, "data": {"text": "نص " * 50}}
    p.write_bytes(
        lines(native("قصير") if fmt == "jsonl" else {"text": "قصير", "data": {"text": "قصير"}}, record)
    )
    monkeypatch.setenv("HAMISH_MAX_LINE_BYTES", "200")
    msg = refused(ws, [p], fmt)
    assert f"{p}, line 2: the line is " in msg and "at most 200 bytes (set HAMISH_MAX_LINE_BYTES" in msg
    monkeypatch.setenv("HAMISH_MAX_LINE_BYTES", "2k")
    assert importing.import_corpus(ws, [p], fmt).documents_added == 2


def test_a_bad_limit_setting_is_a_service_error(ws, tmp_path, monkeypatch):
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(native("نص")))
    monkeypatch.setenv("HAMISH_MAX_DOCUMENT_CHARS", "lots")
    with pytest.raises(importing.ServiceError, match="HAMISH_MAX_DOCUMENT_CHARS='lots': give a whole number"):
        importing.import_corpus(ws, [p], "jsonl")


@pytest.mark.parametrize(
    "fmt,record",
    [
        ("jsonl", native("كاظم " * 20)),
        ("doccano", {"text": "كاظم " * 20, "label": []}),
        ("labelstudio", {"data": {"text": "كاظم " * 20}}),
    ],
)
def test_a_document_over_the_limit_is_refused(ws, tmp_path, fmt, record):
    p = tmp_path / "in.jsonl"
    p.write_bytes(lines(record))
    msg = refused(ws, [p], fmt, read=ReadOptions(max_document_chars=50))
    assert (
        "the text is 100 characters; one document may hold at most 50 (set HAMISH_MAX_DOCUMENT_CHARS" in msg
    )


def test_brat_text_over_the_limit(ws, tmp_path):
    (tmp_path / "a.txt").write_text("كاظم " * 20, encoding="utf-8")
    (tmp_path / "a.ann").write_text("", encoding="utf-8")
    msg = refused(ws, [tmp_path / "a.ann"], "brat", read=ReadOptions(max_document_chars=50))
    assert f"{tmp_path / 'a.txt'}: the text is 100 characters" in msg
    msg = refused(ws, [tmp_path / "a.ann"], "brat", read=ReadOptions(max_document_chars=10))
    assert "the text file is 180 bytes, more than 10 characters" in msg  # refused without reading it


def test_conll_document_over_the_limit(ws, tmp_path):
    p = tmp_path / "in.conll"
    p.write_text("".join(f"كلمة{i} O\n\n" for i in range(30)), encoding="utf-8")
    msg = refused(ws, [p], "conll", read=ReadOptions(sentences_per_document=0, max_document_chars=100))
    assert (
        f"{p}, line 1: the document starting here (the whole file (--sentences-per-document 0)) is over 100"
        in msg
    )
    rep = importing.import_corpus(
        ws, [p], "conll", read=ReadOptions(sentences_per_document=5, max_document_chars=100)
    )
    assert rep.documents_added == 6


def test_a_conll_line_over_the_limit(ws, tmp_path):
    p = tmp_path / "in.conll"
    p.write_bytes(b"a O\n" + b"b" * 5000 + b" O\nc O\n")
    msg = refused(ws, [p], "conll", read=ReadOptions(max_line_bytes=1000))
    assert f"{p}, line 2: the line is 5,003 bytes; a line may hold at most 1,000 bytes" in msg
    assert list(conll.read(p, ReadOptions(max_line_bytes=10_000)))  # under the limit: read


# --- the import engine (app/services/ingest/) -----------------------------------------------------------------


def test_a_batch_of_large_documents_holds_a_bounded_amount_of_text(ws, tmp_path, monkeypatch):
    """Was: batches were cut by record count (500) and span count (50,000) only, so 500
    documents of 5 MB (2.5 GB of text) could be pending at once; now also at ~1 M characters."""
    from app.services.ingest.writers import DatabaseWriter

    words = SEED.read_text(encoding="utf-8").split() * 200
    p = tmp_path / "big.jsonl"
    with p.open("wb") as fh:
        for k in range(40):  # 40 documents of ~100,000 characters
            text = f"{k} " + " ".join(words[k * 50 :])[:100_000]
            fh.write(orjson.dumps(native(text, id=k)) + b"\n")
    sizes: list[int] = []
    original = DatabaseWriter.write_batch

    def spy(self, batch):  # type: ignore[no-untyped-def]
        sizes.append(sum(len(p.rec.text) for p in batch))
        return original(self, batch)

    monkeypatch.setattr(DatabaseWriter, "write_batch", spy)
    rep = importing.import_corpus(ws, [p], "jsonl")
    assert rep.documents_added == 40 and sum(sizes) >= 4_000_000
    assert max(sizes) <= 1_100_000, f"one batch held {max(sizes):,} characters of text"


# --- JSON nested deeper than any task (Label Studio arrays, read by ijson) ------------------------------------


def test_label_studio_json_nested_100000_deep_is_refused_before_parsing(ws, tmp_path):
    """Was: a 200 KB file nesting 100,000 arrays made ijson's C parser take tens of GB (its
    memory grows with the square of the depth; the process was killed) and its Python parser
    (used for files escaping surrogates) over a minute."""
    p = tmp_path / "tasks.json"
    p.write_bytes(
        b'[{"data": {"text": "x"}},\n{"data": {"text": "y"}, "deep": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}]"
    )
    msg = refused(ws, [p], "labelstudio")
    assert f"{p}, line 2: JSON nested more than 200 levels deep" in msg


def test_brackets_and_escapes_inside_strings_are_not_nesting(ws, tmp_path):
    text = '[[[{{ "quoted \\" [ \\\\' * 300  # 1,500 opening brackets, quotes and backslashes in a text
    p = tmp_path / "tasks.json"
    p.write_bytes(json.dumps([{"data": {"text": text}, "deep": json.loads("[" * 150 + "]" * 150)}]).encode())
    rep = importing.import_corpus(ws, [p], "labelstudio")
    assert rep.documents_added == 1
    with ws.db.read() as s:
        assert s.execute(sql("SELECT text FROM document")).scalar_one() == text
