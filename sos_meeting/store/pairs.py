"""Danger (worry) statements paired with safety (wellbeing) goals."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.coach import pair_questions
from sos_meeting.conflicts import EditConflict, Version
from sos_meeting.database import Database
from sos_meeting.domain import (
    StatementPair,
)
from sos_meeting.store._base import _get, _next_position, _touch, _write, now
from sos_meeting.store.describe import DELETED, describe
from sos_meeting.tables import (
    ScaleRow,
    StatementPairRow,
)


def _pair(row: StatementPairRow) -> StatementPair:
    return StatementPair(
        id=row.id or 0,
        position=row.position,
        statement=row.statement,
        goal=row.goal,
        coach_asked=tuple(row.coach_asked.splitlines()),
        coach_reason=row.coach_reason,
        version=row.version,
    )


REASON_LIMIT = 300
"""The coach's reason is one line."""


def save_pair(
    db: Database,
    meeting_id: int,
    statement: str,
    goal: str,
    pair_id: int | None = None,
    *,
    coach_reason: str | None = None,
    started_from: int | None = None,
) -> StatementPair:
    """Add a statement/goal pair, or change one. The statement is needed; the goal may follow.

    What the statement coach still asks is kept with the words. `coach_reason` is why they
    are kept as written all the same; None keeps the reason already given while the words
    are unchanged (a reason is about the words it was given for).

    `started_from` is the version of the pair the edit began from: if someone else has saved
    different words since, `EditConflict` is raised and nothing is saved."""
    statement = checks.required(statement, "the statement", limit=checks.LONG_TEXT, multiline=True)
    goal = checks.optional(goal, "the goal", limit=checks.LONG_TEXT, multiline=True)
    reason = (
        None
        if coach_reason is None
        else checks.optional(coach_reason, "the reason", limit=REASON_LIMIT)
    )
    asked = "\n".join(pair_questions(statement, goal))

    def work(session: Session) -> StatementPair:
        before, unchanged = "", False
        if pair_id is None:
            row = StatementPairRow(
                meeting_id=meeting_id,
                position=_next_position(
                    session,
                    col(StatementPairRow.position),
                    col(StatementPairRow.meeting_id) == meeting_id,
                ),
                statement=statement,
                goal=goal,
                created_at=now(),
                updated_at=now(),
            )
            session.add(row)
        else:
            row = _get(session, StatementPairRow, pair_id)
            before = describe(row)
            unchanged = (row.statement, row.goal) == (statement, goal)
            if started_from is not None and row.version != started_from and not unchanged:
                raise EditConflict(
                    "statement and goal",
                    pair_id,
                    Version((("statement", statement), ("goal", goal)), started_from),
                    Version((("statement", row.statement), ("goal", row.goal)), row.version),
                )
            if not unchanged:
                row.version += 1
            row.statement, row.goal, row.updated_at = statement, goal, now()
        if reason is not None:
            row.coach_reason = reason
        elif pair_id is not None and not unchanged:
            row.coach_reason = ""
        row.coach_asked = asked
        if not asked:
            row.coach_reason = ""  # nothing was asked, so there is nothing to answer
        _touch(session, meeting_id, "a statement and goal", before=before, after=describe(row))
        session.flush()
        return _pair(row)

    return _write(db, work)


def delete_pair(db: Database, pair_id: int) -> None:
    """Remove a pair that has no scale yet."""

    def work(session: Session) -> None:
        row = _get(session, StatementPairRow, pair_id)
        if session.scalar(select(func.count()).where(col(ScaleRow.pair_id) == pair_id)):
            raise checks.InputError(
                "This pair has a scale, so it stays on the record. Edit its words instead."
            )
        _touch(
            session,
            row.meeting_id,
            "a statement and goal removed",
            before=describe(row),
            after=DELETED,
        )
        session.delete(row)

    _write(db, work)
