import pytest

from app.core.stored_text import TextDecodeError, decode_utf8, normalise_newlines, title_from_text


def test_crlf_and_lone_cr_become_lf_and_are_counted():
    text, n = normalise_newlines("سطر\r\nسطر\rسطر\n")
    assert text == "سطر\nسطر\nسطر\n"
    assert n == 2


def test_decode_keeps_everything_but_newlines_and_leading_bom():
    raw = "\ufeffوقّعوا\u200f ـــ ﻻ\r\n<b>&amp;</b>".encode()
    dec = decode_utf8(raw, "x.txt")
    assert dec.text == "وقّعوا\u200f ـــ ﻻ\n<b>&amp;</b>"
    assert dec.had_bom and dec.newlines_normalised == 1


@pytest.mark.parametrize(
    ("data", "line", "needle"),
    [
        (b"", None, "empty"),
        (b"  \n\n", None, "no text"),
        ("سطر\nسطر".encode() + b"\n\xff\xfe bad", 3, "not valid UTF-8"),
        (b"abc\n\x00\x01\x02", 2, "binary"),
        ("سطر".encode("utf-16"), 1, "UTF-16"),
    ],
)
def test_bad_files_name_file_line_and_reason(data, line, needle):
    with pytest.raises(TextDecodeError) as info:
        decode_utf8(data, "in/doc.txt")
    assert info.value.line == line
    assert needle in str(info.value)
    assert str(info.value).startswith("in/doc.txt")


def test_windows_1256_is_recognised_in_the_message():
    data = ("هذا نص عربي مكتوب بترميز ويندوز، وهو شائع في الملفات القديمة. " * 5).encode("cp1256")
    with pytest.raises(TextDecodeError) as info:
        decode_utf8(data, "old.txt")
    assert "1256" in str(info.value) or "arabic" in str(info.value).lower()


def test_title_is_the_first_line_cut_at_a_word():
    assert title_from_text("\n\nقصير\nثان", "f") == "قصير"
    long = "كلمة " * 40
    t = title_from_text(long, "f", limit=30)
    assert t.endswith("…") and len(t) <= 31 and not t[:-1].endswith(" ")
