from app.core.tokens import snap_to_tokens, token_at, token_offsets, tokens_between
from tests.conftest import CORPORA


def test_token_offsets_map_camel_tokens_back_onto_the_text():
    text = 'وقال: "في ظل الإجراءات المهمة"، 16 شركة 🙂!'
    toks = token_offsets(text)
    words = [text[a:b] for a, b in toks]
    assert words == ["وقال", ":", '"', "في", "ظل", "الإجراءات", "المهمة", '"', "،", "16", "شركة", "🙂", "!"]


def test_snap_grows_a_partial_selection_to_whole_words(seed_text):
    i = seed_text.index("السفير الايراني")
    # from inside "السفير" to inside "الايراني"
    assert snap_to_tokens(seed_text, i + 3, i + 10) == (i, i + len("السفير الايراني"))


def test_snap_drops_edge_whitespace_and_punctuation_but_keeps_percent():
    text = 'قال: "الاتحاد الروسي"، و 16% من'
    s = text.index('"')
    e = text.index("،") + 1
    a, b = snap_to_tokens(text, s - 1, e + 1)
    assert text[a:b] == "الاتحاد الروسي"
    p = text.index("16")
    a, b = snap_to_tokens(text, p, p + 3)
    assert text[a:b] == "16%"


def test_snap_of_whitespace_only_is_none():
    assert snap_to_tokens("كلمة   كلمة", 4, 7) is None


def test_span_inside_waw_prefixed_word_snaps_to_the_whole_word_unless_exact(seed_text):
    """'روسيا' inside 'وروسيا': snapping takes the whole word; exact mode (tested in the
    session) keeps the characters, so a span can exclude the و."""
    i = seed_text.index("وروسيا")
    assert snap_to_tokens(seed_text, i + 1, i + 6) == (i, i + 6)
    assert token_at(seed_text, i + 3) == (i, i + 6)


def test_tokens_between_crosses_lines():
    text = "سطر أول\nسطر ثان"
    toks = tokens_between(text, 4, 11)
    assert [text[a:b] for a, b in toks] == ["أول", "سطر"]


def test_tokens_agree_with_aqmar_tokenisation():
    """On real AQMAR sentences, camel-tools tokens (mapped to offsets) cover every corpus token."""
    lines = (CORPORA / "aqmar" / "test.txt").read_text(encoding="utf-8").split("\n")
    sentence: list[str] = []
    checked = 0
    for line in lines:
        if line.strip():
            sentence.append(line.split(" ")[0])
            continue
        if sentence:
            text = " ".join(sentence)
            toks = token_offsets(text)
            assert all(text[a:b] and " " not in text[a:b] for a, b in toks)
            assert "".join(text[a:b] for a, b in toks) == text.replace(" ", "")
            checked += 1
            sentence = []
        if checked >= 200:
            break
    assert checked == 200
