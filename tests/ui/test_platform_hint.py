"""A system without the libraries Qt's X11 platform needs, or without a display, gets a hint
naming the Debian packages (and QT_QPA_PLATFORM=offscreen) and exit status 1 — not Qt's
abort ("could not load the Qt platform plugin "xcb"", core dumped). The real program runs
in a subprocess; a library is made missing by an unloadable stand-in found first on
LD_LIBRARY_PATH, which is what the dynamic loader (ours and Qt's) then fails on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from app.ui.platform_check import QT_LIBRARIES, XCB_LIBRARIES

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="X11 and Debian packages: Linux only"
)
QT = Path(PySide6.__file__).parent / "Qt"


def hamish(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    base.update(HAMISH_CONFIG_DIR=str(tmp_path / "config"), **env)
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "p.db")],
        env=base,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def unloadable(tmp_path: Path, *sonames: str) -> str:
    folder = tmp_path / "lib"
    folder.mkdir()
    for soname in sonames:
        (folder / soname).write_bytes(b"")  # "file too short": the loader gives up on it
    return str(folder)


def test_no_display_gets_a_hint_instead_of_an_abort(tmp_path):
    done = hamish(tmp_path)
    assert done.returncode == 1, done.stderr
    assert "no display (DISPLAY is not set)" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert not (tmp_path / "p.db").exists()  # nothing was opened or written


def test_missing_xcb_libraries_are_named_with_their_packages(tmp_path):
    done = hamish(
        tmp_path,
        DISPLAY=":97",
        LD_LIBRARY_PATH=unloadable(tmp_path, "libxcb-icccm.so.4", "libxcb-cursor.so.0"),
    )
    assert done.returncode == 1, done.stderr
    assert "libxcb-icccm.so.4 (package libxcb-icccm4)" in done.stderr
    assert "libxcb-cursor.so.0 (package libxcb-cursor0)" in done.stderr
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4\n" in done.stderr
    assert (
        "QT_QPA_PLATFORM=offscreen" in done.stderr
        and "could not load the Qt platform plugin" not in done.stderr
    )


def test_a_missing_qt_library_is_named_with_its_package(tmp_path):
    done = hamish(tmp_path, QT_QPA_PLATFORM="offscreen", LD_LIBRARY_PATH=unloadable(tmp_path, "libEGL.so.1"))
    assert done.returncode == 1, done.stderr
    assert "libEGL.so.1 (package libegl1)" in done.stderr and "sudo apt-get install libegl1" in done.stderr
    assert "Traceback" not in done.stderr


def test_offscreen_is_not_probed_and_starts(tmp_path):
    done = hamish(tmp_path, QT_QPA_PLATFORM="offscreen", HAMISH_STARTUP_PROBE="1")
    assert done.returncode == 0, done.stderr
    assert "HAMISH_PAINTED" in done.stdout


def needed(library: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    return {line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line}


# Always there (Debian essential packages: libc6, libstdc++6, libgcc-s1, zlib1g).
C_RUNTIME = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1"}
GLIB = {"libglib-2.0.so.0", "libgthread-2.0.so.0"}  # QtCore needs them: importing PySide6 names them


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_the_tables_cover_what_the_qt_libraries_need():
    plugin = needed(QT / "plugins" / "platforms" / "libqxcb.so") | needed(QT / "lib" / "libQt6XcbQpa.so.6")
    assert {n for n in plugin if "Qt6" not in n} - C_RUNTIME - GLIB <= set(XCB_LIBRARIES)
    gui = needed(QT / "lib" / "libQt6Gui.so.6") | needed(QT / "lib" / "libQt6DBus.so.6")
    assert {n for n in gui if "Qt6" not in n} - C_RUNTIME <= set(QT_LIBRARIES)
