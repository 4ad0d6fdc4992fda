"""One part of a meeting read on its own, as the change a write made: after a write only
the part it touched is read again, never the whole meeting."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting.changes import (
    ItemsChanged,
    MeetingChanged,
    PairsChanged,
    PeopleChanged,
    ScaleChanged,
)
from sos_meeting.database import Database
from sos_meeting.domain import MeetingRecord
from sos_meeting.store._base import _get, _read, now
from sos_meeting.store.mapping import _item
from sos_meeting.store.pairs import _pair
from sos_meeting.store.people import _participant
from sos_meeting.store.scales import _scale
from sos_meeting.tables import (
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    ScaleRow,
    StatementPairRow,
)


def people_in(session: Session, meeting_id: int) -> PeopleChanged:
    rows = session.scalars(
        select(ParticipantRow)
        .where(col(ParticipantRow.meeting_id) == meeting_id)
        .order_by(col(ParticipantRow.seat), col(ParticipantRow.id))
    ).all()
    return PeopleChanged(tuple(_participant(p) for p in rows))


def items_in(session: Session, meeting_id: int) -> ItemsChanged:
    rows = session.scalars(
        select(MapItemRow)
        .where(col(MapItemRow.meeting_id) == meeting_id)
        .order_by(col(MapItemRow.position), col(MapItemRow.id))
    ).all()
    deleted = sorted(
        (i for i in rows if i.deleted_at is not None), key=lambda i: i.deleted_at or now()
    )
    return ItemsChanged(
        items=tuple(_item(i) for i in rows if i.deleted_at is None),
        deleted=tuple(_item(i) for i in deleted),
    )


def pairs_in(session: Session, meeting_id: int) -> PairsChanged:
    rows = session.scalars(
        select(StatementPairRow)
        .where(col(StatementPairRow.meeting_id) == meeting_id)
        .order_by(col(StatementPairRow.position), col(StatementPairRow.id))
    ).all()
    return PairsChanged(tuple(_pair(p) for p in rows))


def scale_in(session: Session, scale_id: int) -> ScaleChanged:
    return ScaleChanged(_scale(session, _get(session, ScaleRow, scale_id)))


def meeting_in(session: Session, meeting_id: int) -> MeetingChanged:
    from sos_meeting.store.meetings import _family, _meeting
    from sos_meeting.tables import FamilyRow

    row = _get(session, MeetingRow, meeting_id)
    family = session.get(FamilyRow, row.family_id) if row.family_id else None
    return MeetingChanged(_meeting(row), _family(family))


def people(db: Database, meeting_id: int) -> PeopleChanged:
    """Everyone in the meeting, in seating order."""
    return _read(db, lambda session: people_in(session, meeting_id))


def items(db: Database, meeting_id: int) -> ItemsChanged:
    """The map's items in order, and those deleted."""
    return _read(db, lambda session: items_in(session, meeting_id))


def pairs(db: Database, meeting_id: int) -> PairsChanged:
    """The statement and goal pairs, in order."""
    return _read(db, lambda session: pairs_in(session, meeting_id))


def scale(db: Database, scale_id: int) -> ScaleChanged:
    """One scale with its rounds and each person's current entry."""
    return _read(db, lambda session: scale_in(session, scale_id))


def meeting(db: Database, meeting_id: int) -> MeetingChanged:
    """The meeting's details and its family."""
    return _read(db, lambda session: meeting_in(session, meeting_id))


def for_comparison(db: Database, meeting_id: int, scale_id: int) -> MeetingRecord:
    """Of an earlier meeting, only what comparing with one of its scales needs: its details,
    its people and that scale with its rounds (not its map, statements or other scales)."""

    def work(session: Session) -> MeetingRecord:
        return MeetingRecord(
            meeting=meeting_in(session, meeting_id).meeting,
            participants=people_in(session, meeting_id).participants,
            scales=(scale_in(session, scale_id).scale,),
        )

    return _read(db, work)
