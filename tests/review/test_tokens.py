"""TokenCache gives exactly camel-tools' tokens (app.core.tokens.token_offsets)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.tokens import token_offsets
from app.review.tokens import TokenCache
from tests.conftest import CORPORA, SEED


def as_pairs(starts_ends):
    s, e = starts_ends
    return list(zip(s, e))


def test_equal_on_the_seed_and_the_corpora():
    cache = TokenCache()
    texts = [SEED.read_text(encoding="utf-8")]
    for path in sorted((CORPORA / "wojood-sample").glob("*.txt"))[:1] + [CORPORA / "aqmar" / "dev.txt"]:
        words = [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.split()]
        texts.append(" ".join(words[:20000]))
    for text in texts:
        assert as_pairs(cache.offsets(text)) == token_offsets(text)
        assert as_pairs(cache.offsets(text)) == token_offsets(text)  # again, from the cache


ALPHABET = st.sampled_from(
    list("كتب ورسيا،؛؟.!()«»%٪0123456789٣abc-_/")
    + [
        "🙂",
        "👍🏽",
        "🇸🇦",
        "\u0640",
        "\u064b",
        "\u200f",
        "\u00a0",
        "\u2003",
        "\u3000",
        "\x1c",
        "\x85",
        "\n",
        "\t",
        "\r",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_equal_on_random_text(text):
    cache = TokenCache()
    assert as_pairs(cache.offsets(text)) == token_offsets(text)


def test_the_cache_is_bounded():
    cache = TokenCache(max_words=3)
    text = "واحد اثنان ثلاثة أربعة خمسة"
    assert as_pairs(cache.offsets(text)) == token_offsets(text)
    assert len(cache) == 3
