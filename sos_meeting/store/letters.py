"""The facilitator's review of a letter to the family: each passage kept, reworded or left
out, and how each person is named. Kept as a history (a new review adds rows); the latest
choice for each passage is the one that counts."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.database import Database
from sos_meeting.exports.family_letter import Choice, Decided
from sos_meeting.store._base import _get, _read, _write, computer_user, now
from sos_meeting.tables import LetterChoiceRow, MeetingRow

NAMED = "name:"
"""A passage key that holds how the letter names a person ('name:12')."""


def record_letter_review(
    db: Database,
    meeting_id: int,
    decided: Mapping[str, Decided],
    names: Mapping[int, str],
) -> None:
    """Keep the facilitator's choices for the letter: every passage's, and each name."""
    names = {
        pid: checks.required(name, "the name for this person in the letter")
        for pid, name in names.items()
    }
    for choice in decided.values():
        if choice.choice is Choice.REWORD:
            checks.required(choice.words, "the new words", limit=checks.LONG_TEXT, multiline=True)

    def work(session: Session) -> None:
        meeting = _get(session, MeetingRow, meeting_id)
        by = meeting.facilitator or computer_user()
        at = now()
        for key, choice in decided.items():
            session.add(
                LetterChoiceRow(
                    meeting_id=meeting_id,
                    passage=key[:80],
                    choice=choice.choice.value,
                    words=choice.words if choice.choice is Choice.REWORD else "",
                    text=choice.text,
                    decided_at=at,
                    decided_by=by,
                )
            )
        for pid, name in names.items():
            session.add(
                LetterChoiceRow(
                    meeting_id=meeting_id,
                    passage=f"{NAMED}{pid}",
                    choice=Choice.KEEP.value,
                    words=name,
                    decided_at=at,
                    decided_by=by,
                )
            )
        session.flush()

    _write(db, work)


def letter_review(db: Database, meeting_id: int) -> tuple[dict[str, Decided], dict[int, str]]:
    """The latest choice for each passage, and how each person is named."""

    def work(session: Session) -> tuple[dict[str, Decided], dict[int, str]]:
        rows = session.scalars(
            select(LetterChoiceRow)
            .where(col(LetterChoiceRow.meeting_id) == meeting_id)
            .order_by(col(LetterChoiceRow.id))
        ).all()
        decided: dict[str, Decided] = {}
        names: dict[int, str] = {}
        for row in rows:
            if row.passage.startswith(NAMED):
                names[int(row.passage[len(NAMED) :])] = row.words
            else:
                decided[row.passage] = Decided(Choice(row.choice), row.words, row.text)
        return decided, names

    return _read(db, work)
