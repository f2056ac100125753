import pytest
from sqlalchemy import text as sql

from app.services import importing
from app.services.workspace import Workspace
from tests.conftest import SEED


def doc_count(ws):
    with ws.db.read() as s:
        return s.execute(sql("SELECT count(*) FROM document")).scalar_one()


def test_import_records_crlf_normalisation_and_bom(ws, tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("\ufeffسطر أول\r\nسطر ثان\r\n".encode())
    rep = importing.import_text_files(ws, [p])
    with ws.db.read() as s:
        row = s.execute(
            sql("SELECT text, newlines_normalised, had_bom, source_name FROM document WHERE id = :i"),
            {"i": rep.added[0][0]},
        ).one()
    assert row == ("سطر أول\nسطر ثان\n", 2, 1, "crlf.txt")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        ("عربي".encode("cp1256") + b"\n\xff", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_a_bad_file_imports_nothing_at_all(ws, tmp_path, content, needle):
    good = tmp_path / "good.txt"
    good.write_text("نص سليم", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = doc_count(ws)
    with pytest.raises(importing.ImportFailed) as info:
        importing.import_text_files(ws, [good, bad])
    assert doc_count(ws) == before
    assert str(bad) in str(info.value) and needle in str(info.value)


def test_missing_file_is_named(ws, tmp_path):
    with pytest.raises(importing.ImportFailed, match="no such file"):
        importing.import_text_files(ws, [tmp_path / "absent.txt"])


def test_same_text_twice_is_reported_not_duplicated(ws):
    rep = importing.import_text_files(ws, [SEED])
    assert rep.added == [] and rep.duplicates == [(SEED.name, 1)]
    assert doc_count(ws) == 1


def test_seeding_fills_only_an_empty_project(tmp_path):
    w = Workspace.open(tmp_path / "s.db")
    first = importing.ensure_seeded(w, SEED.parent)
    assert first is not None and [name for _, name in first.added][0] == "000_f3562d74299d4607.txt"
    assert importing.ensure_seeded(w, SEED.parent) is None
    w.close()


def test_folder_import_takes_txt_files_in_name_order(ws, tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(f"نص {name}", encoding="utf-8")
    rep = importing.import_text_files(ws, [tmp_path])
    assert [n for _, n in rep.added] == ["a.txt", "b.txt"]
