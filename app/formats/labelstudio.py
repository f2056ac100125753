"""Label Studio tasks JSON (and JSONL): NER results with ``value.start/end/text/labels``.

Exported as Label Studio imports pre-annotated tasks: a JSON array of
``{"data": {"text": …, "hamish_id": …, "title": …}, "annotations": [{"result": [...]}]}``
where each result is ``{"from_name": "label", "to_name": "text", "type": "labels",
"value": {"start", "end", "text", "labels": [NAME]}}`` — the names of Label Studio's
"Named Entity Recognition" template (``<Labels name="label" toName="text">``).

Offsets are code points: Label Studio stores code-point offsets since its fix of emoji
offsets (label-studio PR #1559); files from older versions counted UTF-16 units — they
are recognised by the quoted ``value.text`` and refused with a hint (``--offsets utf16``).

Read: a JSON array of tasks (streamed with ijson: a 200 MB export is never loaded whole),
JSONL (one task a line), or one task pretty-printed over many lines (recognised by its
first line, which does not end the JSON value it starts). A syntax error is reported with
its line and orjson's reason. A task's text is ``data.text`` (or the only string in
``data``). The first annotation not cancelled is imported; a task without annotations
imports its first prediction as suggestions. Results of other types (choices,
relations) are counted and skipped. Problems are reported by task number (and line, for
JSONL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from app.core.decoding import wide_encoding
from app.core.offsets import Utf16Map
from app.core.spans import Origin
from app.formats.base import (
    DEFAULT_MAX_DOCUMENT_CHARS,
    ExportDocument,
    Format,
    FormatError,
    ImportRecord,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    bounded_lines,
    check_nonempty,
    exact_json,
    json_lines,
    open_binary,
    text_too_long,
)
from app.formats.common import add_text_notes, checked_id, checked_spans, show

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
    max_line, max_doc = opts.line_limit(), opts.document_limit()
    with open_binary(path, opts.counter) as fh:
        head = fh.read(4096)
        wide = wide_encoding(head)
        if wide is not None:
            raise FormatError(f"{path}: {wide}")
        head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        fh.seek(0)
        if head.startswith(b"["):
            yield from _read_array(fh, path, offsets, max_doc)
        elif head.startswith(b"{") and _goes_on(fh, max_line):
            fh.seek(0)
            yield from _read_array(fh, path, offsets, max_doc, whole=True)
        else:
            fh.seek(0)
            ids: dict[object, str] = {}
            for item in json_lines(fh, src, max_line):
                if isinstance(item, Rejected):
                    yield item
                    continue
                n, task, raw = item
                seen = len(ids)
                rec = _record(task, src, n, f"line {n}", raw, ids, offsets, max_doc)
                if type(rec) is Rejected and (exact := exact_json(raw, ids, seen)) is not None:
                    rec = _record(exact, src, n, f"line {n}", raw, ids, offsets, max_doc)
                yield rec


def _goes_on(fh: BinaryIO, max_line: int) -> bool:
    """Whether the first line holding something starts a JSON value that does not end on that
    line: one task, pretty-printed over many lines (not JSON lines, one task a line)."""
    for n, line, _size in bounded_lines(fh, max_line):
        if line is None:
            return False
        if n == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            return exc.pos >= len(exc.doc.rstrip())
        return False
    return False


# A \uD800–\uDFFF escape: half of a UTF-16 pair, or a lone one (not a character).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
MAX_DEPTH = 200  # a Label Studio task nests ~8 deep; ijson needs memory (C parser) or time (Python) ~ depth²
SCAN_CHUNK = 1 << 22


class _Scan:
    """What one pass over a JSON file found: whether it escapes surrogates, and the line where
    its nesting (outside strings) first goes deeper than the limit, if it does."""

    def __init__(self) -> None:
        self.surrogates = False
        self.too_deep_line: int | None = None


_TRAILING_BACKSLASHES = re.compile(rb"\\+\Z")
_NOT_STRUCTURAL = bytes(x for x in range(256) if x not in b'"[]{}')


def _scan(path: Path, max_depth: int = MAX_DEPTH) -> _Scan:
    """One pass at C speed. Escaped backslashes and quotes are removed (``\\\\`` pairs first, as
    JSON pairs them), so every quote left opens or closes a string; everything but quotes and
    brackets is dropped (``bytes.translate``) and NumPy follows the nesting outside strings."""
    import numpy as np

    out = _Scan()
    tail = b""
    depth = 0  # nesting at the start of the chunk
    in_string = False  # the chunk starts inside a string
    skip_first = False  # the previous chunk ended with a backslash escaping this chunk's first byte
    lines = 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(SCAN_CHUNK)
            if not chunk:
                return out
            if not out.surrogates and _SURROGATE_ESCAPE.search(tail + chunk):
                out.surrogates = True
            tail = chunk[-5:]
            body = chunk[1:] if skip_first else chunk
            skip_first = False
            if b"\\" in body:
                m = _TRAILING_BACKSLASHES.search(body)
                if m is not None and len(m.group()) % 2 == 1:
                    skip_first, body = True, body[:-1]
                body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
            b = np.frombuffer(body.translate(None, _NOT_STRUCTURAL), dtype=np.uint8)
            if not len(b):
                lines += chunk.count(b"\n")
                continue
            quotes = b == 34
            flips = np.cumsum(quotes)
            inside = (((flips - quotes) % 2) == 1) ^ in_string
            step = np.where(inside | quotes, 0, np.where((b == 91) | (b == 123), 1, -1))
            level = depth + np.cumsum(step)
            over = np.flatnonzero(level > max_depth)
            if len(over):
                out.too_deep_line = lines + _line_of_structural(body, int(over[0]))
                return out
            depth = int(level[-1])
            in_string = bool((int(flips[-1]) % 2 == 1) ^ in_string)
            lines += chunk.count(b"\n")


def _line_of_structural(body: bytes, k: int) -> int:
    """The line (within the chunk) of the k-th quote or bracket of ``body`` (the error path only;
    the escapes removed from ``body`` hold no newline)."""
    seen = -1
    for i, ch in enumerate(body):
        if ch in b'"[]{}':
            seen += 1
            if seen == k:
                return body.count(b"\n", 0, i) + 1
    return body.count(b"\n") + 1


def _has_surrogate_escapes(path: Path) -> bool:
    return _scan(path).surrogates


def _read_array(
    fh: BinaryIO, path: Path, offsets: str, max_doc: int = DEFAULT_MAX_DOCUMENT_CHARS, whole: bool = False
) -> Iterator[Item]:
    """Tasks of a JSON array (``whole``: the file is one task, pretty-printed), streamed. The
    file is scanned first (NumPy, one pass): JSON nested
    deeper than MAX_DEPTH is refused before ijson sees it (its memory, or with its Python
    parser its time, grows with the square of the depth: 100,000 levels in a 200 KB file took
    tens of GB). ijson's C backend turns an escaped lone surrogate into
    ``?`` and joins ``\\ud800\\u0041`` into a wrong character without a word, so a file that
    escapes surrogates is parsed by its pure-Python backend, which keeps them: such a task is
    then refused (a lone surrogate is not a character), a correct pair is an emoji as it should be.
    The C backend also stops at an integer beyond 64 bits ("integer overflow"): the file is then
    read again by the Python backend (the tasks already given are skipped), which reads it exactly."""
    import ijson

    src = str(path)
    ids: dict[object, str] = {}
    k = 0
    scan = _scan(path)
    if scan.too_deep_line is not None:
        raise FormatError(
            f"{path}, line {scan.too_deep_line}: JSON nested more than {MAX_DEPTH} levels deep "
            "(a Label Studio task nests about 8): not read"
        )
    exact = scan.surrogates
    python = ijson.get_backend("python")
    backend = python if exact else ijson
    tasks = _tasks(fh, backend, whole)
    while True:
        try:
            task = next(tasks)
        except StopIteration:
            return
        except (ijson.JSONError, ValueError, RecursionError) as exc:  # ValueError: bytes that are not UTF-8
            if backend is not python and "integer overflow" in str(exc):
                backend = python
                tasks = _tasks(fh, backend, whole)
                for _ in range(k):
                    next(tasks)
                continue
            raise FormatError(_json_error(path, k, exc)) from None
        k += 1
        if exact:
            try:
                orjson.dumps(task)
            except orjson.JSONEncodeError as exc:
                if "surrogates" in str(exc):
                    yield Rejected(
                        src,
                        None,
                        [
                            f"task {k}: a string holds a lone UTF-16 surrogate (escaped as \\uD8xx–\\uDFxx "
                            "in the JSON without its other half): not a character"
                        ],
                        _raw_of(task),
                    )
                    continue
        yield _record(task, src, None, f"task {k}", None, ids, offsets, max_doc)


def _tasks(fh: BinaryIO, backend, whole: bool) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The tasks of the file from its start: the items of the array, or the one value (``whole``)."""
    fh.seek(0)
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    return iter(backend.items(fh, "" if whole else "item", use_float=True))


def _reason(exc: BaseException) -> str:
    text = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
    return text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__


def _json_error(path: Path, tasks_read: int, exc: BaseException) -> str:
    """The file, line and reason of a JSON syntax error: orjson's, reading the file whole when
    it is small, else the streaming parser's after the tasks read."""
    try:
        if path.stat().st_size <= 64 * 2**20:
            orjson.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as err:
        return f"{path}, line {err.lineno}: invalid JSON ({err.msg})"
    except OSError:
        pass
    return f"{path}, after task {tasks_read}: invalid JSON ({_reason(exc)})"


def _raw_of(task: object) -> bytes | str:
    """The task as written, for the rejected-records report (whatever it holds)."""
    try:
        return orjson.dumps(task, default=str)
    except (orjson.JSONEncodeError, RecursionError, ValueError):
        return show(task)


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _text_of(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    t = data.get("text")
    if isinstance(t, str):
        return t
    strings = [v for v in data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _record(
    task: object,
    src: str,
    line: int | None,
    where: str,
    raw: bytes | None,
    ids: dict[object, str],
    offsets: str,
    max_doc: int = DEFAULT_MAX_DOCUMENT_CHARS,
) -> Item:
    def reject(reasons: list[str]) -> Rejected:
        return Rejected(
            src,
            line,
            [f"{where}: {r}" for r in reasons] if line is None else reasons,
            raw if raw is not None else _raw_of(task),
        )

    if not isinstance(task, dict):
        return reject(["a task must be a JSON object"])
    text = _text_of(task.get("data"))
    if text is None and isinstance(task.get("text"), str):  # JSON-MIN style
        text = task["text"]
    if not text:
        return reject(['no text: expected "data": {"text": "…"}'])
    if len(text) > max_doc:
        return reject([text_too_long(len(text), max_doc)])
    reasons: list[str] = []
    tid = checked_id(task.get("id"), ids, where, reasons, "task")
    notes: list[tuple[str, str]] = []
    origin = Origin.IMPORTED
    anns = [
        a for a in _list(task.get("annotations")) or _list(task.get("completions")) if isinstance(a, dict)
    ]
    live = [a for a in anns if not a.get("was_cancelled")]
    if len(live) > 1:
        notes.append(("ls_extra_annotations", f"{src}, {where}: {len(live)} annotations"))
    results = live[0].get("result", []) if live else None
    if results is None:
        preds = [p for p in _list(task.get("predictions")) if isinstance(p, dict)]
        if preds:
            results = preds[0].get("result", [])
            origin = Origin.SUGGESTED
            notes.append(("ls_predictions", f"{src}, {where}"))
        else:
            results = []
    if not isinstance(results, list):
        return reject(['"result" must be a list'])
    items: list[tuple[object, object, object, object, int | None]] = []
    for r in results:
        if not isinstance(r, dict):
            reasons.append(f"result {show(r)} is not an object")
            continue
        value = r.get("value")
        rtype = r.get("type", "labels")
        if not isinstance(value, dict) or rtype not in ("labels", "hypertextlabels") or "start" not in value:
            continue  # choices, relations, ratings...: not spans
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            reasons.append(f"result {show(r.get('id', '?'))}: value.labels must be a non-empty list")
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
    rec = ImportRecord(
        source=src,
        line=line or 0,
        text=stored,
        spans=spans,
        title=title,
        source_name=Path(src).name,
        meta=meta,
        origin=origin,
        newlines_normalised=changed,
        raw=raw,
    )
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
