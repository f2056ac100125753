"""Proclitic trimming: dropping و، ف، ب، ل، ك (and combinations) from the start of a span.

Arabic writes conjunctions and one-letter prepositions joined to the next word:
"وموسكو" is و + موسكو, "بالاتحاد" is ب + الاتحاد, "للاتحاد" is ل + الاتحاد with the
article's alef dropped. An entity span should start at the name, so the annotator can
trim a span's start (and may have it done whenever a span is created).

The rule (every part configurable through :class:`CliticOptions`):

* The grammar of a prefix is ``conjunction? preposition? article?`` — و/ف, then ب/ل/ك,
  then ال — where ل + ال is written لل (:data:`PREFIXES` lists every sequence).
* Only the conjunction and the preposition are dropped; the article stays with the name
  (``keep_article``), as in "الاتحاد الروسي". In لل the first ل is the preposition and
  the second the article's, so "للاتحاد" becomes "لاتحاد" (the article's lam stays; no
  other split keeps the offsets exact). With ``keep_article=False`` the article goes too.
* Never trim when fewer than ``min_remainder`` (3) characters would remain after the
  whole prefix (article included): "وسط", "بعد", "والد" stay whole.
* Never trim a word of the exceptions list (whole word, or the word less one common
  suffix: وزير، وزيرة، وزيرا): words and names that merely *start* with these letters
  (وزير، وكالة، ولاية، واشنطن، كاليفورنيا، فالنسيا …). The default list
  (:data:`DEFAULT_EXCEPTIONS`) was written from the entity tokens of the AQMAR and Wojood
  training files and common news vocabulary.
* و (alone) and any prefix ending in the article (وال، بال، كال، فال، لل، وبال، ولل …)
  are trimmed by default. A bare preposition ب/ل/ك, and ف without the article, are far
  more often the first letter of a name (بغداد، لبنان، كندا، فرنسا) than a proclitic,
  so they are trimmed only on *evidence*: when the rest of the word is a word of the
  document or project on its own (``known``; "بموسكو" when "موسكو" occurs), or always /
  never with ``bare_prepositions``.

Measured on the corpora (tests/core/test_clitics.py prints the figures), see docs/user-guide.md, "Clitic trimming".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from app.core.normalise import NormaliseOptions, Normaliser

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"


def _prefixes() -> tuple[str, ...]:
    out = set()
    for c in ("", *CONJUNCTIONS):
        for p in ("", *PREPOSITIONS):
            for a in ("", ARTICLE):
                s = c + ("لل" if p == "ل" and a else p + a)
                if s:
                    out.add(s)
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


# Every proclitic sequence, longest first (normalised letters): وبال، ولل، بال، لل، و …
PREFIXES: tuple[str, ...] = _prefixes()

# Words that start like a prefix but are not prefixed. Normalised when loaded.
DEFAULT_EXCEPTIONS: frozenset[str] = frozenset(
    [
        "وزير",
        "وزيرة",
        "وزراء",
        "وزارة",
        "وزارات",
        "وكيل",
        "وكلاء",
        "وكالة",
        "وكالات",
        "ولاية",
        "ولايات",
        "والي",
        "ولاة",
        "والد",
        "والدة",
        "والدين",
        "وفد",
        "وفود",
        "وحدة",
        "وحدات",
        "واجهة",
        "واجهات",
        "وادي",
        "واحة",
        "واحد",
        "واحدة",
        "وطن",
        "وطني",
        "وطنية",
        "ولي",
        "وسيط",
        "وصي",
        "وقف",
        "وقود",
        "وسط",
        "وجهاء",
        "ورشة",
        "ورقة",
        "وثيقة",
        "وثائق",
        "وسام",
        "وارد",
        "واقع",
        "وجه",
        "وكر",
        "ودائع",
        "وريث",
        "ورثة",
        "وائل",
        "وليد",
        "وديع",
        "وضاح",
        "واصف",
        "وحيد",
        "وهبة",
        "وهيب",
        "وجدي",
        "وفاء",
        "وفيق",
        "وسيم",
        "ولاء",
        "وداد",
        "وردة",
        "ونيس",
        "وهران",
        "وارسو",
        "واشنطن",
        "واتفورد",
        "ويلز",
        "ويليام",
        "ويليامز",
        "ويلسون",
        "ويلينغتون",
        "ويست",
        "وينستون",
        "ويسكونسن",
        "وودي",
        "ويكيبيديا",
        "ويندوز",
        "وارنر",
        "ووهان",
        "كتلة",
        "كتل",
        "بابل",
        "والتر",
        "والاس",
        "واليس",
        "والونيا",
        "والدورف",
        "والش",
        "والبول",
        "كاليفورنيا",
        "كالفن",
        "كالكوتا",
        "كاليدونيا",
        "كالابريا",
        "كالياري",
        "كالاس",
        "كالينينغراد",
        "فالنسيا",
        "فالنتين",
        "فالنتينو",
        "فالديبابيس",
        "فالكون",
        "فالون",
        "فاليتا",
        "بالتيمور",
        "بالما",
        "بالمر",
        "بالاو",
        "بالي",
        "باليرمو",
    ]
)

# One-word suffixes stripped before looking a word up in the exceptions (normalised: ة → ه).
_SUFFIXES = ("ات", "ان", "ين", "ون", "يه", "اء", "ه", "ي", "ا")

# Words are compared without diacritics, tatweel, invisible marks, alef and presentation
# variants; ta marbuta and alef maksura stay distinct (folding them turns بلدية into ب +
# لديه "he has", and ليلى into ل + يلي).
_NORMALISE = NormaliseOptions(ta_marbuta=False, ya=False)


@dataclass(frozen=True, slots=True)
class CliticOptions:
    keep_article: bool = True
    min_remainder: int = 3  # characters left after the whole prefix (article included)
    bare_prepositions: Literal["evidence", "always", "never"] = "evidence"
    exceptions: frozenset[str] = field(default=DEFAULT_EXCEPTIONS)


@lru_cache(maxsize=8)
def _normalised_exceptions(words: frozenset[str]) -> frozenset[str]:
    norm = Normaliser(_NORMALISE)
    return frozenset(norm.normalise_text(w) for w in words)


def _is_exception(word: str, exceptions: frozenset[str]) -> bool:
    if word in exceptions:
        return True
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3 and word[: -len(suf)] in exceptions:
            return True
    return False


def _kind(prefix: str) -> str:
    """'article' (ends with ال or لل), 'conjunction' (و), or 'ambiguous' (bare ب/ل/ك, ف)."""
    if prefix.endswith(ARTICLE) or prefix.endswith("لل"):
        return "article"
    if prefix == "و":
        return "conjunction"
    return "ambiguous"


def _evidence(prefix: str, stem: str, known: Collection[str] | None) -> bool:
    """A bare preposition is dropped when the rest of the word is a word of ``known`` on
    its own. ف without the article is never dropped on evidence: before a bare noun it is
    rare, and many names start with it (فيصل، فاخر، فيرمي)."""
    if known is None or prefix[-1] not in PREPOSITIONS:
        return False
    return stem in known or (prefix.endswith("لل") and ARTICLE + stem in known)


def _trim_length(prefix: str, keep_article: bool) -> int:
    if not keep_article:
        return len(prefix)
    if prefix.endswith(ARTICLE):
        return len(prefix) - 2
    if prefix.endswith("لل"):
        return len(prefix) - 1
    return len(prefix)


def proclitic_length(
    word: str, options: CliticOptions | None = None, known: Collection[str] | None = None
) -> int:
    """How many leading characters of the *normalised* ``word`` are proclitics to drop."""
    o = options or CliticOptions()
    if _is_exception(word, _normalised_exceptions(o.exceptions)):
        return 0
    for prefix in PREFIXES:
        if not word.startswith(prefix):
            continue
        stem = word[len(prefix) :]
        if len(stem) < o.min_remainder:
            continue
        cut = _trim_length(prefix, o.keep_article)
        if cut == 0:
            continue
        kind = _kind(prefix)
        if kind == "ambiguous":
            if o.bare_prepositions == "never":
                continue
            if o.bare_prepositions == "evidence" and not _evidence(prefix, stem, known):
                continue
        return cut
    return 0


def _in_word(ch: str) -> bool:
    """Characters of a written word: letters, marks, numbers and format characters (an
    RLM or ZWNJ inside a word belongs to it, as camel-tools' tokenizer keeps it)."""
    cat = unicodedata.category(ch)
    return cat[0] in "LMN" or cat == "Cf"


def first_word_end(text: str, start: int, end: int) -> int:
    i = start
    while i < end and _in_word(text[i]):
        i += 1
    return i


def trim_start(
    text: str,
    start: int,
    end: int,
    options: CliticOptions | None = None,
    known: Collection[str] | None = None,
) -> int:
    """The start of ``[start, end)`` with its first word's proclitics dropped (``start``
    itself when there is nothing to drop, or the span does not start at a word start)."""
    if start > 0 and _in_word(text[start - 1]) and unicodedata.category(text[start - 1]) != "Cf":
        return start  # the span starts inside a word: the annotator chose that edge
    wend = first_word_end(text, start, end)
    if wend == start:
        return start
    norm = Normaliser(_NORMALISE).normalise(text[start:wend], fast=False)
    cut = proclitic_length(norm.text, options, known)
    if cut == 0:
        return start
    o = norm.to_original(cut)
    if norm.to_normalised(o) != cut:  # the cut falls inside an expanded ligature (ﻻ)
        return start
    return start + o if start + o < end else start


def trim_span(
    text: str,
    start: int,
    end: int,
    options: CliticOptions | None = None,
    known: Collection[str] | None = None,
) -> tuple[int, int]:
    """``(start, end)`` of the span with leading proclitics dropped (unchanged if none)."""
    return trim_start(text, start, end, options, known), end


_WORD = re.compile(r"[^\W_]+")


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The normalised words of ``texts``: the evidence for trimming bare prepositions
    (pass the document's or the project's texts)."""
    norm = Normaliser(_NORMALISE)
    words: set[str] = set()
    for t in texts:
        words.update(_WORD.findall(norm.normalise(t).text))
    return frozenset(words)
