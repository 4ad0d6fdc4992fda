"""Hatchling build hook: compile the project's own modules when it is installed editable.

`uv sync` installs this project editable (its modules stay in the checkout) and compiles
what it installs (`compile-bytecode` in pyproject.toml), but only inside the environment, not
the checkout. Where PYTHONDONTWRITEBYTECODE is set (common in containers) Python then never
caches the project's own modules, and compiled about 90 of them at every start: the first
paint took 1.43 times a minimal Textual app's start against 1.25 with them compiled.
"""

from __future__ import annotations

import compileall
import py_compile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGES = ("sos_meeting", "screens")


class CompileEditable(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return  # a wheel's installer compiles it (pip, or uv with compile-bytecode)
        for package in PACKAGES:
            compileall.compile_dir(
                f"{self.root}/{package}",
                quiet=1,
                # By the source's time, as Python writes them itself: an edited module is
                # compiled again as it is imported, not read stale.
                invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP,
            )
