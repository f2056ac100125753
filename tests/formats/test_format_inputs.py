"""Which files an import reads, as each format declares it (Format.input_files, companion_suffixes)."""

from pathlib import Path

from app.formats import FORMATS, get_format
from app.main import main


def touch(folder: Path, *names: str) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")


def test_a_folder_is_searched_by_the_format_s_suffixes_and_a_file_is_read_as_given(tmp_path):
    corpus = tmp_path / "corpus"
    touch(corpus, "b.jsonl", "a.JSONL", "notes.txt", "c.json")
    (corpus / "sub.jsonl").mkdir()  # a folder named like a file is not one
    given = tmp_path / "extra.data"
    given.write_text("x", encoding="utf-8")
    assert get_format("jsonl").input_files([corpus, given]) == [corpus / "a.JSONL", corpus / "b.jsonl", given]
    assert get_format("labelstudio").input_files([corpus]) == [
        corpus / "a.JSONL",
        corpus / "b.jsonl",
        corpus / "c.json",
    ]
    assert get_format("text").input_files(iter([corpus])) == [corpus / "notes.txt"]


def test_brat_reads_each_ann_with_its_txt_and_a_lone_txt_as_a_document_without_spans(tmp_path):
    corpus = tmp_path / "brat"
    touch(corpus, "1.ann", "1.txt", "2.txt", "3.ann", "3.txt", "annotation.conf")
    brat = get_format("brat")
    assert brat.input_files([corpus]) == [corpus / "1.ann", corpus / "2.txt", corpus / "3.ann"]
    assert brat.companion_suffixes == (".txt",)
    assert [name for name, f in FORMATS.items() if f.companion_suffixes] == ["brat"]


def test_the_txt_beside_a_brat_ann_is_an_input_the_rejected_report_may_not_replace(tmp_path, capsys):
    corpus = tmp_path / "brat"
    corpus.mkdir()
    (corpus / "1.txt").write_text("اجتمع كاظم جلالي", encoding="utf-8")
    (corpus / "1.ann").write_text("T1\tperson 6 10\tكاظم\n", encoding="utf-8")
    before = (corpus / "1.txt").read_bytes()
    db = tmp_path / "p.db"
    for given in (corpus, corpus / "1.ann"):
        code = main(
            [
                "--db",
                str(db),
                "import",
                "--format",
                "brat",
                "--skip-bad",
                str(given),
                "--rejected",
                str(corpus / "1.txt"),
            ]
        )
        err = capsys.readouterr().err
        assert code == 1 and "input of this command" in err, err
    assert (corpus / "1.txt").read_bytes() == before
