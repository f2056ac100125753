"""Merge annotations from another Hamish project (a database file) or Hamish JSONL exports.

GUI contract
------------
"Merge annotations from…"::

    from app.services import merge
    report = merge.merge(ws, path, label_map=None, create_labels=False, drop_unknown=False,
                         layer_policy="newer", progress=cb)
    # report.summary(); report.annotators: whose layers came in; report.tally.lines():
    # layers added / replaced / kept, documents added or matched.

``path`` is another Hamish database (recognised by its SQLite header; read-only, never
changed, any schema this Hamish knows) or a Hamish JSONL export (each line names its
annotator). ``progress(done, total)`` counts layers (database) or bytes (JSONL); return
False to cancel (:class:`Cancelled`; nothing written). Raises :class:`ImportFailed` with
the problems or the unknown labels; nothing is written then.

Rules: documents are matched by the SHA-256 of their text; a document the project does not
have is added (with its title, source and meta). Each layer keeps its owner (annotators
are created as needed, the gold layer stays ``kind='gold'``), status, time spent, and its
spans' origin and provenance. With ``layer_policy="newer"`` (default) a layer the project
already has is replaced only when the incoming one changed later (``updated_at``), else
kept: a second merge of the same source changes nothing, and a layer is never duplicated.
``"union"`` adds the incoming spans missing from the layer instead (identical spans are
skipped). Labels follow the import rules (:mod:`app.services.labelmap`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from app.core.annotators import AnnotatorNameError, annotator_name
from app.formats import jsonl
from app.formats.base import ByteCounter, ImportRecord, ImportSpan, ReadOptions, Rejected
from app.formats.common import show
from app.services.importing import without_empty_layers
from app.services.ingest import CorpusImportReport, ImportFailed, Ingest, iter_items
from app.services.labelmap import LabelResolver, checked_label_map
from app.services.progress import ProgressFn, adapt
from app.services.workspace import ServiceError, Workspace
from app.store import DatabaseError
from app.store.foreign import ForeignDatabase, is_sqlite_file

__all__ = ["merge", "ImportFailed", "CorpusImportReport"]


def merge(
    ws: Workspace,
    source: str | os.PathLike[str],
    *,
    label_map: dict[str, str | None] | None = None,
    create_labels: bool = False,
    drop_unknown: bool = False,
    layer_policy: str = "newer",
    progress: ProgressFn | None = None,
) -> CorpusImportReport:
    path = Path(source)
    if not path.exists():
        raise ServiceError(f"{path}: no such file")
    if path.is_dir():
        raise ServiceError(f"{path}: is a folder; give a Hamish database file or a Hamish JSONL export")
    if layer_policy not in ("newer", "union"):
        raise ServiceError(f"layer policy {layer_policy!r}: use newer or union")
    if ws.db.location.path is not None and path.resolve() == ws.db.location.path:
        raise ServiceError(f"{path}: is this project's own database")
    resolver = LabelResolver(
        ws, checked_label_map(label_map), create=create_labels, drop_unknown=drop_unknown
    )
    report = adapt(progress)
    if is_sqlite_file(path):
        try:
            source_db = ForeignDatabase(path)
        except DatabaseError as exc:  # not a Hamish database, a newer one, unreadable
            raise ServiceError(str(exc)) from None
        with source_db:
            engine = Ingest(
                ws,
                "hamish-db",
                [str(path)],
                resolver,
                annotator=ws.annotator_name,
                per_record_annotator=True,
                layer_policy=layer_policy,
                progress=report,
                total_bytes=source_db.record_count(),
            )
            engine.counter = _RecordCounter(engine)  # type: ignore[assignment]
            return engine.run(_db_records(source_db, path))
    counter = ByteCounter()
    engine = Ingest(
        ws,
        "jsonl",
        [str(path)],
        resolver,
        annotator=ws.annotator_name,
        per_record_annotator=True,
        layer_policy=layer_policy,
        progress=report,
        counter=counter,
        total_bytes=path.stat().st_size,
    )
    return engine.run(without_empty_layers(iter_items(jsonl.read, [path], ReadOptions(counter=counter))))


class _RecordCounter:
    """Progress of a database merge: records (layers and documents) read so far."""

    def __init__(self, engine: Ingest) -> None:
        self._engine = engine

    @property
    def n(self) -> int:
        return self._engine.report.records


def _db_records(source_db: ForeignDatabase, path: Path) -> Iterator[object]:
    src = str(path)
    labels = {lid: name for lid, name, _colour, _desc in source_db.labels()}
    layered: set[int] = set()
    for aid, stored_name, kind in source_db.annotators():
        try:  # the rule every annotator name follows (app.core.annotators); an older Hamish did not check
            name, bad_name = annotator_name(stored_name), None
        except AnnotatorNameError as exc:
            name, bad_name = stored_name, f"annotator {show(stored_name)}: {exc}"
        for doc, layer, spans in source_db.layers(aid):
            did, title, source_name, text, newlines, had_bom, meta = doc
            status, updated, active = layer
            layered.add(did)
            where = f"layer of {name} on document {did}"
            bad = [f"{where}: {bad_name}"] if bad_name is not None else []
            bad += [
                f"{where}: span {s}–{e} covers {text[s:e]!r} but was saved as {t!r}"
                for s, e, _l, t, _o, _p in spans
                if text[s:e] != t
            ]
            if bad:
                yield Rejected(src, None, bad)
                continue
            yield ImportRecord(
                source=src,
                line=0,
                text=text,
                spans=[
                    ImportSpan(s, e, labels.get(lab, f"label-{lab}"), t, None)
                    for s, e, lab, t, _o, _p in spans
                ],
                title=title,
                source_name=source_name,
                meta=_meta(meta, path, did),
                annotator=name,
                status=status,
                updated_at=updated,
                newlines_normalised=newlines,
                had_bom=bool(had_bom),
                kind=kind,
                active_seconds=active,
                origins=[o for *_x, o, _p in spans],
                provenance=[p for *_x, p in spans],
            )
    for did, title, source_name, text, newlines, had_bom, meta in source_db.documents():
        if did in layered:
            continue
        yield ImportRecord(
            source=src,
            line=0,
            text=text,
            spans=[],
            title=title,
            source_name=source_name,
            meta=_meta(meta, path, did),
            newlines_normalised=newlines,
            had_bom=bool(had_bom),
        )


def _meta(raw: str | None, path: Path, did: int) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        value = {}
    if not isinstance(value, dict):
        value = {}
    value.setdefault("merged_from", {"file": path.name, "document": did})
    return value
