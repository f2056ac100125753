"""The layering is enforced: import-linter contracts in pyproject.toml must hold."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
NO_STORE = "app.ui and app.cli never import app.store"
ONLY_STORE_SQL = "Only app.store imports sqlalchemy, sqlite3 or alembic"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300)


def test_import_contracts_hold():
    r = lint_imports(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout
    for contract in (NO_STORE, ONLY_STORE_SQL):  # the layering contracts are run, not only declared
        assert f"{contract} KEPT" in r.stdout


def test_a_forbidden_import_breaks_the_contracts(tmp_path):
    """A copy of the package with an interface importing the store and services importing
    SQLAlchemy or sqlite3 (directly, or as ``from … import``) fails lint-imports, naming each."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    probes = {
        "app/ui/probe_store.py": "from app.store.repository import DocumentRow\n",
        "app/cli/probe_store.py": "import app.store.db\n",
        "app/services/probe_sqlalchemy.py": "from sqlalchemy import select\n",
        "app/services/probe_sqlite.py": "import sqlite3\n",
        "app/core/probe_sqlite.py": "def f():\n    import sqlite3\n",
    }
    for rel, code in probes.items():
        (tmp_path / rel).write_text(code, encoding="utf-8")
    r = lint_imports(tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert f"{NO_STORE} BROKEN" in out and f"{ONLY_STORE_SQL} BROKEN" in out
    for line in (
        "app.ui.probe_store -> app.store.repository",
        "app.cli.probe_store -> app.store.db",
        "app.services.probe_sqlalchemy -> sqlalchemy",
        "app.services.probe_sqlite -> sqlite3",
        "app.core.probe_sqlite -> sqlite3",
    ):
        assert line in out, out


def test_core_is_importable_without_qt_or_database():
    code = (
        "import sys, app.core.spans, app.core.tokens, app.core.offsets, app.core.edits, app.core.text;"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy', 'camel_tools'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_start_up_imports_no_data_backed_camel_tools_module():
    """camel_tools.ner/morphology/... download a catalogue when imported: never at start-up.
    Even the tokenizer is deferred until after the first paint (it costs ~0.3 s)."""
    code = (
        "import sys, app.main, app.ui.main_window, app.ui.application, app.cli.commands, app.services.export;"
        "bad = [m for m in sys.modules if m.startswith('camel_tools')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
