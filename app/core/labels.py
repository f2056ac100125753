"""The entity labels of a project.

The five default labels are exported under exactly these names: ``person``, ``role``,
``organisation``, ``event``, ``figure``. Keys 1–5 choose them, in that order; each also
has a Latin letter and the Arabic letter on the same physical key of the standard Arabic
(101) keyboard, so labelling works whatever layout is active.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies); highlights use a light tint of the colour so the text stays black on it.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.")


@dataclass(frozen=True, slots=True)
class LabelDef:
    name: str
    key: str  # digit key
    letter: str  # Latin letter key
    colour: str  # "#rrggbb"
    arabic_letter: str = ""  # the letter on the same key of the Arabic (101) layout
    description: str = ""


DEFAULT_LABELS: tuple[LabelDef, ...] = (
    LabelDef("person", "1", "p", "#E69F00", "ح", "Names of people — أسماء الأشخاص (كاظم جلالي)"),
    LabelDef(
        "role",
        "2",
        "r",
        "#56B4E9",
        "ق",
        "Titles and positions with their qualifiers — المناصب والألقاب (السفير الإيراني)",
    ),
    LabelDef(
        "organisation",
        "3",
        "o",
        "#009E73",
        "خ",
        "Ministries, companies, agencies, named groups — المؤسسات والشركات والهيئات",
    ),
    LabelDef(
        "event",
        "4",
        "e",
        "#CC79A7",
        "ث",
        "Specific meetings, ceremonies, signings, sessions — الأحداث (الاجتماع الخامس)",
    ),
    LabelDef(
        "figure",
        "5",
        "f",
        "#F0E442",
        "ب",
        "Numbers and quantities with their counted noun or unit — الأعداد والكميات (16 شركة، خمس شركات)",
    ),
)

# Letters the editor's own commands use (A label-all, D done, N next document, S sticky,
# T trim, U next unlabelled sentence): label letters must avoid them.
RESERVED_LETTERS = frozenset("adnstu")


def validate_label_name(name: str) -> str:
    """Label names are lower-case ASCII identifiers (they are written into exports)."""
    if not name or not set(name) <= LABEL_NAME_CHARS or not name[0].isalpha():
        raise ValueError(
            f"label name {name!r} must start with a letter and use only a-z, 0-9, '_', '-', '.'"
        )
    return name


def tint(colour: str, alpha: float) -> tuple[int, int, int]:
    """The colour blended over white with opacity ``alpha`` (for highlight backgrounds)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (
        round(255 + (r - 255) * alpha),
        round(255 + (g - 255) * alpha),
        round(255 + (b - 255) * alpha),
    )
