"""The core imports without Textual, so the command line and other tools stay light."""

from __future__ import annotations

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


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'screens')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_first_screen_needs_no_database_library_or_meeting_record() -> None:
    """What the app imports before its first paint: the database libraries and the record's
    classes are imported by the worker that opens the database, after the screen is up."""
    code = (
        "import sys\n"
        "import sos_meeting.cli\n"
        "import screens.app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'alembic', 'pydantic') "
        "or m in ('sos_meeting.domain', 'sos_meeting.store', 'sos_meeting.database')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
