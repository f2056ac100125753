"""The layering is enforced (import-linter contracts in pyproject.toml), and each vocabulary
has one owner (one label type, one status enum, one origin enum)."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
NO_STORE = "app.ui and app.cli never import app.store"
ONLY_STORE_SQL = "Only app.store imports sqlalchemy, sqlite3 or alembic"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300
    )


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
        "import sys, app.core.spans, app.core.tokens, app.core.offsets, app.core.edits, app.core.stored_text;"
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


# --- one owner per vocabulary --------------------------------------------------------------------

STATUS_VALUES = {"new", "in_progress", "done", "reviewed"}
ORIGIN_VALUES = {"manual", "imported", "suggested"}


def _strings(node: ast.AST) -> set[str]:
    """The string constants listed by a tuple, list or set literal, or a dict's keys."""
    items = (
        node.keys
        if isinstance(node, ast.Dict)
        else node.elts
        if isinstance(node, (ast.Tuple, ast.List, ast.Set))
        else []
    )
    return {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}


def vocabulary_owners(source: str) -> dict[str, list[str]]:
    """What in ``source`` owns a piece of a vocabulary: classes with a label's ``name`` and
    ``colour`` fields, classes named like the two enums, literal lists of two or more
    statuses or origins, and the string ``"in_progress"``."""
    found: dict[str, list[str]] = {
        "label": [],
        "LayerStatus": [],
        "Origin": [],
        "statuses": [],
        "origins": [],
    }
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            fields = {
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
            if {"name", "colour"} <= fields:
                found["label"].append(node.name)
            if node.name in ("LayerStatus", "Origin"):
                found[node.name].append(node.name)
        elif len(_strings(node) & STATUS_VALUES) >= 2 or (
            isinstance(node, ast.Constant) and node.value == "in_progress"
        ):
            found["statuses"].append(f"line {node.lineno}")
        elif len(_strings(node) & ORIGIN_VALUES) >= 2:
            found["origins"].append(f"line {node.lineno}")
    return found


def test_one_label_type_one_status_enum_one_origin_enum():
    """Outside the table (app/store/models.py) a label is app.core.labels.Label; statuses are
    app.core.layers.LayerStatus and origins app.core.spans.Origin, and nothing else lists them."""
    owners: dict[str, list[str]] = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for kind, where in vocabulary_owners(path.read_text(encoding="utf-8")).items():
            owners.setdefault(kind, []).extend(f"{rel}: {w}" for w in where)
    assert owners["label"] == ["app/core/labels.py: Label", "app/store/models.py: Label"]
    assert owners["LayerStatus"] == ["app/core/layers.py: LayerStatus"]
    assert owners["Origin"] == ["app/core/spans.py: Origin"]
    assert [w for w in owners["statuses"] if not w.startswith("app/core/layers.py")] == []
    assert [w for w in owners["origins"] if not w.startswith("app/core/spans.py")] == []


def test_the_vocabulary_check_finds_a_second_owner():
    source = (
        "from dataclasses import dataclass\n"
        "@dataclass\nclass LabelRow:\n    id: int\n    name: str\n    colour: str\n"
        'STATUSES = ("new", "in_progress", "done", "reviewed")\n'
        'MARKS = {"new": 1, "done": 2}\n'
        'ORIGINS = ["manual", "imported"]\n'
    )
    found = vocabulary_owners(source)
    assert found["label"] == ["LabelRow"]
    assert sorted(found["statuses"]) == [
        "line 7",
        "line 7",
        "line 8",
    ]  # the tuple, its "in_progress", the dict
    assert found["origins"] == ["line 9"]
