"""Span-offset formats: native JSONL, doccano, Label Studio, brat, plain text — reading,
writing, and every kind of bad input named by file, line and reason."""

import io
import json

import orjson
import pytest

from app.formats import (
    ExportDocument,
    ReadOptions,
    Rejected,
    WriteOptions,
    brat,
    doccano,
    jsonl,
    labelstudio,
    plaintext,
)
from app.formats.base import FormatError, ImportRecord

EMOJI_TEXT = "🙂 اجتمع كاظم جلالي\r\nمع 🙂 وزير"  # astral characters and CRLF


def recs(items):
    return [i for i in items if isinstance(i, ImportRecord)]


def rejected(items):
    return [str(i) for i in items if isinstance(i, Rejected)]


def doc(text, spans, did=1, meta=None):
    return ExportDocument(
        did,
        "t",
        "s.txt",
        text,
        "0" * 64,
        "amal",
        "done",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
        [(s, e, lab, text[s:e]) for s, e, lab in spans],
        meta,
    )


def lines(tmp_path, rows, name="in.jsonl"):
    p = tmp_path / name
    p.write_bytes(b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in rows))
    return p


def native(text, spans, did=1, **kw):
    return {
        "format": "hamish-jsonl",
        "version": 1,
        "id": did,
        "title": "t",
        "source": "s.txt",
        "text": text,
        "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans],
        **kw,
    }


# --- native JSONL ----------------------------------------------------------------------------------


def test_native_round_trip_is_exact(tmp_path):
    t = "🙂 اجتمع كاظم جلالي\nمع وزير"
    d = doc(t, [(2, 7, "event"), (8, 18, "person"), (8, 12, "person")])
    buf = io.BytesIO()
    jsonl.write([d], buf)
    p = tmp_path / "a.jsonl"
    p.write_bytes(buf.getvalue())
    (r,) = recs(jsonl.read(p))
    assert r.text == t and [(s.start, s.end, s.label, s.text) for s in r.spans] == [tuple(x) for x in d.spans]
    assert (r.title, r.source_name, r.status, r.annotator) == ("t", "s.txt", "done", "amal")


def test_native_bad_records(tmp_path):
    t = "كاظم جلالي"
    p = lines(
        tmp_path,
        [
            native(t, [(0, 4, "person")], 1),
            b'{"format": "hamish-jsonl", "version": 1, "text": ',  # line 2: invalid JSON
            native(t, [(0, 40, "person")], 2),  # end beyond the text
            native(t, [(4, 4, "person")], 3),  # start >= end
            {**native(t, [], 1)},  # duplicate id 1
            {
                **native(t, [(0, 4, "person")], 5),
                "spans": [{"start": 0, "end": 4, "label": "person", "text": "جلالي"}],
            },
            {"text": t, "label": []},  # not Hamish JSONL
            {**native(t, [], 8), "version": 2},
        ],
    )
    found = rejected(jsonl.read(p))
    assert len(found) == 7
    assert found[0].startswith(f"{p}, line 2: invalid JSON")
    assert "line 3: span 1 (person 0–40): end beyond the text (length 10" in found[1]
    assert "line 4: span 1 (person 4–4): start must be before end" in found[2]
    assert "line 5: duplicate document id 1 (also on line 1)" in found[3]
    assert "line 6: span 1 (person 0–4): the offsets cover 'كاظم' but the file quotes 'جلالي'" in found[4]
    assert "line 7: not a Hamish JSONL line" in found[5]
    assert "line 8: format version 2 is written by a newer Hamish" in found[6]


def test_crlf_in_json_text_moves_offsets(tmp_path):
    t = "سطر\r\nكاظم جلالي\r\nآخر"
    s = t.index("كاظم")
    p = lines(tmp_path, [native(t, [(s, s + 10, "person"), (0, 12, "event")])])
    (r,) = recs(jsonl.read(p))
    assert r.text == "سطر\nكاظم جلالي\nآخر" and r.newlines_normalised == 2
    assert [(sp.start, sp.end, sp.text) for sp in r.spans] == [(4, 14, "كاظم جلالي"), (0, 11, "سطر\nكاظم جل")]
    assert ("newlines", f"{p}, line 1", 1) in r.notes


# --- doccano -----------------------------------------------------------------------------------------


def test_doccano_counts_utf16_units_by_default(tmp_path):
    t = EMOJI_TEXT.replace("\r\n", "\n")
    k = t.index("كاظم")
    d = doc(t, [(k, k + 10, "person")])
    out = orjson.loads(doccano.encode_doc(d, WriteOptions()))
    assert out == {"text": t, "label": [[k + 1, k + 11, "person"]]}  # the emoji counts two in doccano
    cp = orjson.loads(doccano.encode_doc(d, WriteOptions(offsets="codepoints")))
    assert cp["label"] == [[k, k + 10, "person"]]
    p = lines(
        tmp_path,
        [
            out,
            {"id": 9, "text": t, "labels": [[k + 1, k + 11, "PER"]]},
            {"text": t, "entities": [{"start_offset": k + 1, "end_offset": k + 11, "label": "PER"}]},
        ],
    )
    got = recs(doccano.read(p))
    assert [[(s.start, s.end, s.text) for s in r.spans] for r in got] == [[(k, k + 10, "كاظم جلالي")]] * 3


def test_doccano_bad_records(tmp_path):
    t = "🙂 كاظم"
    p = lines(
        tmp_path,
        [
            {"text": t, "label": [[1, 3, "PER"]]},  # 1 is inside the emoji's surrogate pair
            {"text": t, "label": [[0, 30, "PER"]]},
            {"text": t, "label": ["positive"]},
            {"id": 1, "text": t, "label": []},
            {"id": 1, "text": t, "label": []},
            {"label": []},
        ],
    )
    found = rejected(doccano.read(p))
    assert "line 1: label 1 (PER 1–3): an offset falls inside a character" in found[0]
    assert "line 2: label 1 (PER 0–30): end beyond the text (length 7 UTF-16 units)" in found[1]
    assert "line 3: label 1 ('positive') is a document category" in found[2]
    assert "line 5: duplicate document id 1 (also on line 4)" in found[3]
    assert 'line 6: "text" must be a non-empty string' in found[4]


# --- Label Studio -------------------------------------------------------------------------------------


def ls_task(t, spans, **extra):
    return {
        "id": extra.pop("id", 1),
        "data": {"text": t},
        "annotations": [
            {
                "result": [
                    {
                        "id": f"r{i}",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": s, "end": e, "text": t[s:e], "labels": [lab]},
                    }
                    for i, (s, e, lab) in enumerate(spans)
                ]
            }
        ],
        **extra,
    }


def test_labelstudio_array_round_trip_with_emoji(tmp_path):
    t = "🙂 اجتمع كاظم جلالي\nمع 🙂 وزير"
    k = t.index("كاظم")
    d = doc(t, [(k, k + 10, "person"), (t.index("وزير"), len(t), "role")])
    buf = io.BytesIO()
    labelstudio.write([d, doc(t + "!", [], 2)], buf)
    data = json.loads(buf.getvalue())
    assert len(data) == 2 and data[0]["annotations"][0]["result"][0]["value"]["start"] == k
    p = tmp_path / "tasks.json"
    p.write_bytes(buf.getvalue())
    got = recs(labelstudio.read(p))
    assert [(s.start, s.end, s.label) for s in got[0].spans] == [(s, e, lab) for s, e, lab, _ in d.spans]
    assert got[1].text == t + "!" and got[1].spans == []


def test_labelstudio_problems_predictions_and_extra_annotations(tmp_path):
    t = "🙂 كاظم جلالي"
    old = ls_task(t, [(2, 6, "PER")], id=1)
    old["annotations"][0]["result"][0]["value"].update(
        start=3, end=7
    )  # UTF-16 offsets of an old Label Studio
    pred = {
        "id": 2,
        "data": {"text": t},
        "predictions": [{"result": ls_task(t, [(2, 6, "PER")])["annotations"][0]["result"]}],
    }
    two = ls_task(t, [(2, 6, "PER")], id=3)
    two["annotations"].append({"result": [], "was_cancelled": False})
    p = tmp_path / "t.json"
    p.write_text(
        json.dumps([old, pred, two, ls_task(t, [], id=3), {"data": {}}], ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    items = list(labelstudio.read(p))
    found = rejected(items)
    assert (
        "task 1: result 1 (PER 3–7): the offsets cover 'اظم '" in found[0]
        and "use --offsets utf16" in found[0]
    )
    assert "task 4: duplicate task id 3 (also task 3)" in found[1]
    assert "task 5: no text" in found[2]
    good = recs(items)
    assert good[0].origin == "suggested" and good[0].notes[0][0] == "ls_predictions"
    assert good[1].notes[0][0] == "ls_extra_annotations"
    assert recs(labelstudio.read(p, ReadOptions(offsets="utf16")))[0].spans[0].text == "كاظم"


def test_labelstudio_invalid_json_names_the_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('[\n  {"data": {"text": "a"}},\n  {"data": {"text": }\n]\n', encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad.json, line 3: invalid JSON"):
        list(labelstudio.read(p))


# --- brat ------------------------------------------------------------------------------------------------


def test_brat_folder_round_trip_with_line_breaks(tmp_path):
    t = "🙂 الاجتماع الخامس\nلمجموعة العمل\nكاظم"
    d = doc(t, [(2, 31, "event"), (18, 31, "organisation"), (32, 36, "person")], did=7)
    opts = WriteOptions(all_labels=["person", "organisation", "event"])
    out = tmp_path / "b"
    out.mkdir()
    assert brat.write_folder([d], out, opts) == 1
    ann = (out / "000007.ann").read_text(encoding="utf-8")
    assert ann.splitlines()[0] == "T1\tevent 2 17;18 31\tالاجتماع الخامس لمجموعة العمل"
    assert opts.tally["fragmented"] == 1
    assert (
        (out / "annotation.conf")
        .read_text(encoding="utf-8")
        .startswith("[entities]\nperson\norganisation\nevent\n")
    )
    (r,) = recs(brat.read(out / "000007.ann"))
    assert [(s.start, s.end, s.label) for s in r.spans] == [(s, e, lab) for s, e, lab, _ in d.spans]
    assert ("brat_fragments_joined", f"{out / '000007.ann'}: 1", 1) in r.notes


def test_brat_problems(tmp_path):
    (tmp_path / "lonely.ann").write_text("T1\tPER 0 4\tكاظم\n", encoding="utf-8")
    assert rejected(brat.read(tmp_path / "lonely.ann")) == [
        f"{tmp_path / 'lonely.ann'}: no lonely.txt beside it: a brat .ann file needs its .txt"
    ]
    (tmp_path / "a.txt").write_text("كاظم جلالي في عمان", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tPER 0 10\tكاظم جلالي\nR1\tLives Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tnote\n"
        "T2\tLOC 0 4;14 18\tكاظم عمان\nT3\tPER 0 4\tجلالي\nT4\tPER x y\tz\n",
        encoding="utf-8",
    )
    (found,) = rejected(brat.read(tmp_path / "a.ann"))
    assert (
        "line 4: discontinuous LOC entity" in found and "line 5 (PER 0–4): the offsets cover 'كاظم'" in found
    )
    assert "line 6: offsets 'x y' are not START END" in found
    (tmp_path / "b.txt").write_text("كاظم", encoding="utf-8")
    (tmp_path / "b.ann").write_text("T1\tPER 0 4\tكاظم\nA1\tNegated T1\n", encoding="utf-8")
    (r,) = recs(brat.read(tmp_path / "b.ann"))
    assert r.notes[0][:1] == ("brat_other_lines",) and r.notes[0][2] == 1


# --- plain text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        ("نص عربي\r\nسطر".encode(), "utf-8", False),
        ("\ufeffنص عربي\r\nسطر".encode(), "utf-8", True),
        ("نص عربي\r\nسطر".encode("utf-16"), "utf-16", True),
        ("نص عربي\r\nسطر".encode("utf-16-be"), None, None),
        (
            ("هذا نص عربي طويل بما يكفي ليتعرف عليه الكاشف. " * 20 + "\r\nسطر").encode("cp1256"),
            "windows-1256",
            False,
        ),
    ],
)
def test_text_encodings(tmp_path, data, encoding, bom):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    items = list(plaintext.read(p))
    if encoding is None:  # UTF-16 without a byte-order mark is not guessed: refused with the strict message
        assert "not valid UTF-8" in rejected(items)[0] or "binary" in rejected(items)[0]
        return
    (r,) = recs(items)
    assert (
        r.meta["encoding"] == encoding
        and r.had_bom is bom
        and r.text.endswith("\nسطر")
        and "\r" not in r.text
    )


def test_text_refuses_what_it_cannot_read(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("café crème brûlée, déjà vu\n".encode("latin-1") * 20)
    (msg,) = rejected(plaintext.read(p))
    assert msg.startswith(f"{p}, line 1: not valid UTF-8")
    e = tmp_path / "empty.txt"
    e.write_bytes(b"")
    assert rejected(plaintext.read(e)) == [f"{e}: the file is empty"]
