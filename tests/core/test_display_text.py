"""The text view's display text: pathological text made safe to lay out, offsets unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import display
from app.core.display import MAX_MARKS, PLACEHOLDER, prepare
from app.core.marks import VISIBLE, make_visible
from app.core.offsets import Utf16Map, utf16_len
from tests.conftest import SEED

HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))  # fathatan .. sukun
ACUTE = "\u0301"
TREMOLO = "\U0001d167"  # MUSICAL SYMBOL COMBINING TREMOLO-1: an astral combining mark


def check_same_offsets(text: str, shown: str) -> None:
    """Every code-point boundary of ``text`` is the same UTF-16 position in ``shown``, and
    whatever differs is a control mark, a capped mark, or a line break."""
    assert utf16_len(shown) == utf16_len(text)
    m = Utf16Map(text)
    data = shown.encode("utf-16-le")  # Qt's positions count these 2-byte units
    for i, ch in enumerate(text):
        a, b = m.to_utf16(i), m.to_utf16(i + 1)
        piece = data[2 * a : 2 * b].decode("utf-16-le")  # fails if a boundary splits a surrogate pair
        if piece != ch:
            assert piece in (VISIBLE.get(ch), PLACEHOLDER, PLACEHOLDER + "\u2060", "\n", "\n\u2060"), (
                i,
                ch,
                piece,
            )


def test_the_seed_article_is_displayed_as_it_is():
    text = SEED.read_text(encoding="utf-8")
    d = prepare(text)
    assert d.text == text and not d.is_fallback


def test_diacritised_and_quranic_text_is_displayed_as_it_is():
    # Shadda + haraka, tanwin, and Quranic annotation marks stacked on one letter: a few
    # marks each, far below the stream-safe limit.
    text = "وَقَّعُوا عَقْدًا رَسْمِيًّا · بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ · ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَۛ فِيهِۛ" + "ب" + HARAKAT * 3
    d = prepare(text)
    assert d.text == text and not d.is_fallback


def test_controls_are_made_visible_but_are_not_a_fallback():
    text = "\u202eكلمة\u202c و\u2067نص\u2069"
    d = prepare(text)
    assert d.text == make_visible(text) and not d.is_fallback


def test_marks_beyond_thirty_in_a_row_are_shown_as_placeholders():
    marks = (HARAKAT + ACUTE) * 1000
    text = "مرحبا ب" + marks + " في الاجتماع"
    d = prepare(text)
    first = text.index(" ب") + 2
    assert d.mark_runs == ((first, first + len(marks)),)
    assert d.text[: first + MAX_MARKS] == text[: first + MAX_MARKS]  # the letter and 30 marks as they are
    assert d.text[first + MAX_MARKS : first + len(marks)] == PLACEHOLDER * (len(marks) - MAX_MARKS)
    assert d.text.endswith(" في الاجتماع")
    assert d.hidden_marks == len(marks) - MAX_MARKS and d.is_fallback
    assert d.mark_run_at(first + 5) == (first, first + len(marks))
    assert d.mark_run_at(first - 1) is None and d.mark_run_at(first + len(marks)) is None
    check_same_offsets(text, d.text)


def test_exactly_thirty_marks_stay():
    text = "ب" + (HARAKAT * 4)[:MAX_MARKS] + " ت"
    assert prepare(text).text == text


def test_astral_marks_keep_their_utf16_length():
    text = "🙂ب" + TREMOLO * 40 + "\u0651" * 5 + " 🙂 نص"
    d = prepare(text)
    assert d.mark_runs == ((2, 47),)
    check_same_offsets(text, d.text)


def test_a_long_line_without_a_space_is_cut_into_display_paragraphs():
    line = "الاجتماع" * 6000  # 48,000 letters
    text = "أول\n" + line + "\nفي الاجتماع الخامس"
    d = prepare(text)
    pieces = d.text.split("\n")
    assert len(d.cuts) == -(-len(line) // display.BLOCK_LIMIT) - 1 and d.long_lines == 1
    assert len(pieces) == 3 + len(d.cuts)
    assert all(len(p) <= display.BLOCK_LIMIT for p in pieces)
    assert all(text[c] != "\n" and not text[c].isspace() for c in d.cuts)  # letters shown as breaks
    assert d.is_cut(d.cuts[0]) and not d.is_cut(d.cuts[0] + 1)
    check_same_offsets(text, d.text)


def test_a_long_paragraph_is_cut_at_a_space_after_a_sentence_end():
    sentence = "وسافرت وفود هذه الشركات إلى موسكو في إطار الاجتماع الخامس. "
    text = sentence * 1000  # ~60,000 characters on one line
    d = prepare(text)
    assert d.cuts and all(text[c] == " " and text[c - 1] == "." for c in d.cuts)
    assert all(len(p) <= display.BLOCK_LIMIT for p in d.text.split("\n"))
    check_same_offsets(text, d.text)


def test_a_cut_never_leaves_a_mark_without_its_letter(monkeypatch):
    monkeypatch.setattr(display, "BLOCK_LIMIT", 40)
    text = ("بَّ" * 100) + TREMOLO * 3  # every second and third character is a mark
    d = prepare(text)
    assert d.cuts
    for c in d.cuts:
        assert not display._MARK.match(text, c + 1)
    check_same_offsets(text, d.text)


def test_a_run_of_astral_characters_is_cut_with_the_same_length(monkeypatch):
    monkeypatch.setattr(display, "BLOCK_LIMIT", 40)
    text = "🙂" * 200
    d = prepare(text)
    assert d.cuts and all(len(p) <= 2 * 40 for p in d.text.split("\n"))
    check_same_offsets(text, d.text)


def test_the_combined_3m_marks_shape_is_cut_among_placeholders():
    text = "ب" + (HARAKAT + ACUTE) * 333_334 + " في"
    d = prepare(text)
    assert len(d.mark_runs) == 1 and d.long_lines == 1
    assert all(d.mark_run_at(c) is not None for c in d.cuts)  # no letter hidden: only capped marks
    assert max(map(len, d.text.split("\n"))) <= display.BLOCK_LIMIT


@pytest.mark.parametrize("limit", [4, 10, 41])
@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            ["ا", "ب", " ", "\n", ".", "\u064e", "\u0651", "🙂", TREMOLO, "\u202e", "\u200f", "a"]
        ),
        max_size=300,
    )
)
def test_any_text_keeps_its_offsets_and_short_display_paragraphs(limit, text):
    saved = display.BLOCK_LIMIT
    display.BLOCK_LIMIT = limit
    try:
        d = prepare(text)
        if utf16_len(text) == len(text):  # the view passes astral=False for such a text
            assert prepare(text, astral=False) == d
    finally:
        display.BLOCK_LIMIT = saved
    check_same_offsets(text, d.text)
    lines = text.split("\n")
    assert d.long_lines == sum(len(line) > limit for line in lines)
    # each display paragraph holds at most ``limit`` characters (an astral one counts once)
    for piece in d.text.split("\n"):
        assert len(piece) - piece.count("\u2060") <= limit
    assert list(d.cuts) == sorted(d.cuts) and all(d.is_cut(c) for c in d.cuts)


def test_an_excerpt_is_short_with_marks_capped_and_controls_visible():
    text = "\u202e" + "ب" + HARAKAT * 100 + "نص" * 500
    shown = display.excerpt(text)
    assert len(shown) == display.EXCERPT_LIMIT + 1 and shown[display.EXCERPT_LIMIT // 2] == "…"
    assert shown[0] == VISIBLE["\u202e"] and shown[2 : 2 + MAX_MARKS] == text[2 : 2 + MAX_MARKS]
    assert set(shown[2 + MAX_MARKS : display.EXCERPT_LIMIT // 2]) == {PLACEHOLDER}
    assert display.excerpt("وَقَّعُوا") == "وَقَّعُوا"
