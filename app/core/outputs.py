"""Writing several files (or a folder) so that a reader never sees half of an export.

:class:`OutputGroup` opens each target as a temporary file beside it; :meth:`commit`
flushes, fsyncs and ``os.replace``s them all into place, only after every one was
written. On any error or cancel, :meth:`abort` removes the temporaries and every target
stays as it was. A folder target (brat) is written as a temporary folder and renamed
into place the same way (an existing folder is moved aside first, then removed).
Temporary files and folders get the permissions of the target they replace, else the
umask's (``app.core.fs``).

:func:`check_output` is the one check of an output path, for the command line and the
window alike: an output may never be the project database (or its ``-wal``/``-shm``/
``-journal``, or its backups folder), an input of the same command, or anything but a
regular file (a real folder for folder outputs).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable

from app.core.fs import OutputError, output_mode, refuse_special, temp_file_beside

DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


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
    the whole folder, so it may also not hold the database, its backups or an input.
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
            raise OutputError(f"{raw}: holds an input of this command ({given}); writing this folder would replace it")
    refuse_special(raw, folder=folder)
    return Path(raw)


class OutputGroup:
    def __init__(self) -> None:
        self._files: list[tuple[Path, str, BinaryIO]] = []
        self._dirs: list[tuple[Path, Path]] = []
        self.targets: list[Path] = []

    def open(self, path: str | os.PathLike[str], buffering: int = 1 << 20) -> BinaryIO:
        target, tmp, fh = temp_file_beside(path, buffering)
        self._files.append((target, tmp, fh))
        self.targets.append(target)
        return fh

    def folder(self, path: str | os.PathLike[str]) -> Path:
        """A temporary folder that becomes ``path`` on commit."""
        target = Path(path)
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"{target}: the folder {parent} does not exist")
        refuse_special(target, folder=True)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
        except OSError as exc:
            raise OutputError(f"{target}: cannot write in {parent} ({exc.strerror})") from exc
        self._dirs.append((target, tmp))
        self.targets.append(target)
        return tmp

    def commit(self) -> None:
        for _, _, fh in self._files:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        # Every target checked once more before any is replaced; each takes the mode of
        # what it replaces, else the umask's (mkstemp and mkdtemp make 0600 and 0700).
        files = [refuse_special(target) for target, _, _ in self._files]
        dirs = [refuse_special(target, folder=True) for target, _ in self._dirs]
        for (target, tmp, _), there in zip(self._files, files):
            os.chmod(tmp, output_mode(there))
            os.replace(tmp, target)
        for (target, tmp), there in zip(self._dirs, dirs):
            os.chmod(tmp, output_mode(there, folder=True))
            old = None
            if there is not None:
                old = target.with_name(f".{target.name}.old-{os.getpid()}")
                os.replace(target, old)
            os.replace(tmp, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self._files.clear()
        self._dirs.clear()

    def abort(self) -> None:
        for _, tmp, fh in self._files:
            with contextlib.suppress(OSError):
                fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for _, tmp in self._dirs:
            shutil.rmtree(tmp, ignore_errors=True)
        self._files.clear()
        self._dirs.clear()

    def __enter__(self) -> "OutputGroup":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        if exc_type is None:
            self.commit()
        else:
            self.abort()
