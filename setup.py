"""Build step for the wheel: compile and copy resources/ into the package (all other
metadata is in pyproject.toml).

`build_py` runs `resources/build.py` after copying the code, into
`<build_lib>/cpdesk/_resources/` (for an editable install, into the checkout's own
`cpdesk/_resources/`), so the wheel carries the compiled translations, sounds and icons.
It needs Qt's lrelease: PySide6 in the build environment (pyproject's build requirements).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        spec = importlib.util.spec_from_file_location(
            "cpdesk_resources_build", ROOT / "resources" / "build.py")
        assert spec is not None and spec.loader is not None
        builder = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(builder)
        package = ROOT / "cpdesk" if self.editable_mode else Path(self.build_lib) / "cpdesk"
        builder.build(package / "_resources")


setup(cmdclass={"build_py": BuildPyWithResources})
