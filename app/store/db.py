"""Opening a project database: location, SQLite settings, schema version, migrations.

* ``--db`` takes a file path or an SQLAlchemy URL (anything with ``://``).
* SQLite runs in WAL mode with ``synchronous=NORMAL`` (a commit costs ~0.2 ms and
  survives an application crash), foreign keys on, and a busy timeout so a second
  Hamish on the same file waits instead of failing.
* Transactions are real: pysqlite's implicit transaction handling is switched off and
  Hamish emits ``BEGIN`` itself (``BEGIN IMMEDIATE`` for writes), so DDL in migrations
  is transactional and a write never fails half-way on a lock upgrade.
* The schema is managed by Alembic only. Opening checks the revision without importing
  Alembic (it costs ~0.25 s of start-up); Alembic runs only to create or upgrade. A
  database written by a newer Hamish is refused and left untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# Every revision this Hamish knows, oldest first. tests/store/test_migrations.py checks
# that this matches the Alembic script directory.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """The database cannot be opened or used. ``str()`` is a complete sentence for the user."""


class NewerSchemaError(DatabaseError):
    pass


class DatabaseGone(DatabaseError):
    """The database file was deleted or replaced while open: writing would lose data."""


@dataclass(frozen=True)
class DbLocation:
    url: str
    path: Path | None  # file path for SQLite files, None for memory or other servers

    @property
    def display(self) -> str:
        return str(self.path) if self.path is not None else self.url


def resolve(db: str | os.PathLike[str]) -> DbLocation:
    """Turn a ``--db`` value into a URL (and the file path for SQLite)."""
    s = os.fspath(db)
    if "://" in s:
        try:
            url = make_url(s)
        except ArgumentError as exc:
            raise DatabaseError(f"{s}: not a valid database URL ({exc})") from None
        if url.get_backend_name() == "sqlite":
            database = url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                path = Path(database).expanduser().resolve()
                return DbLocation(url.set(database=str(path)).render_as_string(hide_password=False), path)
            return DbLocation(s, None)
        return DbLocation(s, None)
    path = Path(s).expanduser().resolve()
    return DbLocation(f"sqlite:///{path}", path)


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot be read ({exc.strerror})") from None
        if head and head != SQLITE_MAGIC:
            raise DatabaseError(f"{path}: is not a Hamish database (not an SQLite file)")
        if not os.access(path, os.W_OK):
            raise DatabaseError(f"{path}: the database file is read-only; Hamish needs to write to it")
        return
    if not create:
        raise DatabaseError(f"{path}: no database there (create one by opening it in Hamish or importing into it)")
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create the folder {folder} ({exc.strerror})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"{path}: cannot create a database there (the folder {folder} is not writable)")


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite (see module docstring).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()
        del mode

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("hamish_write") else "BEGIN")


class Database:
    """An open project database. Use :meth:`read` and :meth:`write` for units of work."""

    def __init__(self, location: DbLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._identity = self._file_identity()
        self.upgraded_from: str | None = None
        self.upgrade_backup: Path | None = None

    def _file_identity(self) -> tuple[int, int] | None:
        if self.location.path is None:
            return None
        try:
            st = os.stat(self.location.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def check_file(self) -> None:
        """Raise DatabaseGone if the file was deleted, moved or replaced since opening.

        SQLite keeps writing to an unlinked file, and everything written is lost when it
        is closed: every write checks first (one stat, ~2 µs).
        """
        if self._identity is None:
            return
        if self._file_identity() != self._identity:
            raise DatabaseGone(
                f"{self.location.display}: the database file was deleted, moved or replaced while Hamish had it "
                "open; the change was not saved. Use “Save a copy of the open project…” to keep your work."
            )

    def save_copy(self, target: str | os.PathLike[str]) -> Path:
        """Write the open database (even if its file is gone) to ``target`` (backup API)."""
        target = Path(target)
        tmp = target.with_name(f".{target.name}.part")
        with self.engine.connect() as conn:
            src = conn.connection.driver_connection
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # type: ignore[union-attr]
            finally:
                dst.close()
        os.replace(tmp, target)
        return target

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        self.check_file()
        with self._sessions() as session:
            if self.is_sqlite:
                session.connection(execution_options={"hamish_write": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextlib.contextmanager
    def raw_connection(self) -> Iterator[sqlite3.Connection]:
        """The DBAPI connection, for streaming reads on hot paths (exports)."""
        with self.engine.connect() as conn:
            yield conn.connection.driver_connection  # type: ignore[misc]

    def dispose(self) -> None:
        self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database; None when empty, "" when it is not Hamish's."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            tables = {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            if "alembic_version" not in tables:
                return "" if tables else None
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except SQLAlchemyError:
            return None
        return row[0] if row else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations (imports Alembic; only needed to create or upgrade)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # SQLite ALTERs rebuild tables ("batch" mode): DROP TABLE on a parent with
            # foreign keys on runs ON DELETE CASCADE and would delete every child row
            # (seen: all spans gone). The pragma only works outside a transaction.
            dbapi = conn.connection.driver_connection
            dbapi.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if sqlite:
                broken = dbapi.execute("PRAGMA foreign_key_check").fetchall()  # type: ignore[union-attr]
                if broken:
                    raise DatabaseError(f"the upgrade left {len(broken)} row(s) with broken references: {broken[:3]}")
        finally:
            if sqlite:
                dbapi.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def open_database(db: str | os.PathLike[str], *, create: bool = True, migrate: bool = True) -> Database:
    """Open (and if needed create or upgrade) a project database, or raise DatabaseError."""
    location = resolve(db)
    if location.path is not None:
        _check_file(location.path, create)
    try:
        engine = create_engine(location.url)
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise DatabaseError(f"{location.display}: cannot open the database ({exc})") from None
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine)
    try:
        rev = current_revision(engine)
        if rev == "":
            raise DatabaseError(f"{location.display}: is not a Hamish database (it holds other tables)")
        if rev is not None and rev not in KNOWN_REVISIONS:
            raise NewerSchemaError(
                f"{location.display}: was written by a newer Hamish (schema {rev}; this version knows up to "
                f"{HEAD_REVISION}). Update Hamish to open it; the file was not changed."
            )
        backup_path = None
        if rev != HEAD_REVISION:
            if not migrate:
                raise DatabaseError(f"{location.display}: schema {rev or 'none'} needs an upgrade to {HEAD_REVISION}")
            if rev is not None and location.path is not None:
                backup_path = _upgrade_with_backup(engine, location.path, rev)
            else:
                upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise DatabaseError(f"{location.display}: cannot use the database ({reason})") from None
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"{location.display}: cannot use the database ({exc})") from None
    db = Database(location, engine)
    if backup_path is not None:
        db.upgraded_from, db.upgrade_backup = rev, backup_path
    return db


def _upgrade_with_backup(engine: Engine, path: Path, rev: str) -> Path:
    """Upgrade an existing database: timestamped copy first, then migrate, then verify
    that no row of content was lost (else put the copy back and refuse)."""
    from app.store import backup as bk

    engine.dispose()
    try:
        copy = bk.backup(path, f"before-upgrade-{rev}")
    except bk.BackupError as exc:
        raise DatabaseError(f"{path}: the database needs an upgrade but no backup could be made first ({exc})") from None
    before = bk.counts(copy)
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(f"{path}: upgrade from schema {rev} failed ({exc}); a copy from before is in {copy}") from None
    engine.dispose()
    after = bk.counts(path)
    lost = {t: (before[t], after.get(t)) for t in before if after.get(t) != before[t]}
    if lost:
        bk.restore(path, copy)
        raise DatabaseError(
            f"{path}: upgrade from schema {rev} changed row counts {lost}; the database was put back as it was "
            f"(copy in {copy})"
        )
    return copy
