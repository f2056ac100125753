"""A built package carries the data folders: ``resources/``, ``schema/`` and ``seeds/`` stay at
the top of the checkout, the sdist carries them as they are and the wheel inside ``app``
(``setup.py``), where ``app.paths`` finds them. ``.ci/wheel-smoke`` installs the wheel into a
new virtualenv and uses it; this builds once (about 2 s) and reads the archives."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from app import paths

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("resources", "schema", "seeds")


def data_files() -> list[str]:
    """Every file of the data folders, relative to the checkout (``schema/x.json``)."""
    return sorted(
        p.relative_to(ROOT).as_posix() for name in FOLDERS for p in (ROOT / name).rglob("*") if p.is_file()
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=False, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def test_the_wheel_carries_the_data_folders_inside_the_package(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    wanted = data_files()
    assert {"resources/fonts/NotoNaskhArabic-Regular.ttf", "resources/fonts/OFL.txt", "resources/labels/default.json",
            "schema/export-jsonl.schema.json", "seeds/000_f3562d74299d4607.txt"} <= set(wanted)  # fmt: skip
    assert any(n.startswith("schema/") and n.endswith(".json") for n in wanted)
    missing = [f for f in wanted if f"app/{f}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert not [n for n in names if n.split("/")[0] in FOLDERS], "data folders at the top of site-packages"
    assert "app/store/migrations/script.py.mako" in names and "app/main.py" in names


def test_the_sdist_carries_them_at_the_top_and_no_tests(built):
    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = [f for f in data_files() if f not in names]
    assert not missing, f"not in the sdist: {missing}"
    assert "setup.py" in names and "MANIFEST.in" in names
    assert not [n for n in names if n.startswith("tests/")]


def test_an_unpacked_wheel_finds_its_data_in_the_package(built, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(built["wheel"]).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "HAMISH_ROOT"} | {"PYTHONPATH": str(site)}
    probe = (
        "from app import paths; print(paths.ROOT); print(min(p.name for p in paths.SCHEMAS.glob('*.json')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr
    root, first_schema = done.stdout.split()
    assert Path(root) == (site / "app").resolve()
    assert first_schema == min(p.name for p in (ROOT / "schema").glob("*.json"))


def test_a_checkout_finds_the_folders_beside_the_package():
    assert os.environ.get("HAMISH_ROOT") is None
    assert paths.ROOT == ROOT and not (ROOT / "app" / "schema").exists()
    assert (
        paths.SCHEMAS / "export-jsonl.schema.json"
    ).is_file() and paths.FONTS == ROOT / "resources" / "fonts"
