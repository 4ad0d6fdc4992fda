"""Where the database is, and the plain error for one that cannot be used.

Kept free of SQLAlchemy so the command line and the first screen start quickly.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SOS_MEETING_DB"

EXIT_PROBLEM = 2
"""The exit code when the database cannot be used, from the command line or the app."""


class DatabaseProblem(Exception):
    """The database cannot be used; the message says why and what to do, in plain words."""


def default_path() -> Path:
    """The embedded database in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("sos-meeting", appauthor=False) / "meetings.db"


def resolve_target(target: str | None) -> str:
    """The database to use: `--db`, else $SOS_MEETING_DB, else the default file."""
    return target or os.environ.get(ENV_VAR) or str(default_path())


def is_url(target: str) -> bool:
    return "://" in target


def database_file(target: str | None) -> Path | None:
    """The database file `target` names, or None for a server (or any other URL)."""
    where = resolve_target(target)
    return None if is_url(where) else Path(where).expanduser()
