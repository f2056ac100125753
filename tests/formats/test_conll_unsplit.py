"""CoNLL files without blank lines (ANERcorp as distributed): sentences cut at sentence-final
punctuation, every problem named with its line, ``--skip-bad`` leaving out a sentence (not the
file), ``--check`` claiming no report it did not write. Through ``hamish import``/``export``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.formats import ReadOptions, conll, conll_nested
from app.formats.base import ImportRecord, Rejected
from app.main import main
from tests.conftest import ROOT

UNSPLIT = ROOT / "tests" / "data" / "conll-unsplit" / "aqmar-dev-40.txt"
FINAL = set(".?!؟…۔")


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def sentences_of(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.strip("\n").split("\n\n")]


def is_final(line: str) -> bool:
    token, tag = line.split(" ")
    return set(token) <= FINAL and tag == "O"


def entities(lines: list[str]) -> int:
    return sum(1 for ln in lines if ln.split(" ")[1].startswith("B-"))


def counts(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM document").fetchone()[0], con.execute(
            "SELECT count(*) FROM span"
        ).fetchone()[0]
    finally:
        con.close()


def test_the_fixture_is_unsplit_aqmar():
    original = (ROOT / "tests" / "data" / "corpora" / "aqmar" / "dev.txt").read_text(encoding="utf-8")
    fixture = lines_of(UNSPLIT)
    assert "" not in fixture
    assert fixture == [ln for s in sentences_of(original)[:40] for ln in s]


def test_a_file_without_blank_lines_is_cut_at_sentence_final_punctuation(tmp_path, capsys):
    db, out = tmp_path / "a.db", tmp_path / "back.conll"
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--sentences-per-document",
                "10",
                str(UNSPLIT),
            ]
        )
        == 0
    )
    summary = capsys.readouterr().out
    source = lines_of(UNSPLIT)
    expected = sum(map(is_final, source)) + (not is_final(source[-1]))
    assert f"{expected:,} sentences of CoNLL files without blank lines" in summary and str(UNSPLIT) in summary
    assert counts(db) == (-(-expected // 10), entities(source))  # 10 sentences a document
    assert main(["--db", str(db), "export", "--format", "conll", "--out", str(out)]) == 0
    back = sentences_of(out.read_text(encoding="utf-8"))
    assert len(back) == expected > 1
    assert [ln for s in back for ln in s] == source  # every token and tag, in order
    assert all(is_final(s[-1]) for s in back[:-1]) and not any(is_final(ln) for s in back for ln in s[:-1])


def test_split_sentences_never_keeps_the_file_one_sentence(tmp_path, capsys):
    db = tmp_path / "n.db"
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--split-sentences",
                "never",
                str(UNSPLIT),
            ]
        )
        == 0
    )
    assert "sentences of CoNLL files without blank lines" not in capsys.readouterr().out
    con = sqlite3.connect(db)
    (text,) = con.execute("SELECT text FROM document").fetchone()
    con.close()
    assert "\n" not in text and len(text.split(" ")) == len(lines_of(UNSPLIT))


def test_files_with_blank_lines_are_not_cut(tmp_path):
    """A separated file keeps its own sentences, whatever its line ends (CRLF, lone CR)."""
    original = sentences_of(
        (ROOT / "tests" / "data" / "corpora" / "aqmar" / "dev.txt").read_text(encoding="utf-8")
    )[:40]
    text = "\n\n".join("\n".join(s) for s in original) + "\n"
    for name, data in {
        "lf": text,
        "crlf": text.replace("\n", "\r\n"),
        "cr": text.replace("\n", "\r"),
    }.items():
        p = tmp_path / f"{name}.conll"
        p.write_bytes(data.encode("utf-8"))
        assert not conll.splits_sentences(p, ReadOptions()), name
        recs = [
            r for r in conll.read(p, ReadOptions(sentences_per_document=0)) if isinstance(r, ImportRecord)
        ]
        assert recs[0].meta["sentences"] == 40, name
        assert not [n for n in recs[0].notes if n[0] == "sentences_split"]


def test_nested_files_are_cut_too(tmp_path):
    p = tmp_path / "w.conll"
    p.write_text(
        "ذهب O O\nمحمد B-PERS O\n. O O\nإلى O O\nوزارة B-ORG O\nالصحة I-ORG B-MISC\n؟ O O\n", encoding="utf-8"
    )
    (rec,) = [r for r in conll_nested.read(p) if isinstance(r, ImportRecord)]
    assert rec.text == "ذهب محمد .\nإلى وزارة الصحة ؟"
    assert [(rec.text[s.start : s.end], s.label) for s in rec.spans] == [
        ("محمد", "PERS"),
        ("وزارة الصحة", "ORG"),
        ("الصحة", "MISC"),
    ]


def broken_copy(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """The fixture with bad lines: two in one sentence, one in another (line number → bad line)."""
    lines = lines_of(UNSPLIT)
    finals = [i for i, ln in enumerate(lines) if is_final(ln)]
    a, b = finals[2] + 2, finals[2] + 4  # inside the 4th sentence
    c = finals[10] + 3  # inside the 12th
    bad = {
        a + 1: lines[a] + " extra",
        b + 1: lines[b].split(" ")[0] + " X-FOO",
        c + 1: lines[c].split(" ")[0],
    }
    for n, text in bad.items():
        lines[n - 1] = text
    p = tmp_path / "broken.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p, bad


def test_check_names_every_problem_line_and_writes_no_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p, bad = broken_copy(tmp_path)
    assert (
        main(
            [
                "--db",
                str(tmp_path / "c.db"),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--check",
                str(p),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    for n in bad:
        assert f"line {n}: " in out
    problems = [ln for ln in out.splitlines() if ln.startswith("problem: ")]
    assert len(problems) == 2  # two sentences
    assert "written to" not in out and "rejected-records report" not in out
    assert list(tmp_path.glob("rejected*")) == []


def test_skip_bad_leaves_out_the_bad_sentences_only(tmp_path, capsys):
    p, bad = broken_copy(tmp_path)
    db, report = tmp_path / "s.db", tmp_path / "rejected.jsonl"
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "conll",
                "--create-labels",
                "--skip-bad",
                "--rejected",
                str(report),
                str(p),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"2 record(s) rejected, written to {report}" in out
    rows = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    a, b, c = sorted(bad)
    assert [r["line"] for r in rows] == [a, c]  # one record per bad sentence, at its first bad line
    assert rows[0]["reasons"][0].startswith("3 columns") and rows[0]["reasons"][1].startswith(
        f"line {b}: tag 'X-FOO'"
    )
    assert rows[1]["reasons"] == ["1 columns: expected `token TAG`"]

    def good(lines: list[str]) -> list[str]:
        return [ln for ln in lines if len(ln.split(" ")) == 2 and not ln.endswith("X-FOO")]

    skipped = [ln for r in rows for ln in r["record"].split("\n")]
    docs, spans = counts(db)
    assert docs >= 1 and spans == entities(good(lines_of(p))) - entities(good(skipped)) > 0
    assert all(is_final(r["record"].split("\n")[-1]) for r in rows)  # whole sentences, nothing more


def test_skip_bad_fails_when_every_sentence_is_bad(tmp_path, capsys):
    p = tmp_path / "all-bad.conll"
    p.write_text("أ O x\nب O y\n. O z\n", encoding="utf-8")
    db, report = tmp_path / "b.db", tmp_path / "r.jsonl"
    assert (
        main(
            ["--db", str(db), "import", "--format", "conll", "--skip-bad", "--rejected", str(report), str(p)]
        )
        == 1
    )
    cap = capsys.readouterr()
    assert (
        f"{p}, line 1: 3 columns" in cap.out
        and "line 2: 3 columns" in cap.out
        and "line 3: 3 columns" in cap.out
    )
    assert (
        cap.err == f"hamish import: every record was rejected (1; see {report}): no document was imported\n"
    )
    assert counts(db) == (0, 0)
    (row,) = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert row["line"] == 1 and row["record"] == p.read_text(encoding="utf-8").rstrip("\n")


def test_every_bad_line_of_a_sentence_is_named(tmp_path):
    p = tmp_path / "many.conll"
    p.write_text("".join(f"w{i} O extra\n" for i in range(25)) + "\n" + "ok O\n", encoding="utf-8")
    (rej,) = [x for x in conll.read(p) if isinstance(x, Rejected)]
    assert rej.line == 1 and [r.split(":")[0] for r in rej.reasons[1:20]] == [
        f"line {n}" for n in range(2, 21)
    ]
    assert rej.reasons[-1] == "and 5 more line(s) of this sentence with problems"
