"""Encryption at rest with SQLCipher: the database file is unreadable without the passphrase.

The passphrase lives only in memory for as long as the database is open; it is never
written to disk, a log or an error message.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

HOW_TO_ADD = (
    "Encryption needs SQLCipher, which is not installed. Add it with "
    "`uv pip install 'sos-meeting[encryption]'` (or `pip install sqlcipher3-binary`), "
    "then try again."
)


class EncryptionUnavailable(Exception):
    """SQLCipher is not installed; the message says how to add it."""


def sqlcipher() -> ModuleType:
    """The SQLCipher DB-API module (a drop-in for sqlite3)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:
        raise EncryptionUnavailable(HOW_TO_ADD) from error
    module: ModuleType = dbapi2
    return module


def quoted(passphrase: str) -> str:
    """The passphrase as an SQL string literal for PRAGMA key."""
    return "'" + passphrase.replace("'", "''") + "'"


def unlock(connection: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its key (quietly: wrong keys are reported by us)."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {quoted(passphrase)}")


def connect(path: Path, passphrase: str) -> Any:
    """An unlocked SQLCipher connection to `path`."""
    connection = sqlcipher().connect(str(path), isolation_level=None)
    unlock(connection, passphrase)
    return connection


def is_plain(path: Path) -> bool:
    """True when `path` is an ordinary, unencrypted SQLite file."""
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def encrypt_file(path: Path, passphrase: str) -> None:
    """Replace a plain database file by an encrypted copy of it (all or nothing).

    The copy is made, checked and synced first; only then does it take the file's place.
    """
    module = sqlcipher()
    staging = path.with_name(path.name + ".encrypting")
    staging.unlink(missing_ok=True)
    fd = os.open(staging, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    plain = module.connect(str(path), isolation_level=None)
    try:
        plain.execute("PRAGMA cipher_log_level = NONE")
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {quoted(passphrase)}", (str(staging),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = connect(staging, passphrase)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError("the encrypted copy did not check out")
    finally:
        check.close()
    with staging.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def backup(source: Path, destination: Path, passphrase: str) -> None:
    """A consistent copy of an encrypted database, encrypted with the same passphrase."""
    reader = connect(source, passphrase)
    try:
        writer = connect(destination, passphrase)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()
