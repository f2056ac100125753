"""Backups of a project database with SQLite's online backup API.

* A backup is a consistent snapshot even while Hamish (or a second Hamish) is writing:
  ``sqlite3.Connection.backup`` copies pages under SQLite's own locks. It is written to a
  temporary file and renamed into place, so a backup file is always complete.
* Backups live in ``<database>.backups/`` next to the database, named
  ``<stem>-YYYYmmdd-HHMMSS-<reason>.db``; rolling backups keep the newest ``keep``.
* Restoring never overwrites the live file in place without a copy: the current state is
  backed up first ("before-restore"), then the chosen backup is copied *into* the live
  database through the backup API, under SQLite's locks, so other connections see either
  the old or the new content, never a torn file.
* A backup file gets the database file's permissions (a private project stays private);
  ``--out`` may not be the database, its ``-wal``/``-shm`` or its backups folder
  (:func:`app.core.outputs.check_output`).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.fs import OutputError, replace_into, temp_file_beside
from app.core.outputs import backups_folder, check_output
from app.store.db import connect_read_only

NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z0-9_-]+)\.db$")
COUNT_TABLES = ("document", "annotator", "label", "layer", "span")


class BackupError(Exception):
    """A backup or restore could not be made; ``str()`` says which file and why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str  # "YYYY-mm-dd HH:MM:SS" local time, from the name
    reason: str
    size: int

    @property
    def label(self) -> str:
        return f"{self.created} · {self.reason} · {self.size / 1e6:.1f} MB"


def backup_dir(db_path: Path) -> Path:
    return backups_folder(db_path)


def _read_only_uri(path: Path) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def _stamp() -> str:
    t = time.time()
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(t)) + f"-{int(t * 1000) % 1000:03d}"


def counts(path_or_conn: Path | sqlite3.Connection) -> dict[str, int]:
    """Row counts of the content tables (to verify an upgrade or a restore)."""
    own = not isinstance(path_or_conn, sqlite3.Connection)
    conn = sqlite3.connect(_read_only_uri(path_or_conn), uri=True) if own else path_or_conn  # type: ignore[arg-type]
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNT_TABLES if t in names
        }
    finally:
        if own:
            conn.close()


def content_fingerprint(session: Session) -> tuple[object, ...]:
    """Changes whenever content changes (counts and the last edit time): rolling backups
    are made only when it did."""
    row = session.execute(
        text(
            "SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM span), "
            "(SELECT max(updated_at) FROM layer), (SELECT count(*) FROM label), (SELECT max(id) FROM span)"
        )
    ).one()
    return tuple(row)


def backup(db_path: Path, reason: str = "manual", target: Path | None = None) -> Path:
    """Snapshot ``db_path`` into ``target`` (default: a new file in the backup folder)."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise BackupError(f"{db_path}: no database to back up")
    reason = re.sub(r"[^a-z0-9_-]+", "-", reason.lower()).strip("-") or "manual"
    if target is None:
        folder = backup_dir(db_path)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise BackupError(f"{folder}: cannot create the backup folder ({exc.strerror})") from None
        target = folder / f"{db_path.stem}-{_stamp()}-{reason}.db"
    else:
        try:
            target = check_output(target, database=db_path)
        except OutputError as exc:
            raise BackupError(str(exc)) from None
    try:
        target, tmp, fh = temp_file_beside(target)
        fh.close()
    except OutputError as exc:
        raise BackupError(str(exc)) from None
    except OSError as exc:
        raise BackupError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    try:
        src = connect_read_only(Path(db_path).resolve(), timeout_ms=30_000)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise BackupError(f"{db_path}: the snapshot failed its integrity check ({ok})")
        finally:
            dst.close()
            src.close()
        with open(tmp, "rb") as done:
            os.fsync(done.fileno())
        replace_into(tmp, target, default_mode=db_path.stat().st_mode & 0o7777)
    except sqlite3.Error as exc:
        raise BackupError(f"{db_path}: backup failed ({exc})") from None
    except OSError as exc:
        raise BackupError(f"{target}: backup failed ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of ``db_path``, newest first."""
    folder = backup_dir(Path(db_path))
    out = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = NAME_RE.match(p.name)
            if not m or not p.is_file():
                continue
            ts = m["ts"]
            created = f"{ts[0:4]}-{ts[4:6]}-{ts[6:8]} {ts[9:11]}:{ts[11:13]}:{ts[13:15]}"
            out.append(BackupInfo(p, created, m["reason"], p.stat().st_size))
    out.sort(key=lambda b: NAME_RE.match(b.path.name)["ts"], reverse=True)  # type: ignore[index]
    return out


def rotate(db_path: Path, keep: int, reasons: tuple[str, ...] = ("auto", "exit")) -> list[Path]:
    """Delete the oldest rolling backups (of the given reasons) beyond ``keep``."""
    rolling = [b for b in list_backups(db_path) if b.reason in reasons]
    removed = []
    for b in rolling[keep:]:
        try:
            b.path.unlink()
            removed.append(b.path)
        except OSError:
            pass
    return removed


def restore(db_path: Path, source: Path) -> Path:
    """Replace the content of the live database by ``source``; return the safety backup.

    The current state is saved first; the copy goes through the backup API into the
    live file (locks respected, all or nothing); the result is integrity-checked.
    """
    db_path, source = Path(db_path), Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup")
    try:
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source}: is not an SQLite database")
        check = sqlite3.connect(_read_only_uri(source), uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            has_schema = check.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('alembic_version', 'document', 'span')"
            ).fetchone()[0]
        finally:
            check.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: cannot be read as a database ({exc})") from None
    if ok != "ok":
        raise BackupError(f"{source}: the backup is damaged ({ok}); nothing was restored")
    if has_schema < 3:
        raise BackupError(f"{source}: is not a Hamish database; nothing was restored")
    safety = backup(db_path, "before-restore") if db_path.exists() else None
    try:
        src = sqlite3.connect(_read_only_uri(source), uri=True)
        dst = sqlite3.connect(db_path, timeout=30)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"{db_path}: restore failed ({exc}); the previous state is in {safety}"
            if safety
            else f"restore failed ({exc})"
        ) from None
    if ok != "ok":
        raise BackupError(
            f"{db_path}: restored database failed its integrity check; previous state in {safety}"
        )
    if counts(db_path) != counts(source):
        raise BackupError(f"{db_path}: restored content differs from {source}; previous state in {safety}")
    return safety  # type: ignore[return-value]
