"""Bundled fonts: Noto Naskh Arabic for the text, Noto Sans as the Latin fallback (SIL OFL)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from app.paths import FONTS

ARABIC_FAMILY = "Noto Naskh Arabic"
LATIN_FAMILY = "Noto Sans"
DEFAULT_TEXT_POINT_SIZE = 17
_loaded: list[str] | None = None


def load_bundled_fonts() -> list[str]:
    """Register the fonts in resources/fonts with Qt (once); return the families loaded."""
    global _loaded
    if _loaded is not None:
        return _loaded
    families: list[str] = []
    for path in sorted(FONTS.glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(fid))
    _loaded = sorted(set(families))
    return _loaded


def text_font(point_size: float = DEFAULT_TEXT_POINT_SIZE) -> QFont:
    """The document font: Arabic first, Latin fallback for digits and Latin words."""
    font = QFont()
    font.setFamilies([ARABIC_FAMILY, LATIN_FAMILY])
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def ui_font(point_size: float = 10) -> QFont:
    font = QFont()
    font.setFamilies([LATIN_FAMILY, ARABIC_FAMILY])
    font.setPointSizeF(point_size)
    return font
