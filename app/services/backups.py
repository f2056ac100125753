"""Use cases around backups: now, automatically (rolling), on exit, and restore.

The GUI backs up every ``AUTO_INTERVAL_S`` when something changed and when the window
closes, keeping the newest ``KEEP`` rolling backups; manual and pre-upgrade/pre-restore
backups are never rotated away. The CLI has ``hamish backup`` and ``hamish restore``.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.services.workspace import ServiceError, Workspace
from app.store import backup as bk
from app.store.db import check_file, probe, resolve

KEEP = 10
AUTO_INTERVAL_S = 10 * 60


def _path(ws: Workspace) -> Path:
    if ws.db.location.path is None:
        raise ServiceError(f"{ws.location}: backups need a database file")
    return ws.db.location.path


def fingerprint(ws: Workspace) -> tuple:  # type: ignore[type-arg]
    """Changes whenever content changes (counts and the last edit time)."""
    with ws.db.read() as s:
        return bk.content_fingerprint(s)


def backup_now(ws: Workspace, reason: str = "manual", out: str | Path | None = None) -> Path:
    """A backup in the backups folder, or at ``out`` (refused if it is the database, its
    ``-wal``/``-shm``, in its backups folder, or not a regular file)."""
    try:
        return bk.backup(_path(ws), reason, Path(out) if out else None)
    except bk.BackupError as exc:
        raise ServiceError(str(exc)) from None


class AutoBackup:
    """Rolling backups, made only when the content changed since the last one."""

    def __init__(self, ws: Workspace, keep: int = KEEP) -> None:
        self.ws = ws
        self.keep = keep
        self._last = fingerprint(ws)

    def run(self, reason: str = "auto", force: bool = False) -> Path | None:
        now = fingerprint(self.ws)
        if now == self._last and not force:
            return None
        path = backup_now(self.ws, reason)
        self._last = now
        bk.rotate(_path(self.ws), self.keep)
        return path

    def mark_current(self) -> None:
        """The database was reloaded or restored: what it holds now counts as backed up."""
        self._last = fingerprint(self.ws)


def list_backups(ws: Workspace) -> list[bk.BackupInfo]:
    return bk.list_backups(_path(ws))


def database_file(db: str | os.PathLike[str]) -> Path:
    """The database file ``--db`` names, to restore into: ServiceError when there is none,
    DatabaseError unless it is a Hamish database (looked at without touching it)."""
    location = resolve(db)
    if location.path is None or not location.path.exists():
        raise ServiceError(f"{location.display}: no database file there")
    probe(location.path)
    return location.path


def check_database(db: str | os.PathLike[str]) -> tuple[Path, list[str]]:
    """The database file ``--db`` names and SQLite's full ``integrity_check`` of it
    (``["ok"]`` when sound), read without changing it. DatabaseError for a file that is
    not a Hamish database or cannot be read as one."""
    path = database_file(db)
    return path, check_file(path)


def latest_backup(db_path: Path) -> Path:
    """The newest backup of ``db_path`` other than a "before-restore" one."""
    found = [b for b in bk.list_backups(db_path) if b.reason != "before-restore"]
    if not found:
        raise ServiceError(f"{db_path}: no backups to restore")
    return found[0].path


def restore(db_path: str | Path, source: str | Path) -> Path:
    """Restore ``source`` into the database file; returns the safety copy of the old state."""
    try:
        return bk.restore(Path(db_path), Path(source))
    except bk.BackupError as exc:
        raise ServiceError(str(exc)) from None


def restore_into(ws: Workspace, source: str | Path) -> Path:
    """Restore ``source`` into the open project's database file (its connections are
    closed first; the next use reopens them); returns the safety copy of the old state."""
    path = _path(ws)
    ws.db.dispose()
    return restore(path, source)
