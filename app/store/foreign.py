"""Reading another Hamish database (the source of a merge), read-only, never changed.

Any schema this Hamish knows is read: columns added by later migrations (``kind``,
``meta``, ``active_seconds``, ``provenance``) get their default where they are missing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from app.store.db import KNOWN_REVISIONS, SQLITE_MAGIC
from app.store.errors import DatabaseError, translated


def is_sqlite_file(path: Path) -> bool:
    """The file starts with SQLite's header (the merge's cue that it is a database)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _connect(path: Path) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error:
        # A WAL database in a folder we may not write to: read it as an immutable snapshot.
        try:
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: cannot read the database ({exc})") from None


class ForeignDatabase:
    """An open source database; use it in a ``with`` block (closed at its end, and an error
    of SQLite inside it comes out as :class:`app.store.errors.SqlError`)."""

    def __init__(self, path: Path) -> None:
        """Open ``path`` read-only; DatabaseError unless it is a Hamish database of a schema
        this Hamish knows."""
        self._conn = _connect(path)
        try:
            rev = self.revision()
        except BaseException:
            self._conn.close()
            raise
        if rev is None or rev not in KNOWN_REVISIONS:
            self._conn.close()
            if rev is None:
                raise DatabaseError(f"{path}: is not a Hamish database")
            raise DatabaseError(
                f"{path}: was written by a newer Hamish (schema {rev}); update Hamish to merge it"
            )

    def __enter__(self) -> ForeignDatabase:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translated(exc) from exc

    def revision(self) -> str | None:
        try:
            row = self._conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:  # not a Hamish database
            return None
        return row[0] if row else None

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self._conn.execute(f"PRAGMA table_info({table})")}

    def record_count(self) -> int:
        """Layers and documents: the records a merge reads (its progress)."""
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM layer) + (SELECT count(*) FROM document)"
        ).fetchone()
        return int(row[0])

    def annotators(self) -> list[tuple[int, str, str]]:
        """``(id, name, kind)``; schema 0001 has no kind (every annotator is human there)."""
        kind = "kind" if "kind" in self._columns("annotator") else "'human'"
        return self._conn.execute(f"SELECT id, name, {kind} FROM annotator ORDER BY id").fetchall()

    def labels(self) -> list[tuple[int, str, str, str]]:
        """``(id, name, colour, description)``."""
        return self._conn.execute(
            "SELECT id, name, colour, description FROM label ORDER BY position, id"
        ).fetchall()

    def layers(self, annotator: int) -> Iterator[tuple[tuple, tuple, list[tuple]]]:
        """``(document row, layer row, span rows)`` of one annotator's layers, by layer id.

        document row: ``(id, title, source_name, text, newlines_normalised, had_bom, meta)``;
        layer row: ``(status, updated_at, active_seconds)``; span rows:
        ``(start, end, label_id, text, origin, provenance)`` in (start, -end) order.
        """
        meta = "d.meta" if "meta" in self._columns("document") else "'{}'"
        active = "l.active_seconds" if "active_seconds" in self._columns("layer") else "0"
        prov = "s.provenance" if "provenance" in self._columns("span") else "NULL"
        layers = self._conn.execute(
            f"SELECT l.id, d.id, d.title, d.source_name, d.text, d.newlines_normalised, d.had_bom, {meta}, "
            f"l.status, l.updated_at, {active} FROM layer AS l JOIN document AS d ON d.id = l.document_id "
            "WHERE l.annotator_id = ? ORDER BY l.id",
            (annotator,),
        )
        spans = self._conn.cursor()
        while True:
            batch = layers.fetchmany(200)
            if not batch:
                return
            for row in batch:
                srows = spans.execute(
                    f'SELECT s.start, s."end", s.label_id, s.text, s.origin, {prov} FROM span AS s WHERE s.layer_id = ? '
                    'ORDER BY s.start, s."end" DESC, s.id',
                    (row[0],),
                ).fetchall()
                yield row[1:8], row[8:11], srows

    def documents(self) -> Iterator[tuple]:
        """``(id, title, source_name, text, newlines_normalised, had_bom, meta)`` of every document."""
        meta = "meta" if "meta" in self._columns("document") else "'{}'"
        cur = self._conn.execute(
            f"SELECT id, title, source_name, text, newlines_normalised, had_bom, {meta} FROM document ORDER BY id"
        )
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                return
            yield from rows
