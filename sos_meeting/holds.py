"""Who has the database file: an open app holds it shared; a command that rewrites the whole
file (encrypt, retention) needs it alone, and refuses while any app has it open.

The hold is an advisory lock on a small file beside the database (`meetings.db.lock`), never
on the database itself: closing a second descriptor of the database file would drop the
locks SQLite keeps on it. Where the system has no such locks (Windows), there is no hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sos_meeting.location import DatabaseProblem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass
class Hold:
    """A hold on a database file, kept until `release` (or the process ends)."""

    descriptor: int

    def release(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _take(database: Path, exclusive: bool) -> Hold | None:
    """The hold, None where there is nothing to hold; `BlockingIOError` if someone else
    holds it in a way that rules this one out."""
    if fcntl is None or not database.exists():
        return None
    fd = os.open(lock_file(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return Hold(fd)


def hold_for_app(database: Path) -> Hold | None:
    """Hold `database` while the app has it open (others may too)."""
    try:
        return _take(database, exclusive=False)
    except BlockingIOError as busy:
        raise DatabaseProblem(
            f"The database {database} is being maintained by another sos-meeting command "
            "(encrypt or retention). Nothing has been changed. Open it again when that has "
            "finished."
        ) from busy


def hold_for_maintenance(database: Path) -> Hold | None:
    """Hold `database` alone, for a command that rewrites the whole file."""
    try:
        return _take(database, exclusive=True)
    except BlockingIOError as busy:
        raise DatabaseProblem(
            f"The database {database} is open in sos-meeting (in another window, or by "
            "another user of this computer). Close it there (ctrl+q), then run this again. "
            "Nothing has been changed."
        ) from busy
