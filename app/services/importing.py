"""Importing plain-text documents (UTF-8 ``.txt``) and seeding a new project.

An import is all-or-nothing: every file is read and checked first, and only if all are
acceptable are they added, in one transaction. A file whose text is already in the
project is not added twice; it is reported as a duplicate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from app.core.text import TextDecodeError, decode_utf8, text_sha256, title_from_text
from app.services.workspace import ServiceError, Workspace
from app.store import repository as repo

MAX_TEXT_BYTES = 64 * 1024 * 1024  # one document; larger files are refused, not loaded


class ImportFailed(ServiceError):
    """Nothing was imported. ``problems`` holds one message per bad file."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        head = self.problems[0]
        more = f" (and {len(self.problems) - 1} more problem(s); nothing was imported)" if len(self.problems) > 1 else " (nothing was imported)"
        super().__init__(head + more)


@dataclass
class ImportReport:
    added: list[tuple[int, str]] = field(default_factory=list)  # (document id, file name)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (file name, existing id)

    def summary(self) -> str:
        parts = [f"{len(self.added)} document(s) imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the project")
        return ", ".join(parts)


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.iterdir() if q.is_file() and q.suffix.lower() == ".txt"))
        else:
            out.append(path)
    return out


def read_text_file(path: Path) -> repo.NewDocument:
    """Read and check one file; raises ServiceError naming the file, line and reason."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ServiceError(
                f"{path}: the file is {size / 1e6:.0f} MB; one document may hold at most {MAX_TEXT_BYTES // 2**20} MiB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ServiceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ServiceError(f"{path}: is a folder") from None
    except OSError as exc:
        raise ServiceError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        dec = decode_utf8(data, str(path))
    except TextDecodeError as exc:
        raise ServiceError(str(exc)) from None
    return repo.NewDocument(
        title=title_from_text(dec.text, path.stem),
        source_name=path.name,
        text=dec.text,
        text_sha256=text_sha256(dec.text),
        newlines_normalised=dec.newlines_normalised,
        had_bom=dec.had_bom,
    )


def import_text_files(ws: Workspace, paths: Iterable[str | os.PathLike[str]]) -> ImportReport:
    files = _expand(paths)
    if not files:
        raise ImportFailed(["no .txt files given"])
    docs: list[repo.NewDocument] = []
    problems: list[str] = []
    for path in files:
        try:
            docs.append(read_text_file(path))
        except ServiceError as exc:
            problems.append(str(exc))
    if problems:
        raise ImportFailed(problems)
    report = ImportReport()
    with ws.db.write() as s:
        existing = repo.document_ids_by_hash(s, ws.project_id, (d.text_sha256 for d in docs))
        fresh: list[repo.NewDocument] = []
        seen: dict[str, str] = {}
        for d in docs:
            if d.text_sha256 in existing:
                report.duplicates.append((d.source_name, existing[d.text_sha256]))
            elif d.text_sha256 in seen:
                report.duplicates.append((d.source_name, -1))
            else:
                seen[d.text_sha256] = d.source_name
                fresh.append(d)
        ids = repo.add_documents(s, ws.project_id, fresh)
        report.added = list(zip(ids, (d.source_name for d in fresh)))
    return report


def ensure_seeded(ws: Workspace, seeds_dir: Path) -> ImportReport | None:
    """Fill a new, empty project with the sample documents (GUI first launch only)."""
    if ws.document_count() > 0 or not seeds_dir.is_dir():
        return None
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() == ".txt")
    if not files:
        return None
    return import_text_files(ws, files)
