"""Review: aligning two annotators' layers, agreement figures, adjudication (Qt-free, SQL-free).

* :mod:`app.review.align` — two layers of one document → classified differences
  (agreement, same span other label, overlap, only in A, only in B), one to one.
* :mod:`app.review.metrics` — span P/R/F1 (exact and partial), token-level Cohen's kappa
  and Krippendorff's alpha (closed forms; scikit-learn and krippendorff are the tests'
  oracle), difference counts, confusion
  matrices; per document, per label, for a project (micro-averaged over documents).
* :mod:`app.review.adjudicate` — a reviewer's decision on a difference → gold-layer edits
  with provenance.
* :mod:`app.review.tokens` — camel-tools tokens of whole documents, memoised per word.

Only :mod:`app.core` is imported; numpy loads on first use.
"""

from app.review.adjudicate import AdjudicationError, Decision, plan_decision, plan_edit
from app.review.align import KINDS, Difference, Kind, Span, align

__all__ = [
    "AdjudicationError",
    "Decision",
    "Difference",
    "KINDS",
    "Kind",
    "Span",
    "align",
    "plan_decision",
    "plan_edit",
]
