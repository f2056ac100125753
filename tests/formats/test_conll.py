"""CoNLL readers and writers on the real corpora, and on broken input."""

import io
from pathlib import Path

import pytest

from app.formats import ExportDocument, ReadOptions, Rejected, WriteOptions, conll, conll_nested
from app.formats.base import FileNote, FormatError, ImportRecord
from tests.conftest import CORPORA

AQMAR = sorted((CORPORA / "aqmar").glob("*.txt"))
WOJOOD = sorted((CORPORA / "wojood-sample").glob("*.txt"))


def sentences(data: str) -> list[list[str]]:
    """Lines of a CoNLL text grouped by sentence (blank lines dropped)."""
    out, cur = [], []
    for line in data.splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def write_back(items, module, nested: bool) -> str:
    docs = [r for r in items if isinstance(r, ImportRecord)]
    buf = io.BytesIO()
    for i, r in enumerate(docs, 1):
        spans = [(s.start, s.end, s.label, r.text[s.start : s.end]) for s in r.spans]
        doc = ExportDocument(i, "", "", r.text, "", "a", "new", "", "", spans, r.meta)
        buf.write(module.encode_doc(doc, WriteOptions()))
    return buf.getvalue().decode("utf-8")


@pytest.mark.parametrize("path", AQMAR, ids=lambda p: p.name)
def test_aqmar_reads_and_writes_back_line_for_line(path):
    items = list(conll.read(path))
    assert not [i for i in items if isinstance(i, Rejected)]
    docs = [i for i in items if isinstance(i, ImportRecord)]
    assert all(d.meta["tokenization"] == "whitespace" for d in docs)
    assert sum(d.meta["sentences"] for d in docs) == len(sentences(path.read_text(encoding="utf-8")))
    for d in docs:
        for s in d.spans:  # spans cover whole tokens of the stored text
            assert d.text[s.start : s.end] == d.text[s.start : s.end].strip() and s.end > s.start
    assert write_back(items, conll, False) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WOJOOD, ids=lambda p: p.name)
def test_wojood_keeps_every_nesting_layer(path):
    items = list(conll_nested.read(path))
    assert not [i for i in items if isinstance(i, Rejected)]
    original = sentences(path.read_text(encoding="utf-8"))
    again = sentences(write_back(items, conll_nested, True))
    assert len(again) == len(original)
    diffs = [(a, b) for s, t in zip(original, again) for a, b in zip(s, t) if a != b]
    repaired = [n for i in items if isinstance(i, ImportRecord) for n in i.notes if n[0] == "iob_repaired"]
    # The only difference in the data: one sentence of train.txt starts with I-FAC (repaired to B-FAC).
    assert len(diffs) == len(repaired) == (1 if path.name == "train.txt" else 0)
    for a, b in diffs:
        assert a.replace("I-FAC", "B-FAC") == b


def test_seqeval_strict_reads_every_exported_entity():
    from seqeval.metrics.sequence_labeling import get_entities  # noqa: F401 - import check
    from seqeval.scheme import IOB2, Entities

    path = CORPORA / "aqmar" / "dev.txt"
    items = list(conll.read(path))
    exported = sentences(write_back(items, conll, False))
    tags = [[line.split(" ")[1] for line in s] for s in exported]
    n_spans = sum(len(i.spans) for i in items if isinstance(i, ImportRecord))
    ents = Entities(tags, IOB2, suffix=False)
    assert sum(len(e) for e in ents.entities) == n_spans > 1000


def write(tmp_path: Path, text: str | bytes, name="in.conll") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def problems(items):
    return [str(i) for i in items if isinstance(i, Rejected)]


@pytest.mark.parametrize(
    ("content", "line", "needle"),
    [
        ("a O\nb B-PER extra\n", 2, "3 columns"),
        ("a O\nb\n", 2, "1 columns"),
        ("a O\nb PER\n", 2, "not an IOB2 tag"),
        ("a O\nb E-PER\n", 2, "BIOES"),
        ("a O\n\nb B-PER\nc S-PER\n", 4, "BIOES"),
    ],
)
def test_malformed_lines_name_file_line_and_reason(tmp_path, content, line, needle):
    p = write(tmp_path, content)
    found = problems(conll.read(p))
    assert found and found[0].startswith(f"{p}, line {line}: ") and needle in found[0]


def test_i_after_o_is_repaired_by_policy(tmp_path):
    p = write(tmp_path, "a O\nb I-ORG\nc I-ORG\n")
    (rec,) = [i for i in conll.read(p) if isinstance(i, ImportRecord)]
    assert [(s.start, s.end, s.label) for s in rec.spans] == [(2, 5, "ORG")]
    assert rec.notes[0][0] == "iob_repaired" and f"{p}, line 2" in rec.notes[0][1]
    (rec,) = [i for i in conll.read(p, ReadOptions(iob_repair="drop")) if isinstance(i, ImportRecord)]
    assert rec.spans == []
    found = problems(conll.read(p, ReadOptions(iob_repair="error")))
    assert found == [f"{p}, line 2: I-ORG after O (invalid IOB2)"]


def test_bom_crlf_tabs_bidi_marks_and_documents(tmp_path):
    content = "\ufeffقال O\r\nكاظم\u200f B-PER\r\nجلالي I-PER\r\n\r\nمع O\r\n-DOCSTART- O\r\n\r\nسطر O\r\n"
    p = write(tmp_path, content)
    items = list(conll.read(p))
    recs = [i for i in items if isinstance(i, ImportRecord)]
    assert [r.text for r in recs] == ["قال كاظم\u200f جلالي\nمع", "سطر"]
    assert recs[0].text[recs[0].spans[0].start : recs[0].spans[0].end] == "كاظم\u200f جلالي"
    assert recs[1].meta.get("docstart") is True
    assert {n.kind for n in items if isinstance(n, FileNote)} == {"bom", "newlines"}
    assert recs[0].notes[0][0] == "bidi_marks" and "line 2" in recs[0].notes[0][1]
    tabbed = write(tmp_path, "New York\tB-LOC\ncity\tO\n", "tab.conll")
    (rec,) = [i for i in conll.read(tabbed) if isinstance(i, ImportRecord)]
    assert rec.text == "New York city" and rec.meta["token_offsets"] == [[(0, 8), (9, 13)]]
    assert [(s.start, s.end) for s in rec.spans] == [(0, 8)]


def test_sentences_per_document(tmp_path):
    p = write(tmp_path, "".join(f"w{i} O\n\n" for i in range(7)))
    sizes = [
        r.meta["sentences"]
        for r in conll.read(p, ReadOptions(sentences_per_document=3))
        if isinstance(r, ImportRecord)
    ]
    assert sizes == [3, 3, 1]
    whole = [r for r in conll.read(p, ReadOptions(sentences_per_document=0)) if isinstance(r, ImportRecord)]
    assert len(whole) == 1 and whole[0].text.count("\n") == 6


def test_empty_blank_and_undecodable_files(tmp_path):
    with pytest.raises(FormatError, match="empty"):
        list(conll.read(write(tmp_path, b"", "e.conll")))
    assert problems(conll.read(write(tmp_path, "\n\n", "b.conll"))) == [
        f"{tmp_path / 'b.conll'}: no sentences found (only blank lines)"
    ]
    with pytest.raises(FormatError, match=r"line 2: not valid UTF-8"):
        list(conll.read(write(tmp_path, b"a O\n" + "عربي O\n".encode("cp1256"), "c.conll")))


@pytest.mark.parametrize("piece", [None, 16 << 10], ids=["line-reader", "fast-reader"])
def test_a_long_file_is_streamed_not_loaded(tmp_path, monkeypatch, piece):
    """Records come out while the file is read: the first arrives before the reader gets far.
    (The fast reader reads pieces of ``conll.PIECE`` bytes, 1 MiB; here 16 KiB.)"""
    p = tmp_path / "big.conll"
    with p.open("w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(f"كلمة{i % 50} O\nاسم B-PER\n\n")
    from app.formats.base import ByteCounter

    counter = ByteCounter()
    if piece is None:
        it = conll.read_tokens(p, ReadOptions(counter=counter, sentences_per_document=10), False, "conll")
    else:
        monkeypatch.setattr(conll, "PIECE", piece)
        assert conll.is_plain(p, 64_000_000)
        it = conll.read(p, ReadOptions(counter=counter, sentences_per_document=10))
    first = next(it)
    assert isinstance(first, ImportRecord) and first.meta["sentences"] == 10
    assert counter.n < p.stat().st_size / 10  # only the start of the file was read
    rest = sum(1 for _ in it)
    assert rest == 1999 and counter.n == p.stat().st_size
