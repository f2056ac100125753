"""Before Qt starts: say which system packages are missing instead of Qt's abort.

Qt 6 aborts with "could not load the Qt platform plugin "xcb"" (and a core dump) when a
library of its X11 plugin is missing — ``libxcb-cursor0`` since Qt 6.5, or ``libxcb-icccm4``
on a minimal Debian — or when there is no display at all. Qt-free and cheap: the
libraries are probed (``dlopen``, as Qt will a moment later) only when the window would
open on X11 (Linux, ``QT_QPA_PLATFORM`` unset or ``xcb``) and a display is set.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

# The Debian/Ubuntu package of each library the xcb platform plugin needs (the DT_NEEDED
# entries of PySide6's plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6, less Qt's
# own, the C/C++ runtime and GLib, which QtCore needs before any window).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
}
# Libraries QtGui itself needs: without them importing PySide6 fails (ImportError).
QT_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
}
OFFSCREEN = "Without a display (a server, CI), run with QT_QPA_PLATFORM=offscreen."
_SONAME = re.compile(r"(lib[\w.+-]+\.so(?:\.\d+)*)")


def _platform(environ: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first ("" when Qt chooses)."""
    return environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()


def _loadable(soname: str) -> bool:
    import ctypes  # ~5 ms: only when probing

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _install_hint(missing: Mapping[str, str], what: str) -> str:
    lines = [f"hamish: the window cannot open: {what} needs libraries this system lacks:"]
    lines += [f"  {soname} (package {package})" for soname, package in missing.items()]
    lines += [
        "Install them (Debian, Ubuntu) with:",
        "  sudo apt-get install " + " ".join(dict.fromkeys(missing.values())),
        OFFSCREEN,
    ]
    return "\n".join(lines)


def xcb_problem(environ: Mapping[str, str]) -> str | None:
    """Why Qt's X11 platform cannot start here (no display, missing libraries), or None.
    Nothing is probed unless the window would open on X11."""
    if not sys.platform.startswith("linux"):
        return None
    platform = _platform(environ)
    if platform not in ("", "xcb") or (not platform and environ.get("WAYLAND_DISPLAY")):
        return None  # another platform, or Qt may choose Wayland
    if not environ.get("DISPLAY"):
        return (
            "hamish: the window cannot open: no display (DISPLAY is not set). Start Hamish in a "
            f"desktop session. {OFFSCREEN}"
        )
    missing = {soname: package for soname, package in XCB_LIBRARIES.items() if not _loadable(soname)}
    return _install_hint(missing, "Qt's X11 (xcb) platform") if missing else None


def import_problem(exc: ImportError) -> str | None:
    """The install hint for an ImportError of PySide6 caused by a missing system library."""
    found = _SONAME.search(str(exc))
    if found is None or found.group(1) not in QT_LIBRARIES:
        return None
    return _install_hint({found.group(1): QT_LIBRARIES[found.group(1)]}, "Qt")
