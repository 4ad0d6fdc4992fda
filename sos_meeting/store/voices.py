"""The parents' and the child's views: added, corrected, moved and removed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.changes import VoicesChanged
from sos_meeting.database import Database
from sos_meeting.store._base import _get, _next_position, _reorder, _touch, _write, now
from sos_meeting.store.describe import DELETED, describe
from sos_meeting.tables import VoiceRow
from sos_meeting.voices import Views, Voice, VoiceForm, Whose


def _voice(row: VoiceRow) -> Voice:
    return Voice(
        id=row.id or 0,
        whose=Whose(row.whose),
        name=row.name,
        form=VoiceForm(row.form),
        text=row.text,
        gathered_by=row.gathered_by,
        gathered_on=row.gathered_on,
        position=row.position,
    )


def _rows(session: Session, meeting_id: int) -> list[VoiceRow]:
    return list(
        session.scalars(
            select(VoiceRow)
            .where(col(VoiceRow.meeting_id) == meeting_id)
            .order_by(col(VoiceRow.position), col(VoiceRow.id))
        ).all()
    )


def voices_in(session: Session, meeting_id: int) -> VoicesChanged:
    return VoicesChanged(tuple(_voice(row) for row in _rows(session, meeting_id)))


def _checked(views: Views) -> Views:
    """`views` with their words cleaned and checked; refused if incomplete."""
    checked = Views(
        whose=Whose(views.whose),
        name=checks.required(views.name, f"whose views these are ({views.whose.label.lower()})"),
        form=VoiceForm(views.form),
        text=checks.required(views.text, "the views", limit=checks.LONG_TEXT, multiline=True),
        gathered_by=checks.optional(views.gathered_by, "who gathered them"),
        gathered_on=views.gathered_on,
    )
    if checked.problem():
        raise checks.InputError(checked.problem())
    return checked


def _fill(row: VoiceRow, views: Views) -> None:
    row.whose, row.name, row.form = views.whose.value, views.name, views.form.value
    row.text, row.gathered_by, row.gathered_on = views.text, views.gathered_by, views.gathered_on
    row.updated_at = now()


def add_voice(db: Database, meeting_id: int, views: Views) -> VoicesChanged:
    """Record someone's views, after those already recorded."""
    checked = _checked(views)

    def work(session: Session) -> VoicesChanged:
        # Made inside the transaction, so a retried transaction starts from a fresh row.
        row = VoiceRow(
            meeting_id=meeting_id,
            whose="",
            name="",
            form="",
            text="",
            position=_next_position(
                session, col(VoiceRow.position), col(VoiceRow.meeting_id) == meeting_id
            ),
            created_at=now(),
            updated_at=now(),
        )
        _fill(row, checked)
        session.add(row)
        _touch(session, meeting_id, "views recorded", after=describe(row))
        session.flush()
        return voices_in(session, meeting_id)

    return _write(db, work)


def change_voice(db: Database, voice_id: int, views: Views) -> VoicesChanged:
    """Correct a record of views (after the meeting closed, an amendment with a reason)."""
    checked = _checked(views)

    def work(session: Session) -> VoicesChanged:
        row = _get(session, VoiceRow, voice_id)
        before = describe(row)
        _fill(row, checked)
        _touch(session, row.meeting_id, "a record of views", before=before, after=describe(row))
        return voices_in(session, row.meeting_id)

    return _write(db, work)


def move_voice(db: Database, voice_id: int, steps: int) -> VoicesChanged:
    """Move a record of views earlier (negative) or later in the order they are read."""

    def work(session: Session) -> VoicesChanged:
        row = _get(session, VoiceRow, voice_id)
        rows = _rows(session, row.meeting_id)
        _reorder(rows, rows.index(row), steps, "position")
        _touch(session, row.meeting_id, "the order of the views")
        return voices_in(session, row.meeting_id)

    return _write(db, work)


def remove_voice(db: Database, voice_id: int) -> VoicesChanged:
    """Remove a record of views made by mistake (after the meeting closed, its words are
    kept in the amendment)."""

    def work(session: Session) -> VoicesChanged:
        row = _get(session, VoiceRow, voice_id)
        meeting_id = row.meeting_id
        _touch(
            session, meeting_id, "a record of views removed", before=describe(row), after=DELETED
        )
        session.delete(row)
        session.flush()
        return voices_in(session, meeting_id)

    return _write(db, work)
