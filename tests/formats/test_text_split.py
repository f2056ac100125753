"""Text files longer than one document: streamed and split at paragraph breaks (app.formats.plaintext).

The limit is lowered (``max_document_chars``, ``HAMISH_MAX_DOCUMENT_CHARS``) so that the
behaviour of a 50 MB file is tested on a few kilobytes of AQMAR text; the large files
themselves are measured by ``tests/stress/large_input.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql

from app.formats import ReadOptions, Rejected, plaintext
from app.services import importing
from app.services.workspace import Workspace
from tests.conftest import CORPORA, ROOT


def aqmar_paragraphs(n: int, sentences: int = 3) -> list[str]:
    """``n`` paragraphs of ``sentences`` AQMAR sentences each (tokens joined by spaces)."""
    sents, cur = [], []
    for line in (CORPORA / "aqmar" / "train.txt").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            cur.append(line.split(" ")[0])
        elif cur:
            sents.append(" ".join(cur))
            cur = []
            if len(sents) >= n * sentences:
                break
    return [" ".join(sents[k : k + sentences]) for k in range(0, n * sentences, sentences)]


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="amal")
    yield w
    w.close()


def documents(ws) -> list[tuple[str, dict, int]]:
    with ws.db.read() as s:
        return [
            (t, json.loads(m), n)
            for t, m, n in s.execute(sql("SELECT text, meta, newlines_normalised FROM document ORDER BY id"))
        ]


def check_parts(original: str, parts: list[tuple[str, dict]], limit: int) -> None:
    """Each part is the file's text at its offset, within the limit; between parts only whitespace."""
    norm = original.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    pos = 0
    for k, (text, meta) in enumerate(parts, 1):
        assert 0 < len(text) <= limit and text.strip()
        assert meta["part"] == k
        off = meta["offset"]
        assert norm[off : off + len(text)] == text
        assert not norm[pos:off].strip(), f"text lost between parts: {norm[pos:off]!r}"
        assert meta["line"] == norm.count("\n", 0, off) + 1
        pos = off + len(text)
    assert not norm[pos:].strip()


def test_a_file_within_the_limit_is_one_document_as_before(ws, tmp_path):
    paras = aqmar_paragraphs(4)
    p = tmp_path / "a.txt"
    p.write_text("\r\n\r\n".join(paras) + "\r\n", encoding="utf-8")
    n = len("\n\n".join(paras)) + 1
    rep = importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=n))
    assert rep.documents_added == 1
    ((text, meta, changed),) = documents(ws)
    assert text == "\n\n".join(paras) + "\n" and changed == 7 and "part" not in meta


def test_a_larger_file_is_cut_at_paragraph_breaks(ws, tmp_path):
    paras = aqmar_paragraphs(12)
    original = "\r\n\r\n".join(paras) + "\r\n"
    p = tmp_path / "big.txt"
    p.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    limit = max(max(len(x) for x in paras) + 1, len(original) // 6)
    rep = importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=limit))
    docs = documents(ws)
    assert rep.documents_added == len(docs) > 3 and rep.tally["text_split"] == len(docs)
    check_parts(original, [(t, m) for t, m, _ in docs], limit)
    # every cut is at a paragraph break: each part is whole paragraphs
    assert all(set(t.rstrip("\n").split("\n\n")) <= set(paras) for t, _, _ in docs)
    assert docs[-1][0].endswith(" .\n")  # the last part ends as the file does
    # CRLF counts: within the parts, plus the separators dropped at the cuts
    assert sum(c for _, _, c in docs) == sum(t.count("\n") for t, _, _ in docs)
    with ws.db.read() as s:
        assert s.execute(sql("SELECT had_bom FROM document ORDER BY id")).scalars().all() == [1] + [0] * (
            len(docs) - 1
        )


def test_a_paragraph_longer_than_the_limit_is_cut_at_lines_then_spaces(ws, tmp_path):
    paras = aqmar_paragraphs(6, sentences=1)
    one_paragraph = "\n".join(paras)  # one paragraph of 6 lines
    p = tmp_path / "p.txt"
    p.write_text(one_paragraph, encoding="utf-8")
    limit = max(len(x) for x in paras) + 5
    importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=limit))
    docs = documents(ws)
    check_parts(one_paragraph, [(t, m) for t, m, _ in docs], limit)
    assert [t for t, _, _ in docs] == paras or all("\n" not in t or len(t) <= limit for t, _, _ in docs)
    # one line: cut at spaces, the spaces at a cut dropped
    line = " ".join(paras)
    q = tmp_path / "line.txt"
    q.write_text(line, encoding="utf-8")
    ws2 = Workspace.open(tmp_path / "q.db", annotator="amal")
    try:
        importing.import_corpus(ws2, [q], "text", read=ReadOptions(max_document_chars=100))
        parts = documents(ws2)
        check_parts(line, [(t, m) for t, m, _ in parts], 100)
        assert " ".join(t for t, _, _ in parts) == line
    finally:
        ws2.close()


def test_a_run_without_a_space_cannot_be_cut(ws, tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("كلمة قصيرة\n" * 3 + "ب" * 300 + "\nآخر\n", encoding="utf-8")
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=100))
    assert f"{p}, line 4: more than 100 characters without a space or a line break" in str(info.value)
    assert documents(ws) == []


@pytest.mark.parametrize("encoding", ["utf-16", "cp1256"])
def test_large_files_in_other_encodings_are_streamed(ws, tmp_path, encoding):
    paras = aqmar_paragraphs(10)
    original = "\n\n".join(paras) + "\n"
    p = tmp_path / "e.txt"
    p.write_bytes(original.encode(encoding, "ignore" if encoding == "cp1256" else "strict"))
    expected = p.read_bytes().decode(encoding)
    if encoding == "utf-16":
        expected = expected.lstrip("\ufeff")
    limit = len(original) // 3
    importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=limit))
    docs = documents(ws)
    assert len(docs) >= 3 and {m["encoding"] for _, m, _ in docs} == {
        "utf-16" if encoding == "utf-16" else "windows-1256"
    }
    check_parts(expected, [(t, m) for t, m, _ in docs], limit)


def test_a_bad_byte_or_nul_late_in_a_large_file_names_its_line(ws, tmp_path):
    paras = aqmar_paragraphs(10)
    body = ("\n\n".join(paras)).encode("utf-8")
    at = body.rindex(b" ", 0, len(body) - 10)  # a character boundary near the end
    line = body.count(b"\n", 0, at) + 1
    for bad, what in ((b"\xff", f"not valid UTF-8 (byte 0xff at byte {at})"), (b"\x00", "NUL character")):
        p = tmp_path / "bad.txt"
        p.write_bytes(body[:at] + bad + body[at:])
        with pytest.raises(importing.ImportFailed) as info:
            importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=200))
        assert f"{p}, line {line}: " in str(info.value) and what in str(info.value)
        assert documents(ws) == []


def test_the_strict_import_splits_too_and_stays_all_or_nothing(ws, tmp_path):
    paras = aqmar_paragraphs(8)
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(paras), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xd9\x83\xff")
    with pytest.raises(importing.ImportFailed):
        importing.import_text_files(ws, [big, bad], max_document_chars=300)
    assert documents(ws) == []
    rep = importing.import_text_files(ws, [big], max_document_chars=300)
    docs = documents(ws)
    assert len(rep.added) == len(docs) > 2
    check_parts("\n\n".join(paras), [(t, m) for t, m, _ in docs], 300)
    again = importing.import_text_files(ws, [big], max_document_chars=300)
    assert again.added == [] and len(again.duplicates) == len(docs)
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("\n\n".join(paras).encode("utf-16"))
    with pytest.raises(importing.ImportFailed, match=r"u16.txt, line 1: the file is UTF-16"):
        importing.import_text_files(ws, [utf16], max_document_chars=300)


def test_the_cli_splits_with_the_limit_from_the_environment(tmp_path):
    paras = aqmar_paragraphs(10)
    p = tmp_path / "big.txt"
    p.write_text("\n\n".join(paras), encoding="utf-8")
    env = {**os.environ, "HAMISH_MAX_DOCUMENT_CHARS": "400"}
    db = tmp_path / "cli.db"
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "import", str(p)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    n = int(re.match(r"([\d,]+) document\(s\) imported", out.stdout).group(1).replace(",", ""))
    assert n > 3 and "documents cut from text files" in out.stdout
    env["HAMISH_MAX_DOCUMENT_CHARS"] = "ten"
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "import", str(p)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1 and "HAMISH_MAX_DOCUMENT_CHARS='ten': give a whole number" in out.stderr


paragraph = st.lists(
    st.sampled_from(aqmar_paragraphs(30, sentences=1) + ["x", "  ", "\t", "😀", "ـ"]), min_size=1, max_size=4
)


@given(
    blocks=st.lists(
        st.tuples(paragraph, st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n \n", "\r", " ", "\n\n\n"])),
        min_size=1,
        max_size=12,
    ),
    limit=st.integers(20, 400),
    bom=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_parts_are_the_files_text_cut_within_the_limit(tmp_path_factory, blocks, limit, bom):
    """Whatever the text and the limit: parts are the file's text at their offsets, none over
    the limit, only whitespace lost between them; or a refusal for a run without a space."""
    original = "".join(" ".join(words) + sep for words, sep in blocks)
    p = tmp_path_factory.mktemp("split") / "t.txt"
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + original.encode("utf-8"))
    items = list(plaintext.read(p, ReadOptions(max_document_chars=limit)))
    rejected = [i for i in items if isinstance(i, Rejected)]
    norm = original.replace("\r\n", "\n").replace("\r", "\n")
    if rejected:
        assert len(rejected) == 1 and items[-1] is rejected[0]
        assert (
            "without a space" in rejected[0].reasons[0] and re.search(r"\S{%d}" % (limit + 1), norm)
        ) or "holds no text" in rejected[0].reasons[0]
        return
    if not norm.strip():
        pytest.fail("a whitespace-only file was accepted")
    if len(norm) <= limit:
        assert [(r.text, r.meta.get("part")) for r in items] == [(norm, None)]
        return
    check_parts(original, [(r.text, r.meta) for r in items], limit)


def test_chunk_boundaries_of_a_multi_megabyte_file(ws, tmp_path):
    """A CRLF across the first 1 MiB read, parts cut further on; a bad byte 2 MB in names its line."""
    paras = aqmar_paragraphs(40)
    block = "\r\n\r\n".join(paras).encode("utf-8") + b"\r\n"
    data = block * (2_500_000 // len(block) + 1)
    head = plaintext.HEAD_BYTES
    cut = data.rindex(b" ", 0, head - 10)  # a character boundary before the first read ends
    body = data[:cut] + b" " * (head - 1 - cut) + b"\r\n" + data[cut:]
    assert body[head - 1 : head + 1] == b"\r\n"
    p = tmp_path / "big.txt"
    p.write_bytes(body)
    text = body.decode("utf-8")
    importing.import_corpus(ws, [p], "text", read=ReadOptions(max_document_chars=300_000))
    docs = documents(ws)
    assert len(docs) >= 5
    check_parts(text, [(t, m) for t, m, _ in docs], 300_000)
    # every LF kept in a part was a CRLF: each counted once, whatever read it fell in
    assert [c for _, _, c in docs] == [t.count("\n") for t, _, _ in docs]
    at = body.rindex(b" ", 0, 2_000_000)
    bad = body[:at] + b"\xff" + body[at:]
    q = tmp_path / "bad.txt"
    q.write_bytes(bad)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_corpus(ws, [q], "text", read=ReadOptions(max_document_chars=300_000))
    line = bad.count(b"\n", 0, at) + 1
    assert f"{q}, line {line}: not valid UTF-8 (byte 0xff at byte {at})" in str(info.value)
