"""Participants: who is in the room, their seating order and attendance."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.conflicts import EditConflict, Version
from sos_meeting.database import Database
from sos_meeting.domain import (
    Attendance,
    Group,
    Participant,
)
from sos_meeting.store._base import _get, _next_position, _reorder, _touch, _write, now
from sos_meeting.store.describe import DELETED, describe
from sos_meeting.supervision import SessionRole
from sos_meeting.tables import (
    ParticipantRow,
    ScoreRow,
)


def _participant(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id or 0,
        name=row.name,
        role=row.role,
        agency=row.agency,
        group=Group(row.group),
        seat=row.seat,
        attendance=Attendance(row.attendance),
        carried_from_id=row.carried_from_id,
        sent_report=row.sent_report,
        session_role=SessionRole(row.session_role),
        reflection=row.reflection,
        version=row.version,
    )


def add_participant(
    db: Database, meeting_id: int, *, name: str, role: str, group: Group, agency: str = ""
) -> Participant:
    """Add someone to the end of the seating order."""
    name = checks.required(name, "a name")
    role = checks.optional(role, "the role")
    agency = checks.optional(agency, "the agency")
    group_value = Group(group).value

    def work(session: Session) -> Participant:
        # Made inside the transaction, so a retried transaction starts from a fresh row.
        row = ParticipantRow(
            meeting_id=meeting_id,
            name=name,
            role=role,
            agency=agency,
            group=group_value,
            seat=_next_position(
                session, col(ParticipantRow.seat), col(ParticipantRow.meeting_id) == meeting_id
            ),
            attendance=Attendance.PRESENT.value,
            created_at=now(),
        )
        session.add(row)
        _touch(session, meeting_id, "a person added", after=describe(row))
        session.flush()
        return _participant(row)

    return _write(db, work)


def update_participant(
    db: Database,
    participant_id: int,
    *,
    name: str,
    role: str,
    group: Group,
    agency: str = "",
    started_from: int | None = None,
) -> Participant:
    """Correct someone's name, role, agency or group. `started_from` is the version the edit
    began from: if someone else has saved other details since, `EditConflict` is raised."""
    values = {
        "name": checks.required(name, "a name"),
        "role": checks.optional(role, "the role"),
        "agency": checks.optional(agency, "the agency"),
        "group": Group(group).value,
    }

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        before = describe(row)
        theirs = {key: str(getattr(row, key)) for key in values}
        if theirs != values:
            if started_from is not None and row.version != started_from:
                raise EditConflict(
                    "person's details",
                    participant_id,
                    Version(tuple(values.items()), started_from),
                    Version(tuple(theirs.items()), row.version),
                )
            row.version += 1
        for key, value in values.items():
            setattr(row, key, value)
        _touch(session, row.meeting_id, "a person's details", before=before, after=describe(row))
        return _participant(row)

    return _write(db, work)


def set_attendance(db: Database, participant_id: int, attendance: Attendance) -> Participant:
    """Mark someone here, absent, or as having left part way (for a conference, also as
    sending apologies or not invited)."""

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        before = describe(row)
        row.attendance = Attendance(attendance).value
        _touch(session, row.meeting_id, "who is here", before=before, after=describe(row))
        return _participant(row)

    return _write(db, work)


def set_report(db: Database, participant_id: int, sent: bool) -> Participant:
    """Mark whether someone sent a report to a conference."""

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        before = describe(row)
        row.sent_report = bool(sent)
        _touch(session, row.meeting_id, "who sent a report", before=before, after=describe(row))
        return _participant(row)

    return _write(db, work)


def set_session_role(db: Database, participant_id: int, role: SessionRole) -> Participant:
    """Give a team member their role in a group supervision session. There is one presenter:
    naming another makes the one before a participant."""

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        before = describe(row)
        if role is SessionRole.PRESENTER:
            others = session.scalars(
                select(ParticipantRow).where(
                    col(ParticipantRow.meeting_id) == row.meeting_id,
                    col(ParticipantRow.session_role) == SessionRole.PRESENTER.value,
                    col(ParticipantRow.id) != participant_id,
                )
            ).all()
            for other in others:
                other.session_role = SessionRole.PARTICIPANT.value
        row.session_role = SessionRole(role).value
        _touch(session, row.meeting_id, "roles in the session", before=before, after=describe(row))
        return _participant(row)

    return _write(db, work)


def set_reflection(db: Database, participant_id: int, reflection: str) -> Participant:
    """Record what a team member found useful in the session, in one line."""
    said = checks.optional(reflection, "what was useful", limit=checks.SHORT_TEXT * 2)

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        before = describe(row)
        row.reflection = said
        _touch(session, row.meeting_id, "a closing reflection", before=before, after=describe(row))
        return _participant(row)

    return _write(db, work)


def remove_participant(db: Database, participant_id: int) -> None:
    """Remove someone added by mistake; refused once they have scored."""

    def work(session: Session) -> None:
        row = _get(session, ParticipantRow, participant_id)
        scored = session.scalar(
            select(func.count()).where(col(ScoreRow.participant_id) == participant_id)
        )
        if scored:
            raise checks.InputError(
                f"{row.name} has given a score, which stays on the record. "
                "Mark them as absent or as having left instead."
            )
        _touch(session, row.meeting_id, "a person removed", before=describe(row), after=DELETED)
        session.delete(row)

    _write(db, work)


def move_participant(db: Database, participant_id: int, steps: int) -> None:
    """Move someone earlier (negative) or later in the seating order."""

    def work(session: Session) -> None:
        row = _get(session, ParticipantRow, participant_id)
        rows = list(
            session.scalars(
                select(ParticipantRow)
                .where(col(ParticipantRow.meeting_id) == row.meeting_id)
                .order_by(col(ParticipantRow.seat), col(ParticipantRow.id))
            )
        )
        before = describe(row)
        _reorder(rows, rows.index(row), steps, "seat")
        _touch(session, row.meeting_id, "the seating order", before=before, after=describe(row))

    _write(db, work)
