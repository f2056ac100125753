"""The entity labels of a project: :class:`Label`, the one label type outside the database.

The five default labels are exported under exactly these names: ``person``, ``role``,
``organisation``, ``event``, ``figure``. Keys 1–5 choose them, in that order; each also
has a Latin letter, and the key of that letter types an Arabic letter under the standard
Arabic (101) layout (``app.core.keyboard``), so labelling works whatever layout is active.
The interface shows a label by its display name in the interface language (``display``:
شخص in Arabic), its name everywhere else: data and exports keep the name.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies); highlights use a light tint of the colour so the text stays black on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

LABEL_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.")

Display = tuple[tuple[str, str], ...]  # (language, name shown), sorted by language


@dataclass(frozen=True, slots=True)
class Label:
    """A label: what the workspace holds, a label-set file lists and the label dialog edits.

    ``id`` is the label's database row once stored (None for a label not stored yet: a
    default, one read from a label-set file, one being added). It is not part of equality:
    two labels are equal when every value is (a label-set file's label equals the stored
    one it was written from).
    """

    name: str
    key: str = ""  # digit key
    letter: str = ""  # Latin letter key
    colour: str = "#999999"  # "#rrggbb"
    description: str = ""  # guidance in English
    description_ar: str = ""  # guidance in Arabic
    examples: tuple[str, ...] = ()
    display: Display = ()  # shown per language: display_name()
    id: int | None = field(default=None, compare=False)


def display_name(name: str, display: Iterable[tuple[str, str]], language: str) -> str:
    """How the interface shows a label: its display name in ``language``, else its name."""
    for lang, shown in display:
        if lang == language and shown:
            return shown
    return name


# The same labels and guidance as resources/labels/default.json (the fallback when that
# file cannot be read; tests/services/test_labelset.py keeps the two equal).
DEFAULT_LABELS: tuple[Label, ...] = (
    Label(
        "person",
        "1",
        "p",
        "#E69F00",
        (
            "Names of people: first names, family names and full names, with the parts that belong to "
            'the name (ابن، أبو، آل). Titles and positions are not part of a person: in "السفير كاظم '
            'جلالي" the person is "كاظم جلالي" and "السفير" is a role.'
        ),
        (
            "أسماء الأشخاص: الاسم الأول واسم العائلة والاسم الكامل، مع ما هو جزء من الاسم (ابن، أبو، "
            "آل). اللقب والمنصب ليسا جزءًا من اسم الشخص: في «السفير كاظم جلالي» الشخص هو «كاظم "
            "جلالي»، و«السفير» منصب."
        ),
        ("كاظم جلالي", "ألكسندر شفيتوف", "ميثم عابدي"),
        (("ar", "شخص"),),
    ),
    Label(
        "role",
        "2",
        "r",
        "#56B4E9",
        (
            "Titles and positions of people, with the qualifiers that belong to them (country, "
            "ministry, field). Label the whole position, even when it contains an organisation; the "
            "organisation may be labelled again inside it (a nested span)."
        ),
        (
            "المناصب والألقاب والوظائف، مع ما يتعلق بها من صفات وإضافات (البلد، الوزارة، المجال). "
            "يُوسم المنصب كاملًا ولو تضمّن اسم مؤسسة، ويجوز أن توسم المؤسسة داخله أيضًا (وسم متداخل)."
        ),
        (
            "السفير الإيراني",
            "نائب وزير الاتصالات وتكنولوجيا المعلومات",
            "سفير جمهورية إيران الإسلامية لدى الاتحاد الروسي",
        ),
        (("ar", "منصب"),),
    ),
    Label(
        "organisation",
        "3",
        "o",
        "#009E73",
        (
            "Ministries, companies, agencies, parliaments, parties, universities, teams and other "
            "named groups. Take the whole name with its article (ال), without a conjunction or "
            "preposition written before it (و، ب، ل، ك)."
        ),
        (
            "الوزارات والشركات والوكالات والبرلمانات والأحزاب والجامعات والفرق وسائر الجماعات "
            "المسمّاة. يُوسم الاسم كاملًا مع «ال»، دون حرف العطف أو الجر المتصل به (و، ب، ل، ك)."
        ),
        ("مجموعة العمل المشتركة", "وزارة الاتصالات"),
        (("ar", "منظمة"),),
    ),
    Label(
        "event",
        "4",
        "e",
        "#CC79A7",
        (
            "Specific meetings, ceremonies, signings, sessions, conferences and other occurrences "
            'that can be pointed at. Words that do not name one occurrence ("the meetings and '
            'negotiations" in general) are not events.'
        ),
        (
            "الاجتماعات والاحتفالات ومراسم التوقيع والجلسات والمؤتمرات وسائر الأحداث المحدّدة بعينها. "
            "لا تُوسم الكلمات التي لا تدل على حدث بعينه (مثل «الاجتماعات والمفاوضات» بوجه عام)."
        ),
        ("الاجتماع الخامس لمجموعة العمل المشتركة", "الدورة الخامسة لمجموعة العمل المشتركة"),
        (("ar", "حدث"),),
    ),
    Label(
        "figure",
        "5",
        "f",
        "#F0E442",
        (
            "Numbers and quantities, in digits or in words, with the counted noun or unit. A dual "
            "counts as a number (يومين, two days); keep the % sign (16%)."
        ),
        (
            "الأعداد والكميات، بالأرقام أو بالحروف، مع المعدود أو الوحدة. المثنى عدد أيضًا (يومين)، "
            "وتبقى علامة النسبة المئوية مع العدد (16%)."
        ),
        ("16 شركة", "خمس شركات", "ثلاث سنوات", "يومين"),
        (("ar", "عدد"),),
    ),
)

# Letters the editor's own commands use (A label-all, D done, N next document, S sticky,
# T trim, U next unlabelled sentence): label letters must avoid them.
RESERVED_LETTERS = frozenset("adnstu")


def validate_label_name(name: str) -> str:
    """Label names are lower-case ASCII identifiers (they are written into exports)."""
    if not name or not set(name) <= LABEL_NAME_CHARS or not name[0].isalpha():
        raise ValueError(f"label name {name!r} must start with a letter and use only a-z, 0-9, '_', '-', '.'")
    return name


def tint(colour: str, alpha: float) -> tuple[int, int, int]:
    """The colour blended over white with opacity ``alpha`` (for highlight backgrounds)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (
        round(255 + (r - 255) * alpha),
        round(255 + (g - 255) * alpha),
        round(255 + (b - 255) * alpha),
    )


# The dark theme (app/ui/theme.py): base and text colours.
DARK_BACKGROUND = (38, 38, 38)
DARK_TEXT = (230, 230, 230)


def _linear(v: float) -> float:
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = (0.2126 * _linear(c[0]) + 0.7152 * _linear(c[1]) + 0.0722 * _linear(c[2]) for c in (a, b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def dark_tint(
    colour: str,
    max_alpha: float = 0.55,
    background: tuple[int, int, int] = DARK_BACKGROUND,
    text: tuple[int, int, int] = DARK_TEXT,
    min_contrast: float = 4.5,
) -> tuple[int, int, int]:
    """A highlight for the dark theme: ``colour`` blended over the dark background with
    the highest opacity (at most ``max_alpha``) that keeps the light text readable (WCAG
    AA, 4.5:1). Bright colours (the Okabe–Ito yellow) get a lower opacity than dark ones,
    so every label stays readable and the five stay distinct under colour-vision
    deficiencies (tests/services/test_labelset.py measures both)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    alpha = max_alpha
    while True:
        blended = tuple(round(bg + (v - bg) * alpha) for v, bg in zip((r, g, b), background))
        if alpha <= 0.05 or contrast_ratio(blended, text) >= min_contrast:  # type: ignore[arg-type]
            return blended  # type: ignore[return-value]
        alpha -= 0.01
