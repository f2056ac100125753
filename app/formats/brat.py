"""brat standoff: ``NAME.txt`` (the text) beside ``NAME.ann`` (the annotations).

Entities are ``T`` lines: ``T1<TAB>TYPE START END<TAB>TEXT``, offsets in characters (code
points) of the ``.txt`` file as it is on disk. An entity over a line break is written as
fragments split at the break (``T1<TAB>event 10 25;26 40<TAB>…``), the way brat itself
stores one; fragments separated only by whitespace are joined back into one span on
import. Other line types (relations ``R``, events ``E``, attributes ``A``/``M``,
normalisations ``N``, notes ``#``, equivalences ``*``) are counted and skipped. A
discontinuous entity with text between its fragments cannot be one Hamish span: it is
a problem of that document.

Export writes a folder: ``000001.txt`` / ``000001.ann`` per document (the document id),
plus ``annotation.conf`` declaring the entity types, so the folder opens in brat as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.core.decoding import guess_encoding
from app.formats.base import (
    ENV_MAX_DOCUMENT_CHARS,
    ENV_MAX_LINE_BYTES,
    ExportDocument,
    Format,
    FormatError,
    ImportRecord,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    read_problem,
    text_too_long,
)
from app.formats.common import add_text_notes, checked_spans, clip, show


def write_doc(doc: ExportDocument, folder: Path, options: WriteOptions) -> None:
    names = options.label_names
    tally = options.tally
    stem = f"{doc.id:06d}"
    (folder / f"{stem}.txt").write_bytes(doc.text.encode("utf-8"))
    lines = []
    text = doc.text
    for k, sp in enumerate(doc.spans, 1):
        s, e, lab = sp[0], sp[1], names.get(sp[2], sp[2])
        frags = []
        a = s
        while True:
            nl = text.find("\n", a, e)
            if nl < 0:
                frags.append((a, e))
                break
            if nl > a:
                frags.append((a, nl))
            a = nl + 1
            while a < e and text[a] == "\n":
                a += 1
            if a >= e:
                break
        if len(frags) > 1:
            tally.add("fragmented", f"document {doc.id} {s}–{e} {lab}")
        where = ";".join(f"{x} {y}" for x, y in frags)
        shown = " ".join(text[x:y] for x, y in frags)
        lines.append(f"T{k}\t{lab} {where}\t{shown}\n")
    (folder / f"{stem}.ann").write_bytes("".join(lines).encode("utf-8"))


def finish_folder(folder: Path, options: WriteOptions) -> None:
    """``annotation.conf``: every exportable label as an entity type."""
    types = list(dict.fromkeys(options.label_names.get(lab, lab) for lab in options.all_labels))
    conf = "[entities]\n" + "".join(f"{t}\n" for t in types) + "\n[relations]\n\n[events]\n\n[attributes]\n"
    (folder / "annotation.conf").write_bytes(conf.encode("utf-8"))


def write_folder(docs: Iterable[ExportDocument], folder: Path, options: WriteOptions) -> int:
    n = 0
    for doc in docs:
        write_doc(doc, folder, options)
        n += 1
    finish_folder(folder, options)
    return n


def expand(paths: Iterable[Path]) -> list[Path]:
    """``.ann`` files to read: given ones, and those in given folders (``.txt`` alone: no spans)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            anns = sorted(p.glob("*.ann"))
            txts = sorted(q for q in p.glob("*.txt") if not q.with_suffix(".ann").exists())
            out.extend(sorted(anns + txts))
        else:
            out.append(p)
    return out


def _read_utf8(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(read_problem(path, exc)) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        guess = guess_encoding(data)
        hint = (
            f"; it looks like {guess}" if guess and guess.replace("_", "-") not in ("utf-8", "ascii") else ""
        )
        raise FormatError(
            f"{path}, line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}"
        ) from None


# brat offsets: ASCII digits only ("²".isdigit() is True but int("²") fails; "١٢" is not brat's).
_OFFSET = re.compile(r"[0-9]{1,18}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    if path.suffix.lower() == ".txt":
        ann, txt = path.with_suffix(".ann"), path
    else:
        ann, txt = path, path.with_suffix(".txt")
    if not txt.is_file():
        yield Rejected(str(ann), None, [f"no {txt.name} beside it: a brat .ann file needs its .txt"])
        return
    if not ann.exists() and path.suffix.lower() == ".ann":
        yield Rejected(str(ann), None, ["no such file"])
        return
    max_doc, max_ann = opts.document_limit(), opts.line_limit()
    if _size(txt) > 4 * max_doc:  # more bytes than 4 per character: surely too long, not read
        yield Rejected(
            str(txt),
            None,
            [
                f"the text file is {_size(txt):,} bytes, more than {max_doc:,} characters: one "
                f"document may hold at most {max_doc:,} (set {ENV_MAX_DOCUMENT_CHARS} to allow more)"
            ],
        )
        return
    if ann.is_file() and _size(ann) > max_ann:
        yield Rejected(
            str(ann),
            None,
            [
                f"the .ann file is {_size(ann):,} bytes; it may hold at most {max_ann:,} "
                f"(set {ENV_MAX_LINE_BYTES} to allow more)"
            ],
        )
        return
    text = _read_utf8(txt)
    if opts.counter is not None:
        opts.counter.n += _size(txt) + (_size(ann) if ann.exists() else 0)
    if not text.strip():
        yield Rejected(str(txt), None, ["the text file is empty"])
        return
    if len(text) > max_doc:
        yield Rejected(str(txt), None, [text_too_long(len(text), max_doc)])
        return
    src = str(ann if ann.exists() else txt)
    items: list[tuple[object, object, object, object, int | None]] = []
    reasons: list[str] = []
    other = 0
    joined = 0
    ann_text = _read_utf8(ann) if ann.is_file() else ""
    # Lines end at LF (CRLF too): not str.splitlines(), which also cuts at U+2028, U+0085, \x0c… inside a quoted text.
    for n, line in enumerate(ann_text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        if not line.startswith("T"):
            other += 1
            continue
        parts = line.split("\t", 2)  # ID, TYPE START END, the text (which may hold tabs)
        if len(parts) < 2 or not parts[1].strip():
            reasons.append(f"line {n}: a T line is ID<TAB>TYPE START END<TAB>TEXT")
            continue
        head = parts[1].split(" ", 1)
        if len(head) != 2:
            reasons.append(f"line {n}: no offsets after the type {clip(head[0])!r}")
            continue
        label, where = head
        frags = []
        bad = False
        for frag in where.split(";"):
            nums = frag.split(" ")
            if len(nums) != 2 or not all(_OFFSET.fullmatch(x) for x in nums):
                reasons.append(f"line {n}: offsets {clip(where)!r} are not START END[;START END]")
                bad = True
                break
            frags.append((int(nums[0]), int(nums[1])))
        if bad:
            continue
        quoted = parts[2] if len(parts) > 2 else None
        if len(frags) > 1:
            frags.sort()
            gaps = [text[frags[i][1] : frags[i + 1][0]] for i in range(len(frags) - 1)]
            if any(g.strip() or frags[i][1] > frags[i + 1][0] for i, g in enumerate(gaps)) or frags[-1][
                1
            ] > len(text):
                reasons.append(
                    f"line {n}: discontinuous {clip(label)} entity ({clip(where)}) has text between its fragments: "
                    "one Hamish span cannot hold it"
                )
                continue
            if quoted is not None and quoted != " ".join(text[a:b] for a, b in frags):
                reasons.append(
                    f"line {n}: the fragments {clip(where)} do not cover the quoted text {show(quoted)}"
                )
                continue
            joined += 1
            quoted = None  # checked above; the joined span covers the gaps too
            frags = [(frags[0][0], frags[-1][1])]
        items.append((frags[0][0], frags[0][1], label, quoted, n))
    stored, spans, changed, problems = checked_spans(text, items, "codepoints", what="entity", by_line=True)
    reasons.extend(problems)
    if reasons:
        yield Rejected(src, None, reasons)
        return
    rec = ImportRecord(
        source=src,
        line=1,
        text=stored,
        spans=spans,
        source_name=txt.name,
        meta={"format": "brat", "file": txt.name},
        newlines_normalised=changed,
    )
    if other:
        rec.note("brat_other_lines", f"{src}: {other} line(s)", other)
    if joined:
        rec.note("brat_fragments_joined", f"{src}: {joined}", joined)
    add_text_notes(rec)
    yield rec


FORMAT = Format(
    name="brat",
    description="brat standoff (.txt + .ann, T lines), a folder",
    extension="",
    read=read,
    suffixes=(".ann", ".txt"),
    expand_inputs=expand,
    companion_suffixes=(".txt",),
    folder_output=True,
    write_folder=write_folder,
    write_doc=write_doc,
    finish_folder=finish_folder,
    one_word_labels=True,
)
