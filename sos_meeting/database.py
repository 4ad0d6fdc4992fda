"""Opening the database: where it lives, safe SQLite settings, checks and upgrades.

One `Database` (one engine) serves the whole app; it is made by `open_database`
and passed in, never created at import.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from sos_meeting.elsewhere import CLIENT_SETTING, OwnCommits, new_client_id
from sos_meeting.location import (
    ENV_VAR,
    DatabaseProblem,
    default_path,
    is_url,
    resolve_target,
)
from sos_meeting.newest import SCHEMA_VERSION
from sos_meeting.sqlite_file import prepare_file, tighten

BUSY_TIMEOUT_MS = 30_000
"""How long a write waits for another program holding the database. Writes run off the
screen's thread, which meanwhile says it is waiting, so a long wait never freezes it; a
busy machine can hold the lock for seconds."""
KNOWN_REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011",
    "0012",
)  # fmt: skip
"""Every schema revision this code can upgrade from, oldest first, ending at SCHEMA_VERSION."""


@dataclass
class Database:
    """An open, checked database."""

    engine: Engine
    where: str
    """The file path, or the URL without its password, for messages."""
    path: Path | None = None
    backup: Path | None = None
    """Where the copy taken before an upgrade was written, if one was."""
    _writer: Engine | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    """For an encrypted file: kept in memory only, never shown."""
    checked: threading.Event = field(default_factory=threading.Event, repr=False)
    """Set once the integrity check has run; writes wait for it."""
    damage: str | None = None
    """What the integrity check found wrong, in plain words (writes are then refused)."""
    identity: tuple[int, int] | None = field(default=None, repr=False)
    """The file's device and inode when opened: a write checks the file is still that one."""
    client: str = field(default_factory=new_client_id, repr=False)
    """Names this open database's changes on a server, so its watch skips them."""
    own_commits: OwnCommits | None = field(default=None, repr=False)
    """For an SQLite file being watched: tells this app's commits from others'."""

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading: a consistent snapshot, no locks held against writers."""
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one entry: committed durably when the block ends, or rolled back.

        Waits for the integrity check if it is still running; refused if it found damage."""
        self.checked.wait()
        if self.damage is not None:
            raise DatabaseDamaged(self.damage)
        self._still_the_same_file()
        writer = self._writer or self.engine
        with Session(writer, expire_on_commit=False) as session:
            try:
                yield session
                own = self.own_commits
                if own is None:
                    session.commit()
                else:
                    session.connection()  # the write lock is held from here to the commit
                    with own.commit():
                        session.commit()
            except BaseException:
                session.rollback()
                raise
        # Removed or replaced during the commit: what was written went to a file that is
        # no longer there, so it must not be reported as saved.
        self._still_the_same_file()

    def _still_the_same_file(self) -> None:
        if self.path is None or self.identity is None:
            return
        try:
            found = os.stat(self.path)
        except OSError:
            found = None
        if found is None or (found.st_dev, found.st_ino) != self.identity:
            raise DatabaseDamaged(
                f"The database file {self.path} has been deleted or replaced since "
                "sos-meeting opened it, so this was not saved, and nothing was written "
                "anywhere else. Close sos-meeting and open it again (restore a backup if "
                "the file was deleted)."
            )

    def close(self) -> None:
        if self.own_commits is not None:
            self.own_commits.close()
        self.engine.dispose()

    def check_integrity(self) -> str | None:
        """Run the integrity check deferred at open (reads the whole file), let writes go on
        if it passes, and return what is wrong otherwise."""
        try:
            if not self.checked.is_set():
                try:
                    _integrity(self)
                except DatabaseProblem as problem:
                    self.damage = str(problem)
        finally:
            self.checked.set()
        return self.damage


class DatabaseDamaged(Exception):
    """A write was refused because the integrity check found the file damaged."""


def _integrity(database: Database) -> None:
    if not database.is_sqlite:
        return
    with database.engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise DatabaseProblem(
            f"The database {database.where} is damaged ({result}). It has not been "
            "changed. Restore a backup or choose another file with --db."
        )


def open_database(
    target: str | None = None, *, passphrase: str | None = None, defer_check: bool = False
) -> Database:
    """Open (creating if needed), check and upgrade the database named by `target`.

    With a `passphrase` the file is encrypted with SQLCipher (a new file is created so).
    With `defer_check`, a file whose schema is current opens without the integrity check,
    which reads the whole file; writes wait until `Database.check_integrity` has run.
    Raises DatabaseProblem with a plain message; a file that is not usable is never written to.
    """
    resolved = resolve_target(target)
    if is_url(resolved):
        try:
            url = make_url(resolved)
        except ArgumentError as error:
            raise DatabaseProblem(
                f"“{resolved}” is not a database address I understand."
            ) from error
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return _open_sqlite_file(Path(url.database or ""), passphrase, defer_check)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")  # the driver the extra installs
        return _open_url(url.render_as_string(hide_password=False))
    return _open_sqlite_file(Path(resolved).expanduser(), passphrase, defer_check)


def _open_url(url: str) -> Database:
    safe = make_url(url).render_as_string(hide_password=True)
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        raise DatabaseProblem(
            f"Cannot use {safe}: {error}. For PostgreSQL install the extra: "
            "uv pip install 'sos-meeting[postgres]'."
        ) from error
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    # Writes on a shared server are serializable: two apps adding a round or correcting
    # the same entry at once cannot both act on what they read (the store retries).
    writer = (
        engine.execution_options(isolation_level="SERIALIZABLE")
        if engine.dialect.name == "postgresql"
        else None
    )
    database = Database(engine=engine, where=safe, _writer=writer)
    if engine.dialect.name == "postgresql":
        _name_changes(engine, database.client)
    _check_and_upgrade(database)
    _check_guards(database)
    return database


def _name_changes(engine: Engine, client: str) -> None:
    """Every connection says which app it belongs to, so the notices the server's triggers
    send name it, and its own watch can skip them."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT set_config(%s, %s, false)", (CLIENT_SETTING, client))
        cursor.close()
        dbapi_connection.commit()  # a setting made in a transaction rolled back is undone


def _open_sqlite_file(
    path: Path, passphrase: str | None = None, defer_check: bool = False
) -> Database:
    path = path.absolute()
    options: dict[str, Any] = {}
    if passphrase is not None:
        from sos_meeting.encryption import EncryptionUnavailable, sqlcipher

        try:
            options["module"] = sqlcipher()
        except EncryptionUnavailable as missing:
            raise DatabaseProblem(str(missing)) from missing
    prepare_file(path, encrypted=passphrase is not None)
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 0}, **options
    )
    _configure_sqlite(engine, passphrase)
    database = Database(
        engine=engine,
        where=str(path),
        path=path,
        _writer=engine.execution_options(sqlite_write=True),
        passphrase=passphrase,
    )
    _check_and_upgrade(database, defer_check=defer_check)
    _check_guards(database)
    _use_wal(database)
    tighten(path)
    opened = os.stat(path)
    database.identity = (opened.st_dev, opened.st_ino)
    return database


SCORE_GUARDS = {
    "sqlite": {"score_no_update", "score_no_delete", "score_no_replace"},
    "postgresql": {"score_no_update", "score_no_delete", "score_no_truncate"},
}
"""The triggers that keep recorded scores from being changed, by database kind."""


def _check_guards(database: Database) -> None:
    """Refuse a database whose scores are no longer protected (a trigger dropped by hand
    or by another program): nothing is written to it until it is restored."""
    expected = SCORE_GUARDS.get(database.engine.dialect.name)
    if not expected:
        return
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'score'"
        if database.is_sqlite
        else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'score'::regclass"
    )
    try:
        with database.engine.connect() as connection:
            found = {str(name).lower() for (name,) in connection.exec_driver_sql(query)}
    except (SQLAlchemyError, DBAPIError) as error:
        database.close()
        raise DatabaseProblem(explain(error, database.where)) from error
    if expected - found:
        database.close()
        raise DatabaseProblem(
            f"The protection that stops recorded scores being changed or deleted is missing "
            f"from {database.where}, so sos-meeting will not write to it. Nothing has been "
            "changed. Restore a backup, or ask whoever looks after the database to put the "
            "protection back."
        )


def _use_wal(database: Database) -> None:
    """Switch a file that is ours, checked and current to write-ahead logging (it stays so).

    Only now: the switch rewrites the file's header, and a file that is not ours, or that
    could not be upgraded, must be left exactly as it was."""
    try:
        raw = database.engine.raw_connection()  # outside a transaction, as the switch needs
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()
        finally:
            raw.close()
    except (SQLAlchemyError, DBAPIError, sqlite3.Error) as error:
        database.close()
        raise DatabaseProblem(explain(error, database.where)) from error


def _configure_sqlite(engine: Engine, passphrase: str | None = None) -> None:
    """Full fsync on commit, foreign keys, a busy timeout and BEGIN IMMEDIATE for writes
    (write-ahead logging is switched on once the file is known to be ours: `_use_wal`)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        if passphrase is not None:
            from sos_meeting.encryption import unlock

            unlock(dbapi_connection, passphrase)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" when another copy is writing; IMMEDIATE waits its turn.
        immediate = connection.get_execution_options().get("sqlite_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


SERVER_UNREACHABLE = ("could not connect", "connection refused")
CONNECTION_LOST = (
    "server closed the connection",
    "terminating connection",
    "consuming input",
    "connection is closed",
)
SERVER_STARTING = ("the database system is",)
"""What a database server's errors say when it is away: a write can be tried again later."""


def explain(error: BaseException, where: str) -> str:
    """A plain message for a database error, naming no recorded content."""
    detail = str(getattr(error, "orig", error)).lower()
    if "locked" in detail or "busy" in detail:
        return (
            f"The database {where} is busy: another program is holding it. "
            "Wait a moment and try again, or close the other program."
        )
    if "permission denied" in detail:
        return (
            f"The database {where} does not let this role do that (permission denied), so "
            "nothing was changed. Upgrades and retention are run as the tables' owner."
        )
    if "readonly" in detail or "read-only" in detail:
        return f"The database {where} is read-only, so nothing could be saved."
    if "not a database" in detail or "malformed" in detail or "corrupt" in detail:
        return (
            f"The database {where} is damaged or is not a sos-meeting database. "
            "It has not been changed. Restore a backup or choose another file with --db."
        )
    if "disk is full" in detail or "no space" in detail or "full" in detail:
        return f"The disk holding {where} is full, so nothing could be saved. Free some space."
    if "unable to open" in detail:
        return f"The database {where} cannot be opened. Check the folder exists and is writable."
    if any(words in detail for words in SERVER_UNREACHABLE):
        return f"Cannot reach the database server at {where}."
    server = _server_named(where)
    if any(words in detail for words in CONNECTION_LOST):
        return f"The connection to the database server {server} was lost."
    if any(words in detail for words in SERVER_STARTING):
        return f"The database server {server} is starting up or shutting down."
    if "resolve host" in detail or "translate host name" in detail:
        return (
            f"Cannot find the database server {server}: that name is not known on this "
            "network. Check the address in --db (or SOS_MEETING_DB), and that this laptop "
            "is on the network the server is on (a VPN, for instance)."
        )
    if "timeout expired" in detail or "timed out" in detail:
        return f"The database server {server} did not answer in time. Try again in a moment."
    if "ssl" in detail or "certificate" in detail:
        return (
            f"A secure connection to the database server {server} could not be made "
            f"({_server_said(detail)}). Ask whoever runs the server which sslmode and "
            "certificate to use; nothing was sent."
        )
    if "authentication failed" in detail or ("role" in detail and "does not exist" in detail):
        return (
            f"The database server {server} did not accept the login in {where} "
            f"({_server_said(detail)}). Check the user name and password with whoever "
            "runs the server."
        )
    if "pg_hba.conf" in detail:
        return (
            f"The database server {server} does not accept connections from this laptop "
            "for that user and database. Ask whoever runs the server to allow it."
        )
    if "database" in detail and "does not exist" in detail:
        return (
            f"The database server {server} has no such database ({_server_said(detail)}). "
            "Check its name in --db, or ask whoever runs the server to create it (sos-meeting "
            "makes its tables there the first time it opens it)."
        )
    return f"The database {where} could not be used ({type(error).__name__})."


def _server_named(where: str) -> str:
    """The server's host (and port) in a database URL, for messages."""
    try:
        url = make_url(where)
    except ArgumentError:
        return where
    host = url.host or "on this computer"
    return f"{host}:{url.port}" if url.port else host


def _server_said(detail: str) -> str:
    """The server's own reason, without the driver's preamble."""
    said = detail.rsplit("failed:", 1)[-1].replace("fatal:", "").strip()
    return " ".join(said.split())[:200]


def _check_and_upgrade(database: Database, *, defer_check: bool = False) -> None:
    try:
        _check(database, integrity=False)
        version = _schema_version(database)
        if version == SCHEMA_VERSION:
            if not defer_check:
                database.check_integrity()
                if database.damage is not None:
                    raise DatabaseProblem(database.damage)
            return
        _integrity(database)  # never upgrade a damaged file
        database.checked.set()
        if version is None and database.is_sqlite and _is_empty(database):
            # A new file: the current schema in one step, with no upgrade machinery loaded.
            from sos_meeting.schema import create_current

            with (database._writer or database.engine).begin() as connection:
                create_current(connection)
            return
        if version is not None and version not in KNOWN_REVISIONS:
            raise DatabaseProblem(
                f"The database {database.where} was made by a newer version of sos-meeting "
                f"(schema {version}). It has not been changed. Update sos-meeting to open it."
            )
        if version is not None and database.path is not None:
            database.backup = backup(database, _backup_name(database.path, version))
        from sos_meeting.migrate import upgrade

        try:
            upgrade(database.engine)
        except (SQLAlchemyError, DBAPIError, sqlite3.Error) as error:
            kept = (
                f" A copy taken before the upgrade is at {database.backup}."
                if database.backup
                else ""
            )
            owner = (
                " This role may not change the tables: open it once as their owner."
                if "permission denied" in str(getattr(error, "orig", error)).lower()
                else ""
            )
            raise DatabaseProblem(
                f"The database {database.where} could not be upgraded to this version of "
                f"sos-meeting, so it has been left exactly as it was.{kept}{owner}"
            ) from error
    except DatabaseProblem:
        database.close()
        raise
    except (SQLAlchemyError, DBAPIError, sqlite3.Error, OSError) as error:
        database.close()
        detail = str(getattr(error, "orig", error)).lower()
        if database.passphrase is not None and "not a database" in detail:
            raise DatabaseProblem(
                f"The passphrase does not open {database.where}. Nothing has been changed; "
                "try again."
            ) from error
        raise DatabaseProblem(explain(error, database.where)) from error


def _check(database: Database, *, integrity: bool = True) -> None:
    if integrity:
        _integrity(database)
    with database.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        ours = "alembic_version" in names or (not database.is_sqlite and "meeting" in names)
        if names and not ours:
            raise DatabaseProblem(
                f"{database.where} holds another program's data, not sos-meeting's. "
                "It has not been changed. Choose another file with --db."
            )


def _is_empty(database: Database) -> bool:
    with database.engine.connect() as connection:
        return not inspect(connection).get_table_names()


def _schema_version(database: Database) -> str | None:
    with database.engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(version) if version is not None else None


def _backup_name(path: Path, version: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}.before-upgrade-from-{version}.{stamp}{path.suffix}")


def backup(database: Database, destination: Path) -> Path:
    """A consistent copy of a live SQLite database, readable by its owner only. The
    destination is never the database itself, and is replaced only by a complete copy."""
    from sos_meeting.destinations import checked_destination, write_atomically

    if database.path is None:
        raise DatabaseProblem("Backups are made by the database server, not by sos-meeting.")
    live, passphrase = database.path, database.passphrase
    destination = checked_destination(destination, live)

    def copy(into: Path) -> None:
        if passphrase is not None:
            from sos_meeting.encryption import backup as encrypted_backup

            encrypted_backup(live, into, passphrase)
            return
        source = sqlite3.connect(live)
        try:
            target = sqlite3.connect(into)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()

    return write_atomically(destination, copy)


__all__ = [
    "ENV_VAR",
    "Database",
    "DatabaseProblem",
    "OperationalError",
    "backup",
    "default_path",
    "explain",
    "is_url",
    "open_database",
    "resolve_target",
]
