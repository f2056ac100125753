"""Use an installed Hamish wheel as a person would (run by ``.ci/wheel-smoke``).

Runs with the interpreter of a virtualenv the wheel was installed into, from a folder
outside the checkout: ``python wheel_smoke.py CHECKOUT``. It checks that ``app`` and its
data folders come from that environment, launches the installed ``hamish`` offscreen on a
new database (the seed document opened and painted), adds a span in the window with a key
press, exports with ``hamish export`` and validates every line against the installed
``schema/export-jsonl.schema.json``. Exits 1 with the reason on the first failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path


def check(ok: bool, reason: str) -> None:
    if not ok:
        print(f"wheel smoke: FAILED: {reason}", file=sys.stderr)
        sys.exit(1)


def run(cmd: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    check(done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def main() -> None:
    checkout = Path(sys.argv[1]).resolve()
    work = Path.cwd()
    import app
    from app import paths

    package = Path(app.__file__).resolve().parent
    site = Path(sysconfig.get_path("purelib")).resolve()
    check(package.parent == site, f"app was imported from {package}, not from this environment ({site})")
    check(paths.ROOT == package, f"the data folders are looked for in {paths.ROOT}, not in the package {package}")
    check(checkout not in work.parents and work != checkout, f"run from {work}, inside the checkout")
    for folder in (paths.FONTS, paths.SCHEMAS, paths.SEEDS):
        check(folder.is_dir(), f"{folder} is missing from the installed package")
    seed = min(paths.SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    hamish = str(Path(sys.executable).parent / "hamish")
    db = str(work / "smoke.db")

    # The installed program: a first launch creates the database, imports the seeds and
    # paints the seed document (the probe quits at that first paint).
    launch = run([hamish, "--db", db, "--annotator", "smoke"], HAMISH_STARTUP_PROBE="1")
    check("HAMISH_PAINTED" in launch.stdout, f"the window never painted a document:\n{launch.stderr}")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.ui import fonts, i18n
    from app.ui.application import ensure_app, open_workspace
    from app.ui.main_window import MainWindow

    ensure_app()
    check(fonts.ARABIC_FAMILY in fonts.load_bundled_fonts(), f"the bundled fonts in {paths.FONTS} did not load")
    check(i18n.compiled("ar", work / "i18n") is not None, "the Arabic translation did not compile")
    ws = open_workspace(db, "smoke")
    window = MainWindow(ws)
    window.show()
    window.activateWindow()
    check(QTest.qWaitForWindowActive(window), "the window never became active")
    check(window.session is not None and window.view.toPlainText() == seed, "the seed document is not open")
    window.view.setFocus()
    window.view.set_selection_cp(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # label "person"
    check(window.session is not None and len(window.session.spans) == 1, "the label key added no span")
    window.close()
    ws.close()

    out = work / "export.jsonl"
    run([hamish, "--db", db, "export", "--format", "jsonl", "--out", str(out)])
    import jsonschema

    schema = json.loads((paths.SCHEMAS / "export-jsonl.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for n, row in enumerate(rows, 1):
        errors = [e.message for e in validator.iter_errors(row)]
        check(not errors, f"{out}, line {n}: {'; '.join(errors)}")
    spans = [s for row in rows for s in row["spans"]]
    check(
        [(s["start"], s["end"], s["label"], s["text"]) for s in spans] == [(0, 5, "person", seed[0:5])],
        f"the export holds {spans}, not the span added",
    )
    print(f"wheel smoke: ok ({package}; {len(rows)} document(s), {len(spans)} span exported and valid)")


if __name__ == "__main__":
    main()
