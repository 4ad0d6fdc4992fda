"""Shared fixtures: a fresh database per test and a meeting with people in it."""

from __future__ import annotations

import os
import uuid
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


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own (empty) settings file and export folder: a developer's own
    never leak in, and nothing is written to their Documents."""
    folder = tmp_path_factory.mktemp("settings")
    path = folder / "config.toml"
    monkeypatch.setenv("SOS_MEETING_CONFIG", str(path))
    monkeypatch.setenv("SOS_MEETING_EXPORTS", str(folder / "exports"))  # not ~/Documents
    return path


POSTGRES_SERVER = os.environ.get(
    "SOS_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards. Skipped where the
    server is not running, unless SOS_REQUIRE_POSTGRES=1 (as in CI) makes that a failure."""
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    name = f"sos_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is not there
        admin.dispose()
        if os.environ.get("SOS_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL is not reachable: {type(error).__name__}")
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


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


def name_children(db: Database, meeting_id: int, children: str) -> None:
    """Name the family's children (as in Details), keeping the meeting's other details."""
    meeting = store.load(db, meeting_id).meeting
    store.update_meeting(
        db,
        meeting_id,
        kind=meeting.kind,
        title=meeting.title,
        held_on=meeting.held_on,
        case_ref=meeting.case_ref,
        facilitator=meeting.facilitator,
        wording=meeting.wording,
        children=children,
    )


@pytest.fixture
def meeting_id(db: Database) -> int:
    return seed_meeting(db)


def record(db: Database, meeting_id: int) -> MeetingRecord:
    return store.load(db, meeting_id)
