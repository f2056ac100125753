"""Agreement figures between two layers: span P/R/F1, token kappa and alpha, differences.

Definitions (also in docs/user-guide.md, "Review and agreement"):

* **Reference.** Layer A is the reference: precision = matched / spans of B, recall =
  matched / spans of A, F1 = 2 · matched / (spans of A + spans of B) (symmetric). A figure
  whose denominator is zero is undefined (``None``, ``null`` in JSON).
* **Matching** is the one-to-one alignment of :mod:`app.review.align`. **Exact match**: an
  ``agreement`` difference (same range, same label). **Partial match**: an aligned pair
  with the same label whose ranges share at least one character — the ``agreement``
  differences plus the ``overlap`` differences whose two labels are equal. Both are one to
  one because the alignment is.
* **Per label**: the counts restricted to spans of that label (a pair with two labels
  counts under A's label for A and B's label for B; it matches neither). The ``overall``
  figures are micro-averaged over labels (counts summed, then divided).
* **Differences** are counted once each overall; per label, a difference counts under
  every label it involves (a ``label`` difference person→role counts for both).
* **Span confusion matrix**: rows A's label, columns B's label, one count per aligned
  pair; ``O`` stands for "no span" (``only_a`` goes to column ``O``, ``only_b`` to row ``O``).
* **Tokens** are camel-tools ``simple_word_tokenize`` tokens (:mod:`app.review.tokens`).
  A token's label in a layer is the label of the **outermost** span sharing a character
  with it (the span that starts first, the longest at equal starts), ``O`` if none; a
  token touched by two disjoint spans (spans inside one word) takes the first.
* **Cohen's kappa** of the two token label sequences, ``O`` included, from their
  confusion matrix M (the same value as ``sklearn.metrics.cohen_kappa_score`` on the
  sequences): kappa = 1 − Σ observed disagreement / Σ expected disagreement. Per label:
  kappa of the binary sequences "this label / anything else".
* **Krippendorff's alpha** (nominal, two coders, tokens as units; the same value as the
  ``krippendorff`` package on the sequences), from the coincidence matrix o = M + Mᵀ:
  alpha = 1 − (n − 1) · Σ_{c≠k} o[c, k] / Σ_{c≠k} n_c · n_k.
* **Documents and the project.** Project figures are **micro-averaged over documents**:
  span counts, difference counts and token confusion matrices are summed over the
  documents, then the figures are computed once (so kappa and alpha are those of all
  tokens of all documents concatenated). Per-document kappa and alpha are computed for
  all documents at once (:func:`kappa_batch`, :func:`alpha_batch`).
* One path computes every kappa and alpha: these closed forms, vectorised. The libraries
  cannot take a stack of matrices, cost ~1 s per 1,000 documents called one by one and
  scikit-learn ~0.9 s to import; they are the tests' oracle instead (the tests compare
  on hand-computed cases, random matrices and the real AQMAR token sequences).
* Kappa is undefined when both layers give every token one and the same value; alpha
  when fewer than two values occur at all.

Nothing here touches SQL or Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.review.align import KINDS, Difference, Kind, SpanLike, align
from app.review.tokens import TokenCache

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

OUTSIDE = "O"
# Above this many value-count cells (units × values) alpha is computed in closed form:
# the package materialises units × values × values floats (~8 bytes each, a few copies).


def _np():  # type: ignore[no-untyped-def]
    import numpy

    return numpy


# --- per-document comparison ---------------------------------------------------------------


@dataclass
class DocumentComparison:
    """Additive counts of one document (sum them for a project)."""

    document_id: int | None
    title: str
    labels: tuple[str, ...]
    tokens: int
    # (K, 4) per label: spans of A, spans of B, exact matches, partial matches.
    spans: np.ndarray
    # (5,) differences by kind (KINDS order); (5, K) differences involving each label.
    kinds: np.ndarray
    kinds_by_label: np.ndarray
    # (V, V), V = K + 1, index 0 = "O": aligned span pairs; token labels.
    span_confusion: np.ndarray
    token_confusion: np.ndarray
    items: list[Difference[Any]] | None = None


def _top_level(spans: Sequence[SpanLike], codes: dict[str, int]) -> tuple[list[int], list[int], list[int]]:
    """Starts, ends and label codes of the outermost spans (disjoint, in order)."""
    starts: list[int] = []
    ends: list[int] = []
    labs: list[int] = []
    reach = -1
    for rec in sorted(spans, key=lambda r: (r.start, -r.end)):
        if rec.start >= reach:
            starts.append(rec.start)
            ends.append(rec.end)
            labs.append(codes[rec.label])
            reach = rec.end
    return starts, ends, labs


def token_labels(
    tok_starts: np.ndarray, tok_ends: np.ndarray, spans: Sequence[SpanLike], codes: dict[str, int]
) -> np.ndarray:
    """Label code of each token (0 = "O"): the outermost span sharing a character with it."""
    np = _np()
    out = np.zeros(len(tok_starts), dtype=np.int64)
    if not spans or not len(tok_starts):
        return out
    s, e, c = _top_level(spans, codes)
    s_arr = np.asarray(s, dtype=np.int64)
    e_arr = np.asarray(e, dtype=np.int64)
    # First outermost span ending after the token's start; it overlaps if it starts before its end.
    i = np.searchsorted(e_arr, tok_starts, side="right")
    ok = i < len(e_arr)
    i_ok = i[ok]
    hit = s_arr[i_ok] < tok_ends[ok]
    vals = np.zeros(len(i_ok), dtype=np.int64)
    vals[hit] = np.asarray(c, dtype=np.int64)[i_ok[hit]]
    out[ok] = vals
    return out


def compare_document(
    text: str,
    a_spans: Sequence[SpanLike],
    b_spans: Sequence[SpanLike],
    labels: Sequence[str],
    *,
    cache: TokenCache | None = None,
    tokens: tuple[Sequence[int], Sequence[int]] | None = None,
    document_id: int | None = None,
    title: str = "",
    keep_items: bool = False,
) -> DocumentComparison:
    """Align the two layers of one document and count everything the figures need.

    ``labels`` are the project's label names (a span with another label is an error).
    Token boundaries come from ``tokens`` if given, else from ``cache`` (or a new one).
    """
    np = _np()
    labels = tuple(labels)
    codes = {name: i + 1 for i, name in enumerate(labels)}
    for rec in (*a_spans, *b_spans):
        if rec.label not in codes:
            raise ValueError(
                f"span {rec.start}–{rec.end} has the label {rec.label!r}, not one of {', '.join(labels)}"
            )
    k = len(labels)
    v = k + 1
    items = align(a_spans, b_spans)

    spans = np.zeros((k, 4), dtype=np.int64)
    kinds = np.zeros(len(KINDS), dtype=np.int64)
    kinds_by_label = np.zeros((len(KINDS), k), dtype=np.int64)
    span_conf = np.zeros((v, v), dtype=np.int64)
    kind_index = {kd: i for i, kd in enumerate(KINDS)}
    for d in items:
        ki = kind_index[d.kind]
        kinds[ki] += 1
        ca = codes[d.a.label] if d.a is not None else 0
        cb = codes[d.b.label] if d.b is not None else 0
        span_conf[ca, cb] += 1
        if ca:
            spans[ca - 1, 0] += 1
            kinds_by_label[ki, ca - 1] += 1
        if cb:
            spans[cb - 1, 1] += 1
            if cb != ca:
                kinds_by_label[ki, cb - 1] += 1
        if d.kind is Kind.AGREEMENT:
            spans[ca - 1, 2] += 1
            spans[ca - 1, 3] += 1
        elif d.kind is Kind.OVERLAP and ca == cb:
            spans[ca - 1, 3] += 1

    if tokens is None:
        tokens = (cache if cache is not None else TokenCache()).offsets(text)
    ts = np.asarray(tokens[0], dtype=np.int64)
    te = np.asarray(tokens[1], dtype=np.int64)
    la = token_labels(ts, te, a_spans, codes)
    lb = token_labels(ts, te, b_spans, codes)
    tok_conf = np.bincount(la * v + lb, minlength=v * v).reshape(v, v)
    return DocumentComparison(
        document_id=document_id,
        title=title,
        labels=labels,
        tokens=len(ts),
        spans=spans,
        kinds=kinds,
        kinds_by_label=kinds_by_label,
        span_confusion=span_conf,
        token_confusion=tok_conf,
        items=items if keep_items else None,
    )


# --- kappa and alpha -----------------------------------------------------------------------


def _finite(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _single_value(confusion: np.ndarray) -> bool:
    """True when both layers give every token the same value (or there are no tokens)."""
    np = _np()
    return int(np.count_nonzero(confusion)) <= 1 and int(np.trace(confusion)) == int(confusion.sum())


def cohen_kappa(confusion: np.ndarray) -> float | None:
    """Cohen's kappa of the token sequences summarised by ``confusion`` (rows A, columns B);
    ``None`` when undefined (both layers give every token one and the same value)."""
    np = _np()
    m = np.asarray(confusion, dtype=np.int64)
    if m.sum() == 0 or _single_value(m):
        return None
    return _finite(kappa_batch(m[None, ...])[0])


def krippendorff_alpha(confusion: np.ndarray) -> float | None:
    """Krippendorff's alpha (nominal, two coders, tokens as units) of the token sequences
    summarised by ``confusion``; ``None`` when undefined (fewer than two values used)."""
    np = _np()
    m = np.asarray(confusion, dtype=np.int64)
    n_v = m.sum(axis=0) + m.sum(axis=1)
    if np.count_nonzero(n_v) < 2:
        return None
    return _finite(alpha_batch(m[None, ...])[0])


def kappa_batch(matrices: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each (V, V) confusion matrix of a (D, V, V) stack; NaN if undefined.

    kappa = (p_o − p_e) / (1 − p_e), p_o = trace / n, p_e = Σ_v row_v · col_v / n².
    """
    np = _np()
    m = np.asarray(matrices, dtype=np.float64)
    n = m.sum(axis=(1, 2))
    rows = m.sum(axis=2)
    cols = m.sum(axis=1)
    agree = np.trace(m, axis1=1, axis2=2)
    chance = (rows * cols).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        # sklearn's form: 1 − Σ observed disagreement / Σ expected disagreement.
        expected_dis = n - chance / n
        k = 1.0 - (n - agree) / expected_dis
    k[(n == 0) | (expected_dis <= 0)] = np.nan
    return k


def alpha_batch(matrices: np.ndarray) -> np.ndarray:
    """Krippendorff's alpha (nominal, two coders, no missing value) of each confusion
    matrix of a (D, V, V) stack; NaN if undefined.

    Coincidences o = M + Mᵀ, n_v = Σ_k o[v, k], n = Σ n_v = 2 · tokens;
    alpha = 1 − (n − 1) · Σ_{c≠k} o[c, k] / Σ_{c≠k} n_c · n_k.
    """
    np = _np()
    m = np.asarray(matrices, dtype=np.float64)
    o = m + np.transpose(m, (0, 2, 1))
    n_v = o.sum(axis=2)
    n = n_v.sum(axis=1)
    observed = n - np.trace(o, axis1=1, axis2=2)
    expected = n * n - (n_v * n_v).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1.0 - (n - 1.0) * observed / expected
    a[(n == 0) | (expected <= 0)] = np.nan
    return a


# --- figures and reports ------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, matched: int, n_a: int, n_b: int) -> PRF:
        return cls(
            int(matched),
            matched / n_b if n_b else None,
            matched / n_a if n_a else None,
            2 * matched / (n_a + n_b) if n_a + n_b else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Figures:
    spans_a: int
    spans_b: int
    exact: PRF
    partial: PRF
    tokens: int
    kappa: float | None
    alpha: float | None
    differences: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "spans_a": self.spans_a,
            "spans_b": self.spans_b,
            "exact": self.exact.to_dict(),
            "partial": self.partial.to_dict(),
            "tokens": self.tokens,
            "kappa": self.kappa,
            "alpha": self.alpha,
            "differences": dict(self.differences),
        }


@dataclass(frozen=True)
class DocumentFigures:
    document_id: int | None
    title: str
    figures: Figures


@dataclass
class AgreementReport:
    """Every figure for one pair of annotators over one document or the project."""

    a: str
    b: str
    labels: tuple[str, ...]
    document_id: int | None  # set when the report is about one document
    overall: Figures
    per_label: dict[str, Figures]
    documents: list[DocumentFigures]
    span_confusion: np.ndarray
    token_confusion: np.ndarray
    generated_at: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """Row/column names of the confusion matrices."""
        return (OUTSIDE, *self.labels)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object described by ``schema/agreement-report.schema.json``."""
        return {
            "format": "hamish-agreement",
            "version": 1,
            "a": self.a,
            "b": self.b,
            "reference": "a",
            "scope": "document" if self.document_id is not None else "project",
            "document_id": self.document_id,
            "documents_compared": len(self.documents),
            "generated_at": self.generated_at,
            "labels": list(self.labels),
            "overall": self.overall.to_dict(),
            "per_label": {name: f.to_dict() for name, f in self.per_label.items()},
            "per_document": [
                {"id": d.document_id, "title": d.title, **d.figures.to_dict()} for d in self.documents
            ],
            "confusion": {
                "values": list(self.values),
                "spans": self.span_confusion.tolist(),
                "tokens": self.token_confusion.tolist(),
            },
        }


def _kind_dict(row: Iterable[int]) -> dict[str, int]:
    return {k.value: int(n) for k, n in zip(KINDS, row)}


def _binary(confusion: np.ndarray, code: int) -> np.ndarray:
    """The 2×2 confusion of "label ``code``" against everything else."""
    np = _np()
    both = confusion[code, code]
    a_only = confusion[code, :].sum() - both
    b_only = confusion[:, code].sum() - both
    rest = confusion.sum() - both - a_only - b_only
    return np.array([[both, a_only], [b_only, rest]], dtype=np.int64)


def build_report(
    a: str,
    b: str,
    labels: Sequence[str],
    comparisons: Sequence[DocumentComparison],
    *,
    document_id: int | None = None,
    generated_at: str = "",
) -> AgreementReport:
    """Aggregate per-document counts into a report (micro-averaged over documents)."""
    np = _np()
    labels = tuple(labels)
    k = len(labels)
    v = k + 1
    n_docs = len(comparisons)
    spans = np.zeros((k, 4), dtype=np.int64)
    kinds = np.zeros(len(KINDS), dtype=np.int64)
    kinds_by_label = np.zeros((len(KINDS), k), dtype=np.int64)
    span_conf = np.zeros((v, v), dtype=np.int64)
    tok_stack = np.zeros((n_docs, v, v), dtype=np.int64)
    doc_spans = np.zeros((n_docs, 4), dtype=np.int64)
    doc_kinds = np.zeros((n_docs, len(KINDS)), dtype=np.int64)
    tokens = 0
    for i, c in enumerate(comparisons):
        if c.labels != labels:
            raise ValueError("documents compared with different label sets")
        spans += c.spans
        kinds += c.kinds
        kinds_by_label += c.kinds_by_label
        span_conf += c.span_confusion
        tok_stack[i] = c.token_confusion
        doc_spans[i] = c.spans.sum(axis=0)
        doc_kinds[i] = c.kinds
        tokens += c.tokens
    tok_conf = tok_stack.sum(axis=0)

    n_a, n_b, exact, partial = (int(x) for x in spans.sum(axis=0))
    overall = Figures(
        n_a,
        n_b,
        PRF.of(exact, n_a, n_b),
        PRF.of(partial, n_a, n_b),
        tokens,
        cohen_kappa(tok_conf),
        krippendorff_alpha(tok_conf),
        _kind_dict(kinds),
    )
    per_label = {}
    for j, name in enumerate(labels):
        la, lb, le, lp = (int(x) for x in spans[j])
        binary = _binary(tok_conf, j + 1)
        per_label[name] = Figures(
            la,
            lb,
            PRF.of(le, la, lb),
            PRF.of(lp, la, lb),
            tokens,
            cohen_kappa(binary),
            krippendorff_alpha(binary),
            _kind_dict(kinds_by_label[:, j]),
        )

    kap = kappa_batch(tok_stack) if n_docs else np.zeros(0)
    alp = alpha_batch(tok_stack) if n_docs else np.zeros(0)
    docs = []
    for i, c in enumerate(comparisons):
        da, db, de, dp = (int(x) for x in doc_spans[i])
        docs.append(
            DocumentFigures(
                c.document_id,
                c.title,
                Figures(
                    da,
                    db,
                    PRF.of(de, da, db),
                    PRF.of(dp, da, db),
                    c.tokens,
                    _finite(kap[i]),
                    _finite(alp[i]),
                    _kind_dict(doc_kinds[i]),
                ),
            )
        )
    if n_docs == 1:  # one document: its row is the overall figures
        docs[0] = DocumentFigures(docs[0].document_id, docs[0].title, overall)
    return AgreementReport(
        a, b, labels, document_id, overall, per_label, docs, span_conf, tok_conf, generated_at=generated_at
    )
