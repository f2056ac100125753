"""Build hook: a built package carries ``resources/``, ``schema/`` and ``seeds/`` inside ``app``.

The folders stay at the top of the checkout, where an editable install reads them. A wheel
has no checkout, so ``build_py`` copies them to ``app/resources``, ``app/schema`` and
``app/seeds``, where ``app.paths`` looks first. Everything else is in ``pyproject.toml``;
``MANIFEST.in`` puts the folders in the sdist, from which a wheel is built the same way.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("resources", "schema", "seeds")


class BuildPyWithDataFolders(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # app.paths finds the folders beside the package
            return
        for name in DATA_FOLDERS:
            self.copy_tree(name, str(Path(self.build_lib, "app", name)))


setup(cmdclass={"build_py": BuildPyWithDataFolders})
