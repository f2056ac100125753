"""Hugging Face-ready JSONL for token classification, one line per sentence.

A line::

    {"id": "12-0", "document_id": 12, "sentence": 0,
     "tokens": ["وقال", "كاظم", "جلالي"], "ner_tags": [0, 1, 2],
     "text": "وقال كاظم جلالي",
     "spans": [{"start": 5, "end": 15, "label": "PERSON", "text": "كاظم جلالي"}]}

``ner_tags`` are indexes into the label names file written beside the export
(``NAME.labels.json``, or ``labels.json`` in a split folder): ``["O", "B-PERSON",
"I-PERSON", …]`` for every project label in project order, so ids are stable across
exports. Load it with ``datasets.load_dataset("json", data_files=…)`` and cast
``ner_tags`` to ``Sequence(ClassLabel(names=…))``. ``text`` is the sentence; ``spans``
are code-point offsets into it and keep nested entities, which the flat ``ner_tags``
cannot (they follow the nesting policy: outermost or innermost). Sentences, tokens and
the handling of partial spans are as for CoNLL (:mod:`app.core.sentences`).
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import orjson

from app.core import bio
from app.core.sentences import flatten
from app.formats.base import ExportDocument, Format, WriteOptions, document_writer
from app.formats.conll import _sentences, doc_entities


def tag_names(options: WriteOptions) -> list[str]:
    names = ["O"]
    seen = set()
    for lab in options.all_labels:
        n = options.label_names.get(lab, lab)
        if n in seen:
            continue
        seen.add(n)
        names += [f"B-{n}", f"I-{n}"]
    return names


_IDS: dict[int, dict[str, int]] = {}


def _ids(options: WriteOptions) -> dict[str, int]:
    got = _IDS.get(id(options))
    if got is None:
        got = _IDS[id(options)] = {n: i for i, n in enumerate(tag_names(options))}
        if len(_IDS) > 64:
            _IDS.clear()
            _IDS[id(options)] = got
    return got


def encode_doc(doc: ExportDocument, options: WriteOptions) -> bytes:
    tally = options.tally
    tokens, starts, ents = doc_entities(doc, options, tally)
    flat = flatten(ents, options.nested, tally, f"document {doc.id}")
    ids = _ids(options)
    text = doc.text
    flat_starts = [e[0] for e in flat]
    all_sorted = sorted(ents)
    all_starts = [e[0] for e in all_sorted]
    out = []
    for k, (a, b) in enumerate(_sentences(len(tokens), starts)):
        i, j = bisect_left(flat_starts, a), bisect_left(flat_starts, b)
        tags = bio.encode(b - a, [(x - a, y - a, t) for x, y, t in flat[i:j]])
        base = tokens[a][0]
        sent_text = text[base : tokens[b - 1][1]]
        spans = []
        for x, y, t, _d in all_sorted[bisect_left(all_starts, a) : bisect_left(all_starts, b)]:
            s, e = tokens[x][0] - base, tokens[y - 1][1] - base
            spans.append({"start": s, "end": e, "label": t, "text": sent_text[s:e]})
        line = {
            "id": f"{doc.id}-{k}",
            "document_id": doc.id,
            "sentence": k,
            "tokens": [text[s:e] for s, e in tokens[a:b]],
            "ner_tags": [ids[t] for t in tags],
            "text": sent_text,
            "spans": spans,
        }
        out.append(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
    return b"".join(out)


write = document_writer(encode_doc)


def labels_path(out: Path, split_folder: bool) -> Path:
    return out / "labels.json" if split_folder else out.with_suffix(".labels.json")


def extra_files(out: Path, options: WriteOptions, split_folder: bool = False) -> dict[Path, bytes]:
    return {
        labels_path(out, split_folder): orjson.dumps(tag_names(options), option=orjson.OPT_INDENT_2) + b"\n"
    }


FORMAT = Format(
    name="hf",
    description="Hugging Face-ready JSONL (tokens, ner_tags ids + label names file, text, spans), one sentence a line",
    extension=".jsonl",
    write=write,
    token_level=True,
    encode=encode_doc,
    extra_files=extra_files,  # type: ignore[arg-type]
    one_word_labels=True,
)
