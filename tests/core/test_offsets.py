from hypothesis import given
from hypothesis import strategies as st

from app.core.offsets import Utf16Map, utf16_len


def qt_positions(text: str) -> list[int]:
    """UTF-16 position of every code-point boundary, computed the slow, obvious way."""
    out, u = [0], 0
    for ch in text:
        u += 2 if ord(ch) > 0xFFFF else 1
        out.append(u)
    return out


def test_emoji_before_a_span_shifts_utf16_but_not_code_points():
    text = "🙂 وقّعوا الاتفاقية في موسكو"
    m = Utf16Map(text)
    start = text.index("موسكو")
    assert m.to_utf16(start) == start + 1
    assert m.from_utf16(start + 1) == start
    assert text[m.from_utf16(m.to_utf16(start)) : m.from_utf16(m.to_utf16(start + 5))] == "موسكو"
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2


def test_inside_a_surrogate_pair_rounds_to_the_character_edges():
    text = "ا🙂ب"
    m = Utf16Map(text)
    assert m.from_utf16(2) == 1  # between the two halves of 🙂
    assert m.from_utf16(2, round_up=True) == 2


def test_arabic_without_astral_characters_is_identity():
    text = "السفير الإيراني"
    m = Utf16Map(text)
    assert m.is_identity
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_out_of_range_offsets_raise():
    m = Utf16Map("abc")
    for bad in (-1, 4):
        try:
            m.to_utf16(bad)
        except IndexError:
            continue
        raise AssertionError(f"{bad} accepted")


@given(st.text(alphabet=st.sampled_from(list("ابت ") + ["🙂", "𝔸", "\U0001f1f8", "é"]), max_size=60))
def test_conversion_matches_a_naive_walk(text):
    m = Utf16Map(text)
    qt = qt_positions(text)
    assert m.utf16_length == utf16_len(text) == qt[-1]
    for cp, u in enumerate(qt):
        assert m.to_utf16(cp) == u
        assert m.from_utf16(u) == cp
