"""A child protection conference's decision, and dissent from it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.changes import DecisionChanged
from sos_meeting.database import Database
from sos_meeting.decision import Decision, Dissent, from_text, in_words, to_text
from sos_meeting.store._base import _get, _touch, _write, now
from sos_meeting.tables import ConferenceDecisionRow, ParticipantRow

NOTE = 300
"""A recommendation's note, and a dissent's reason, are a line or two."""


def decision_in(session: Session, meeting_id: int) -> Decision:
    row = _row(session, meeting_id)
    return from_text(row.body) if row else Decision()


def _row(session: Session, meeting_id: int) -> ConferenceDecisionRow | None:
    return session.scalars(
        select(ConferenceDecisionRow).where(col(ConferenceDecisionRow.meeting_id) == meeting_id)
    ).first()


def _put(session: Session, meeting_id: int, decision: Decision) -> None:
    """Store `decision` as the meeting's (its one row, made the first time)."""
    row = _row(session, meeting_id)
    if row is None:
        row = ConferenceDecisionRow(meeting_id=meeting_id, body="", updated_at=now())
        session.add(row)
    row.body, row.updated_at = to_text(decision), now()


def _names(session: Session, meeting_id: int) -> dict[int, str]:
    rows = session.scalars(
        select(ParticipantRow).where(col(ParticipantRow.meeting_id) == meeting_id)
    ).all()
    return {row.id or 0: row.name for row in rows}


def save_decision(db: Database, meeting_id: int, decision: Decision) -> DecisionChanged:
    """Save the decision as the chair has it now. Dissent already recorded stays as it was
    recorded, whatever `decision` holds (it is added with `add_dissent`)."""
    checked = replace(
        decision,
        reasoning=checks.optional(
            decision.reasoning, "the chair's reasoning", limit=checks.LONG_TEXT, multiline=True
        ),
        core_group=checks.optional(decision.core_group, "the core group", limit=checks.LONG_TEXT),
        recommendations=tuple(
            replace(r, note=checks.optional(r.note, "a recommendation's note", limit=NOTE))
            for r in decision.recommendations
        ),
    )

    def work(session: Session) -> DecisionChanged:
        names = _names(session, meeting_id)
        before = decision_in(session, meeting_id)
        saved = replace(checked, dissents=before.dissents)
        _put(session, meeting_id, saved)
        _touch(
            session,
            meeting_id,
            "the conference's decision",
            before=in_words(before, names),
            after=in_words(saved, names),
        )
        session.flush()
        return DecisionChanged(saved)

    return _write(db, work)


def add_dissent(db: Database, meeting_id: int, participant_id: int, reason: str) -> DecisionChanged:
    """Record that someone disagrees with the chair's decision, and why."""
    reason = checks.required(reason, "why they disagree", limit=NOTE)

    def work(session: Session) -> DecisionChanged:
        person = _get(session, ParticipantRow, participant_id)
        if person.meeting_id != meeting_id:
            raise checks.InputError("That person is not in this meeting.")
        saved = decision_in(session, meeting_id).with_dissent(
            Dissent(participant_id, person.name, reason, now())
        )
        _put(session, meeting_id, saved)
        _touch(
            session,
            meeting_id,
            f"dissent from the decision: {person.name}",
            before="",
            after=f"{person.name} disagrees: {reason}",
        )
        session.flush()
        return DecisionChanged(saved)

    return _write(db, work)
