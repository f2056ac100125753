"""Arabic-aware find and label-all candidates (Qt-free, on the seed article and corpora)."""

from __future__ import annotations

import re

import pytest

from app.core.normalise import NormaliseOptions, Normaliser
from app.core.search import (
    CandidateStatus,
    Query,
    QueryError,
    SearchOptions,
    candidates,
    context,
    find_all,
    is_word_char,
    starts_inside_word,
)
from app.core.spans import SpanIndex, SpanRecord
from tests.conftest import CORPORA

EMOJI = "🙂"


def check_hits(text, hits):
    for h in hits:
        assert text[h.start : h.end] == h.text
        assert text[h.start - len(h.before) : h.start] == h.before
        assert text[h.end : h.end + len(h.after)] == h.after
        assert "\n" not in h.before + h.after


# --- the cases ------------------------------------------------------------------------


def test_diacritised_word_found_without_its_diacritics(seed_text):
    hits = find_all(seed_text, "وقعوا")
    check_hits(seed_text, hits)
    expected = [m.start() for m in re.finditer("وقّعوا", seed_text)]
    assert expected and [h.start for h in hits] == expected
    assert all(h.text == "وقّعوا" for h in hits)
    # And the other way round: the diacritised query finds the same.
    assert [h.start for h in find_all(seed_text, "وقّعوا")] == expected
    # With diacritics not ignored the plain query finds nothing there.
    strict = SearchOptions(normalise=NormaliseOptions(diacritics=False))
    assert find_all(seed_text, "وقعوا", strict) == []


@pytest.mark.parametrize("query", ["الايراني", "الإيراني"])
def test_both_alef_spellings_found_by_either(seed_text, query):
    expected = [m.start() for m in re.finditer(r"(?<!\w)ال[اإ]يراني(?!\w)", seed_text)]
    forms = {seed_text[i : i + 8] for i in expected}
    assert forms == {"الايراني", "الإيراني"}  # the seed article really has both
    hits = find_all(seed_text, query)
    check_hits(seed_text, hits)
    assert [h.start for h in hits] == expected


def test_emoji_before_hits_shifts_code_point_offsets_only(seed_text):
    plain = find_all(seed_text, "الإيراني")
    text = EMOJI * 3 + "\n" + seed_text
    hits = find_all(text, "الإيراني")
    check_hits(text, hits)
    assert [h.start for h in hits] == [h.start + 4 for h in plain]


def test_presentation_forms_in_wojood_tokens_are_found_by_plain_spelling():
    lines = (CORPORA / "wojood-sample" / "train.txt").read_text(encoding="utf-8").splitlines()
    tokens = [ln.split()[0] for ln in lines if ln.strip()]
    text = " ".join(tokens)
    lig = [t for t in tokens if "\ufefb" in t or "\ufe81" in t]
    assert lig
    norm = Normaliser()
    for tok in set(lig):
        plain = norm.normalise_text(tok)
        hits = find_all(text, plain)
        check_hits(text, hits)
        assert tok in {h.text for h in hits}, tok


# --- word boundaries and proclitics ---------------------------------------------------------------


def test_a_match_inside_a_longer_word_is_not_proposed_unless_asked():
    text = "قال الروسي، والروسية، وروسيا وموسكو: روسيا"
    assert [h.text for h in find_all(text, "الروسي")] == ["الروسي"]
    loose = find_all(text, "الروسي", SearchOptions(whole_words=False))
    assert [h.text for h in loose] == ["الروسي", "الروسي"]  # the second inside والروسية
    assert [h.start for h in find_all(text, "روسيا")] == [text.rindex("روسيا")]
    after = find_all(text, "روسيا", SearchOptions(proclitics=True))
    assert [(h.text, h.prefix) for h in after] == [("روسيا", "و"), ("روسيا", "")]
    check_hits(text, after)
    # Suffixes are never skipped, proclitics or not.
    assert find_all(text, "الروس", SearchOptions(proclitics=True)) == []


def test_article_queries_match_after_lam_where_the_alef_is_dropped():
    text = "للاتحاد الروسي وللاتحاد الروسي بالاتحاد الروسي الاتحاد الروسي"
    hits = find_all(text, "الاتحاد الروسي", SearchOptions(proclitics=True))
    check_hits(text, hits)
    assert [(h.text, h.prefix) for h in hits] == [
        ("لاتحاد الروسي", "ل"),
        ("لاتحاد الروسي", "ول"),
        ("الاتحاد الروسي", "ب"),
        ("الاتحاد الروسي", ""),
    ]
    assert len(find_all(text, "الاتحاد الروسي")) == 1


def test_trailing_diacritics_and_ligatures_are_kept_whole():
    text = "جاء محمدٌ مع \ufefbعب"
    (h,) = find_all(text, "محمد")
    assert h.text == "محمدٌ"
    (lig,) = find_all(text, "لاعب")
    assert lig.text == "\ufefbعب"
    (half,) = find_all(text, "ل", SearchOptions(whole_words=False))
    assert half.text == "\ufefb"  # the match covers half a ligature: the whole ligature


def test_word_characters_are_letters_marks_and_numbers():
    assert all(is_word_char(c) for c in "بA7٣\u064e\u0640")
    assert not any(is_word_char(c) for c in " .،؟%\u200f🙂")
    text = "كلمة"
    assert not starts_inside_word(text, 0) and starts_inside_word(text, 1)


def test_query_that_is_empty_once_normalised_is_refused():
    with pytest.raises(QueryError, match="empty"):
        Query("\u064e\u0651 ")
    with pytest.raises(QueryError):
        find_all("abc", "\u200f")


def test_latin_case_digits_and_spaces_are_folded():
    text = "وقعت Google اتفاقا مع ١٦\u00a0شركة"
    assert [h.text for h in find_all(text, "google")] == ["Google"]
    assert [h.text for h in find_all(text, "16 شركة")] == ["١٦\u00a0شركة"]


def test_context_stays_on_the_line_and_is_cut_at_a_space():
    text = "سطر أول\n" + "كلمة " * 20 + "الهدف" + " كلمة" * 20 + "\nسطر آخر"
    (h,) = find_all(text, "الهدف", SearchOptions(context=22))
    assert h.clipped_before and h.clipped_after
    assert h.before.startswith("كلمة") and h.before.endswith(" ")
    assert h.after.startswith(" ") and h.after.endswith("كلمة")
    assert len(h.before) <= 22 and len(h.after) <= 22
    short = "أ الهدف ب"
    before, after, cb, ca = context(short, 2, 7)
    assert (before, after, cb, ca) == ("أ ", " ب", False, False)


# --- label-all candidates --------------------------------------------------------------------------


def test_candidates_never_cross_or_duplicate_and_report_conflicts(seed_text):
    hits = find_all(seed_text, "الإيراني")
    assert len(hits) == 5
    h = [(x.start, x.end) for x in hits]
    role = seed_text.index("السفير الايراني")
    assert role + 7 == h[0][0]
    existing = SpanIndex(
        [
            SpanRecord(role, role + 15, "role", seed_text[role : role + 15], 1),  # contains hit 0: nesting
            SpanRecord(*h[1], "person", seed_text[h[1][0] : h[1][1]], 2),  # same range, other label
            SpanRecord(
                h[2][0] + 3, h[2][1] + 6, "event", seed_text[h[2][0] + 3 : h[2][1] + 6], 3
            ),  # crosses hit 2
            SpanRecord(*h[3], "organisation", seed_text[h[3][0] : h[3][1]], 4),  # already labelled
        ]
    )
    preview = candidates(seed_text, "الإيراني", None, existing, "organisation")
    assert len(preview.candidates) + len(preview.skipped) == len(hits)
    by_status = {c.status: c for c in preview.candidates + preview.skipped}
    assert set(by_status) == set(CandidateStatus)
    new = preview.new
    assert new[0].parent is not None and new[0].parent.label == "role"
    assert [c.start for c in preview.conflicts] == [h[1][0]] and preview.conflicts[0].other.id == 2
    assert [c.start for c in new] == [h[0][0], h[4][0]]
    assert by_status[CandidateStatus.CROSSING].other.id == 3
    assert by_status[CandidateStatus.LABELLED].other.id == 4
    for c in preview.candidates:
        assert existing.crossing(c.start, c.end) is None
        same = existing.find_range(c.start, c.end)
        assert same is None or same.label != "organisation"
    assert all(c.accept_by_default for c in new) and not any(c.accept_by_default for c in preview.conflicts)
    edits = preview.edits()
    assert [e.record.text for e in edits] == [c.text for c in new]  # type: ignore[attr-defined]
    both = preview.edits(preview.candidates)
    assert type(both[0]).__name__ in {"AddSpan", "RelabelSpan"} and len(both) == len(preview.candidates)
    with pytest.raises(ValueError, match="crossing"):
        preview.edits(preview.skipped)


def test_candidates_on_a_text_with_emoji_before_spans(seed_text):
    text = EMOJI + seed_text
    first = text.index("الايراني")
    existing = SpanIndex([SpanRecord(first, first + 8, "role", "الايراني", 1)])
    preview = candidates(text, "الايراني", SearchOptions(), existing, "role")
    assert [c.start for c in preview.skipped] == [first]
    for c in preview.candidates:
        assert text[c.start : c.end] == c.text
