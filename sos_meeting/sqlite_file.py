"""The SQLite file itself, checked before SQLite opens it: created private, or refused with a
plain message, unchanged, when it is a folder, a pipe, empty, not SQLite, read-only, the
wrong kind for the passphrase, or another program's data. Uses the standard library only."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from sos_meeting.destinations import make_private_folder
from sos_meeting.location import DatabaseProblem

SQLITE_MAGIC = b"SQLite format 3\x00"


def prepare_file(path: Path, *, encrypted: bool = False) -> None:
    """Create the folder (0700) and file (0600), or check an existing file before opening it."""
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file.")
    if path.exists() and not path.is_file():
        raise DatabaseProblem(
            f"{path} is not a regular file (it is a pipe, a device or a socket), so it cannot "
            "hold a database. It has not been changed. Choose another file with --db."
        )
    if not path.exists():
        orphan = Path(f"{path}-wal")
        if orphan.exists() and orphan.stat().st_size > 0:
            raise DatabaseProblem(
                f"{path} is missing, but its write-ahead log {orphan} is still there and may "
                "hold the latest entries. Nothing has been changed. Put the database file "
                "back (from where it was moved, or a backup) before opening it; starting a "
                "new database here would throw that log away."
            )
        try:
            make_private_folder(path.parent)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as error:
            raise DatabaseProblem(
                f"Cannot create the database {path}: {error.strerror}."
            ) from error
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        mode = path.stat().st_mode
    except OSError as error:
        raise DatabaseProblem(f"Cannot read the database {path}: {error.strerror}.") from error
    if not head:
        raise DatabaseProblem(
            f"{path} is an empty file, not a sos-meeting database. It has not been changed. "
            "To start a new database, give a name that does not exist yet with --db (or "
            "delete the empty file)."
        )
    if head and head != SQLITE_MAGIC and not encrypted:
        raise DatabaseProblem(
            f"{path} is not a sos-meeting database (it is not an SQLite file), or it is "
            "encrypted: open an encrypted one with --encrypt. It has not been changed."
        )
    if head == SQLITE_MAGIC and encrypted:
        raise DatabaseProblem(
            f"{path} is not encrypted. To encrypt it, run: sos-meeting --db {path} encrypt"
        )
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise DatabaseProblem(
            f"The database {path} is read-only, so nothing could be saved. It has not been "
            "changed. Make it writable (chmod u+w) or choose another file with --db."
        )
    if head == SQLITE_MAGIC:
        _refuse_foreign(path)


def _refuse_foreign(path: Path) -> None:
    """Refuse an SQLite file that holds tables but was never made by sos-meeting (every
    sos-meeting database records its schema version), reading it only: not even its
    header may change."""
    try:
        uri = f"{path.as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as raw:
            names = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        return  # damaged or busy: the full open says which, and changes nothing either
    if names and "alembic_version" not in names:
        raise DatabaseProblem(
            f"{path} holds another program's data, not sos-meeting's. "
            "It has not been changed. Choose another file with --db."
        )


def tighten(path: Path) -> None:
    """Keep the database and its journal files readable by their owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and candidate.stat().st_uid == os.getuid():
                os.chmod(candidate, 0o600)
        except OSError:
            pass
