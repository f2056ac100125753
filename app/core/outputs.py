"""Writing several files (or a folder) so that a reader never sees half of an export.

:class:`OutputGroup` opens each target as a temporary file beside it; :meth:`commit`
flushes, fsyncs and ``os.replace``s them all into place, only after every one was
written. On any error or cancel, :meth:`abort` removes the temporaries and every target
stays as it was. A folder target (brat) is written as a temporary folder and renamed
into place the same way (an existing folder is moved aside first, then removed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from app.core.fs import OutputError, temp_file_beside


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
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target}: is a file, not a folder")
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
        for target, tmp, _ in self._files:
            os.replace(tmp, target)
        for target, tmp in self._dirs:
            old = None
            if target.exists():
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
