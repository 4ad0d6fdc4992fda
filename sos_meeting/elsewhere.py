"""Noticing what other apps save to the same database, so every screen on a meeting stays live.

A PostgreSQL server says so itself: a trigger on every table sends a notice when a change
commits (naming the meeting and the app that made it), and a connection of our own listens.
An SQLite file cannot say who wrote, so a connection of our own watches `PRAGMA
data_version`, which changes when another connection commits; the app's own commits are told
apart by taking that reading under a lock around each of them (`OwnCommits`).

Nothing here reads a meeting: what was noticed goes to the screens, which read it again
through the meeting's one writer, in turn with their own saves.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sos_meeting.database import Database

CHANNEL = "sos_meeting"
"""The PostgreSQL channel the database's triggers notify on."""
CLIENT_SETTING = "sos.client"
"""The session setting naming the app that made a change (so it does not read its own)."""
SQLITE_INTERVAL = 0.1
"""Seconds between two looks at an SQLite file (a look reads one number from memory)."""


Where = tuple[int | None, str, int | None]
"""A change the server named: its meeting (None for a family), its table, and its scale
(for a scale, a round or a score)."""


@dataclass(frozen=True, slots=True)
class Noticed:
    """Something was saved elsewhere: where, as the server named it, or None when it could be
    anywhere (an SQLite file does not say)."""

    where: frozenset[Where] | None

    def touches(self, meeting_id: int) -> bool:
        return self.where is None or any(meeting == meeting_id for meeting, _, _ in self.where)

    def within(self, meeting_id: int) -> frozenset[tuple[str, int | None]] | None:
        """The tables (and scales) changed in `meeting_id`; None if not known."""
        if self.where is None:
            return None
        return frozenset(
            (table, scale) for meeting, table, scale in self.where if meeting == meeting_id
        )

    def __or__(self, other: Noticed) -> Noticed:
        if self.where is None or other.where is None:
            return Noticed(None)
        return Noticed(self.where | other.where)


class Watch(Protocol):
    def wait(self, timeout: float) -> Noticed | None:
        """Block up to `timeout` seconds for changes made elsewhere; None if there were none."""

    def close(self) -> None: ...


def new_client_id() -> str:
    """An id for one open database, so its own changes can be told from others'."""
    import uuid

    return uuid.uuid4().hex


class OwnCommits:
    """The data version of an SQLite file as this app last knew it, kept up to date across
    its own commits, so that a change in it means another connection committed.

    A commit is wrapped by `commit()` while its transaction holds the file's write lock
    (BEGIN IMMEDIATE): no other connection can commit between the reading taken before it
    and the one after, so a difference before it is someone else's, and none after it is."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self._seen = self._version()
        self._foreign = False
        self._closed = False

    def _version(self) -> int:
        cursor = self._connection.execute("PRAGMA data_version")
        try:
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    @contextmanager
    def commit(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                yield
                return
            if self._version() != self._seen:
                self._foreign = True
            yield
            self._seen = self._version()

    def changed(self) -> bool:
        """Whether another connection has committed since this was last asked."""
        with self._lock:
            if self._closed:
                return False
            version = self._version()
            foreign = self._foreign or version != self._seen
            self._seen, self._foreign = version, False
            return foreign

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._connection.close()


class SqliteWatch:
    """Looks at the file's data version every `interval` seconds."""

    def __init__(
        self, database: Database, commits: OwnCommits, interval: float = SQLITE_INTERVAL
    ) -> None:
        self._database = database
        self._commits = commits
        self._interval = interval
        self._stop = threading.Event()

    def wait(self, timeout: float) -> Noticed | None:
        waited = 0.0
        while waited < timeout and not self._stop.is_set():
            if self._commits.changed():
                return Noticed(None)
            step = min(self._interval, timeout - waited)
            self._stop.wait(step)
            waited += step
        return None

    def close(self) -> None:
        self._stop.set()
        if self._database.own_commits is self._commits:
            self._database.own_commits = None
        self._commits.close()


class PostgresWatch:
    """Listens on a connection of its own for the triggers' notices."""

    def __init__(self, connection: Any, client: str) -> None:
        self._connection = connection
        self._client = client
        connection.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> Noticed | None:
        payloads = [n.payload for n in self._connection.notifies(timeout=timeout, stop_after=1)]
        if payloads:  # and those right behind it, without waiting
            payloads += [n.payload for n in self._connection.notifies(timeout=0.01)]
        found: set[Where] = set()
        for payload in payloads:
            meeting, client, table, scale = [*payload.split(" "), "", "", "", ""][:4]
            if client != self._client:
                found.add((_number(meeting), table, _number(scale)))
        return Noticed(frozenset(found)) if found else None

    def close(self) -> None:
        self._connection.close()


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def watch(database: Database) -> Watch:
    """A watch on `database` for changes other apps save (its own connection, closed by
    `close`). For SQLite it also starts the accounting of this app's own commits."""
    raw = database.engine.raw_connection()
    connection: Any = raw.driver_connection
    raw.detach()  # the watch's alone: never handed back to the pool
    if database.is_sqlite:
        commits = OwnCommits(connection)
        database.own_commits = commits
        return SqliteWatch(database, commits)
    raw.rollback()
    connection.autocommit = True
    return PostgresWatch(connection, database.client)
