"""Kappa and alpha on a case small enough to compute by hand (emoji first: code points)."""

from __future__ import annotations

from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from app.core.tokens import token_offsets
from app.review.align import Span
from app.review.metrics import (
    alpha_batch,
    build_report,
    cohen_kappa,
    compare_document,
    kappa_batch,
    krippendorff_alpha,
)

LABELS = ("person", "role", "organisation", "event", "figure")
WORDS = ["🙂", "قال", "كاظم", "جلالي", "إن", "السفير", "الإيراني", "في", "موسكو", "اليوم"]


def text_and_offsets():
    text = " ".join(WORDS)
    offs = []
    pos = 0
    for w in WORDS:
        offs.append((pos, pos + len(w)))
        pos += len(w) + 1
    assert all(text[a:b] == w for (a, b), w in zip(offs, WORDS))
    assert token_offsets(text) == offs  # one camel-tools token per word, the emoji too
    return text, offs


def layers():
    text, t = text_and_offsets()
    # token:      0  1  2  3  4  5  6  7  8  9
    # A:          O  O  P  P  O  R  R  O  O  O      (person 2-3, role 5-6)
    # B:          O  O  P  O  O  R  P  O  O  O      (person 2, role 5, person 6)
    a = [Span(t[2][0], t[3][1], "person"), Span(t[5][0], t[6][1], "role")]
    b = [Span(t[2][0], t[2][1], "person"), Span(t[5][0], t[5][1], "role"), Span(t[6][0], t[6][1], "person")]
    return text, a, b


def test_hand_computed_kappa_and_alpha():
    """Confusion (rows A, columns B): O/O 6, P/P 1, P/O 1, R/R 1, R/P 1 — 10 tokens.

    kappa: p_o = 8/10; A uses O 6, P 2, R 2 times, B uses O 7, P 2, R 1 times;
    p_e = (6·7 + 2·2 + 2·1) / 100 = 48/100; kappa = (80 − 48) / (100 − 48) = 32/52 = 8/13.

    alpha: coincidences o = M + Mᵀ: o[O,O] = 12, o[P,P] = 2, o[R,R] = 2, o[P,O] = o[O,P] = 1,
    o[R,P] = o[P,R] = 1; n_O = 13, n_P = 4, n_R = 3, n = 20.
    alpha = 1 − (n − 1) · Σ_{c≠k} o / Σ_{c≠k} n_c·n_k = 1 − 19·4 / (400 − 169 − 16 − 9)
          = 1 − 76/206 = 130/206 = 65/103.
    """
    text, a, b = layers()
    r = build_report("A", "B", LABELS, [compare_document(text, a, b, LABELS)])
    assert r.overall.tokens == 10
    assert r.overall.kappa == pytest.approx(float(Fraction(8, 13)), rel=1e-12)
    assert r.overall.alpha == pytest.approx(float(Fraction(65, 103)), rel=1e-12)
    # The same by the libraries, from the sequences themselves.
    seq_a = ["O", "O", "P", "P", "O", "R", "R", "O", "O", "O"]
    seq_b = ["O", "O", "P", "O", "O", "R", "P", "O", "O", "O"]
    assert cohen_kappa_score(seq_a, seq_b) == pytest.approx(8 / 13, rel=1e-12)
    codes = {"O": 0, "P": 1, "R": 2}
    assert krippendorff.alpha(
        reliability_data=[[codes[x] for x in seq_a], [codes[x] for x in seq_b]],
        level_of_measurement="nominal",
    ) == pytest.approx(65 / 103, rel=1e-12)
    # Span figures of the same case: A 2 spans, B 3; no exact match, 2 partial ones.
    assert (r.overall.exact.matched, r.overall.partial.matched) == (0, 2)
    assert r.overall.partial.f1 == pytest.approx(2 * 2 / 5)
    assert r.overall.differences == {"agreement": 0, "label": 0, "overlap": 2, "only_a": 0, "only_b": 1}


def test_outermost_span_labels_a_token_and_inner_spans_do_not():
    text, t = text_and_offsets()
    # A: event over tokens 5-8 with an organisation inside (8); B: the organisation only.
    a = [Span(t[5][0], t[8][1], "event"), Span(t[8][0], t[8][1], "organisation")]
    b = [Span(t[8][0], t[8][1], "organisation")]
    c = compare_document(text, a, b, LABELS)
    values = ("O", *LABELS)
    ev, org = values.index("event"), values.index("organisation")
    m = c.token_confusion
    assert m[ev, 0] == 3 and m[ev, org] == 1 and m[org, org] == 0 and m[0, 0] == 6


def test_a_span_inside_a_word_labels_that_token():
    text = "وروسيا وايران"
    a = [Span(1, 6, "organisation")]  # روسيا without the و (exact mode)
    b: list[Span] = []
    c = compare_document(text, a, b, LABELS)
    assert c.tokens == 2 and c.token_confusion[3, 0] == 1 and c.token_confusion[0, 0] == 1


def test_undefined_figures_are_none():
    text, t = text_and_offsets()
    r = build_report("A", "B", LABELS, [compare_document(text, [], [], LABELS)])
    o = r.overall
    assert o.kappa is None and o.alpha is None and o.exact.f1 is None and o.exact.precision is None
    one = [Span(t[1][0], t[1][1], "person")]
    r = build_report("A", "B", LABELS, [compare_document(text, one, one, LABELS)])
    assert r.overall.kappa == pytest.approx(1.0) and r.overall.alpha == pytest.approx(1.0)
    role = r.per_label["role"]
    assert role.kappa is None and role.alpha is None and role.exact.f1 is None


def test_vectorised_forms_equal_the_libraries_on_random_matrices():
    rng = np.random.default_rng(7)
    mats = rng.integers(0, 40, size=(50, 4, 4))
    mats[:, np.arange(4), np.arange(4)] += rng.integers(0, 400, size=(50, 4))
    mats[3] = 0
    mats[3, 1, 1] = 9  # one value only: both undefined
    k = kappa_batch(mats)
    a = alpha_batch(mats)
    for i, m in enumerate(mats):
        lib_k = cohen_kappa(m)
        lib_a = krippendorff_alpha(m)
        if lib_k is None:
            assert np.isnan(k[i])
        else:
            assert k[i] == pytest.approx(lib_k, rel=1e-12)
        if lib_a is None:
            assert np.isnan(a[i])
        else:
            assert a[i] == pytest.approx(lib_a, rel=1e-12)


def test_library_wrappers_equal_the_libraries_on_expanded_sequences():
    rng = np.random.default_rng(11)
    m = rng.integers(0, 30, size=(5, 5))
    m[np.arange(5), np.arange(5)] += 200
    ya = np.repeat(np.arange(5), m.sum(axis=1))
    yb = np.concatenate([np.repeat(np.arange(5), row) for row in m])
    assert cohen_kappa(m) == pytest.approx(cohen_kappa_score(ya, yb), rel=1e-12)
    assert krippendorff_alpha(m) == pytest.approx(
        krippendorff.alpha(reliability_data=[ya, yb], level_of_measurement="nominal"), rel=1e-12
    )


def test_a_large_confusion_matrix_equals_the_package_on_its_value_counts():
    """The closed form against the package's own input form (one unit per disagreeing token,
    agreeing tokens pooled), on a matrix of ~30k tokens."""
    m = np.array([[20_000, 1_200, 300], [900, 8_000, 400], [200, 500, 600]])
    diag = np.diagonal(m)
    units = [np.diag(2 * diag)[diag > 0]]
    for r in range(3):
        for c in range(3):
            if r != c and m[r, c]:
                row = np.zeros(3, dtype=np.int64)
                row[r] += 1
                row[c] += 1
                units.append(np.repeat(row[None, :], m[r, c], axis=0))
    expected = krippendorff.alpha(
        value_counts=np.vstack(units), value_domain=[0, 1, 2], level_of_measurement="nominal"
    )
    assert krippendorff_alpha(m) == pytest.approx(expected, rel=1e-12)
