"""Label Studio tasks JSON (and JSONL): NER results with ``value.start/end/text/labels``.

Exported as Label Studio imports pre-annotated tasks: a JSON array of
``{"data": {"text": …, "hamish_id": …, "title": …}, "annotations": [{"result": [...]}]}``
where each result is ``{"from_name": "label", "to_name": "text", "type": "labels",
"value": {"start", "end", "text", "labels": [NAME]}}`` — the names of Label Studio's
"Named Entity Recognition" template (``<Labels name="label" toName="text">``).

Offsets are code points: Label Studio stores code-point offsets since its fix of emoji
offsets (label-studio PR #1559); files from older versions counted UTF-16 units — they
are recognised by the quoted ``value.text`` and refused with a hint (``--offsets utf16``).

Read: a JSON array of tasks (streamed with ijson: a 200 MB export is never loaded whole)
or JSONL (one task a line). A task's text is ``data.text`` (or the only string in
``data``). The first annotation not cancelled is imported; a task without annotations
imports its first prediction as suggestions. Results of other types (choices,
relations) are counted and skipped. Problems are reported by task number (and line, for
JSONL).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import orjson

from app.core.offsets import Utf16Map
from app.formats.base import (
    ExportDocument,
    Format,
    FormatError,
    ImportRecord,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    check_nonempty,
    open_binary,
)
from app.formats.common import add_text_notes, checked_spans

DEFAULT_OFFSETS = "codepoints"
FROM_NAME = "label"
TO_NAME = "text"


def encode_doc(doc: ExportDocument, options: WriteOptions | None = None) -> bytes:
    opts = options or WriteOptions()
    names = opts.label_names
    u16 = Utf16Map(doc.text) if (opts.offsets or DEFAULT_OFFSETS) == "utf16" else None
    if u16 is not None and u16.is_identity:
        u16 = None
    result = []
    for k, sp in enumerate(doc.spans, 1):
        s, e = sp[0], sp[1]
        if u16 is not None:
            s, e = u16.to_utf16(s), u16.to_utf16(e)
        result.append(
            {
                "id": f"h{doc.id}-{k}",
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "origin": "manual",
                "value": {"start": s, "end": e, "text": sp[3], "labels": [names.get(sp[2], sp[2])]},
            }
        )
    task = {
        "data": {"text": doc.text, "hamish_id": doc.id, "title": doc.title},
        "annotations": [{"result": result, "ground_truth": False}],
    }
    return orjson.dumps(task)


HEADER, SEPARATOR, FOOTER = b"[\n", b",\n", b"\n]\n"


def write(docs: Iterable[ExportDocument], fh: BinaryIO, options: WriteOptions | None = None) -> int:
    n = 0
    fh.write(HEADER)
    for doc in docs:
        if n:
            fh.write(SEPARATOR)
        fh.write(encode_doc(doc, options))
        n += 1
    fh.write(FOOTER)
    return n


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    offsets = opts.offsets or DEFAULT_OFFSETS
    check_nonempty(path)
    src = str(path)
    with open_binary(path, opts.counter) as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        fh.seek(0)
        if head.startswith(b"["):
            yield from _read_array(fh, path, offsets)
        else:
            ids: dict[object, str] = {}
            for n, line in enumerate(fh, 1):
                if n == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                if not line.strip():
                    continue
                raw = line.rstrip(b"\r\n")
                try:
                    task = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield Rejected(src, n, [f"invalid JSON ({exc})"], raw)
                    continue
                yield _record(task, src, n, f"line {n}", raw, ids, offsets)


def _read_array(fh: BinaryIO, path: Path, offsets: str) -> Iterator[Item]:
    import ijson

    src = str(path)
    ids: dict[object, str] = {}
    k = 0
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    try:
        for task in ijson.items(fh, "item", use_float=True):
            k += 1
            yield _record(task, src, None, f"task {k}", None, ids, offsets)
    except ijson.JSONError as exc:
        raise FormatError(f"{_json_error_place(path, k)}: invalid JSON ({exc})") from None


def _json_error_place(path: Path, tasks_read: int) -> str:
    """The file and line of a JSON syntax error (the error path may read the file whole)."""
    try:
        if path.stat().st_size <= 512 * 2**20:
            orjson.loads(path.read_bytes().lstrip(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        return f"{path}, line {exc.lineno}"
    except OSError:
        pass
    return f"{path}, after task {tasks_read}"


def _text_of(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    t = data.get("text")
    if isinstance(t, str):
        return t
    strings = [v for v in data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _record(task: object, src: str, line: int | None, where: str, raw: bytes | None, ids: dict[object, str], offsets: str) -> Item:
    def reject(reasons: list[str]) -> Rejected:
        return Rejected(src, line, [f"{where}: {r}" for r in reasons] if line is None else reasons,
                        raw if raw is not None else orjson.dumps(task, default=str))

    if not isinstance(task, dict):
        return reject(["a task must be a JSON object"])
    text = _text_of(task.get("data"))
    if text is None and isinstance(task.get("text"), str):  # JSON-MIN style
        text = task["text"]
    if not text:
        return reject(['no text: expected "data": {"text": "…"}'])
    reasons: list[str] = []
    tid = task.get("id")
    if tid is not None:
        if tid in ids:
            reasons.append(f"duplicate task id {tid!r} (also {ids[tid]})")
        else:
            ids[tid] = where
    notes: list[tuple[str, str]] = []
    origin = "imported"
    anns = [a for a in task.get("annotations") or task.get("completions") or [] if isinstance(a, dict)]
    live = [a for a in anns if not a.get("was_cancelled")]
    if len(live) > 1:
        notes.append(("ls_extra_annotations", f"{src}, {where}: {len(live)} annotations"))
    results = live[0].get("result", []) if live else None
    if results is None:
        preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        if preds:
            results = preds[0].get("result", [])
            origin = "suggested"
            notes.append(("ls_predictions", f"{src}, {where}"))
        else:
            results = []
    if not isinstance(results, list):
        return reject(['"result" must be a list'])
    items: list[tuple[object, object, object, object, int | None]] = []
    for r in results:
        if not isinstance(r, dict):
            reasons.append(f"result {r!r} is not an object")
            continue
        value = r.get("value")
        rtype = r.get("type", "labels")
        if not isinstance(value, dict) or rtype not in ("labels", "hypertextlabels") or "start" not in value:
            continue  # choices, relations, ratings...: not spans
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            reasons.append(f"result {r.get('id', '?')}: value.labels must be a non-empty list")
            continue
        for lab in labels:
            items.append((value.get("start"), value.get("end"), lab, value.get("text"), line))
    stored, spans, changed, problems = checked_spans(text, items, offsets, what="result")
    reasons.extend(problems)
    if reasons:
        return reject(reasons)
    data = task.get("data") if isinstance(task.get("data"), dict) else {}
    title = data.get("title") if isinstance(data.get("title"), str) else ""  # type: ignore[union-attr]
    meta = {"format": "labelstudio", "file": Path(src).name, "task": where, "external_id": tid}
    rec = ImportRecord(source=src, line=line or 0, text=stored, spans=spans, title=title, source_name=Path(src).name,
                       meta=meta, origin=origin, newlines_normalised=changed, raw=raw)
    for kind, ex in notes:
        rec.note(kind, ex)
    add_text_notes(rec)
    return rec


FORMAT = Format(
    name="labelstudio",
    description="Label Studio tasks JSON (annotations with value.start/end/text/labels)",
    extension=".json",
    write=write,
    read=read,
    suffixes=(".json", ".jsonl"),
    encode=encode_doc,
    header=HEADER,
    separator=SEPARATOR,
    footer=FOOTER,
)
