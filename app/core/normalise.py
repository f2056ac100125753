"""Normalising Arabic text for comparison, with an offset map back to the original.

Search and "label all occurrences" compare *normalised* text: diacritics, tatweel and
invisible marks removed, alef forms, alef maksura, ta marbuta and presentation forms
folded. The stored text is never changed; a match found in the normalised text is mapped
back to original code-point offsets with :meth:`Normalised.to_original_span`.

What maps to what comes from camel-tools (the source of truth, imported lazily):

* ``diacritics`` — ``camel_tools.utils.charsets.AR_DIAC_CHARSET`` (tashkeel: fathatan …
  sukun, and the dagger alef U+0670), plus every other combining mark of the Arabic
  blocks that camel-tools' ``arclean`` character map deletes: Quranic annotation signs
  (U+0610–U+061A, U+06D6–U+06ED), the combining maddah and hamza (U+0653–U+0655) and
  the other extended marks (U+0656–U+065F …).
* ``tatweel`` — U+0640 (``arclean`` deletes it too).
* ``alef`` — ``camel_tools.utils.normalize.normalize_alef_ar``: أ إ آ ٱ → ا.
* ``ya`` — ``normalize_alef_maksura_ar``: ى → ي.
* ``ta_marbuta`` — ``normalize_teh_marbuta_ar``: ة → ه.
* ``presentation_forms`` — ``normalize_unicode`` (NFKC plus camel-tools' fixes) of each
  character of U+FB50–U+FDFF and U+FE70–U+FEFF: ﻻ → لا (one character becomes two),
  ﷲ → الله, ﺑ → ب.
* ``invisible`` — U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF removed.

and a few folds that Arabic text needs in practice (each switchable too): ``persian``
(ک → ك, ی → ي: Persian letters in Arabic news), ``digits`` (Arabic-Indic and Extended
Arabic-Indic digits → 0-9, so "16" finds "١٦"), ``spaces`` (no-break and other spaces →
" ") and ``case`` (lower case, character by character, in the Basic Multilingual Plane;
"İ" → "i").

Speed: each option set is compiled once into a per-character table (a character maps to
zero, one or several characters, already fully normalised so the table is idempotent).
Long texts go through numpy lookup tables (a 5 MB text in tens of milliseconds, whatever
its share of diacritics); short ones (queries) through a plain Python loop over the same
table, which is also the reference the tests compare the fast path with.

The offset map keeps only the characters whose length changes (deletions and
expansions), as sorted breakpoints: a lookup is a binary search. One-to-one folds (alef,
ya, digits …) cost nothing in the map.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff"]
)
TATWEEL = "\u0640"
PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
PERSIAN = {"\u06a9": "\u0643", "\u06cc": "\u064a"}  # keheh → kaf, farsi yeh → yeh
DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {chr(0x06F0 + d): str(d) for d in range(10)}
# Unicode space separators other than " " (category Zs; none lies above U+3000).
SPACES = frozenset(chr(c) for c in range(0x3001) if c != 0x20 and unicodedata.category(chr(c)) == "Zs")
# Blocks whose combining marks camel-tools' arclean map may delete.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF))

# Texts shorter than this are normalised in pure Python (numpy's per-call cost dominates).
SMALL_TEXT = 2048


@dataclass(frozen=True, slots=True)
class NormaliseOptions:
    """Which differences to ignore. Every option is on by default (the search default)."""

    diacritics: bool = True
    tatweel: bool = True
    alef: bool = True
    ya: bool = True
    ta_marbuta: bool = True
    invisible: bool = True
    presentation_forms: bool = True
    persian: bool = True
    digits: bool = True
    spaces: bool = True
    case: bool = True

    @classmethod
    def none(cls) -> NormaliseOptions:
        """Nothing folded: an exact (code-point) comparison."""
        return cls(**{f.name: False for f in fields(cls)})

    def key(self) -> tuple[bool, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


# --- the per-character table ----------------------------------------------------------------


def _camel():  # type: ignore[no-untyped-def]
    """camel-tools' normalisers (imported on first use: charsets costs ~0.3 s)."""
    from camel_tools.utils import normalize as cn
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.dediac import dediac_ar

    return cn, CharMapper.builtin_mapper("arclean"), AR_DIAC_CHARSET, dediac_ar


@lru_cache(maxsize=1)
def diacritic_marks() -> frozenset[str]:
    """Marks the ``diacritics`` option removes (see the module docstring)."""
    _, arclean, ar_diac, dediac_ar = _camel()
    marks = set(ar_diac)
    for lo, hi in _ARABIC_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if unicodedata.category(ch).startswith("M") and arclean(ch) == "":
                marks.add(ch)
    # camel-tools' own dediacritiser must agree on its set.
    assert all(dediac_ar(c) == "" for c in ar_diac)
    return frozenset(marks)


def _candidates(o: NormaliseOptions) -> set[str]:
    chars: set[str] = set()
    if o.diacritics:
        chars |= diacritic_marks()
    if o.tatweel:
        chars.add(TATWEEL)
    if o.alef:
        chars |= set("\u0623\u0625\u0622\u0671")
    if o.ya:
        chars.add("\u0649")
    if o.ta_marbuta:
        chars.add("\u0629")
    if o.invisible:
        chars |= INVISIBLE
    if o.presentation_forms:
        for lo, hi in PRESENTATION_RANGES:
            chars |= {chr(c) for c in range(lo, hi + 1)}
    if o.persian:
        chars |= set(PERSIAN)
    if o.digits:
        chars |= set(DIGITS)
    if o.spaces:
        chars |= SPACES
    if o.case:
        chars |= _upper_chars()
    return chars


@lru_cache(maxsize=1)
def _upper_chars() -> frozenset[str]:
    # The Basic Multilingual Plane only (Latin, Greek, Cyrillic …): the folding tables
    # cover the BMP, and astral characters (emoji) pass through unchanged.
    return frozenset(chr(c) for c in range(0x10000) if chr(c).lower() != chr(c))


def _fold_once(s: str, o: NormaliseOptions, cn, marks: frozenset[str]) -> str:  # type: ignore[no-untyped-def]
    out = []
    for ch in s:
        cp = ord(ch)
        if o.presentation_forms and any(lo <= cp <= hi for lo, hi in PRESENTATION_RANGES):
            folded = cn.normalize_unicode(ch)
            if folded != ch:
                out.append(folded)
                continue
        if o.invisible and ch in INVISIBLE:
            continue
        if o.diacritics and ch in marks:
            continue
        if o.tatweel and ch == TATWEEL:
            continue
        if o.alef:
            ch = cn.normalize_alef_ar(ch)
        if o.ya:
            ch = cn.normalize_alef_maksura_ar(ch)
        if o.ta_marbuta:
            ch = cn.normalize_teh_marbuta_ar(ch)
        if o.persian:
            ch = PERSIAN.get(ch, ch)
            if o.ya:  # a farsi yeh folded to yeh stays yeh
                ch = cn.normalize_alef_maksura_ar(ch)
        if o.digits:
            ch = DIGITS.get(ch, ch)
        if o.spaces and ch in SPACES:
            ch = " "
        if o.case:
            low = ch.lower()
            ch = low if len(low) == 1 else low[0]  # "İ".lower() is "i̇": keep one character
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=16)
def _table(o: NormaliseOptions) -> dict[str, str]:
    """Every character the options change → its (fully normalised) replacement."""
    cn, _, _, _ = _camel()
    marks = diacritic_marks() if o.diacritics else frozenset()
    table: dict[str, str] = {}
    for ch in _candidates(o):
        s = ch
        for _ in range(5):  # fold until stable (ﻷ → لأ → لا)
            nxt = _fold_once(s, o, cn, marks)
            if nxt == s:
                break
            s = nxt
        else:  # pragma: no cover - every chain above is at most three steps
            raise RuntimeError(f"normalisation of U+{ord(ch):04X} does not settle")
        if s != ch:
            table[ch] = s
    return table


class _Compiled:
    """One option set: the character table and (lazily) its numpy lookup tables."""

    def __init__(self, options: NormaliseOptions) -> None:
        self.options = options
        self.table = _table(options)
        self.translate_table = {ord(k): v for k, v in self.table.items()}
        self._np: tuple | None = None

    def arrays(self):  # type: ignore[no-untyped-def]
        """Lookup tables over the BMP (every character the options change is in it):
        length of each replacement, the replacement of one-to-one folds, and the rows of
        the expansions table. ~0.5 MB per option set."""
        if self._np is None:
            import numpy as np

            size = 0x10000
            lens = np.ones(size, dtype=np.uint8)
            sub = np.arange(size, dtype=np.uint32)
            expansions = {k: v for k, v in self.table.items() if len(v) > 1}
            width = max((len(v) for v in expansions.values()), default=1)
            exp_table = np.zeros((len(expansions) + 1, width), dtype=np.uint32)
            exp_row = np.zeros(size, dtype=np.int32)
            for k, v in self.table.items():
                cp = ord(k)
                assert cp < size, f"U+{cp:X} is outside the BMP"
                lens[cp] = len(v)
                if len(v) == 1:
                    sub[cp] = ord(v)
            for row, (k, v) in enumerate(sorted(expansions.items()), start=1):
                exp_row[ord(k)] = row
                exp_table[row, : len(v)] = [ord(c) for c in v]
            self._np = (lens, sub, exp_row, exp_table, bool(expansions))
        return self._np


@lru_cache(maxsize=16)
def _compiled(options: NormaliseOptions) -> _Compiled:
    return _Compiled(options)


# --- the result: normalised text and its offset map -------------------------------------------


class Normalised:
    """A normalised text and the map back to the original it came from.

    ``to_original(j)`` is the original offset of the character that produced normalised
    character ``j`` (``len(original)`` for ``j == len(text)``). Breakpoints are the
    original positions whose length changed, their normalised start, their new length and
    the cumulative length difference after them.
    """

    __slots__ = ("text", "original_length", "_pos", "_nstart", "_nlen", "_after")

    def __init__(
        self,
        text: str,
        original_length: int,
        pos: Sequence[int],
        nstart: Sequence[int],
        nlen: Sequence[int],
        after: Sequence[int],
    ) -> None:
        self.text = text
        self.original_length = original_length
        self._pos = pos
        self._nstart = nstart
        self._nlen = nlen
        self._after = after

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"Normalised({self.text[:40]!r}…, {len(self._pos)} breakpoints)"

    @property
    def is_identity_map(self) -> bool:
        """True when every original character gave exactly one normalised character."""
        return len(self._pos) == 0

    @property
    def breakpoints(self) -> int:
        return len(self._pos)

    def to_original(self, j: int) -> int:
        """Original offset of the character that produced normalised character ``j``."""
        if not 0 <= j <= len(self.text):
            raise IndexError(f"normalised offset {j} outside 0..{len(self.text)}")
        if j == len(self.text):
            return self.original_length
        k = bisect_right(self._nstart, j) - 1
        if k < 0:
            return j
        if j < self._nstart[k] + self._nlen[k]:
            return int(self._pos[k])
        return j - int(self._after[k])

    def to_normalised(self, i: int) -> int:
        """Normalised offset where original character ``i`` starts (its output, if any)."""
        if not 0 <= i <= self.original_length:
            raise IndexError(f"original offset {i} outside 0..{self.original_length}")
        k = bisect_left(self._pos, i) - 1
        return i if k < 0 else i + int(self._after[k])

    def to_original_span(self, a: int, b: int) -> tuple[int, int]:
        """The smallest original range whose characters produced normalised ``[a, b)``.

        A character that expanded (ﻻ → لا) counts as a whole: a match of only its ``ل``
        maps to the ligature. Deleted characters at either edge (a trailing diacritic, a
        leading RLM) are outside the range; see :meth:`attach_marks`.
        """
        if a >= b:
            p = self.to_original(a)
            return p, p
        return self.to_original(a), self.to_original(b - 1) + 1

    def to_original_spans(self, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[int], list[int]]:
        """:meth:`to_original_span` for many non-empty ranges at once (vectorised)."""
        if not len(starts):
            return [], []
        if not len(self._pos):
            return list(starts), list(ends)
        import numpy as np

        nstart = np.asarray(self._nstart)
        nlen = np.asarray(self._nlen)
        pos = np.asarray(self._pos)
        after = np.asarray(self._after)

        def src(j: np.ndarray) -> np.ndarray:
            k = np.searchsorted(nstart, j, side="right") - 1
            kk = np.maximum(k, 0)
            inside = (k >= 0) & (j < nstart[kk] + nlen[kk])
            shifted = np.where(k >= 0, j - after[kk], j)
            return np.where(inside, pos[kk], shifted)

        a = np.asarray(starts, dtype=np.int64)
        b = np.asarray(ends, dtype=np.int64)
        return src(a).tolist(), (src(b - 1) + 1).tolist()


def attach_marks(original: str, end: int) -> int:
    """Move ``end`` past combining marks that follow it (a span never ends between a
    letter and its diacritic)."""
    n = len(original)
    while end < n and unicodedata.category(original[end]).startswith("M"):
        end += 1
    return end


# --- the normaliser ---------------------------------------------------------------------------


class Normaliser:
    """``Normaliser(options).normalise(text) -> Normalised``; cheap to create (tables are
    cached per option set)."""

    __slots__ = ("options", "_c")

    def __init__(self, options: NormaliseOptions | None = None) -> None:
        self.options = options or NormaliseOptions()
        self._c = _compiled(self.options)

    @property
    def table(self) -> Mapping[str, str]:
        """Each character this normaliser changes → its replacement ("" = removed)."""
        return self._c.table

    def normalise_text(self, text: str) -> str:
        """The normalised text only (no offset map), e.g. for a query."""
        return text.translate(self._c.translate_table)

    def normalise(self, text: str, *, fast: bool | None = None) -> Normalised:
        """Normalise ``text`` and build the offset map. ``fast`` forces (True) or avoids
        (False) the numpy path; by default it is used for texts of 2,048+ characters."""
        use_np = len(text) >= SMALL_TEXT if fast is None else fast
        return self._numpy(text) if use_np else self._python(text)

    # The reference implementation: one pass over the characters.
    def _python(self, text: str) -> Normalised:
        table = self._c.table
        out: list[str] = []
        pos: list[int] = []
        nstart: list[int] = []
        nlen: list[int] = []
        after: list[int] = []
        delta = 0  # normalised position minus original position
        npos = 0
        for i, ch in enumerate(text):
            rep = table.get(ch)
            if rep is None:
                out.append(ch)
                npos += 1
                continue
            out.append(rep)
            if len(rep) != 1:
                pos.append(i)
                nstart.append(npos)
                nlen.append(len(rep))
                delta += len(rep) - 1
                after.append(delta)
            npos += len(rep)
        return Normalised("".join(out), len(text), pos, nstart, nlen, after)

    def _numpy(self, text: str) -> Normalised:
        import numpy as np

        lens_t, sub_t, exp_row, exp_table, has_exp = self._c.arrays()
        n = len(text)
        if n == 0:
            return Normalised("", 0, [], [], [], [])
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        sub = None
        if int(cps.max()) > 0xFFFF:  # astral characters (emoji) never change
            astral = cps > 0xFFFF
            idx = np.where(astral, 0, cps)
            lens = lens_t[idx]
            sub = sub_t[idx]
            sub[astral] = cps[astral]
        else:
            lens = lens_t[cps]
        changed = np.flatnonzero(lens != 1)
        if changed.size == 0:
            out = sub_t[cps] if sub is None else sub
        elif not has_exp or int(lens[changed].max()) <= 1:
            keep = lens == 1
            out = sub_t[cps[keep]] if sub is None else sub[keep]
        else:  # expansions (ﻻ → لا): few; inserted into the one-to-one output
            keep = lens == 1
            out = sub_t[cps[keep]] if sub is None else sub[keep]
            exp = np.flatnonzero(lens > 1)
            width = lens[exp].astype(np.int64)
            kept_before = np.cumsum(keep, dtype=np.int64)[exp]  # exp itself is not kept
            first = np.repeat(np.cumsum(width) - width, width)
            within = np.arange(int(width.sum()), dtype=np.int64) - first
            values = exp_table[np.repeat(exp_row[cps[exp]], width), within]
            out = np.insert(out, np.repeat(kept_before, width), values)
        normalised = out.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")
        if changed.size == 0:
            return Normalised(normalised, n, [], [], [], [])
        d = lens[changed].astype(np.int64) - 1
        after = np.cumsum(d)
        nstart = changed + (after - d)
        return Normalised(
            normalised,
            n,
            changed.astype(np.int64),
            nstart,
            lens[changed].astype(np.int64),
            after,
        )


def normalise(text: str, options: NormaliseOptions | None = None) -> Normalised:
    return Normaliser(options).normalise(text)
