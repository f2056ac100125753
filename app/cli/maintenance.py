"""``hamish backup``, ``hamish restore`` and ``hamish check``."""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.commands import db_arg
from app.core.outputs import backups_folder
from app.services import backups
from app.services.workspace import ServiceError, Workspace


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="back up the project database (consistent even while Hamish is running)",
        description="Snapshot the database with SQLite's online backup API into DB.backups/ (or --out FILE).",
    )
    p.add_argument("--out", metavar="FILE", help="write the backup here instead")
    p.add_argument("--list", action="store_true", help="list the existing backups instead")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser(
        "restore",
        parents=[common],
        help="restore the project database from a backup (the current state is backed up first)",
        description="Replace the database content by a backup. The current state is saved as a "
        "'before-restore' backup first; nothing is overwritten without a copy.",
    )
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="backup file (see `hamish backup --list`)")
    p.add_argument("--latest", action="store_true", help="restore the newest backup")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser(
        "check",
        parents=[common],
        help="check the project database for damage (SQLite's integrity check; reads, never writes)",
        description="Run SQLite's full integrity check on the project database without changing it. Every "
        "command checks a database of up to 32 MiB when it opens it; larger ones are checked here. Exit 1 "
        "and the problems on stderr when it is damaged (restore a backup: `hamish restore --latest`).",
    )
    p.set_defaults(func=cmd_check)


def cmd_backup(args: argparse.Namespace) -> int:
    ws = Workspace.open(db_arg(args), create=False, read_only=True)
    try:
        if args.list:
            infos = backups.list_backups(ws)
            for b in infos:
                print(f"{b.created}  {b.reason:<22} {b.size / 1e6:8.2f} MB  {b.path}")
            if not infos:
                print("no backups yet")
            return 0
        path = backups.backup_now(ws, "manual", args.out)
    finally:
        ws.close()
    print(f"backed up to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = backups.database_file(db_arg(args))  # only a Hamish database, looked at without touching it
    source = args.backup
    if args.latest:
        source = str(backups.latest_backup(path))
    if not source:
        raise ServiceError("name a backup file, or use --latest")
    if os.path.exists(source) and os.path.samefile(source, path):
        raise ServiceError(f"{source}: is the project database itself, not a backup of it")
    safety = backups.restore(path, source)
    print(f"restored {source} into {path}; the previous state is in {safety}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path, problems = backups.check_database(db_arg(args))
    if problems == ["ok"]:
        print(f"{path}: sound ({path.stat().st_size / 1e6:,.1f} MB, SQLite integrity check passed)")
        return 0
    print(f"{path}: damaged (SQLite integrity check):", file=sys.stderr)
    for line in problems:
        print(f"  {line}", file=sys.stderr)
    folder = backups_folder(path)
    if folder.is_dir():
        print(
            f"its backups are in {folder}: move the damaged file aside and copy the newest one in its place",
            file=sys.stderr,
        )
    return 1
