"""What was chosen when two people changed the same words at once: both versions are kept."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sos_meeting.conflicts import EditConflict, Resolution
from sos_meeting.database import Database
from sos_meeting.store._base import _get, _write, computer_user, now
from sos_meeting.tables import EditConflictRow, MeetingRow


def record_conflict(
    db: Database, meeting_id: int, conflict: EditConflict, choice: Resolution
) -> None:
    """Keep both versions and the choice (never changed afterwards)."""

    def work(session: Session) -> None:
        meeting = _get(session, MeetingRow, meeting_id)
        session.add(
            EditConflictRow(
                meeting_id=meeting_id,
                what=f"{conflict.what} {conflict.row_id}"[:80],
                mine=conflict.mine.text(),
                theirs=conflict.theirs.text(),
                choice=choice.value,
                decided_at=now(),
                decided_by=meeting.facilitator or computer_user(),
            )
        )

    _write(db, work)


def conflicts_in(db: Database, meeting_id: int) -> list[EditConflictRow]:
    """Every conflict recorded for the meeting, oldest first."""
    from sqlalchemy import select
    from sqlmodel import col

    from sos_meeting.store._base import _read

    def work(session: Session) -> list[EditConflictRow]:
        rows = session.scalars(
            select(EditConflictRow)
            .where(col(EditConflictRow.meeting_id) == meeting_id)
            .order_by(col(EditConflictRow.id))
        ).all()
        session.expunge_all()
        return list(rows)

    return _read(db, work)
