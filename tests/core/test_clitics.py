"""Proclitic trimming, unit cases and measured on the entity tokens of the real corpora."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from app.core.clitics import (
    PREFIXES,
    CliticOptions,
    proclitic_length,
    trim_span,
    trim_start,
    vocabulary,
)
from tests.conftest import CORPORA

JUDGEMENTS = Path(__file__).parent / "data" / "proclitic_judgements.tsv"
TRAIN = ["aqmar/train.txt", "wojood-sample/train.txt"]
HELD_OUT = ["aqmar/dev.txt", "aqmar/test.txt", "wojood-sample/val.txt", "wojood-sample/test.txt"]


def trimmed(word: str, **kw) -> str:
    known = kw.pop("known", None)
    start = trim_start(word, 0, len(word), CliticOptions(**kw), known)
    return word[start:]


# --- unit cases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وموسكو", "موسكو"),  # conjunction
        ("والاتحاد", "الاتحاد"),  # conjunction + article: the article stays
        ("بالاتحاد", "الاتحاد"),
        ("فالاتحاد", "الاتحاد"),
        ("كالاتحاد", "الاتحاد"),
        ("وبالاتحاد", "الاتحاد"),
        ("للاتحاد", "لاتحاد"),  # ل + ال written لل: the article's lam stays
        ("وللاتحاد", "لاتحاد"),
        ("وزير", "وزير"),  # exceptions: not a prefix
        ("وزيرة", "وزيرة"),  # … with a suffix
        ("ووزير", "وزير"),  # a real و before an exception
        ("وكالة", "وكالة"),
        ("واشنطن", "واشنطن"),
        ("كاليفورنيا", "كاليفورنيا"),
        ("لبنان", "لبنان"),  # a bare preposition needs evidence
        ("بغداد", "بغداد"),
        ("فرنسا", "فرنسا"),
        ("وسط", "وسط"),  # too short once trimmed
        ("والد", "والد"),
        ("بعد", "بعد"),
        ("الاتحاد", "الاتحاد"),  # the article alone is kept
    ],
)
def test_default_rule(word, expected):
    assert trimmed(word) == expected


def test_article_can_go_too():
    assert trimmed("بالاتحاد", keep_article=False) == "اتحاد"
    assert trimmed("للاتحاد", keep_article=False) == "اتحاد"
    assert trimmed("الاتحاد", keep_article=False) == "اتحاد"


def test_bare_prepositions_on_evidence_or_always_or_never():
    known = vocabulary(["زار موسكو ثم عاد إلى لبنان"])
    assert trimmed("بموسكو") == "بموسكو"
    assert trimmed("بموسكو", known=known) == "موسكو"
    assert trimmed("لبنان", known=known) == "لبنان"  # "بنان" is not a word of the text
    assert trimmed("فموسكو", known=known) == "فموسكو"  # ف alone: never on evidence
    assert trimmed("بموسكو", bare_prepositions="always") == "موسكو"
    assert trimmed("وبموسكو", known=known) == "موسكو"
    assert trimmed("وبموسكو", bare_prepositions="never", known=known) == "بموسكو"


def test_configurable_remainder_and_exceptions():
    assert trimmed("وعد") == "وعد" and trimmed("وعد", min_remainder=2) == "عد"
    assert trimmed("وموسكو", exceptions=frozenset({"وموسكو"})) == "وموسكو"
    assert trimmed("وزير", exceptions=frozenset()) == "زير"


def test_trimming_a_span_in_text_keeps_offsets_exact():
    text = "🙂 وَمُوسكو والاتحاد الروسي، وزير"
    a = text.index("وَمُوسكو")
    s, e = trim_span(text, a, a + len("وَمُوسكو"))
    assert text[s:e] == "مُوسكو"  # the fatha of و goes with it
    b = text.index("والاتحاد")
    s, e = trim_span(text, b, b + len("والاتحاد الروسي"))
    assert text[s:e] == "الاتحاد الروسي"  # only the first word is trimmed
    c = text.index("وزير")
    assert trim_span(text, c, c + 4) == (c, c + 4)
    # A span that starts inside a word is the annotator's choice: untouched.
    assert trim_span(text, b + 1, b + 8) == (b + 1, b + 8)


def test_a_cut_inside_a_ligature_is_refused():
    # "ﻻعب" is لاعب written with the lam-alef ligature; "ل" + "اعب" would split it.
    assert proclitic_length("لاعبين", CliticOptions(bare_prepositions="always")) == 1
    text = "\ufefbعبين"
    assert trim_start(text, 0, len(text), CliticOptions(bare_prepositions="always")) == 0


def test_prefix_grammar():
    assert {
        "و",
        "ف",
        "ب",
        "ل",
        "ك",
        "ال",
        "وال",
        "فال",
        "بال",
        "كال",
        "لل",
        "وبال",
        "ولل",
        "فلل",
        "وب",
    } <= set(PREFIXES)
    assert "بل" not in PREFIXES and "وف" not in PREFIXES  # one preposition, one conjunction
    assert all(len(a) >= len(b) for a, b in zip(PREFIXES, PREFIXES[1:]))  # longest first


# --- measured on the corpora ------------------------------------------------------------------------


def read_tokens(files):
    for name in files:
        for line in (CORPORA / name).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts:
                yield parts[0], parts[1:]


def entity_initial_counts(files) -> collections.Counter[str]:
    return collections.Counter(
        tok for tok, tags in read_tokens(files) if tok[0] in "وفبلك" and any(t.startswith("B-") for t in tags)
    )


def load_judgements():
    rows = {}
    for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        tok, cut, n_train, n_held = line.split("\t")
        rows[tok] = (int(cut), int(n_train), int(n_held))
    return rows


def test_judgements_cover_exactly_the_corpora_entity_tokens():
    """The hand judgements list every B- token starting with و ف ب ل ك, with its counts."""
    rows = load_judgements()
    train, held = entity_initial_counts(TRAIN), entity_initial_counts(HELD_OUT)
    assert set(rows) == set(train) | set(held)
    for tok, (_, n_train, n_held) in rows.items():
        assert (n_train, n_held) == (train[tok], held[tok]), tok


def score(rows, column: int, known) -> dict[str, int]:
    """Occurrences: right (exactly the judged proclitics dropped), wrong_amount, missed,
    false_trim (a letter of the name dropped), kept (rightly left alone)."""
    c: collections.Counter[str] = collections.Counter()
    for tok, values in rows.items():
        cut, n = values[0], values[column]
        if not n:
            continue
        got = trim_start(tok, 0, len(tok), None, known)
        if cut:
            c["right" if got == cut else ("wrong_amount" if got else "missed")] += n
        else:
            c["false_trim" if got else "kept"] += n
    return dict(c)


def test_measured_trimming_on_corpus_entity_tokens(capsys):
    """Gold spans in both corpora start at a token, clitics included ("وموسكو" B-LOC). On
    those tokens a trim is right when it drops exactly the judged proclitics. Figures by
    occurrence, without evidence (the default rule) and with the corpora's own words as
    evidence (as the editor passes a project's words)."""
    rows = load_judgements()
    known = vocabulary([" ".join(tok for tok, _ in read_tokens(TRAIN + HELD_OUT))])
    for evidence_name, evidence in (("rule only", None), ("with the corpora's words", known)):
        for column, split in ((1, "train"), (2, "held-out")):
            s = collections.Counter(score(rows, column, evidence))
            precision = s["right"] / (s["right"] + s["wrong_amount"] + s["false_trim"])
            recall = s["right"] / (s["right"] + s["wrong_amount"] + s["missed"])
            kept = s["kept"] / (s["kept"] + s["false_trim"])
            with capsys.disabled():
                print(
                    f"\nclitics [{evidence_name}, {split}]: {dict(s)} precision {precision:.1%} "
                    f"recall {recall:.1%} names left whole {kept:.1%}",
                    end="",
                )
            # Precision first: a wrong trim damages a name, a missed one costs a key press.
            assert precision >= 0.93, (evidence_name, split, dict(s))
            assert kept >= 0.95, (evidence_name, split, dict(s))
            assert recall >= (0.5 if evidence is None else 0.9), (evidence_name, split, dict(s))
