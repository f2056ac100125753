"""Directional isolates around text embedded in interface messages (app.core.bidi). How
Qt then draws them is checked in tests/ui/test_arabic_interface.py."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.bidi import FSI, LRI, PDI, RLI, format_isolated, isolate, isolate_ltr
from app.core.marks import VISIBLE

INITIATORS = (LRI, RLI, FSI)


def closes_at_end(text: str) -> bool:
    """The isolate opened by the first character is closed by the last one, not before."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in INITIATORS:
            depth += 1
        elif ch == PDI:
            depth -= 1
            if depth == 0:
                return i == len(text) - 1
    return False


def test_key_sequences_are_left_to_right_isolates():
    assert isolate_ltr("Ctrl++") == "\u2066Ctrl++\u2069"
    assert isolate_ltr("[") == "\u2066[\u2069"


def test_data_is_a_first_strong_isolate():
    assert isolate("232–296") == "\u2068232–296\u2069"
    assert isolate(296) == "\u2068296\u2069"
    assert (
        format_isolated("selected {0} · {1}", "232–296", "أمل")
        == "selected \u2068232–296\u2069 · \u2068أمل\u2069"
    )


def test_isolate_controls_inside_data_are_shown_as_marks():
    name = f"x{PDI}{RLI}y"
    assert isolate(name) == f"{FSI}x{VISIBLE[PDI]}{VISIBLE[RLI]}y{PDI}"
    # an embedding or override inside stays: the closing PDI ends it (UAX #9, X6a)
    assert isolate("a\u202eb") == f"{FSI}a\u202eb{PDI}"


@given(
    st.text(
        alphabet=st.sampled_from(["a", "ب", "1", " ", "[", LRI, RLI, FSI, PDI, "\u202e", "\u202c"]),
        max_size=30,
    )
)
def test_an_isolate_cannot_be_closed_early_or_left_open_by_its_text(text):
    assert closes_at_end(isolate(text)) and closes_at_end(isolate_ltr(text))
