"""Writing files so that a reader never sees half of one.

Every writer writes to a temporary file in the target's folder, flushes and fsyncs it,
then ``os.replace``s it onto the target (atomic on POSIX and Windows). On any error the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator


class OutputError(OSError):
    """The output file cannot be written; ``str()`` names the file and the reason."""


def temp_file_beside(path: str | os.PathLike[str], buffering: int = 1 << 20) -> tuple[Path, str, BinaryIO]:
    """``(target, temporary path, open file)``: a temporary file in the target's folder
    (same file system, so ``os.replace`` is atomic), or OutputError naming the problem."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder} ({exc.strerror})") from exc
    return target, tmp, os.fdopen(fd, "wb", buffering=buffering)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], buffering: int = 1 << 20) -> Iterator[BinaryIO]:
    target, tmp, handle = temp_file_beside(path, buffering)
    try:
        with handle as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
