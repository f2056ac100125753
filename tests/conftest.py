"""Shared fixtures. GUI tests run offscreen (set here, before Qt is imported)."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# User preferences (language, theme) must not leak between tests or into ~/.config.
_CONFIG = __import__("tempfile").mkdtemp(prefix="hamish-test-config-")
os.environ["HAMISH_CONFIG_DIR"] = _CONFIG

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f3562d74299d4607.txt"
# Real corpora (AQMAR, Wojood sample) copied whole with their licences: tests/data/corpora/*/SOURCE.md.
CORPORA = ROOT / "tests" / "data" / "corpora"


@pytest.fixture(autouse=True)
def _fresh_preferences(tmp_path, monkeypatch):
    monkeypatch.setenv("HAMISH_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def ws(db_path: Path):
    """A workspace on a new database holding the seed article (document 1)."""
    from app.services import importing
    from app.services.workspace import Workspace

    w = Workspace.open(db_path, annotator="amal")
    importing.import_text_files(w, [SEED])
    yield w
    w.close()
