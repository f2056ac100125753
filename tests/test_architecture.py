"""The layering is enforced: import-linter contracts in pyproject.toml must hold."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    exe = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


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
