"""Writing files so that a reader never sees half of one.

Every writer writes to a temporary file in the target's folder, flushes and fsyncs it,
then ``os.replace``s it onto the target (atomic on POSIX and Windows). On any error the
temporary file is removed and the target is left as it was.

Only regular files are written: a target that is a symbolic link, a named pipe, a device
or a socket is refused (checked when the temporary file is made and again just before the
rename), so an export never replaces ``/dev/null`` or follows a link somewhere else.
A new file gets the permissions the umask gives (``0666 & ~umask``); a replaced file keeps
its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class OutputError(OSError):
    """The output file cannot be written; ``str()`` names the file and the reason."""


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_special(target: str | os.PathLike[str], folder: bool = False) -> os.stat_result | None:
    """OutputError unless ``target`` is absent or a regular file (a real folder when
    ``folder``); the target's ``lstat`` (None when absent) otherwise."""
    target = Path(target)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{target}: cannot be checked ({exc.strerror})") from None
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise OutputError(
                f"{target}: is {kind}; Hamish writes only regular files (name a file, not a link or a device)"
            )
    if stat.S_ISDIR(st.st_mode) and not folder:
        raise OutputError(f"{target}: is a folder, not a file")
    if stat.S_ISREG(st.st_mode) and folder:
        raise OutputError(f"{target}: is a file, not a folder (this output is a folder)")
    return st


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_mode(existing: os.stat_result | None, folder: bool = False, default: int | None = None) -> int:
    """Permissions of an output: those of the file (folder) it replaces, else ``default``,
    else what the umask gives a new file (folder)."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    if default is not None:
        return default
    return (0o777 if folder else 0o666) & ~umask()


def temp_file_beside(path: str | os.PathLike[str], buffering: int = 1 << 20) -> tuple[Path, str, BinaryIO]:
    """``(target, temporary path, open file)``: a temporary file in the target's folder
    (same file system, so ``os.replace`` is atomic; private, 0600, until it is renamed by
    :func:`replace_into`), or OutputError naming the problem."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    refuse_special(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder} ({exc.strerror})") from exc
    return target, tmp, os.fdopen(fd, "wb", buffering=buffering)


def replace_into(tmp: str | os.PathLike[str], target: Path, default_mode: int | None = None) -> None:
    """Rename a complete temporary file onto ``target``: checked once more not to be a link
    or a device, with the permissions of the file it replaces (else ``default_mode``, else
    the umask's)."""
    existing = refuse_special(target)
    os.chmod(tmp, output_mode(existing, default=default_mode))
    os.replace(tmp, target)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], buffering: int = 1 << 20) -> Iterator[BinaryIO]:
    target, tmp, handle = temp_file_beside(path, buffering)
    try:
        with handle as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        replace_into(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
