"""Where the repository's data folders are (``resources/``, ``seeds/``, ``schema/``).

Hamish is installed in editable mode from its checkout, so the folders sit beside the
``app`` package. ``HAMISH_ROOT`` overrides the location (packaged builds, tests).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("HAMISH_ROOT") or Path(__file__).resolve().parent.parent)
RESOURCES = ROOT / "resources"
FONTS = RESOURCES / "fonts"
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT / "schema"
