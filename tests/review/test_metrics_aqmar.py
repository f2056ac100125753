"""Agreement figures against independent computation, on the AQMAR test set.

Layer A = the corpus's gold entities, layer B = A with known, counted perturbations
(tests/review/aqmar_layers.py). Expected span figures and difference counts come from
the perturbation counts; kappa from sklearn's ``cohen_kappa_score`` and alpha from the
``krippendorff`` package on token label sequences built here, independently.
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from app.core.tokens import token_offsets
from app.review.align import Kind
from app.review.metrics import build_report, compare_document
from tests.review import aqmar_layers as aq

REL = 1e-12


@pytest.fixture(scope="module")
def docs():
    built = aq.build()
    assert len(built) == 605  # SOURCE.md: 605 test sentences
    return built


@pytest.fixture(scope="module")
def report(docs):
    comps = [
        compare_document(d.text, d.a, d.b, aq.LABELS, document_id=i + 1, title=f"s{i}")
        for i, d in enumerate(docs)
    ]
    return build_report("gold", "perturbed", aq.LABELS, comps)


@pytest.fixture(scope="module")
def sequences(docs):
    """Per document: (token labels of A, of B), from camel-tools tokens, built independently."""
    out = []
    for d in docs:
        toks = token_offsets(d.text)
        out.append((aq.token_sequences(d.text, d.a, toks), aq.token_sequences(d.text, d.b, toks)))
    return out


def test_the_perturbations_are_numerous_and_of_every_kind(docs):
    exp = aq.expected_counts(docs)
    # Not a result check: the fixture must exercise every class, for every label.
    assert exp["D"] > 100 and exp["R"] > 100 and exp["S"] > 100 and exp["E"] > 50
    assert all(exp["dropped"][lab] and exp["shifted"][lab] for lab in aq.LABELS)
    assert exp["overall"]["n_a"] == 1574  # B- tags in test.txt: 326 + 722 + 102 + 424


def test_overall_span_figures_equal_the_perturbation_counts(docs, report):
    exp = aq.expected_counts(docs)["overall"]
    o = report.overall
    assert (o.spans_a, o.spans_b) == (exp["n_a"], exp["n_b"])
    assert o.exact.matched == exp["exact"] and o.partial.matched == exp["partial"]
    assert (o.exact.precision, o.exact.recall, o.exact.f1) == pytest.approx(
        aq.prf(exp["exact"], exp["n_a"], exp["n_b"]), rel=REL
    )
    assert (o.partial.precision, o.partial.recall, o.partial.f1) == pytest.approx(
        aq.prf(exp["partial"], exp["n_a"], exp["n_b"]), rel=REL
    )
    assert o.differences == exp["differences"]


def test_per_label_figures_equal_the_perturbation_counts(docs, report):
    exp = aq.expected_counts(docs)["per_label"]
    for lab in aq.LABELS:
        f, e = report.per_label[lab], exp[lab]
        assert (f.spans_a, f.spans_b, f.exact.matched, f.partial.matched) == (
            e["n_a"],
            e["n_b"],
            e["exact"],
            e["partial"],
        ), lab
        assert (f.exact.precision, f.exact.recall, f.exact.f1) == pytest.approx(
            aq.prf(e["exact"], e["n_a"], e["n_b"]), rel=REL
        )
        assert (f.partial.precision, f.partial.recall, f.partial.f1) == pytest.approx(
            aq.prf(e["partial"], e["n_a"], e["n_b"]), rel=REL
        )
        assert f.differences == e["differences"], lab


def test_per_document_difference_counts_and_the_span_confusion_matrix(docs, report):
    exp = aq.expected_counts(docs)
    for d, row in zip(docs, report.documents):
        n = len(d.a)
        D, R, S, E = d.dropped.total(), d.relabelled.total(), d.shifted.total(), d.spurious.total()
        assert row.figures.differences == {
            "agreement": n - D - R - S,
            "label": R,
            "overlap": S,
            "only_a": D,
            "only_b": E,
        }
    values = report.values
    m = report.span_confusion
    for lab in aq.LABELS:
        i = values.index(lab)
        rel_from = sum(k for (f, _), k in exp["relabelled"].items() if f == lab)
        assert m[i, i] == exp["n_by_label"][lab] - exp["dropped"][lab] - rel_from
        assert m[i, 0] == exp["dropped"][lab] and m[0, i] == exp["spurious"][lab]
        for other in aq.LABELS:
            if other != lab:
                assert m[i, values.index(other)] == exp["relabelled"][(lab, other)]
    assert m[0, 0] == 0


def test_each_difference_pairs_the_perturbed_span_with_its_original(docs):
    d = next(x for x in docs if x.shifted and x.relabelled and x.dropped)
    c = compare_document(d.text, d.a, d.b, aq.LABELS, keep_items=True)
    b_ranges = {(s.start, s.end) for s in d.b}
    for item in c.items:
        if item.kind is Kind.OVERLAP:
            assert item.same_label and (item.a.start, item.a.end) not in b_ranges
        if item.kind is Kind.LABEL:
            assert (item.a.start, item.a.end) == (item.b.start, item.b.end) and item.a.label != item.b.label


def test_kappa_equals_sklearn_on_the_same_token_sequences(report, sequences):
    seq_a = [x for a, _ in sequences for x in a]
    seq_b = [x for _, b in sequences for x in b]
    assert report.overall.tokens == len(seq_a) > 18000
    assert report.overall.kappa == pytest.approx(cohen_kappa_score(seq_a, seq_b), rel=REL)
    for lab in aq.LABELS:
        ya = [x == lab for x in seq_a]
        yb = [x == lab for x in seq_b]
        assert report.per_label[lab].kappa == pytest.approx(cohen_kappa_score(ya, yb), rel=REL), lab


def test_token_confusion_is_the_cross_tabulation_of_the_sequences(report, sequences):
    values = report.values
    m = np.zeros((len(values), len(values)), dtype=int)
    for a, b in sequences:
        for x, y in zip(a, b):
            m[values.index(x), values.index(y)] += 1
    assert (report.token_confusion == m).all()


def test_per_document_kappa_equals_sklearn(report, sequences):
    checked = 0
    for (a, b), row in zip(sequences, report.documents):
        expected = cohen_kappa_score(a, b) if len(set(a) | set(b)) > 1 else math.nan
        if math.isnan(expected):
            assert row.figures.kappa is None
        else:
            assert row.figures.kappa == pytest.approx(expected, rel=1e-9, abs=1e-12)
            checked += 1
    assert checked > 400


def _codes(seq, values):
    return [values.index(x) for x in seq]


def test_alpha_equals_the_krippendorff_package(report, sequences):
    values = report.values
    seq_a = [x for a, _ in sequences for x in a]
    seq_b = [x for _, b in sequences for x in b]
    expected = krippendorff.alpha(
        reliability_data=[_codes(seq_a, values), _codes(seq_b, values)], level_of_measurement="nominal"
    )
    assert report.overall.alpha == pytest.approx(expected, rel=REL)
    for lab in aq.LABELS:
        ya = [int(x == lab) for x in seq_a]
        yb = [int(x == lab) for x in seq_b]
        exp_l = krippendorff.alpha(reliability_data=[ya, yb], level_of_measurement="nominal")
        assert report.per_label[lab].alpha == pytest.approx(exp_l, rel=REL), lab


def test_per_document_alpha_equals_the_package(report, sequences):
    values = report.values
    checked = 0
    for (a, b), row in zip(sequences, report.documents):
        if len(set(a) | set(b)) < 2:
            assert row.figures.alpha is None
            continue
        expected = krippendorff.alpha(
            reliability_data=[_codes(a, values), _codes(b, values)], level_of_measurement="nominal"
        )
        assert row.figures.alpha == pytest.approx(expected, rel=1e-9, abs=1e-12)
        checked += 1
    assert checked > 400
