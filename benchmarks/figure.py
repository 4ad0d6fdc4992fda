"""A line of the benchmark's table, and the working copy of a database a figure runs on."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    name: str
    value: str
    target: str
    met: bool | None  # None: reported only


def working_copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    return target
