"""Every released schema upgrades with its data intact (fixtures in tests/data/)."""

import sqlite3
from pathlib import Path

import pytest

from app.store.db import HEAD_REVISION, open_database

DATA = Path(__file__).resolve().parent.parent / "data"
# Each released schema as an SQL dump (text in git, readable diffs); a test builds the file.
FIXTURES = sorted(DATA.glob("schema-*.sql"))


def build(dump: Path, target: Path) -> Path:
    con = sqlite3.connect(target)
    con.executescript(dump.read_text(encoding="utf-8"))
    con.close()
    return target


CONTENT_SQL = """
SELECT d.text_sha256, a.name, s.start, s."end", lab.name, s.text, s.origin
FROM span s JOIN layer l ON l.id = s.layer_id JOIN document d ON d.id = l.document_id
JOIN annotator a ON a.id = l.annotator_id JOIN label lab ON lab.id = s.label_id
"""


def snapshot(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {
            "spans": sorted(con.execute(CONTENT_SQL).fetchall()),
            "documents": sorted(con.execute("SELECT id, text, text_sha256, title FROM document").fetchall()),
            "layers": sorted(con.execute("SELECT document_id, annotator_id, status FROM layer").fetchall()),
            "labels": sorted(con.execute("SELECT name, key, colour FROM label").fetchall()),
        }
    finally:
        con.close()


def test_there_is_a_fixture_for_the_first_schema():
    assert [p.name for p in FIXTURES][:2] == ["schema-0001.sql", "schema-0002.sql"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_upgrade_keeps_every_document_and_span(fixture, tmp_path):
    db_file = build(fixture, tmp_path / (fixture.stem + ".db"))
    before = snapshot(db_file)
    assert before["spans"], "fixture without spans proves nothing"
    db = open_database(db_file)
    db.dispose()
    after = snapshot(db_file)
    assert after == before
    # a timestamped copy of the old file was made first, and it still holds the old schema
    assert db.upgraded_from == fixture.stem.split("-")[1] and db.upgrade_backup is not None
    assert db.upgrade_backup.parent == db_file.with_name(db_file.name + ".backups")
    assert snapshot(db.upgrade_backup) == before
    old = sqlite3.connect(db.upgrade_backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == db.upgraded_from
    old.close()
    con = sqlite3.connect(db_file)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
