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
* An existing file is looked at read-only first (:func:`probe`), before anything could
  switch it to WAL: not SQLite, another application's database, a newer schema, a damaged
  or truncated file (``PRAGMA quick_check`` for files up to 32 MiB; ``hamish check``
  checks any size on demand) are refused with the file unchanged.
* Read-only opening (exports, listings, agreement, backups) never creates or writes the
  file: a missing, empty or table-less file is "no Hamish project"; connections have
  ``query_only`` on, and are ``mode=ro`` (``immutable=1`` when the folder cannot hold the
  ``-shm`` file) when the file is not writable, so a read-only database can still be exported.
* A writer may wait for the lock as long as it takes (``on_lock_wait``, the command line)
  instead of failing after the busy timeout (the window: "not saved").
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.core.fs import replace_into, temp_file_beside
from app.core.outputs import backups_folder, check_output
from app.store.errors import DRIVER_ERRORS, DatabaseError, DatabaseGone, NewerSchemaError, translated

# Every revision this Hamish knows, oldest first. tests/store/test_migrations.py checks
# that this matches the Alembic script directory.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000  # HAMISH_BUSY_TIMEOUT_MS overrides it
LOCK_RETRY_MS = 250  # a writer waiting for the lock tries again this often (Ctrl+C is seen in between)


@dataclass(frozen=True)
class DbLocation:
    url: str
    path: Path | None  # file path for SQLite files, None for memory or other servers

    @property
    def display(self) -> str:
        """The file, or the URL with its password masked: safe to print."""
        return str(self.path) if self.path is not None else mask_password(self.url)


def mask_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def busy_timeout_ms() -> int:
    """How long an action waits for another writer's lock before it fails (or, for a
    writer with ``on_lock_wait``, before it says it is waiting)."""
    raw = os.environ.get("HAMISH_BUSY_TIMEOUT_MS")
    if raw is None:
        return BUSY_TIMEOUT_MS
    if not raw.strip().isdigit():
        raise DatabaseError(f"HAMISH_BUSY_TIMEOUT_MS={raw!r}: give a number of milliseconds")
    return int(raw)


def resolve(db: str | os.PathLike[str]) -> DbLocation:
    """Turn a ``--db`` value into a URL (and the file path for SQLite)."""
    s = os.fspath(db)
    if not s.strip():
        raise DatabaseError("no database named (--db is empty): give a file path or a URL")
    if "://" in s:
        try:
            url = make_url(s)
        except (ArgumentError, ValueError) as exc:
            raise DatabaseError(f"{mask_password(s)}: not a valid database URL ({exc})") from None
        if url.get_backend_name() == "sqlite":
            database = url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                path = Path(database).expanduser().resolve()
                return DbLocation(url.set(database=str(path)).render_as_string(hide_password=False), path)
            return DbLocation(s, None)
        return DbLocation(s, None)
    path = Path(s).expanduser().resolve()
    return DbLocation(f"sqlite:///{path}", path)


def _no_project(path: Path, why: str) -> DatabaseError:
    return DatabaseError(f"no Hamish project at {path} ({why})")


def _check_file(path: Path, create: bool, read_only: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if path.exists():
        if not path.is_file():
            raise DatabaseError(f"{path}: is not a regular file (a device, pipe or socket), not a database")
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"{path}: cannot be read (permission denied)")
        if not read_only and not os.access(path, os.W_OK):
            raise DatabaseError(f"{path}: the database file is read-only; Hamish needs to write to it")
        return
    if not create:
        raise _no_project(path, "no database there; create one by opening it in Hamish or importing into it")
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create the folder {folder} ({exc.strerror})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"{path}: cannot create a database there (the folder {folder} is not writable)")


def connect_read_only(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection that cannot change the file: ``mode=ro``, or ``immutable=1`` when the
    folder cannot hold the ``-shm`` file a reader of a WAL database needs (then no one
    writing as this user can be changing it either)."""
    uri = path.as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout_ms / 1000, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)


def connect_for_reading(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection of a read-only command. Where the file and its folder are writable,
    an ordinary connection with ``query_only`` (so the last one to close tidies up the
    ``-wal``/``-shm`` files as usual); else :func:`connect_read_only`."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        conn = sqlite3.connect(
            f"{path.as_uri()}?mode=rw", uri=True, timeout=timeout_ms / 1000, check_same_thread=False
        )
        conn.execute("PRAGMA query_only = ON")
        return conn
    return connect_read_only(path, timeout_ms)


def probe(path: Path) -> str | None:
    """The Alembic revision of an existing database file, looked at without changing it;
    None for an empty file or an SQLite database without tables. DatabaseError for a file
    that is not a Hamish database, is damaged or truncated, or is of a newer schema.

    A WAL-mode file without its ``-wal`` is first read ``immutable`` (a reader would
    create ``-wal``/``-shm`` beside another application's file). A file shorter than its
    header says is refused at once (truncated). Only a Hamish database of at most
    QUICK_CHECK_MAX_BYTES gets SQLite's ``quick_check`` at every open (it reads the whole
    file: ~2.6 ms per MB, 1.2 s for a 460 MB project, paid by every command and every
    start); a larger one is checked on demand (``hamish check``, :func:`integrity_problems`).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0:
        return None
    if head[:16] != SQLITE_MAGIC:
        raise DatabaseError(f"{path}: is not a Hamish database (not an SQLite file)")
    expected = _header_size(head)
    if expected is not None and size < expected:
        raise DatabaseError(
            f"{path}: the file is {size:,} bytes but its header says {expected:,}: it is damaged or truncated and was not changed"
            f"{_backups_hint(path)}"
        )
    untouched = head[18:20] == b"\x02\x02" and not path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?{'immutable=1' if untouched else 'mode=ro'}", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            tables = {t for t in tables if not t.startswith("sqlite_")}
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseError(
                f"{path}: is not a Hamish database (it holds other tables); it was not changed"
            )
        if row is None:
            raise DatabaseError(f"{path}: is not a Hamish database (no schema version); it was not changed")
        if row[0] not in KNOWN_REVISIONS:
            raise NewerSchemaError(
                f"{path}: was written by a newer Hamish (schema {row[0]}; this version knows up to "
                f"{HEAD_REVISION}). Update Hamish to open it; the file was not changed."
            )
        problems = integrity_problems(path, quick=True) if size <= QUICK_CHECK_MAX_BYTES else ["ok"]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path}: cannot be read as a database ({exc}); the file is damaged or truncated and was not changed"
            f"{_backups_hint(path)}"
        ) from None
    if problems != ["ok"]:
        raise DatabaseError(
            f"{path}: the database is damaged (SQLite quick_check: {'; '.join(problems)}); it was not changed"
            f"{_backups_hint(path)}"
        )
    return row[0]  # type: ignore[no-any-return]


QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024  # ~85 ms of quick_check at most, at every open


def _header_size(head: bytes) -> int | None:
    """The database size the SQLite header records (pages × page size), when it is valid
    (its "version-valid-for" equals the change counter); None otherwise."""
    if len(head) < 100 or head[24:28] != head[92:96]:
        return None
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    return pages * page_size if pages else None


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """SQLite's ``integrity_check`` (or the faster ``quick_check``) of a database file,
    through a connection that cannot change it: ``["ok"]`` when sound, else up to 20
    problems. sqlite3.DatabaseError when the file cannot be read as a database."""
    conn = connect_for_reading(path)
    try:
        return [r[0] for r in conn.execute(f"PRAGMA {'quick_check' if quick else 'integrity_check'}(20)")]
    finally:
        conn.close()


def check_file(path: Path) -> list[str]:
    """:func:`integrity_problems` (the full check) of a Hamish database file; DatabaseError
    when it cannot be read as a database."""
    try:
        return integrity_problems(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot be read as a database ({exc}); it was not changed") from None


def _backups_hint(path: Path) -> str:
    folder = backups_folder(path)
    return f" (its backups are in {folder})" if folder.is_dir() else ""


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY


def _begin_immediate_waiting(
    dbapi_conn: sqlite3.Connection, timeout_ms: int, on_lock_wait: Callable[[], None]
) -> None:
    """``BEGIN IMMEDIATE``, waiting for another writer as long as it takes: after the
    first busy timeout ``on_lock_wait()`` says so, then the lock is tried every
    LOCK_RETRY_MS (SQLite sleeps in C: a short wait lets Ctrl+C through in between)."""
    try:
        dbapi_conn.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
    on_lock_wait()
    dbapi_conn.execute(f"PRAGMA busy_timeout = {LOCK_RETRY_MS}")
    try:
        while True:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _install_sqlite_hooks(
    engine: Engine,
    timeout_ms: int | None = None,
    read_only: bool = False,
    on_lock_wait: Callable[[], None] | None = None,
) -> None:
    wait_ms = busy_timeout_ms() if timeout_ms is None else timeout_ms

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite (see module docstring).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {wait_ms}")
        if read_only:
            cur.execute("PRAGMA query_only = ON")
        else:
            cur.execute("PRAGMA journal_mode = WAL").fetchone()
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if not conn.get_execution_options().get("hamish_write"):
            conn.exec_driver_sql("BEGIN")
        elif on_lock_wait is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            _begin_immediate_waiting(conn.connection.driver_connection, wait_ms, on_lock_wait)


class Database:
    """An open project database. Use :meth:`read` and :meth:`write` for units of work."""

    def __init__(self, location: DbLocation, engine: Engine, read_only: bool = False) -> None:
        self.location = location
        self.engine = engine
        self.read_only = read_only
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
        """Write the open database (even if its file is gone) to ``target`` (backup API).
        ``target`` is checked by :func:`app.core.outputs.check_output` (OutputError); a
        new copy gets the database file's permissions."""
        path = check_output(target, database=self.location.path)
        mode = None
        if self.location.path is not None:
            with contextlib.suppress(OSError):
                mode = self.location.path.stat().st_mode & 0o7777
        path, tmp, fh = temp_file_beside(path)
        fh.close()
        try:
            with self.raw_connection() as src:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            replace_into(tmp, path, default_mode=mode)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return path

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    # Units of work. The session (or connection) is only handed to app.store functions; an
    # error of the driver inside the block comes out as an app.store.errors.SqlError.
    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                yield session
        except DRIVER_ERRORS as exc:
            raise translated(exc) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        if self.read_only:
            raise DatabaseError(f"{self.location.display}: was opened read-only; nothing was changed")
        self.check_file()
        try:
            with self._sessions() as session:
                if self.is_sqlite:
                    session.connection(execution_options={"hamish_write": True})
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except DRIVER_ERRORS as exc:
            raise translated(exc) from exc

    @contextlib.contextmanager
    def raw_connection(self) -> Iterator[sqlite3.Connection]:
        """The DBAPI connection, for streaming reads on hot paths (exports)."""
        try:
            with self.engine.connect() as conn:
                yield conn.connection.driver_connection  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            raise translated(exc) from exc

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
                    raise DatabaseError(
                        f"the upgrade left {len(broken)} row(s) with broken references: {broken[:3]}"
                    )
        finally:
            if sqlite:
                dbapi.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def open_database(
    db: str | os.PathLike[str],
    *,
    create: bool = True,
    migrate: bool = True,
    read_only: bool = False,
    on_lock_wait: Callable[[], None] | None = None,
) -> Database:
    """Open (and if needed create or upgrade) a project database, or raise DatabaseError.

    ``read_only``: never create or write the file (an older schema is still upgraded
    first, with its backup, when the file is writable). ``on_lock_wait``: a writer waits
    for another writer's lock as long as it takes, calling this once per wait (after the
    busy timeout) instead of failing."""
    location = resolve(db)
    timeout_ms = busy_timeout_ms()
    path = location.path
    if path is not None:
        _check_file(path, create and not read_only, read_only)
        found = probe(path) if path.exists() else None
        if read_only:
            if found is None:
                raise _no_project(
                    path,
                    "the file is empty" if path.stat().st_size == 0 else "an SQLite database without tables",
                )
            upgraded = None
            if found != HEAD_REVISION:
                if not migrate:
                    raise DatabaseError(f"{path}: schema {found} needs an upgrade to {HEAD_REVISION}")
                if not os.access(path, os.W_OK):
                    raise DatabaseError(
                        f"{path}: schema {found} needs an upgrade to {HEAD_REVISION}, and the file is read-only here; "
                        "open it once with write access"
                    )
                upgraded = _open(location, timeout_ms, create=False, migrate=True, on_lock_wait=None)
                upgraded.dispose()
            engine = create_engine(
                "sqlite://",
                creator=functools.partial(connect_for_reading, path, timeout_ms),
                poolclass=QueuePool,
            )
            _install_sqlite_hooks(engine, timeout_ms, read_only=True)
            opened = Database(location, engine, read_only=True)
            if upgraded is not None:
                opened.upgraded_from, opened.upgrade_backup = upgraded.upgraded_from, upgraded.upgrade_backup
            return opened
    opened = _open(location, timeout_ms, create, migrate, on_lock_wait)
    opened.read_only = read_only
    return opened


def _open(
    location: DbLocation,
    timeout_ms: int,
    create: bool,
    migrate: bool,
    on_lock_wait: Callable[[], None] | None,
) -> Database:
    try:
        engine = create_engine(location.url)
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise DatabaseError(f"{location.display}: cannot open the database ({exc})") from None
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine, timeout_ms, on_lock_wait=on_lock_wait)
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
                raise DatabaseError(
                    f"{location.display}: schema {rev or 'none'} needs an upgrade to {HEAD_REVISION}"
                )
            if rev is not None and location.path is not None:
                backup_path = _upgrade_with_backup(engine, location.path, rev)
            else:
                upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
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
        raise DatabaseError(
            f"{path}: the database needs an upgrade but no backup could be made first ({exc})"
        ) from None
    before = bk.counts(copy)
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(
            f"{path}: upgrade from schema {rev} failed ({exc}); a copy from before is in {copy}"
        ) from None
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
