"""Noticing what other apps save (the core, without screens): an SQLite file's data version
with this app's own commits told apart, and a PostgreSQL server's notices."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Column
from sos_meeting.elsewhere import Noticed, watch

from .conftest import seed_meeting

WAIT = 10.0
"""A generous cap on waiting for a notice that should come (a busy machine is slow)."""
QUIET = 0.6
"""How long to look for a notice that should not come: three looks at an SQLite file."""


@pytest.fixture
def two_on_a_file(db_path: Path) -> Iterator[tuple[Database, Database]]:
    ours, theirs = open_database(str(db_path)), open_database(str(db_path))
    yield ours, theirs
    ours.close()
    theirs.close()


def test_an_sqlite_watch_notices_another_app_and_not_its_own(
    two_on_a_file: tuple[Database, Database],
) -> None:
    ours, theirs = two_on_a_file
    meeting_id = seed_meeting(ours)
    watching = watch(ours)
    try:
        store.add_item(ours, meeting_id, Column.WORRIES, "our own")
        assert watching.wait(QUIET) is None
        store.add_item(theirs, meeting_id, Column.WORRIES, "theirs")
        assert watching.wait(WAIT) == Noticed(None)
        assert watching.wait(QUIET) is None  # said once
    finally:
        watching.close()
    store.add_item(ours, meeting_id, Column.WORRIES, "after the watch: still saved")
    assert len(store.load(ours, meeting_id).items) == 3


def test_another_apps_commit_just_before_our_own_is_not_taken_for_ours(
    two_on_a_file: tuple[Database, Database],
) -> None:
    """Their commit lands, then ours, with no look in between: theirs is still noticed."""
    ours, theirs = two_on_a_file
    meeting_id = seed_meeting(ours)
    watching = watch(ours)
    try:
        assert watching.wait(QUIET) is None
        store.add_item(theirs, meeting_id, Column.WORRIES, "theirs")
        store.add_item(ours, meeting_id, Column.WORRIES, "ours, straight after")
        assert watching.wait(WAIT) == Noticed(None)
    finally:
        watching.close()


def test_own_saves_from_many_threads_are_never_taken_for_anothers(db: Database) -> None:
    meeting_id = seed_meeting(db)
    watching = watch(db)
    try:

        def save(n: int) -> None:
            for i in range(10):
                store.add_item(db, meeting_id, Column.WORKING_WELL, f"thread {n} item {i}")

        threads = [threading.Thread(target=save, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        noticed = [watching.wait(0.05) for _ in range(40) if any(t.is_alive() for t in threads)]
        for thread in threads:
            thread.join()
        assert watching.wait(QUIET) is None
        assert not any(noticed)
        assert len(store.load(db, meeting_id).items) == 30
    finally:
        watching.close()


@pytest.fixture
def two_on_a_server(pg_url: str) -> Iterator[tuple[Database, Database]]:
    ours, theirs = open_database(pg_url), open_database(pg_url)
    yield ours, theirs
    ours.close()
    theirs.close()


@pytest.mark.postgres
def test_the_server_names_the_meeting_another_app_changed(
    two_on_a_server: tuple[Database, Database],
) -> None:
    ours, theirs = two_on_a_server
    meeting_id = seed_meeting(ours)
    other_id = seed_meeting(ours)
    watching = watch(ours)
    try:
        store.add_item(ours, meeting_id, Column.WORRIES, "our own")
        assert watching.wait(QUIET) is None
        store.add_item(theirs, meeting_id, Column.WORRIES, "theirs")
        assert watching.wait(WAIT) == Noticed(frozenset({(meeting_id, "map_item", None)}))
        scale = store.save_scale(
            theirs, other_id, question="q", pair_id=None, ten_means="a", zero_means="b"
        )
        round_id = store.start_round(theirs, scale.id).id
        person = store.load(theirs, other_id).participants[0]
        store.record_score(theirs, round_id, person.id, typed="6", reason="a score")
        seen: set[tuple[int | None, str, int | None]] = set()
        while (noticed := watching.wait(WAIT if not seen else QUIET)) is not None:
            assert noticed.where is not None
            seen |= noticed.where
        assert {table for _, table, _ in seen} >= {"scale", "scale_round", "score"}
        assert {(meeting, scale) for meeting, _, scale in seen} == {(other_id, scale.id)}
        # A change made by hand (psql, another tool) is noticed too: the database sends it.
        with theirs.engine.begin() as connection:
            connection.execute(
                text("UPDATE meeting SET title = 'By hand' WHERE id = :m"), {"m": meeting_id}
            )
        assert watching.wait(WAIT) == Noticed(frozenset({(meeting_id, "meeting", None)}))
    finally:
        watching.close()


@pytest.mark.postgres
def test_the_server_says_which_role_recorded_a_score_whatever_the_app_sends(
    pg_url: str,
) -> None:
    database = open_database(pg_url)
    try:
        meeting_id = seed_meeting(database)
        scale = store.save_scale(
            database, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
        )
        round_id = store.start_round(database, scale.id).id
        sam = store.load(database, meeting_id).participants[0]
        store.record_score(database, round_id, sam.id, typed="6", reason="because")
        with database.write() as session:
            session.execute(
                text(
                    "INSERT INTO score (round_id, participant_id, value, reason, one_higher, "
                    "recorded_at, recorded_by, recorded_role, child, name) VALUES "
                    "(:r, :p, 3, 'x', '', now(), 'typed name', 'someone_else', '', 'Sam')"
                ),
                {"r": round_id, "p": sam.id},
            )
        with database.engine.connect() as connection:
            roles = connection.execute(text("SELECT recorded_role FROM score")).scalars().all()
            me = connection.execute(text("SELECT current_user")).scalar()
        assert roles == [me, me]
        store.add_item(database, meeting_id, Column.WORRIES, "Dad drinks")
        with database.write() as session:
            session.execute(text("UPDATE map_item SET recorded_role = 'someone_else'"))
        with database.engine.connect() as connection:
            saved = connection.execute(text("SELECT recorded_role FROM map_item")).scalar()
        assert saved == me
        record = store.load(database, meeting_id)
        assert record.scales[0].rounds[0].scores[0].recorded_role == me
    finally:
        database.close()
