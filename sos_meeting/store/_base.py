"""What every store module shares: one transaction per write, plain errors, time stamps."""

from __future__ import annotations

import getpass
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.database import (
    CONNECTION_LOST,
    SERVER_STARTING,
    SERVER_UNREACHABLE,
    Database,
    DatabaseDamaged,
    explain,
)
from sos_meeting.tables import (
    AmendmentRow,
    AppliedEditRow,
    MeetingRow,
    ScoreRow,
)

T = TypeVar("T")


class StorageError(Exception):
    """A write or read failed; nothing was saved. The message is plain and names no content."""


class ServerGone(StorageError):
    """The database server could not be reached, or dropped the connection: the write may be
    tried again once it is back (its key says whether it was committed meanwhile)."""


class StaleEntry(StorageError):
    """A correction or entry was asked for against an entry that has since changed (another
    screen recorded one meanwhile): it is refused rather than superseding what was not seen."""


class Unchecked(Enum):
    """For `record_score(seen=...)`: do not check which entry the facilitator saw."""

    UNCHECKED = "unchecked"


UNCHECKED = Unchecked.UNCHECKED


def now() -> datetime:
    """Time stamps are recorded in UTC."""
    return datetime.now(UTC)


RETRY_FOR_SECONDS = 60.0
"""How long a write on a shared server keeps retrying after it met another at the same time."""
_CONFLICT = frozenset({"40001", "40P01"})
"""PostgreSQL's serialization failure and deadlock: the transaction can simply be run again."""


def _write(db: Database, work: Callable[[Session], T]) -> T:
    """Run `work` in one write transaction. On a shared server the transaction is
    serializable; if it met another writer's at the same time it is run again from the
    start (it made no change), so "the next number" or "the current entry" is never stale."""
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    pause = 0.002
    while True:
        try:
            with db.write() as session:
                _mark_applied(db, session)
                return work(session)
        except DatabaseDamaged as damaged:
            raise StorageError(str(damaged)) from damaged
        except SQLAlchemyError as error:
            if _is_conflict(error) and time.monotonic() < deadline:
                time.sleep(random.uniform(0, pause))
                pause = min(pause * 2, 0.2)
                continue
            if not db.is_sqlite and _is_connection_lost(error):
                raise ServerGone(explain(error, db.where)) from error
            raise StorageError(explain(error, db.where)) from error


def _is_conflict(error: SQLAlchemyError) -> bool:
    return getattr(getattr(error, "orig", None), "sqlstate", None) in _CONFLICT


_GONE_STATES = ("08", "57P01", "57P02", "57P03")
"""PostgreSQL's connection errors, and the server shutting down or starting up."""


def _is_connection_lost(error: SQLAlchemyError) -> bool:
    if getattr(error, "connection_invalidated", False):
        return True
    state = str(getattr(getattr(error, "orig", None), "sqlstate", None) or "")
    if state.startswith(_GONE_STATES):
        return True
    detail = str(getattr(error, "orig", error)).lower()
    return any(
        words in detail for words in (*SERVER_UNREACHABLE, *CONNECTION_LOST, *SERVER_STARTING)
    )


def _read(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.read() as session:
            return work(session)
    except SQLAlchemyError as error:
        if not db.is_sqlite and _is_connection_lost(error):
            raise ServerGone(explain(error, db.where)) from error
        raise StorageError(explain(error, db.where)) from error


def _get(session: Session, row_type: type[T], row_id: int) -> T:
    row = session.get(row_type, row_id)
    if row is None:
        raise StorageError("That entry no longer exists; it may have been removed elsewhere.")
    return row


_REASON: ContextVar[str] = ContextVar("amendment_reason", default="")


@contextmanager
def amending(reason: str) -> Iterator[None]:
    """Changes made inside this block to a closed meeting are amendments given for `reason`
    (a closed meeting takes no change without one)."""
    token = _REASON.set(
        checks.optional(reason, "why it is being changed", limit=checks.LONG_TEXT, multiline=True)
    )
    try:
        yield
    finally:
        _REASON.reset(token)


class _Key:
    """An edit's key, and whether its first transaction has been written yet."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.used = False


_KEY: ContextVar[_Key | None] = ContextVar("edit_key", default=None)


@contextmanager
def keyed(key: str) -> Iterator[None]:
    """The first transaction written inside this block records `key` with it, so that after a
    connection lost during its commit, `applied(key)` tells whether it was committed."""
    token = _KEY.set(_Key(key))
    try:
        yield
    finally:
        _KEY.reset(token)


def _mark_applied(db: Database, session: Session) -> None:
    """On a server, where a commit's answer can be lost on the way back. (An SQLite file's
    commit is on this computer: it either returned or the app is gone.)"""
    key = _KEY.get()
    if key is not None and not key.used and not db.is_sqlite:
        key.used = True
        session.add(AppliedEditRow(key=key.key, applied_at=now()))


def applied(db: Database, key: str) -> bool:
    """Whether the write keyed `key` was committed."""
    return _read(db, lambda session: session.get(AppliedEditRow, key) is not None)


def computer_user() -> str:
    """Who is logged in, for the record of who typed an entry or made an amendment."""
    try:
        return getpass.getuser()[:200]
    except (OSError, KeyError):
        return ""


def _touch(
    session: Session,
    meeting_id: int,
    what: str = "a change",
    *,
    before: str = "",
    after: str = "",
) -> None:
    """Note that the meeting changed. After it was closed, the change is an amendment that
    keeps the words `before` and `after` it, who made it, when and why; without a reason
    (`amending`) it is refused and nothing is changed."""
    meeting = _get(session, MeetingRow, meeting_id)
    meeting.updated_at = now()
    if meeting.closed_at is None or (before and before == after):
        return  # open, or saved as it was: not an amendment
    reason = _REASON.get()
    if not reason:
        raise checks.InputError(
            "This meeting is closed, so a change is kept as an amendment and needs a reason. "
            "Nothing was changed."
        )
    session.add(
        AmendmentRow(
            meeting_id=meeting_id,
            recorded_at=now(),
            what=what[:500],
            text_before=before,
            text_after=after,
            reason=reason,
            recorded_by=computer_user(),
        )
    )


def _reorder(rows: Sequence[object], index: int, steps: int, attribute: str) -> None:
    ordered = list(rows)
    moved = ordered.pop(index)
    ordered.insert(max(0, min(len(ordered), index + steps)), moved)
    for position, row in enumerate(ordered, start=1):
        setattr(row, attribute, position)


def _next_position(session: Session, position: Mapped[int], *where: ColumnElement[bool]) -> int:
    """The position after the last of the rows matching `where` (1 for the first)."""
    last = session.scalar(select(func.max(position)).where(*where))
    return (last or 0) + 1


def _current_entries(*where: ColumnElement[bool]) -> Select[int | None]:
    """The ids of each person's current entry (about each child) in the matching rounds:
    the newest row, as corrections are added, never written over."""
    return (
        select(func.max(col(ScoreRow.id)))
        .where(*where)
        .group_by(col(ScoreRow.round_id), col(ScoreRow.participant_id), col(ScoreRow.child))
    )
