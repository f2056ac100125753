"""CoNLL IOB2, two columns: ``token TAG`` a line (one space or a tab), a blank line ends a
sentence (ANERcorp / AQMAR style). ``-DOCSTART-`` lines (CoNLL-2003) start a new document.

**Documents.** A token-level corpus has sentences, not documents. A ``-DOCSTART-`` line
starts a document; without any, every ``sentences_per_document`` sentences (default 50;
0: the whole file) make one document, in file order. The stored text is the tokens joined
by one space, one sentence a line (``\\n``); ``document.meta`` records
``"tokenization": "whitespace"``, the file, its first line and the sentence count, so an
export gives back exactly the original tokens and sentences (camel-tools is not asked for
these documents). Wojood's ``$#$ O`` segment markers are ordinary tokens here: they are
kept, so the round trip is exact.

**Tags.** IOB2 only (B-, I-, O); BIOES/BILOU and bare types are refused with the line. An
``I-`` with nothing to continue is repaired by the policy (``begin``, ``drop``, ``error``;
see :mod:`app.core.bio`) and every repair is reported with its line.

**Export.** Spans are mapped onto the document's tokens (:mod:`app.core.sentences`);
partial spans are expanded or skipped, nested spans reduced to the outermost or innermost
(a flat format holds one entity per token), each counted with examples. Entity types are
written in capitals (``person`` → ``B-PERSON``) unless a label map names them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from app.core import bio
from app.core.issues import Tally
from app.core.text import TextDecodeError
from app.core.textio import BIDI_MARKS, PRESENTATION_FORMS, utf8_lines
from app.core.sentences import document_tokens, flatten, map_spans, nest
from app.formats.base import (
    ENV_MAX_DOCUMENT_CHARS,
    ExportDocument,
    Format,
    FileNote,
    FormatError,
    ImportRecord,
    ImportSpan,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    check_nonempty,
    open_binary,
)

DOCSTART = "-DOCSTART-"
_SPACES = re.compile(" +")


# --- reading ---------------------------------------------------------------------------------


class _Doc:
    __slots__ = ("sentences", "first_line", "docstart", "notes", "chars", "too_long", "count")

    def __init__(self) -> None:
        self.sentences: list[tuple[list[str], list[tuple[int, int, str, int]], int]] = []  # tokens, entities, line
        self.first_line = 0
        self.docstart = False
        self.notes: list[tuple[str, str, int]] = []
        self.chars = 0  # length of the document's text so far
        self.too_long = False  # over the limit: its sentences are counted, not kept
        self.count = 0  # sentences read into it


def read_tokens(path: Path, options: ReadOptions | None, nested: bool, fmt: str) -> Iterator[Item]:
    opts = options or ReadOptions()
    per_doc = opts.sentences_per_document
    max_doc, max_line = opts.document_limit(), opts.line_limit()
    check_nonempty(path)
    src = str(path)
    file_notes: list[str] = []
    doc = _Doc()
    any_sentence = False
    tokens: list[str] = []
    rows: list[list[str]] = []
    raw: list[str] = []
    first = 0
    bad: str | None = None
    bad_line = 0
    saw_docstart = False

    def finish_sentence() -> Item | None:
        nonlocal tokens, rows, raw, bad
        if not tokens and bad is None:
            return None
        toks, tags_rows, lines, problem = tokens, rows, raw, bad
        tokens, rows, raw, bad = [], [], [], None
        if problem is not None:
            return Rejected(src, bad_line, [problem], "\n".join(lines))
        try:
            if nested:
                ents, reps = bio.decode_columns(tags_rows, opts.iob_repair)
                repairs = [(i, f"column {c + 2}: {old} → {new}") for i, c, old, new in reps]
            else:
                flat, reps2 = bio.decode([r[0] for r in tags_rows], opts.iob_repair)
                ents = [(a, b, t, 0) for a, b, t in flat]
                repairs = [(i, f"{old} → {new}") for i, old, new in reps2]
        except bio.TagError as exc:
            return Rejected(src, first + exc.index, [str(exc)], "\n".join(lines))
        kind = "iob_dropped" if opts.iob_repair == "drop" else "iob_repaired"
        for i, what in repairs:
            doc.notes.append((kind, f"{src}, line {first + i}: {toks[i]} {what}", 1))
        joined = " ".join(toks)
        if BIDI_MARKS.search(joined):
            i = next(k for k, t in enumerate(toks) if BIDI_MARKS.search(t))
            doc.notes.append(("bidi_marks", f"{src}, line {first + i}: token {toks[i]!r} holds a bidi mark", 1))
        if PRESENTATION_FORMS.search(joined):
            i = next(k for k, t in enumerate(toks) if PRESENTATION_FORMS.search(t))
            doc.notes.append(("presentation_forms", f"{src}, line {first + i}: token {toks[i]!r}", 1))
        if not doc.sentences and not doc.too_long:
            doc.first_line = first
        doc.chars += len(joined) + 1
        doc.count += 1
        if doc.too_long:
            return None
        if doc.chars - 1 > max_doc:  # the document is too long: stop keeping it (memory stays bounded)
            doc.too_long = True
            doc.sentences = []
            doc.notes = []
            return None
        doc.sentences.append((toks, ents, first))
        return None

    def finish_doc() -> Item | None:
        nonlocal doc
        if doc.too_long:
            how = ("its -DOCSTART- section" if doc.docstart else
                   "the whole file (--sentences-per-document 0)" if not per_doc else f"{per_doc} sentences")
            item: Item = Rejected(src, doc.first_line, [
                f"the document starting here ({how}) is over {max_doc:,} characters, the most one document may hold "
                f"(give a smaller --sentences-per-document, or set {ENV_MAX_DOCUMENT_CHARS} to allow more)"])
            doc = _Doc()
            return item
        if not doc.sentences:
            doc = _Doc()
            return None
        rec = _record(doc, src, fmt)
        doc = _Doc()
        return rec

    try:
        with open_binary(path, opts.counter) as fh:
            for n, line in utf8_lines(fh, src, file_notes, max_line):
                if not line.strip(" \t"):
                    if tokens or bad is not None:
                        item = finish_sentence()
                        if item is not None:
                            yield item
                        any_sentence = True
                        if per_doc and not saw_docstart and doc.count >= per_doc:
                            item = finish_doc()
                            if item is not None:
                                yield item
                    continue
                if "\t" in line:
                    fields = line.rstrip(" \t").split("\t")
                else:
                    fields = _SPACES.split(line.strip(" "))
                if fields[0] == DOCSTART:
                    if tokens or bad is not None:
                        item = finish_sentence()
                        if item is not None:
                            yield item
                    item = finish_doc()
                    if item is not None:
                        yield item
                    saw_docstart = True
                    doc.docstart = True
                    continue
                if not tokens and bad is None:
                    first = n
                raw.append(line)
                if bad is not None:
                    continue
                if nested:
                    if len(fields) < 2:
                        bad, bad_line = f"{len(fields)} column: expected a token then 1 or more IOB2 tags", n
                        continue
                elif len(fields) != 2:
                    hint = " (use --format conll-nested for multi-column tags)" if len(fields) > 2 else ""
                    bad, bad_line = f"{len(fields)} columns: expected `token TAG`{hint}", n
                    continue
                tok = fields[0]
                if not tok:
                    bad, bad_line = "empty token", n
                    continue
                tokens.append(tok)
                rows.append(fields[1:])
    except TextDecodeError as exc:
        raise FormatError(str(exc)) from None
    if tokens or bad is not None:
        item = finish_sentence()
        if item is not None:
            yield item
        any_sentence = True
    item = finish_doc()
    if item is not None:
        yield item
    if not any_sentence:
        yield Rejected(src, None, ["no sentences found (only blank lines)"])
    for kind in file_notes:
        yield FileNote(src, kind)


def _record(doc: _Doc, src: str, fmt: str) -> ImportRecord:
    lines: list[str] = []
    spans: list[ImportSpan] = []
    offsets: list[list[tuple[int, int]]] | None = None
    pos = 0
    spaced = any(" " in t for toks, _, _ in doc.sentences for t in toks)
    if spaced:
        offsets = []
    for toks, ents, first in doc.sentences:
        starts = []
        p = pos
        for t in toks:
            starts.append(p)
            p += len(t) + 1
        if offsets is not None:
            offsets.append([(a, a + len(t)) for a, t in zip(starts, toks)])
        for a, b, typ, _col in ents:
            s = starts[a]
            e = starts[b - 1] + len(toks[b - 1])
            spans.append(ImportSpan(s, e, typ, None, first + a))
        line = " ".join(toks)
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    meta: dict = {
        "format": fmt,
        "file": Path(src).name,
        "line": doc.first_line,
        "sentences": len(doc.sentences),
        "tokenization": "whitespace",
    }
    if offsets is not None:
        meta["token_offsets"] = offsets
    if doc.docstart:
        meta["docstart"] = True
    rec = ImportRecord(source=src, line=doc.first_line, text=text, spans=spans, source_name=Path(src).name, meta=meta)
    rec.notes.extend(doc.notes)
    return rec


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    return read_tokens(path, options, nested=False, fmt="conll")


# --- writing ---------------------------------------------------------------------------------


def doc_entities(doc: ExportDocument, options: WriteOptions, tally: Tally):  # type: ignore[no-untyped-def]
    """``(tokens, sentence starts, nested entities (a, b, name, depth))`` of one document."""
    tokens, starts = document_tokens(doc.text, doc.meta)
    where = f"document {doc.id}"
    mapped = map_spans(tokens, starts, doc.spans, options.partial, tally, where)
    names = options.label_names
    mapped = [(a, b, names.get(lab, lab), k) for a, b, lab, k in mapped]
    return tokens, starts, nest(mapped, tally, where, doc.spans)


def _sentences(n_tokens: int, starts: list[int]) -> Iterator[tuple[int, int]]:
    for k, a in enumerate(starts):
        yield a, (starts[k + 1] if k + 1 < len(starts) else n_tokens)


def encode_doc(doc: ExportDocument, options: WriteOptions, nested: bool = False) -> bytes:
    tally = options.tally
    tokens, starts, ents = doc_entities(doc, options, tally)
    text = doc.text
    out: list[str] = []
    if options.docstart or (doc.meta or {}).get("docstart"):
        out.append(f"{DOCSTART} O\n\n")
    if nested:
        ents_sorted = sorted(ents)
    else:
        ents_sorted = flatten(ents, options.nested, tally, f"document {doc.id}")
    ent_starts = [e[0] for e in ents_sorted]
    if (doc.meta or {}).get("token_offsets"):
        for s, e in tokens:
            if " " in text[s:e] or "\t" in text[s:e]:
                raise FormatError(f"document {doc.id}: token {text[s:e]!r} holds a space, which a CoNLL line cannot")
    for a, b in _sentences(len(tokens), starts):
        i = bisect_left(ent_starts, a)
        j = bisect_left(ent_starts, b)
        toks = [text[s:e] for s, e in tokens[a:b]]
        if nested:
            rows = bio.encode_nested(b - a, [(x - a, y - a, t, d) for x, y, t, d in ents_sorted[i:j]])
            out.extend(f"{tok} {' '.join(r)}\n" for tok, r in zip(toks, rows))
        else:
            tags = bio.encode(b - a, [(x - a, y - a, t) for x, y, t in ents_sorted[i:j]])
            out.extend(f"{tok} {tag}\n" for tok, tag in zip(toks, tags))
        out.append("\n")
    return "".join(out).encode("utf-8")


def write(docs: Iterable[ExportDocument], fh: BinaryIO, options: WriteOptions | None = None) -> int:
    opts = options or WriteOptions()
    n = 0
    for doc in docs:
        fh.write(encode_doc(doc, opts))
        n += 1
    return n


FORMAT = Format(
    name="conll",
    description="CoNLL IOB2, two columns `token TAG` (ANERcorp/AQMAR style)",
    extension=".conll",
    write=write,
    read=read,
    suffixes=(".conll", ".iob", ".iob2", ".bio", ".tsv", ".txt"),
    token_level=True,
    encode=encode_doc,
)
