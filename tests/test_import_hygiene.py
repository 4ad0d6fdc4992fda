"""The core imports without Textual, so the command line and other tools stay light."""

from __future__ import annotations

import ast
import subprocess
import sys

CORE = [
    "sos_meeting.domain",
    "sos_meeting.text",
    "sos_meeting.scaling",
    "sos_meeting.tables",
    "sos_meeting.database",
    "sos_meeting.store",
    "sos_meeting.exports.json_record",
    "sos_meeting.exports.minutes",
    "sos_meeting.exports.html_page",
    "sos_meeting.exports.csv_rows",
    "sos_meeting.trend",
    "sos_meeting.cli",
]


def loaded_after(
    imports: list[str], packages: tuple[str, ...], modules: tuple[str, ...] = ()
) -> list[str]:
    """Which of `packages` (and their submodules) and `modules` a fresh interpreter has
    loaded once it has imported `imports`."""
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in imports)
        + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r} "
        f"or m in {modules!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return list(ast.literal_eval(result.stdout.strip()))


def test_core_does_not_import_textual() -> None:
    assert loaded_after(CORE, ("textual", "screens")) == []


def test_the_first_screen_needs_no_database_library_or_meeting_record() -> None:
    """What the app imports before its first paint: the database libraries and the record's
    classes are imported by the worker that opens the database, after the screen is up."""
    assert (
        loaded_after(
            ["sos_meeting.cli", "screens.app"],
            ("sqlalchemy", "sqlmodel", "alembic", "pydantic"),
            ("sos_meeting.domain", "sos_meeting.store", "sos_meeting.database"),
        )
        == []
    )
