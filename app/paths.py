"""Where the data folders are (``resources/``, ``seeds/``, ``schema/``).

They sit at the top of the checkout, beside the ``app`` package (an editable install reads
them there); a built wheel carries them inside the package (``setup.py`` copies them).
``HAMISH_ROOT`` overrides the location (tests).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE if (_PACKAGE / "schema").is_dir() else _PACKAGE.parent
ROOT = Path(os.environ.get("HAMISH_ROOT") or _BUNDLED)
RESOURCES = ROOT / "resources"
FONTS = RESOURCES / "fonts"
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT / "schema"
