"""Import messages say what is true: integers shown exactly, a UTF-16/UTF-32 file named as such,
a pretty-printed Label Studio task read (or its real line and reason named), every valid ISO 8601
time accepted. Through ``hamish import --check`` (it reads and checks everything, writes nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main

BIG = 2**70
TEXT = "كاظم جلالي"


def check(tmp_path: Path, capsys, fmt: str, path: Path) -> tuple[int, str]:
    code = main(
        ["--db", str(tmp_path / "p.db"), "import", "--format", fmt, "--create-labels", "--check", str(path)]
    )
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def hamish_line(**fields: object) -> dict:
    return {"format": "hamish-jsonl", "version": 1, "text": TEXT, "spans": [], **fields}


def ls_task(end: int) -> dict:
    return {
        "data": {"text": TEXT},
        "annotations": [
            {
                "result": [
                    {
                        "type": "labels",
                        "value": {"start": 0, "end": end, "text": "كاظم", "labels": ["person"]},
                    }
                ]
            }
        ],
    }


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        (
            "jsonl",
            json.dumps(
                hamish_line(id=BIG + 1, spans=[{"start": 0, "end": BIG, "label": "person", "text": "x"}])
            ),
        ),
        ("doccano", json.dumps({"id": 3, "text": TEXT, "label": [[0, BIG, "person"]]})),
        ("labelstudio", json.dumps(ls_task(BIG))),  # JSONL: one task a line
        ("labelstudio", json.dumps([ls_task(4), ls_task(BIG + 5)])),  # a JSON array, streamed
    ],
    ids=["jsonl", "doccano", "labelstudio-jsonl", "labelstudio-array"],
)
def test_integers_beyond_64_bits_are_shown_exactly(tmp_path, capsys, fmt, content):
    code, out = check(tmp_path, capsys, fmt, write(tmp_path, "big.json", content + "\n"))
    assert code == 1
    assert "e+21" not in out and "integer overflow" not in out and "duplicate" not in out
    assert str(BIG) in out or str(BIG + 5) in out
    if fmt == "jsonl":
        assert f"got {BIG + 1}" in out
    if content.startswith("["):
        assert "1 document(s) would be imported" in out  # the task before the big number is read


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio"])
def test_a_utf16_or_utf32_json_file_is_named_as_such(tmp_path, capsys, fmt, encoding):
    record = {"jsonl": hamish_line(), "doccano": {"text": TEXT, "label": []}, "labelstudio": ls_task(4)}[fmt]
    body = json.dumps(record, ensure_ascii=False) + "\n"
    code, out = check(tmp_path, capsys, fmt, write(tmp_path, "wide.jsonl", body.encode(encoding)))
    wide = "UTF-32" if "32" in encoding else "UTF-16"
    assert code == 1 and f"the file is {wide}" in out and "save it as UTF-8" in out
    assert "surrogates" not in out and "more problem" not in out
    assert out.count("problem: ") == 1


def test_a_pretty_printed_label_studio_task_is_read(tmp_path, capsys):
    p = write(tmp_path, "task.json", json.dumps(ls_task(4), indent=2, ensure_ascii=False))
    code, out = check(tmp_path, capsys, "labelstudio", p)
    assert code == 0 and "1 document(s) would be imported" in out and "1 span(s) would be added" in out


def test_a_broken_pretty_printed_task_names_the_real_line_and_reason(tmp_path, capsys):
    text = json.dumps(ls_task(4), indent=2, ensure_ascii=False)
    lines = text.split("\n")
    k = next(i for i, ln in enumerate(lines) if '"end"' in ln)
    lines[k] += ","  # a second comma: `"end": 4,,`
    p = write(tmp_path, "task.json", "\n".join(lines))
    code, out = check(tmp_path, capsys, "labelstudio", p)
    assert code == 1 and f"{p}, line {k + 1}: invalid JSON (unexpected character" in out
    assert "more problem" not in out and out.count("problem: ") == 1
    assert (
        main(["--db", str(tmp_path / "i.db"), "import", "--format", "labelstudio", "--create-labels", str(p)])
        == 1
    )
    err = capsys.readouterr().err
    assert f"{p}, line {k + 1}: invalid JSON" in err and "more problem" not in err


def test_a_pretty_printed_json_lines_file_is_said_to_be_one(tmp_path, capsys):
    p = write(tmp_path, "d.jsonl", json.dumps({"text": TEXT, "label": [[0, 4, "person"]]}, indent=2))
    assert (
        main(["--db", str(tmp_path / "d.db"), "import", "--format", "doccano", "--create-labels", str(p)])
        == 1
    )
    err = capsys.readouterr().err
    assert f"{p}, line 1: the JSON value starting on this line goes on over the next lines" in err
    assert "pretty-printed" in err and "more problem" not in err


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:30:00-05:00",
        "2026-11-26T12:00:00Z",
        "2026-11-26T12:00:00.5+03:00",
        "20261126T120000Z",
        "2026-W48-4T12:00",
        "2026-11-26",
        "2026-11-26 12:00:00,25",
    ],
)
def test_every_valid_iso_8601_time_is_accepted(tmp_path, capsys, when):
    p = write(
        tmp_path, "t.jsonl", json.dumps(hamish_line(annotator="amal", status="done", updated_at=when)) + "\n"
    )
    code, out = check(tmp_path, capsys, "jsonl", p)
    assert code == 0, out
    assert main(["--db", str(tmp_path / "m.db"), "merge", str(p)]) == 0
    assert (
        main(["--db", str(tmp_path / "m.db"), "merge", str(p)]) == 0
    )  # the same layer again: kept, not replaced
    assert "1 layers kept" in capsys.readouterr().out


def test_an_invalid_time_is_still_refused(tmp_path, capsys):
    p = write(tmp_path, "t.jsonl", json.dumps(hamish_line(updated_at="2026-13-40T25:00:00Z")) + "\n")
    code, out = check(tmp_path, capsys, "jsonl", p)
    assert code == 1 and "'2026-13-40T25:00:00Z' is not an ISO 8601 time" in out
