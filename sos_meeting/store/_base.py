"""What every store module shares: one transaction per write, plain errors, time stamps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from sos_meeting.database import Database, DatabaseDamaged, explain
from sos_meeting.tables import (
    AmendmentRow,
    MeetingRow,
    ScoreRow,
)

T = TypeVar("T")


class StorageError(Exception):
    """A write or read failed; nothing was saved. The message is plain and names no content."""


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


def _write(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except DatabaseDamaged as damaged:
        raise StorageError(str(damaged)) from damaged
    except SQLAlchemyError as error:
        raise StorageError(explain(error, db.where)) from error


def _read(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.read() as session:
            return work(session)
    except SQLAlchemyError as error:
        raise StorageError(explain(error, db.where)) from error


def _get(session: Session, row_type: type[T], row_id: int) -> T:
    row = session.get(row_type, row_id)
    if row is None:
        raise StorageError("That entry no longer exists; it may have been removed elsewhere.")
    return row


def _touch(session: Session, meeting_id: int, what: str = "a change") -> None:
    """Note that the meeting changed; after it was closed, the change is an amendment."""
    meeting = _get(session, MeetingRow, meeting_id)
    meeting.updated_at = now()
    if meeting.closed_at is not None:
        session.add(AmendmentRow(meeting_id=meeting_id, recorded_at=now(), what=what[:500]))


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
