"""Normalisation for comparison, and its offset map back to the original text."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.normalise import (
    INVISIBLE,
    Normalised,
    NormaliseOptions,
    Normaliser,
    attach_marks,
    diacritic_marks,
)
from tests.conftest import CORPORA

EMOJI = "🙂"
# An alphabet that exercises every option: letters, tashkeel, dagger alef, Quranic marks,
# tatweel, alef forms, ya/alef maksura, ta marbuta, bidi controls, presentation forms
# (one of which expands), Persian letters, Arabic-Indic digits, spaces, Latin case, emoji.
ALPHABET = list(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءؤئ"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0610\u06d6\u0653"
    "\u0640أإآٱىةه"
    "\u200e\u200f\u200b\u200c\u200d\u202b\u202c\u2067\u2069\ufeff"
    "\ufefb\ufef7\ufe8d\ufe91\ufdf2\ufdfa\ufe70\ufc5e"
    "کی٠١٢۳"
    "\u00a0\u2009\n.،"
    "AbCİ"
) + [EMOJI, "𝐀"]

texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=80)
options = st.builds(NormaliseOptions, *[st.booleans() for _ in dataclasses.fields(NormaliseOptions)])


def reference_map(table, text: str) -> tuple[str, list[int]]:
    """Brute force: the normalised text and, for each of its characters, the original index."""
    out, src = [], []
    for i, ch in enumerate(text):
        rep = table.get(ch, ch)
        out.append(rep)
        src.extend([i] * len(rep))
    return "".join(out), src


# --- camel-tools is the source of truth ----------------------------------------------------------


def test_diacritics_are_camel_tools_set_and_arclean_marks():
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.dediac import dediac_ar

    marks = diacritic_marks()
    assert set(AR_DIAC_CHARSET) <= marks
    arclean = CharMapper.builtin_mapper("arclean")
    for ch in marks:
        assert unicodedata.category(ch).startswith("M")
        assert ch in AR_DIAC_CHARSET or arclean(ch) == "", f"U+{ord(ch):04X}"
    n = Normaliser(NormaliseOptions(**_only("diacritics")))
    assert n.normalise_text("وَقَّعُوا") == dediac_ar("وَقَّعُوا") == "وقعوا"
    # Only marks go: the wasla alef and the letters stay (alef folding is another option).
    assert n.normalise_text("ٱلْقُرْآنَ") == "ٱلقرآن"
    assert n.normalise_text("رحمٰن") == "رحمن"  # dagger alef
    assert n.normalise_text("صلےۖ") == "صلے"  # Quranic pause mark U+06D6


def _only(name: str) -> dict[str, bool]:
    return {f.name: False for f in dataclasses.fields(NormaliseOptions) if f.name != name}


@pytest.mark.parametrize(
    ("option", "camel", "chars"),
    [
        ("alef", "normalize_alef_ar", "أإآٱا"),
        ("ya", "normalize_alef_maksura_ar", "ىي"),
        ("ta_marbuta", "normalize_teh_marbuta_ar", "ةه"),
    ],
)
def test_letter_folds_agree_with_camel_tools(option, camel, chars):
    from camel_tools.utils import normalize as cn

    n = Normaliser(NormaliseOptions(**{option: True, **_only(option)}))
    for ch in chars:
        assert n.normalise_text(ch) == getattr(cn, camel)(ch)
    # Switched off, the characters stay.
    off = Normaliser(NormaliseOptions(**{option: False}))
    assert off.normalise_text(chars) != n.normalise_text(chars)


def test_presentation_forms_fold_like_camel_tools_normalize_unicode():
    from camel_tools.utils.normalize import normalize_unicode

    only = Normaliser(NormaliseOptions(**{"presentation_forms": True, **_only("presentation_forms")}))
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
        ch = chr(cp)
        assert only.normalise_text(ch) == normalize_unicode(ch), f"U+{cp:04X}"
    assert only.normalise_text("\ufefb") == "لا"  # one character becomes two
    assert only.normalise_text("\ufdf2") == "الله"
    assert Normaliser().normalise_text("\ufef7") == "لا"  # ﻷ → لأ → لا (alef folded too)


def test_every_option_can_be_switched_off():
    sample = "وَقّـعوا أحمد على مدرسة \u200f\ufefb ک ١٦\u00a0ABC"
    everything = Normaliser().normalise_text(sample)
    assert everything == "وقعوا احمد علي مدرسه لا ك 16 abc"
    assert Normaliser(NormaliseOptions.none()).normalise_text(sample) == sample
    for f in dataclasses.fields(NormaliseOptions):
        without = Normaliser(dataclasses.replace(NormaliseOptions(), **{f.name: False})).normalise_text(
            sample
        )
        assert without != everything, f"switching off {f.name} changed nothing"


def test_invisible_and_bidi_controls_are_removed():
    n = Normaliser()
    for ch in INVISIBLE:
        assert n.normalise_text(f"ا{ch}ب") == "اب"
    assert {f"{ord(c):04X}" for c in INVISIBLE} == {
        "200B", "200C", "200D", "200E", "200F", "202A", "202B", "202C", "202D", "202E",
        "2066", "2067", "2068", "2069", "FEFF",
    }  # fmt: skip


# --- the offset map ---------------------------------------------------------------------------------


def test_map_after_emoji_deletions_and_an_expansion():
    text = EMOJI + "وقّعوا \ufefb الإيراني"
    n = Normaliser().normalise(text)
    assert n.text == EMOJI + "وقعوا لا الايراني"
    a = n.text.index("وقعوا")
    assert n.to_original_span(a, a + 5) == (1, 7)  # the shadda inside is covered
    assert text[1:7] == "وقّعوا"
    lam = n.text.index("لا")
    assert (
        n.to_original_span(lam, lam + 1) == n.to_original_span(lam, lam + 2) == (8, 9)
    )  # the ligature, whole
    i = n.text.index("الايراني")
    s, e = n.to_original_span(i, i + 8)
    assert text[s:e] == "الإيراني"


def test_attach_marks_keeps_trailing_diacritics_with_their_letter():
    text = "محمدٌ و"
    n = Normaliser().normalise(text)
    s, e = n.to_original_span(0, 4)
    assert text[s:e] == "محمد"
    assert text[s : attach_marks(text, e)] == "محمدٌ"


def check_map(original: str, n: Normalised, table) -> None:
    ref_text, src = reference_map(table, original)
    assert n.text == ref_text
    assert n.original_length == len(original)
    got = [n.to_original(j) for j in range(len(n.text) + 1)]
    assert got[:-1] == src and got[-1] == len(original)
    assert got == sorted(got)  # monotonic
    for i in range(len(original) + 1):
        j = n.to_normalised(i)
        assert j == len(reference_map(table, original[:i])[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, options)
def test_python_and_numpy_paths_agree_with_the_brute_force_map(text, opts):
    norm = Normaliser(opts)
    slow = norm.normalise(text, fast=False)
    fast = norm.normalise(text, fast=True)
    check_map(text, slow, norm.table)
    check_map(text, fast, norm.table)
    assert (
        norm.normalise_text(text) == slow.text == text.translate({ord(k): v for k, v in norm.table.items()})
    )


@settings(max_examples=300, deadline=None)
@given(texts, options, st.data())
def test_a_match_maps_to_the_smallest_covering_range(text, opts, data):
    norm = Normaliser(opts)
    n = norm.normalise(text, fast=data.draw(st.booleans()))
    if not n.text:
        return
    a = data.draw(st.integers(0, len(n.text) - 1))
    b = data.draw(st.integers(a + 1, len(n.text)))
    s, e = n.to_original_span(a, b)
    assert 0 <= s < e <= len(text)
    # Covers: the normalised form of the original range contains the match, where it should.
    ns, ne = n.to_normalised(s), n.to_normalised(e)
    assert ns <= a and b <= ne
    assert norm.normalise_text(text[s:e]) == n.text[ns:ne]
    # Smallest: dropping a character at either edge loses part of the match.
    assert n.to_normalised(s + 1) > a
    assert n.to_normalised(e - 1) < b
    # When the match does not split an expanded character, it maps back exactly.
    if ns == a and ne == b:
        assert norm.normalise_text(text[s:e]) == n.text[a:b]
    vs, ve = n.to_original_spans([a], [b])
    assert (vs[0], ve[0]) == (s, e)


@settings(max_examples=200, deadline=None)
@given(texts, options)
def test_normalising_is_idempotent(text, opts):
    norm = Normaliser(opts)
    once = norm.normalise_text(text)
    assert norm.normalise_text(once) == once


def test_wojood_presentation_forms_and_tatweel_fold_to_plain_letters():
    """The Wojood sample holds U+FE81, U+FEFB and tatweel (SOURCE.md): each such token
    normalises to a form without them, and that form is also how the plain spelling
    normalises."""
    tokens = set()
    for path in sorted((CORPORA / "wojood-sample").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                tokens.add(line.split()[0])
    odd = sorted(t for t in tokens if any(0xFB50 <= ord(c) <= 0xFEFF or c == "\u0640" for c in t))
    assert (
        any("\ufefb" in t for t in odd)
        and any("\ufe81" in t for t in odd)
        and any("\u0640" in t for t in odd)
    )
    norm = Normaliser()
    for tok in odd:
        folded = norm.normalise_text(tok)
        assert not any(0xFB50 <= ord(c) <= 0xFEFF or c == "\u0640" for c in folded), tok
        plain = unicodedata.normalize("NFKC", tok).replace("\u0640", "")
        assert norm.normalise_text(plain) == folded
        n = norm.normalise(tok)
        s, e = n.to_original_span(0, len(n.text))
        assert norm.normalise_text(tok[s:e]) == folded


def test_long_text_takes_the_numpy_path_and_agrees():
    text = ("وقّعوا \ufefb الإيراني " + EMOJI + "\n") * 500
    norm = Normaliser()
    fast, slow = norm.normalise(text), norm.normalise(text, fast=False)
    assert len(text) >= 2048
    assert fast.text == slow.text
    for j in range(0, len(fast.text) + 1, 7):
        assert fast.to_original(j) == slow.to_original(j)
