"""The fast CoNLL reader (plain files, read by sentence blocks) gives exactly what the line
reader gives: the same records, spans, lines, notes and refusals.

``conll.read`` takes the fast path when ``conll.is_plain`` says the file is plain; the line
reader (``conll.read_tokens``) is the reference for every file. Piece boundaries are
exercised by shrinking ``conll.PIECE`` to a few bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.formats import ReadOptions, conll
from app.formats.base import ImportRecord, Rejected
from tests.conftest import CORPORA

AQMAR = sorted((CORPORA / "aqmar").glob("*.txt"))


def both(path: Path, opts: ReadOptions) -> tuple[list, list]:
    return list(conll.read(path, opts)), list(conll.read_tokens(path, opts, nested=False, fmt="conll"))


OPTIONS = [
    ReadOptions(),
    ReadOptions(sentences_per_document=1),
    ReadOptions(sentences_per_document=7, iob_repair="drop"),
    ReadOptions(sentences_per_document=0, iob_repair="error"),
    ReadOptions(sentences_per_document=5, max_document_chars=300),
]


@pytest.mark.parametrize(
    "opts", OPTIONS, ids=lambda o: f"{o.sentences_per_document}-{o.iob_repair}-{o.max_document_chars}"
)
def test_real_corpora_read_the_same_on_both_paths(opts, monkeypatch):
    assert AQMAR, "the AQMAR corpus is missing"
    monkeypatch.setattr(conll, "PIECE", 4096)  # many pieces: sentences cut across them
    for path in AQMAR:
        assert conll.is_plain(path, opts.line_limit())
        fast, slow = both(path, opts)
        assert fast == slow
        records = [r for r in fast if isinstance(r, ImportRecord)]
        if opts.max_document_chars is None:
            assert records and sum(len(r.spans) for r in records) > 0
        else:  # most 5-sentence documents are over 300 characters: refused, on both paths alike
            assert any(isinstance(x, Rejected) and "over 300 characters" in x.reasons[0] for x in fast)
        for r in records:  # the reference's own invariant, on the fast path's records
            for s in r.spans:
                assert 0 <= s.start < s.end <= len(r.text)


def test_plain_detection(tmp_path):
    def f(name: str, data: bytes) -> Path:
        p = tmp_path / name
        p.write_bytes(data)
        return p

    body = "محمد B-PER\nفي O\n\nالقاهرة B-LOC\n".encode()
    assert conll.is_plain(f("plain.conll", body), 1 << 30)
    for name, data in {
        "crlf": body.replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + body,
        "utf16": "محمد B-PER\n".encode("utf-16"),
        "tab": body.replace(b" B-PER", b"\tB-PER"),
        "docstart": b"-DOCSTART- O\n\n" + body,
        "leading-space": body.replace(b"\n\xd9", b"\n \xd9", 1),
        "spaces-line": body.replace(b"\n\n", b"\n  \n"),
        "cp1256": "محمد B-PER\n".encode("cp1256"),
    }.items():
        assert not conll.is_plain(f(name, data), 1 << 30), name
    # a limit below the piece size: the line reader checks line lengths itself
    assert not conll.is_plain(f("plain2.conll", body), conll.PIECE - 1)


TOKENS = st.sampled_from(
    ["محمد", "القاهرة", "و", "16", "😀", "ﻻ", "a\u200fb", "x\u00a0y", "‏", "ـ", "-", "B-PER", "O"]
)
TAGS = st.sampled_from(
    [
        "O",
        "O",
        "O",
        "B-PER",
        "I-PER",
        "B-ORG",
        "I-ORG",
        "I-LOC",
        "B-",
        "I-",
        "E-PER",
        "PER",
        "b-per",
        "B-PER-X",
    ]
)


@st.composite
def conll_files(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["ok"] * 8 + ["blank", "blanks", "one", "three", "double", "trailing"]))
        tok, tag = draw(TOKENS), draw(TAGS)
        lines.append(
            {
                "ok": f"{tok} {tag}",
                "blank": "",
                "blanks": "\n",
                "one": tok,
                "three": f"{tok} {tag} {tag}",
                "double": f"{tok}  {tag}",
                "trailing": f"{tok} {tag} ",
            }[kind]
        )
    end = draw(st.sampled_from(["", "\n", "\n\n"]))
    return "\n".join(lines) + end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=conll_files(),
    per_doc=st.sampled_from([0, 1, 2, 50]),
    repair=st.sampled_from(["begin", "drop", "error"]),
    max_doc=st.sampled_from([None, 12, 60]),
    piece=st.sampled_from([1, 7, 64, 1 << 20]),
)
def test_fast_path_equals_line_reader(tmp_path_factory, text, per_doc, repair, max_doc, piece):
    path = tmp_path_factory.mktemp("c") / "f.conll"
    path.write_bytes(text.encode("utf-8"))
    if not text:
        return  # an empty file is refused before either reader runs (check_nonempty)
    opts = ReadOptions(
        iob_repair=repair, sentences_per_document=per_doc, max_document_chars=max_doc, max_line_bytes=1 << 30
    )
    old_piece = conll.PIECE
    conll.PIECE = piece
    try:
        assert conll.is_plain(path, opts.line_limit()) == (
            not any(line.startswith(" ") for line in text.split("\n"))
        )
        fast, slow = both(path, opts)
    finally:
        conll.PIECE = old_piece
    assert fast == slow
    assert all(isinstance(x, (ImportRecord, Rejected)) for x in fast)
