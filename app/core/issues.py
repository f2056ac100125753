"""Problems and tallies: what an import or export found, repaired, skipped or dropped.

An :class:`Issue` names the file, the line and the reason (``str()`` is the message a
user reads). A :class:`Tally` counts events by kind and keeps the first few examples of
each, so a report can say "37 spans expanded to whole tokens, e.g. …" without holding
every one of them (memory stays flat on a million spans).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Human wording of every kind a tally may hold (reports print these).
KINDS: dict[str, str] = {
    # import: repairs and notes (the record is imported)
    "iob_repaired": "I- tags with no entity to continue, read as B- (IOB2 repair)",
    "iob_dropped": "I- tags with no entity to continue, read as O (IOB2 repair)",
    "bom": "byte-order marks dropped at the start of a file",
    "newlines": "CR/CRLF newlines normalised to LF (offsets moved with them)",
    "bidi_marks": "records whose text holds U+200E/U+200F/U+061C bidi marks (kept as they are)",
    "presentation_forms": "records whose text holds Arabic presentation forms (kept as they are)",
    "sentences_split": "sentences of CoNLL files without blank lines, found by cutting after sentence-final punctuation "
    "tagged O (. ? ! ؟ … ۔; --split-sentences never keeps such a file one sentence)",
    "text_split": "documents cut from text files longer than one document may be (at paragraph breaks; see meta part/line)",
    "brat_other_lines": "brat lines other than T (entities) skipped: relations, events, attributes, notes",
    "brat_fragments_joined": "brat entities split at line breaks joined into one span",
    "ls_extra_annotations": "Label Studio tasks with several annotations: only the first was imported",
    "ls_predictions": "Label Studio tasks without annotations whose first prediction was imported (origin: suggested)",
    "label_mapped": "spans whose label was renamed by the label map",
    "label_dropped_by_map": "spans dropped because the label map maps their label to null",
    "label_dropped_unknown": "spans dropped because their label is not a project label (--drop-unknown)",
    "span_duplicate": "spans identical (start, end, label) to one already in the layer: skipped",
    "document_existing": "documents whose text was already in the project: the layer was added to that document",
    "document_repeated": "records repeating the text of an earlier record of this import: merged into it",
    "layer_replaced": "layers replaced by a newer version of the same annotator's layer",
    "layer_kept": "layers kept because the project's version is as new or newer",
    "layer_merged": "existing layers that received new spans",
    "record_rejected": "records rejected (written to the rejected-records report)",
    "record_problem": "records with problems (listed; nothing is written)",
    # export
    "partial_expanded": "spans not covering whole tokens, expanded to the tokens they touch",
    "partial_skipped": "spans not covering whole tokens, skipped",
    "nested_dropped": "nested spans a flat format cannot hold, dropped (nesting policy)",
    "crossing_dropped": "spans crossing another once expanded to tokens, dropped",
    "sentence_crossing_skipped": "spans crossing a sentence (line) break, skipped",
    "no_token_skipped": "spans covering no token (only spaces), skipped",
    "fragmented": "spans holding a line break, written as brat fragments",
    "documents_filtered": "documents left out by the status filter",
}


@dataclass(frozen=True, slots=True)
class Issue:
    """Something wrong (or notable) at a place in an input. ``str()`` is the full message."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}, line {self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}" if where else self.message


class Tally:
    """Counts by kind, with the first ``keep`` examples of each."""

    __slots__ = ("counts", "examples", "keep")

    def __init__(self, keep: int = 5) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}
        self.keep = keep

    def add(self, kind: str, example: object = None, n: int = 1) -> None:
        self.counts[kind] += n
        if example is not None:
            ex = self.examples.setdefault(kind, [])
            if len(ex) < self.keep:
                ex.append(str(example))

    def __getitem__(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def __bool__(self) -> bool:
        return any(self.counts.values())

    def merge(self, other: Tally | dict) -> None:
        counts, examples = (
            (other.counts, other.examples)
            if isinstance(other, Tally)
            else (other["counts"], other["examples"])
        )
        for kind, n in counts.items():
            self.counts[kind] += n
        for kind, exs in examples.items():
            mine = self.examples.setdefault(kind, [])
            mine.extend(exs[: max(0, self.keep - len(mine))])

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "examples": {k: list(v) for k, v in self.examples.items()}}

    def lines(self, kinds: Iterable[str] | None = None) -> list[str]:
        """One line per kind: count, wording, examples."""
        out = []
        for kind in kinds if kinds is not None else sorted(self.counts):
            n = self.counts.get(kind, 0)
            if not n:
                continue
            text = f"{n:,} {KINDS.get(kind, kind.replace('_', ' '))}"
            ex = self.examples.get(kind)
            if ex:
                text += "; e.g. " + "; ".join(ex)
            out.append(text)
        return out
