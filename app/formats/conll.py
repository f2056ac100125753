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

**Sentences of a file without blank lines** (ANERcorp as distributed: one ``token TAG`` a
line, sentences never separated). When no blank line separates two lines of a file,
a token made only of sentence-final punctuation (``. ? ! ؟ … ۔``) and tagged ``O`` ends a
sentence (:func:`splits_sentences`; ``ReadOptions.split_sentences="never"``, the CLI's
``--split-sentences never``, keeps the file one sentence). Each document read so is noted
(``sentences_split``): the import reports how many sentences were found that way, and where.

**Problems.** A line that is not ``token TAG`` (or a tag that is not IOB2) makes its sentence
a problem; the message names every such line of the sentence (up to 20, and how many
more). With ``--skip-bad`` that sentence alone is left out: the others are imported.

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
from collections.abc import Iterator
from itertools import accumulate, chain, compress, count
from pathlib import Path
from typing import BinaryIO

from app.core import bio
from app.core.decoding import BIDI_MARKS, PRESENTATION_FORMS, utf8_lines
from app.core.issues import Tally
from app.core.sentences import document_tokens, flatten, map_spans, nest
from app.core.stored_text import TextDecodeError
from app.formats.base import (
    ENV_MAX_DOCUMENT_CHARS,
    ExportDocument,
    FileNote,
    Format,
    FormatError,
    ImportRecord,
    ImportSpan,
    Item,
    ReadOptions,
    Rejected,
    WriteOptions,
    check_nonempty,
    document_writer,
    open_binary,
)

DOCSTART = "-DOCSTART-"
SUFFIXES = (".conll", ".iob", ".iob2", ".bio", ".tsv", ".txt")
_SPACES = re.compile(" +")


# --- reading ---------------------------------------------------------------------------------


class _Doc:
    __slots__ = ("sentences", "first_line", "docstart", "notes", "chars", "too_long", "count")

    def __init__(self) -> None:
        self.sentences: list[
            tuple[list[str], list[tuple[int, int, str, int]], int, str]
        ] = []  # tokens, entities, line, text
        self.first_line = 0
        self.docstart = False
        self.notes: list[tuple[str, str, int]] = []
        self.chars = 0  # length of the document's text so far
        self.too_long = False  # over the limit: its sentences are counted, not kept
        self.count = 0  # sentences read into it


def _keep_sentence(
    doc: _Doc,
    toks: list[str],
    ents: list[tuple[int, int, str, int]],
    first: int,
    src: str,
    max_doc: int,
    marks: bool = True,
) -> None:
    """Add a decoded sentence to ``doc`` (its text notes, the document-size limit); ``marks``:
    whether the sentence may hold bidi marks or presentation forms (False: known not to)."""
    joined = " ".join(toks)
    if marks:
        if BIDI_MARKS.search(joined):
            i = next(k for k, t in enumerate(toks) if BIDI_MARKS.search(t))
            doc.notes.append(
                ("bidi_marks", f"{src}, line {first + i}: token {toks[i]!r} holds a bidi mark", 1)
            )
        if PRESENTATION_FORMS.search(joined):
            i = next(k for k, t in enumerate(toks) if PRESENTATION_FORMS.search(t))
            doc.notes.append(("presentation_forms", f"{src}, line {first + i}: token {toks[i]!r}", 1))
    if not doc.sentences and not doc.too_long:
        doc.first_line = first
    doc.chars += len(joined) + 1
    doc.count += 1
    if doc.too_long:
        return
    if doc.chars - 1 > max_doc:  # the document is too long: stop keeping it (memory stays bounded)
        doc.too_long = True
        doc.sentences = []
        doc.notes = []
        return
    doc.sentences.append((toks, ents, first, joined))


def _finish_sentence(
    doc: _Doc,
    toks: list[str],
    rows: list[list[str]],
    lines: list[str],
    first: int,
    bad: list[tuple[int, str]],
    src: str,
    opts: ReadOptions,
    nested: bool,
    max_doc: int,
) -> Item | None:
    """Decode one sentence's tags (repairs noted in ``doc``) and keep it; a Rejected naming every
    problem line if it is bad (``bad``: the lines already found wrong, with their reasons)."""
    if bad:  # lines that are not `token TAG`; the others' tags are checked too
        return _rejected(src, sorted({*bad, *_bad_tags(lines, first, nested)}), lines)
    try:
        if nested:
            ents, reps = bio.decode_columns(rows, opts.iob_repair)
            repairs = [(i, f"column {c + 2}: {old} → {new}") for i, c, old, new in reps]
        else:
            flat, reps2 = bio.decode([r[0] for r in rows], opts.iob_repair)
            ents = [(a, b, t, 0) for a, b, t in flat]
            repairs = [(i, f"{old} → {new}") for i, old, new in reps2]
    except bio.TagError as exc:  # it names the first bad tag: every one is listed
        found = _bad_tags(lines, first, nested)
        if (first + exc.index, str(exc)) not in found:  # an I- refused by --iob-repair error
            found = sorted([*found, (first + exc.index, str(exc))])
        return _rejected(src, found, lines)
    kind = "iob_dropped" if opts.iob_repair == "drop" else "iob_repaired"
    for i, what in repairs:
        doc.notes.append((kind, f"{src}, line {first + i}: {toks[i]} {what}", 1))
    _keep_sentence(doc, toks, ents, first, src, max_doc)
    return None


MAX_LINES_NAMED = 20  # problem lines named per sentence (all are counted)


def _rejected(src: str, bad: list[tuple[int, str]], lines: list[str]) -> Rejected:
    """A bad sentence: its first problem line, then every other one with its line."""
    reasons = [bad[0][1]] + [f"line {n}: {why}" for n, why in bad[1:MAX_LINES_NAMED]]
    if len(bad) > MAX_LINES_NAMED:
        reasons.append(f"and {len(bad) - MAX_LINES_NAMED:,} more line(s) of this sentence with problems")
    return Rejected(src, bad[0][0], reasons, "\n".join(lines))


def _bad_tags(lines: list[str], first: int, nested: bool) -> list[tuple[int, str]]:
    """Every tag of a sentence's lines (``first``: the line number of the first) that is not
    IOB2, with its line: a TagError names only the first. Lines that are not ``token TAG`` are
    left to :func:`_line_problem`."""
    out = []
    for k, line in enumerate(lines):
        fields = _fields(line)
        if _line_problem(fields, nested) is not None:
            continue
        for c, tag in enumerate(fields[1:]):
            try:
                bio.parse_tag(tag)
            except ValueError as exc:
                out.append((first + k, f"column {c + 2}: {exc}" if nested else str(exc)))
    return out


def _finish_doc(doc: _Doc, src: str, fmt: str, per_doc: int, max_doc: int) -> Item | None:
    """The record of a finished document (None if it has no sentence; a Rejected if too long)."""
    if doc.too_long:
        how = (
            "its -DOCSTART- section"
            if doc.docstart
            else "the whole file (--sentences-per-document 0)"
            if not per_doc
            else f"{per_doc} sentences"
        )
        return Rejected(
            src,
            doc.first_line,
            [
                f"the document starting here ({how}) is over {max_doc:,} characters, the most one document may hold "
                f"(give a smaller --sentences-per-document, or set {ENV_MAX_DOCUMENT_CHARS} to allow more)"
            ],
        )
    if not doc.sentences:
        return None
    return _record(doc, src, fmt)


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return line.rstrip(" \t").split("\t")
    return _SPACES.split(line.strip(" "))


def _line_problem(fields: list[str], nested: bool) -> str | None:
    if nested:
        if len(fields) < 2:
            return f"{len(fields)} column: expected a token then 1 or more IOB2 tags"
    elif len(fields) != 2:
        hint = " (use --format conll-nested for multi-column tags)" if len(fields) > 2 else ""
        return f"{len(fields)} columns: expected `token TAG`{hint}"
    if not fields[0]:
        return "empty token"
    return None


def read_tokens(
    path: Path, options: ReadOptions | None, nested: bool, fmt: str, split: bool | None = None
) -> Iterator[Item]:
    """Any CoNLL file, line by line (tabs, CR, a BOM, -DOCSTART-, ragged columns…). ``split``:
    whether sentences end after sentence-final punctuation too (None: as :func:`splits_sentences` says)."""
    opts = options or ReadOptions()
    per_doc = opts.sentences_per_document
    max_doc, max_line = opts.document_limit(), opts.line_limit()
    check_nonempty(path)
    if split is None:
        split = splits_sentences(path, opts)
    src = str(path)
    file_notes: list[str] = []
    doc = _Doc()
    sentences = 0
    tokens: list[str] = []
    rows: list[list[str]] = []
    raw: list[str] = []
    first = 0
    bad: list[tuple[int, str]] = []  # lines of the sentence that cannot be read, with the reason
    saw_docstart = False
    noted = False  # the file named in a sentences_split note

    def finish_sentence() -> Item | None:
        nonlocal tokens, rows, raw, bad
        if not raw:
            return None
        item = _finish_sentence(doc, tokens, rows, raw, first, bad, src, opts, nested, max_doc)
        tokens, rows, raw, bad = [], [], [], []
        return item

    def finish_doc() -> Item | None:
        nonlocal doc, noted
        item = _finish_doc(doc, src, fmt, per_doc, max_doc)
        doc = _Doc()
        if split and isinstance(item, ImportRecord):  # the file is the example, once
            item.note("sentences_split", "" if noted else src, item.meta["sentences"])
            noted = True
        return item

    def end_sentence() -> Iterator[Item]:
        """A blank line, or (``split``) a sentence-final token: the sentence ends, and the document
        with it when it holds ``per_doc`` sentences."""
        nonlocal sentences
        if not raw:
            return
        item = finish_sentence()
        if item is not None:
            yield item
        sentences += 1
        if per_doc and not saw_docstart and doc.count >= per_doc:
            item = finish_doc()
            if item is not None:
                yield item

    try:
        with open_binary(path, opts.counter) as fh:
            for n, line in utf8_lines(fh, src, file_notes, max_line):
                if not line.strip(" \t"):
                    yield from end_sentence()
                    continue
                fields = _fields(line)
                if fields[0] == DOCSTART:
                    if raw:
                        item = finish_sentence()
                        if item is not None:
                            yield item
                        sentences += 1
                    item = finish_doc()
                    if item is not None:
                        yield item
                    saw_docstart = True
                    doc.docstart = True
                    continue
                if not raw:
                    first = n
                raw.append(line)
                problem = _line_problem(fields, nested)
                if problem is not None:
                    bad.append((n, problem))
                    continue
                if not bad:
                    tokens.append(fields[0])
                    rows.append(fields[1:])
                if split and _ends_sentence(fields):
                    yield from end_sentence()
    except TextDecodeError as exc:
        raise FormatError(str(exc)) from None
    if raw:
        item = finish_sentence()
        if item is not None:
            yield item
        sentences += 1
    item = finish_doc()
    if item is not None:
        yield item
    if not sentences:
        yield Rejected(src, None, ["no sentences found (only blank lines)"])
    for kind in file_notes:
        yield FileNote(src, kind)


# Sentence-final punctuation: a token made only of these, tagged O, ends a sentence of a file
# without blank lines (ANERcorp as distributed: one token a line, sentences never separated).
SENTENCE_FINAL = ".?!؟…۔"


def _ends_sentence(fields: list[str]) -> bool:
    return not fields[0].strip(SENTENCE_FINAL) and all(tag == "O" for tag in fields[1:])


def splits_sentences(path: Path, options: ReadOptions) -> bool:
    """Whether sentences of ``path`` are cut at sentence-final punctuation: with
    ``split_sentences="auto"`` (the default), when no blank line separates two lines of the
    file (a file of one unseparated run of tokens); never with ``"never"``. A separated file
    is found at its first sentence's end; only an unseparated one is read to its end."""
    if options.split_sentences == "never":
        return False
    seen = blank = False
    with open_binary(path) as fh:
        for k, raw in enumerate(fh):
            raw = raw.rstrip(b"\n")
            if k == 0:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            for line in raw.split(b"\r") if b"\r" in raw else (raw,):  # lone CRs end lines too
                if not line.strip(b" \t"):
                    blank = seen
                elif blank:
                    return False
                else:
                    seen = True
    return True


# --- the fast path: plain two-column files ----------------------------------------------------
#
# Most corpora are plain: UTF-8 without a BOM, LF line ends, `token TAG` with one space, no
# -DOCSTART-. For those, the file is decoded in large pieces and a sentence becomes tokens and
# tags with C-level string operations; Python runs once per sentence and once per entity,
# not ~15 times per line (a 132 MB, 10.9 M-token file: reader 12.3 s → 5.0 s). A sentence that
# is not plain (a line without exactly `token TAG`) or whose tags need the IOB2 decoder
# (repairs, bad tags) goes through the same functions as the line reader, so both give the
# same records, notes and refusals (tests/formats/test_conll_fast.py checks that they do).

PIECE = 1 << 20
_PLAIN_SENTENCE = re.compile(r"[^ \n]++ [^ \n]++(?:\n[^ \n]++ [^ \n]++)*+")
_SENTENCE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_NOT_O = "O".__ne__
_NOTABLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufb50-\ufdff\ufe70-\ufefe]")


def _pieces(fh: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The file in pieces of whole lines (cut after a line end), each at most ``max_bytes``
    (a longer line raises OverflowError)."""
    rest = b""
    while True:
        data = fh.read(PIECE)
        if not data:
            if len(rest) > max_bytes:
                raise OverflowError
            if rest:
                yield rest
            return
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
        else:
            rest = data[cut:]
            if cut > max_bytes:
                raise OverflowError
            yield data[:cut]
        if len(rest) > max_bytes:
            raise OverflowError


def is_plain(path: Path, max_line: int) -> bool:
    """Whether the fast reader may read ``path`` (one pass at C speed over the bytes)."""
    if max_line < PIECE:
        return False
    try:
        with path.open("rb") as fh:
            first = True
            for piece in _pieces(fh, max_line):
                if first and piece.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b" ")):
                    return False
                first = False
                # no CR, tab or -DOCSTART-, no line starting with a space (nor made of spaces only)
                if b"\r" in piece or b"\t" in piece or b"-DOCSTART-" in piece or b"\n " in piece:
                    return False
                piece.decode("utf-8")
    except (OverflowError, UnicodeDecodeError, OSError):
        return False
    return True


def _plain_entities(tags: list[str]) -> list[tuple[int, int, str, int]] | None:
    """Entities of valid IOB2 tags (as :func:`bio.decode`), looking at the non-O tags only;
    None if a tag is not ``B-X`` or an ``I-X`` continuing ``X`` (then bio.decode decides)."""
    ents: list[tuple[int, int, str, int]] = []
    start = prev = -2
    typ = ""
    for i in compress(count(), map(_NOT_O, tags)):
        t = tags[i]
        if i == prev + 1 and t[:2] == "I-" and t[2:] == typ:
            prev = i
            continue
        if t[:2] != "B-" or len(t) < 3:
            return None
        if prev >= 0:
            ents.append((start, prev + 1, typ, 0))
        start = prev = i
        typ = t[2:]
    if prev >= 0:
        ents.append((start, prev + 1, typ, 0))
    return ents


def read_plain(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """A plain file (see :func:`is_plain`): the same items as ``read_tokens(path, options, False, "conll")``."""
    opts = options or ReadOptions()
    per_doc = opts.sentences_per_document
    max_doc, max_line = opts.document_limit(), opts.line_limit()
    check_nonempty(path)
    src = str(path)
    doc = _Doc()
    any_sentence = False
    line = 1  # the line number at the start of the current piece
    carry = ""  # the end of the last piece after its last blank line: a sentence may go on
    with open_binary(path, opts.counter) as fh:
        for piece in chain(_pieces(fh, max_line), [None]):
            if piece is not None:
                text = carry + piece.decode("utf-8")
                cut = text.rfind("\n\n") + 2
                if cut < 2:
                    carry = text
                    continue
                carry = text[cut:]
            else:
                text, carry = carry, ""
                cut = len(text)
            pos = 0
            marks = _NOTABLE.search(text, 0, cut) is not None
            for m in _SENTENCE.finditer(text, 0, cut):
                first = line + text.count("\n", pos, m.start())
                pos, line = m.start(), first
                block = m.group()
                if _PLAIN_SENTENCE.fullmatch(block):
                    parts = block.replace("\n", " ").split(" ")
                    toks, tags = parts[0::2], parts[1::2]
                    ents = _plain_entities(tags) if tags.count("O") != len(tags) else []
                    if ents is not None:
                        _keep_sentence(doc, toks, ents, first, src, max_doc, marks)
                        item = None
                    else:
                        item = _finish_sentence(
                            doc,
                            toks,
                            [[t] for t in tags],
                            block.split("\n"),
                            first,
                            [],
                            src,
                            opts,
                            False,
                            max_doc,
                        )
                else:
                    item = _sentence_by_lines(doc, block, first, src, opts, max_doc)
                if item is not None:
                    yield item
                any_sentence = True
                if per_doc and doc.count >= per_doc:
                    item = _finish_doc(doc, src, "conll", per_doc, max_doc)
                    doc = _Doc()
                    if item is not None:
                        yield item
            line += text.count("\n", pos, cut)
    item = _finish_doc(doc, src, "conll", per_doc, max_doc)
    if item is not None:
        yield item
    if not any_sentence:
        yield Rejected(src, None, ["no sentences found (only blank lines)"])


def _sentence_by_lines(
    doc: _Doc, block: str, first: int, src: str, opts: ReadOptions, max_doc: int
) -> Item | None:
    """A sentence of a plain file that is not ``token TAG`` on every line: as the line reader."""
    lines = block.split("\n")
    toks: list[str] = []
    rows: list[list[str]] = []
    bad: list[tuple[int, str]] = []
    for k, ln in enumerate(lines):
        fields = _fields(ln)
        problem = _line_problem(fields, False)
        if problem is not None:
            bad.append((first + k, problem))
        elif not bad:
            toks.append(fields[0])
            rows.append(fields[1:])
    return _finish_sentence(doc, toks, rows, lines, first, bad, src, opts, False, max_doc)


def _record(doc: _Doc, src: str, fmt: str) -> ImportRecord:
    lines = [sentence[3] for sentence in doc.sentences]
    # a token holding a space (possible in tab-separated files) makes its line hold more spaces
    spaced = any(ln.count(" ") != len(toks) - 1 for toks, _, _, ln in doc.sentences)
    offsets: list[list[tuple[int, int]]] | None = [] if spaced else None
    spans: list[ImportSpan] = []
    pos = 0
    for toks, ents, first, line in doc.sentences:
        if ents or offsets is not None:
            cum = list(accumulate(map(len, toks), initial=0))  # token i starts at pos + cum[i] + i
            for a, b, typ, _col in ents:
                spans.append(ImportSpan(pos + cum[a] + a, pos + cum[b] + b - 1, typ, None, first + a))
            if offsets is not None:
                offsets.append([(pos + cum[i] + i, pos + cum[i + 1] + i) for i in range(len(toks))])
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
    rec = ImportRecord(
        source=src, line=doc.first_line, text=text, spans=spans, source_name=Path(src).name, meta=meta
    )
    rec.notes.extend(doc.notes)
    return rec


def read(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    check_nonempty(path)
    split = splits_sentences(path, opts)
    if not split and is_plain(path, opts.line_limit()):
        yield from read_plain(path, opts)
    else:
        yield from read_tokens(path, opts, nested=False, fmt="conll", split=split)


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
                raise FormatError(
                    f"document {doc.id}: token {text[s:e]!r} holds a space, which a CoNLL line cannot"
                )
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


write = document_writer(encode_doc)


FORMAT = Format(
    name="conll",
    description="CoNLL IOB2, two columns `token TAG` (ANERcorp/AQMAR style)",
    extension=".conll",
    write=write,
    read=read,
    suffixes=SUFFIXES,
    token_level=True,
    encode=encode_doc,
    one_word_labels=True,
)
