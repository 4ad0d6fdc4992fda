"""Shared fixtures: a fresh database per test and a meeting with people in it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Group, MeetingKind, MeetingRecord

FIXED_DAY = date(2026, 11, 26)

PEOPLE = (
    ("Sam", "Mum", Group.FAMILY, ""),
    ("Dan", "Dad", Group.FAMILY, ""),
    ("Pat", "Gran", Group.NETWORK, ""),
    ("Jo", "Social worker", Group.PROFESSIONAL, "Children's services"),
    ("Kim", "Class teacher", Group.PROFESSIONAL, "Hill School"),
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "meetings.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path))
    yield database
    database.close()


def seed_meeting(db: Database, people: tuple[tuple[str, str, Group, str], ...] = PEOPLE) -> int:
    """A meeting with people, a few mapping items and one statement pair."""
    meeting = store.create_meeting(
        db,
        kind=MeetingKind.CONFERENCE,
        title="Family A",
        held_on=FIXED_DAY,
        case_ref="CP-1234",
        facilitator="Alex",
    )
    for name, role, group, agency in people:
        store.add_participant(db, meeting.id, name=name, role=role, group=group, agency=agency)
    return meeting.id


@pytest.fixture
def meeting_id(db: Database) -> int:
    return seed_meeting(db)


def record(db: Database, meeting_id: int) -> MeetingRecord:
    return store.load(db, meeting_id)
