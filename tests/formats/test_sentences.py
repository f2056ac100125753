"""Tokens and sentences of documents for token-level formats (app.core.sentences)."""

from camel_tools.tokenizers.word import simple_word_tokenize

from app.core.issues import Tally
from app.core.sentences import document_tokens, flatten, map_spans, nest
from tests.conftest import CORPORA, SEED


def corpus_lines(limit=400):
    lines, toks = [], []
    for line in (CORPORA / "wojood-sample" / "test.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            toks.append(line.split(" ")[0])
        elif toks:
            lines.append(" ".join(toks))
            toks = []
    return lines[:limit]


def test_cached_camel_tokens_equal_simple_word_tokenize_on_real_text():
    text = (
        SEED.read_text(encoding="utf-8") + "\n" + "\n".join(corpus_lines()) + "\n🙂 U.S. 2008-2009 «قال» 16%"
    )
    tokens, starts = document_tokens(text)
    expected = []
    for line in text.split("\n"):
        expected.extend(simple_word_tokenize(line))
    assert [text[a:b] for a, b in tokens] == expected
    assert len(starts) == sum(1 for line in text.split("\n") if line.strip())


def test_token_aligned_documents_keep_their_own_tokens():
    text = "قال U.S. 2008-2009 .\nسطر ثان"
    tokens, starts = document_tokens(text, {"tokenization": "whitespace"})
    assert [text[a:b] for a, b in tokens] == ["قال", "U.S.", "2008-2009", ".", "سطر", "ثان"]
    assert starts == [0, 4]
    camel, _ = document_tokens(text)
    assert len(camel) > len(tokens)  # camel-tools would split U.S. and 2008-2009


def test_partial_spans_are_expanded_or_skipped_and_counted():
    text = "🙂 وروسيا والصين\nسطر"
    tokens, starts = document_tokens(text)
    spans = [
        (3, 8, "organisation", "روسيا"),
        (2, 8, "organisation", "وروسيا"),
        (7, 18, "x", text[7:18]),
        (1, 2, "x", " "),
    ]
    tally = Tally()
    got = map_spans(tokens, starts, spans, "expand", tally, "document 1")
    assert got == [(1, 2, "organisation", 0), (1, 2, "organisation", 1)]
    assert (
        tally["partial_expanded"] == 1
        and tally["sentence_crossing_skipped"] == 1
        and tally["no_token_skipped"] == 1
    )
    tally = Tally()
    assert map_spans(tokens, starts, spans, "skip", tally) == [(1, 2, "organisation", 1)]
    assert tally["partial_skipped"] == 1


def test_nesting_depths_and_flat_policies():
    ents = [
        (0, 5, "event", 0),
        (1, 3, "organisation", 1),
        (1, 2, "person", 2),
        (4, 5, "figure", 3),
        (6, 7, "role", 4),
    ]
    nested = nest(ents)
    assert [(a, b, d) for a, b, _, d in nested] == [(0, 5, 0), (1, 3, 1), (1, 2, 2), (4, 5, 1), (6, 7, 0)]
    tally = Tally()
    assert flatten(nested, "outermost", tally) == [(0, 5, "event"), (6, 7, "role")]
    assert tally["nested_dropped"] == 3
    assert flatten(nested, "innermost") == [(1, 2, "person"), (4, 5, "figure"), (6, 7, "role")]


def test_entities_crossing_after_expansion_are_dropped_and_counted():
    tally = Tally()
    out = nest([(0, 2, "a", 0), (1, 3, "b", 1)], tally)
    assert [(a, b) for a, b, _, _ in out] == [(0, 2)] and tally["crossing_dropped"] == 1
