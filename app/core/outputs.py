"""Writing several files (or a folder) so that a reader never sees half of an export.

:class:`OutputGroup` opens each target as a temporary file beside it; :meth:`commit`
flushes, fsyncs and ``os.replace``s them all into place, only after every one was
written. On any error or cancel, :meth:`abort` removes the temporaries and every target
stays as it was. A folder target (brat, a split) is written as a temporary folder and
renamed into place the same way; it holds a marker, :data:`EXPORT_MARKER`, naming the
format, the time and every file and folder written. Temporary files and folders get the
permissions of the target they replace, else the umask's (``app.core.fs``).

:func:`check_output` is the one check of an output path, for the command line and the
window alike: an output may never be the project database (or its ``-wal``/``-shm``/
``-journal``, or its backups folder), an input of the same command, or anything but a
regular file (a real folder for folder outputs).

A folder output replaces the whole folder, so it may only be (:func:`replaceable_folder`):
a path that does not exist yet, an empty folder, or a folder that a Hamish folder export
wrote, that is one holding :data:`EXPORT_MARKER` (a regular file) and nothing else but the
files and folders that marker lists (some may be missing). Anything else, a user's folder
or an export made before the marker existed, is refused before any work, and again just
before the swap. After the swap only the entries found so are removed from the old folder:
a file that appeared in it in between is never deleted (the old folder is then left beside
the output as ``.NAME.old-PID``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.core.fs import OutputError, output_mode, refuse_special, temp_file_beside

DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")
# No suffix: a folder import looks for files by suffix (.json for doccano and Label Studio).
EXPORT_MARKER = ".hamish-export"


def backups_folder(database: str | os.PathLike[str]) -> Path:
    """``<database>.backups``: where a project's backups are kept."""
    path = Path(database)
    return path.with_name(path.name + ".backups")


def _same_entry(a: Path, b: Path) -> bool:
    """``a`` and ``b`` name the same file or folder, links and case resolved by the file
    system; when one does not exist, the same folder and the same name ignoring case."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        same_folder = os.path.samefile(a.parent, b.parent)
    except OSError:
        return False
    return same_folder and a.name.casefold() == b.name.casefold()


def _within(inner: Path, outer: Path) -> bool:
    """``inner`` is ``outer`` or lies somewhere inside it."""
    return any(_same_entry(p, outer) for p in (inner, *inner.parents))


def check_output(
    path: str | os.PathLike[str],
    *,
    database: str | os.PathLike[str] | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    folder: bool = False,
) -> Path:
    """``Path(path)`` (as given), or OutputError saying why it may not be written.

    Refused: ``-`` and an empty name; a symbolic link, named pipe, device or socket (only
    regular files are written, or a real folder when ``folder``); the project ``database``,
    its ``-wal``/``-shm``/``-journal`` files, its backups folder or anything inside it; any
    of ``inputs`` (files or folders read by the same command). A ``folder`` output replaces
    the whole folder, so it may also not hold the database, its backups or an input, and
    must be new, empty or a previous Hamish folder export (:func:`replaceable_folder`).
    Paths are compared by the file system (links, ``..`` and letter case resolved).
    """
    raw = os.fspath(path)
    if raw == "-":
        raise OutputError("-: Hamish does not write to standard output here; name a file")
    if not raw.strip():
        raise OutputError("no output file named (the name is empty)")
    target = Path(os.path.abspath(raw))
    what = "folder" if folder else "file"
    if database is not None:
        db = Path(os.path.abspath(database))
        if _same_entry(target, db):
            raise OutputError(f"{raw}: is the project database {db}; choose another {what}")
        for suffix in DATABASE_COMPANIONS:
            if _same_entry(target, db.with_name(db.name + suffix)):
                raise OutputError(f"{raw}: is the project database's {suffix} file; choose another {what}")
        backups = backups_folder(db)
        if _within(target, backups):
            raise OutputError(f"{raw}: is in the project's backups folder {backups}; choose another {what}")
        if folder and _within(db, target):
            raise OutputError(f"{raw}: holds the project database {db}; writing this folder would replace it")
    for given in inputs:
        source = Path(os.path.abspath(given))
        if _same_entry(target, source):
            raise OutputError(f"{raw}: is also an input of this command ({given}); choose another {what}")
        if folder and _within(source, target):
            raise OutputError(
                f"{raw}: holds an input of this command ({given}); writing this folder would replace it"
            )
    refuse_special(raw, folder=folder)
    if folder:
        replaceable_folder(raw)
    return Path(raw)


_CHOOSE = "an export replaces the whole folder, so choose a new or empty folder"


def _some(names: list[str]) -> str:
    first = min(names)
    return first if len(names) == 1 else f"{first} and {len(names) - 1:,} other item(s)"


def _walk(folder: Path, into: set[str] | None = None) -> Iterator[tuple[str, bool]]:
    """``(relative path, is a real folder)`` of everything in ``folder``, links not followed;
    only the subfolders named in ``into`` (all when None) are looked inside."""
    stack = [("", folder)]
    while stack:
        prefix, here = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                rel = prefix + entry.name
                is_dir = entry.is_dir(follow_symlinks=False)
                yield rel, is_dir
                if is_dir and (into is None or rel in into):
                    stack.append((rel + "/", Path(entry.path)))


def _marker_lists(marker: Path, shown: str) -> tuple[set[str], set[str]]:
    """The files and the folders a Hamish export's marker lists, or OutputError."""
    unreadable = OutputError(f"{shown}: its {EXPORT_MARKER} file is not one Hamish wrote; {_CHOOSE}")
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            raise unreadable
        record = json.loads(marker.read_bytes())
    except (OSError, ValueError):
        raise unreadable from None
    if not isinstance(record, dict):
        raise unreadable
    lists = []
    for key in ("files", "folders"):
        names = record.get(key)
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise unreadable
        lists.append(set(names))
    return lists[0], lists[1]


def replaceable_folder(path: str | os.PathLike[str]) -> list[tuple[str, bool]]:
    """What a folder output at ``path`` would replace, as ``(relative path, is a folder)``
    deepest first: nothing when ``path`` does not exist or is an empty folder; the marker and
    the files and folders it lists when it is a previous Hamish folder export holding nothing
    else. Any other folder: OutputError naming it, why, and what to do."""
    shown = os.fspath(path)
    folder = Path(path)
    try:
        with os.scandir(folder) as entries:
            top = [entry.name for entry in entries]
        if not top:
            return []
        if EXPORT_MARKER not in top:
            raise OutputError(
                f"{shown}: the folder is not empty (it holds {_some(top)}) and is not a Hamish export; {_CHOOSE}"
            )
        files, folders = _marker_lists(folder / EXPORT_MARKER, shown)
        found = list(_walk(folder, folders))
    except FileNotFoundError:
        return []
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{shown}: the folder cannot be read ({exc.strerror}); {_CHOOSE}") from None
    strangers = [
        rel for rel, is_dir in found if rel != EXPORT_MARKER and rel not in (folders if is_dir else files)
    ]
    if strangers:
        raise OutputError(
            f"{shown}: the folder holds {_some(strangers)}, which the Hamish export in it did not write; {_CHOOSE}"
        )
    return sorted(found, key=lambda item: item[0].count("/"), reverse=True)


def _write_marker(folder: Path, format_name: str) -> None:
    """:data:`EXPORT_MARKER` in a complete export folder: its format, time and contents."""
    files: list[str] = []
    folders: list[str] = []
    for rel, is_dir in _walk(folder):
        (folders if is_dir else files).append(rel)
    record = {
        "hamish_export": 1,
        "format": format_name,
        "written": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "folders": sorted(folders),
        "files": sorted(files),
    }
    (folder / EXPORT_MARKER).write_text(
        json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _remove_replaced(old: Path, entries: list[tuple[str, bool]]) -> None:
    """Remove what :func:`replaceable_folder` found, then ``old`` if it is empty; anything
    else stays."""
    for rel, is_dir in entries:
        with contextlib.suppress(OSError):
            (os.rmdir if is_dir else os.unlink)(old / rel)
    with contextlib.suppress(OSError):
        os.rmdir(old)


class OutputGroup:
    def __init__(self) -> None:
        self._files: list[tuple[Path, str, BinaryIO]] = []
        self._dirs: list[tuple[Path, Path, str]] = []
        self.targets: list[Path] = []

    def open(self, path: str | os.PathLike[str], buffering: int = 1 << 20) -> BinaryIO:
        target, tmp, fh = temp_file_beside(path, buffering)
        self._files.append((target, tmp, fh))
        self.targets.append(target)
        return fh

    def folder(self, path: str | os.PathLike[str], format_name: str) -> Path:
        """A temporary folder that becomes ``path`` on commit, marked as an export of
        ``format_name``."""
        target = Path(path)
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"{target}: the folder {parent} does not exist")
        refuse_special(target, folder=True)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
        except OSError as exc:
            raise OutputError(f"{target}: cannot write in {parent} ({exc.strerror})") from exc
        self._dirs.append((target, tmp, format_name))
        self.targets.append(target)
        return tmp

    def commit(self) -> None:
        for _, _, fh in self._files:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        for _, written, format_name in self._dirs:
            _write_marker(written, format_name)
        # Every target checked once more before any is replaced; each takes the mode of
        # what it replaces, else the umask's (mkstemp and mkdtemp make 0600 and 0700).
        files = [refuse_special(target) for target, _, _ in self._files]
        dirs = [
            (refuse_special(target, folder=True), replaceable_folder(target)) for target, _, _ in self._dirs
        ]
        for (target, tmp, _), there in zip(self._files, files):
            os.chmod(tmp, output_mode(there))
            os.replace(tmp, target)
        for (target, tmp, _), (there, replaced) in zip(self._dirs, dirs):
            os.chmod(tmp, output_mode(there, folder=True))
            old = None
            if there is not None:
                old = target.with_name(f".{target.name}.old-{os.getpid()}")
                os.replace(target, old)
            os.replace(tmp, target)
            if old is not None:
                _remove_replaced(old, replaced)
        self._files.clear()
        self._dirs.clear()

    def abort(self) -> None:
        for _, tmp, fh in self._files:
            with contextlib.suppress(OSError):
                fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for _, tmp, _ in self._dirs:
            shutil.rmtree(tmp, ignore_errors=True)
        self._files.clear()
        self._dirs.clear()

    def __enter__(self) -> OutputGroup:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        if exc_type is None:
            self.commit()
        else:
            self.abort()
