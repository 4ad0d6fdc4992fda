"""Writing a file (a backup, an export) without ever touching the live database.

A destination is checked before anything is opened: it must not be the database, one of
its journal files, or a link to either, and it must not be a folder. The file is written
under a temporary name beside it and renamed into place only once complete, so a failed
write leaves whatever was there before.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sos_meeting.location import DatabaseProblem

COMPANIONS = ("", "-wal", "-shm", "-journal")
"""The database file and the files SQLite keeps beside it."""


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by its owner only."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        os.chmod(new, 0o700)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they point
        return os.path.realpath(a) == os.path.realpath(b)


def checked_destination(destination: Path, live: Path | None) -> Path:
    """`destination` as an absolute path, or a `DatabaseProblem` saying why it cannot be
    written: it is the live database `live` (or its journal, or a link to them) or a folder."""
    destination = destination.expanduser().absolute()
    if destination.is_dir():
        raise DatabaseProblem(
            f"{destination} is a folder. Give a file name in it, such as "
            f"{destination / 'meetings-backup.db'}; nothing was written."
        )
    if live is not None:
        for suffix in COMPANIONS:
            if _same_file(destination, Path(f"{live}{suffix}")):
                raise DatabaseProblem(
                    f"{destination} is the meetings database itself"
                    + (f" (its {suffix[1:]} file)" if suffix else "")
                    + ". Writing there would destroy it; give another file name. Nothing was "
                    "written and the database is unchanged."
                )
    return destination


def write_atomically(destination: Path, write: Callable[[Path], None]) -> Path:
    """Have `write` fill a private temporary file beside `destination`, then put it in
    place in one step. If `write` fails, `destination` is as it was."""
    make_private_folder(destination.parent)
    fd, name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"
    )
    os.close(fd)
    staging = Path(name)
    try:
        os.chmod(staging, 0o600)
        write(staging)
        with staging.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, destination)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    _sync_folder(destination.parent)
    return destination


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
