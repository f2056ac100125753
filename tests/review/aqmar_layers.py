"""Two layers built from the AQMAR test set: the gold tags, and known, counted perturbations.

Each sentence of ``aqmar/test.txt`` is one document: its tokens joined by single spaces;
layer A holds its IOB2 entities as code-point spans. Layer B is A with perturbations
chosen by a fixed rule, each one counted as it is made:

* every 7th entity (global index g % 7 == 1) is **dropped**;
* g % 7 == 3 is **relabelled** to the next label of ``LABELS`` (cyclically);
* g % 7 == 5 has its **boundary shifted** by one corpus token — by turns: the end grows
  over a following ``O`` token, the end shrinks by a token (entities of two or more
  tokens), the start grows over a preceding ``O`` token; when the turn's shift is not
  possible the entity is left as it is (and not counted);
* in every 5th sentence (index % 5 == 2) one **spurious** span is added on the first
  ``O`` token whose neighbours are ``O`` too (label cycling through ``LABELS``).

A shifted span only ever covers ``O`` tokens of A besides its own entity, and a spurious
span has ``O`` neighbours, so each perturbation yields exactly one difference of a known
class. The expected figures below are computed from these counts only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.review.align import Span
from tests.conftest import CORPORA

AQMAR_TEST = CORPORA / "aqmar" / "test.txt"
TAGS = {"PER": "per", "LOC": "loc", "ORG": "org", "MIS": "mis"}
LABELS = ("per", "loc", "org", "mis")


@dataclass
class Doc:
    text: str
    tokens: list[tuple[int, int]]  # corpus tokens (code points)
    a: list[Span]
    b: list[Span] = field(default_factory=list)
    # perturbation counts of this document
    dropped: Counter = field(default_factory=Counter)  # label -> n
    relabelled: Counter = field(default_factory=Counter)  # (from, to) -> n
    shifted: Counter = field(default_factory=Counter)  # label -> n
    spurious: Counter = field(default_factory=Counter)  # label -> n


def read_sentences(path=AQMAR_TEST) -> list[list[tuple[str, str]]]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append((parts[0], parts[1]))
    if cur:
        sents.append(cur)
    return sents


def sentence_doc(
    sent: list[tuple[str, str]],
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Text, corpus token offsets, entities as (first token, last token + 1, label)."""
    offs = []
    pos = 0
    for tok, _ in sent:
        offs.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    text = " ".join(tok for tok, _ in sent)
    ents: list[tuple[int, int, str]] = []
    for i, (_, tag) in enumerate(sent):
        if tag == "O":
            continue
        kind, typ = tag.split("-", 1)
        if kind == "I" and ents and ents[-1][1] == i and ents[-1][2] == TAGS[typ]:
            ents[-1] = (ents[-1][0], i + 1, ents[-1][2])
        else:
            ents.append((i, i + 1, TAGS[typ]))
    return text, offs, ents


def build() -> list[Doc]:
    docs: list[Doc] = []
    g = 0
    shift_turn = 0
    for si, sent in enumerate(read_sentences()):
        text, offs, ents = sentence_doc(sent)
        covered = set()
        for i, j, _ in ents:
            covered.update(range(i, j))

        def span(i: int, j: int, lab: str, offs: list[tuple[int, int]] = offs) -> Span:
            return Span(offs[i][0], offs[j - 1][1], lab)

        doc = Doc(text, offs, [span(i, j, lab) for i, j, lab in ents])
        n = len(offs)
        for i, j, lab in ents:
            r = g % 7
            g += 1
            if r == 1:
                doc.dropped[lab] += 1
                continue
            if r == 3:
                new = LABELS[(LABELS.index(lab) + 1) % len(LABELS)]
                doc.relabelled[(lab, new)] += 1
                doc.b.append(span(i, j, new))
                continue
            if r == 5:
                turn = shift_turn % 3
                shift_turn += 1
                if turn == 0 and j < n and j not in covered:
                    doc.b.append(span(i, j + 1, lab))
                    doc.shifted[lab] += 1
                    continue
                if turn == 1 and j - i >= 2:
                    doc.b.append(span(i, j - 1, lab))
                    doc.shifted[lab] += 1
                    continue
                if turn == 2 and i > 0 and (i - 1) not in covered:
                    doc.b.append(span(i - 1, j, lab))
                    doc.shifted[lab] += 1
                    continue
            doc.b.append(span(i, j, lab))
        if si % 5 == 2:
            for t in range(1, n - 1):
                if not ({t - 1, t, t + 1} & covered):
                    lab = LABELS[sum(d.spurious.total() for d in docs) % len(LABELS)]
                    doc.b.append(span(t, t + 1, lab))
                    doc.spurious[lab] += 1
                    break
        docs.append(doc)
    return docs


def totals(docs: list[Doc]) -> dict:
    """Counts summed over the documents: per label and overall."""
    n_a = Counter()
    dropped = Counter()
    shifted = Counter()
    spurious = Counter()
    rel = Counter()
    for d in docs:
        n_a.update(s.label for s in d.a)
        dropped.update(d.dropped)
        shifted.update(d.shifted)
        spurious.update(d.spurious)
        rel.update(d.relabelled)
    return {"n_a": n_a, "dropped": dropped, "shifted": shifted, "spurious": spurious, "relabelled": rel}


def expected_counts(docs: list[Doc], labels=LABELS) -> dict:
    """Expected figures from the perturbation counts alone."""
    t = totals(docs)
    rel_from = Counter()
    rel_to = Counter()
    for (f, to), k in t["relabelled"].items():
        rel_from[f] += k
        rel_to[to] += k
    per_label = {}
    for lab in labels:
        n_a = t["n_a"][lab]
        n_b = n_a - t["dropped"][lab] - rel_from[lab] + rel_to[lab] + t["spurious"][lab]
        exact = n_a - t["dropped"][lab] - rel_from[lab] - t["shifted"][lab]
        partial = n_a - t["dropped"][lab] - rel_from[lab]
        per_label[lab] = {
            "n_a": n_a,
            "n_b": n_b,
            "exact": exact,
            "partial": partial,
            "differences": {
                "agreement": exact,
                "label": rel_from[lab] + rel_to[lab],
                "overlap": t["shifted"][lab],
                "only_a": t["dropped"][lab],
                "only_b": t["spurious"][lab],
            },
        }
    n_a = sum(t["n_a"].values())
    D = sum(t["dropped"].values())
    R = sum(t["relabelled"].values())
    S = sum(t["shifted"].values())
    E = sum(t["spurious"].values())
    overall = {
        "n_a": n_a,
        "n_b": n_a - D + E,
        "exact": n_a - D - R - S,
        "partial": n_a - D - R,
        "differences": {"agreement": n_a - D - R - S, "label": R, "overlap": S, "only_a": D, "only_b": E},
    }
    return {
        "overall": overall,
        "per_label": per_label,
        "D": D,
        "R": R,
        "S": S,
        "E": E,
        "relabelled": t["relabelled"],
        "dropped": t["dropped"],
        "spurious": t["spurious"],
        "shifted": t["shifted"],
        "n_by_label": t["n_a"],
    }


def prf(matched: int, n_a: int, n_b: int) -> tuple:
    return (
        matched / n_b if n_b else None,
        matched / n_a if n_a else None,
        2 * matched / (n_a + n_b) if n_a + n_b else None,
    )


def token_sequences(text: str, spans: list[Span], tokens: list[tuple[int, int]]) -> list[str]:
    """Label of each token, computed independently: the span holding the token's first
    character (flat layers of whole corpus tokens), else "O"."""
    out = []
    for s, _ in tokens:
        lab = "O"
        for sp in spans:
            if sp.start <= s < sp.end:
                lab = sp.label
                break
        out.append(lab)
    return out
