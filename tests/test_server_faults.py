"""The server goes away mid-meeting: entries are kept and saved once it is back, never
doubled, and the screen says so at once."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sos_meeting import edits, store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Column
from sos_meeting.writer import Edit, MeetingWriter, NotSaved, Outcome, Retrying, Saved

from .conftest import POSTGRES_SERVER, seed_meeting

pytestmark = pytest.mark.postgres

RESTARTS = 20
PATIENCE = 300
"""Seconds, at most, for anything awaited here."""


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.close()


def until(condition: Callable[[], bool]) -> None:
    """Wait for `condition` (generously capped: the machines are shared)."""
    for _ in range(PATIENCE * 100):
        if condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError("gave up waiting")


def writer_for(
    db: Database, meeting_id: int
) -> tuple[MeetingWriter, list[Outcome], list[Retrying]]:
    outcomes: list[Outcome] = []
    retries: list[Retrying] = []
    writer = MeetingWriter(db, report=outcomes.append, retrying=retries.append)
    writer.meeting_id = meeting_id
    threading.Thread(target=writer.run, daemon=True).start()
    return writer, outcomes, retries


def drop_connections(database_name: str) -> int:
    """What a server restart does to the app: every connection to its database is ended."""
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": database_name},
                ).all()
            )
    finally:
        admin.dispose()


def test_entries_saved_across_twenty_server_drops_are_all_kept_once(pg: Database) -> None:
    meeting_id = seed_meeting(pg)
    name = make_url(pg.engine.url).database or ""
    writer, outcomes, _ = writer_for(pg, meeting_id)
    typed: list[str] = []
    dropped = 0
    for restart in range(RESTARTS):
        for n in range(5):
            words = f"Said before drop {restart}, entry {n}"
            typed.append(words)
            writer.submit(
                Edit(what=words, write=edits.add_item(meeting_id, Column.WORRIES, words, None))
            )
        # Mid-save, at a different point each time: once the writer is working on this batch.
        until(lambda restart=restart: len(outcomes) >= 5 * restart + random.randrange(3))  # type: ignore[misc]
        dropped += drop_connections(name)
    until(lambda: len(outcomes) == len(typed))
    assert writer.close(timeout=600)
    assert dropped >= RESTARTS  # the writer's connections really were ended
    assert [o.edit.what for o in outcomes] == typed
    assert all(isinstance(o, Saved) for o in outcomes), [
        o.reason for o in outcomes if isinstance(o, NotSaved)
    ]
    assert [i.text for i in store.load(pg, meeting_id).items] == typed


def test_a_commit_whose_answer_is_lost_is_not_made_twice(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server committed, then the connection went before the app heard: the retry finds
    the edit's key and does not write it again."""
    meeting_id = seed_meeting(pg)
    real_write = Database.write
    lost = {"once": True}

    @contextmanager
    def write_then_lose_the_answer(self: Database) -> Iterator[object]:
        with real_write(self) as session:
            yield session
        if lost["once"]:
            lost["once"] = False
            raise OperationalError(
                "COMMIT", {}, Exception("server closed the connection unexpectedly")
            )

    monkeypatch.setattr(Database, "write", write_then_lose_the_answer)
    writer, outcomes, retries = writer_for(pg, meeting_id)
    writer.submit(
        Edit(what="once", write=edits.add_item(meeting_id, Column.WORRIES, "Said once", None))
    )
    until(lambda: bool(outcomes))
    assert writer.close(timeout=120)
    assert len(retries) == 1 and "server" in retries[0].reason
    assert [type(o) for o in outcomes] == [Saved]
    assert [i.text for i in store.load(pg, meeting_id).items] == ["Said once"]


def test_leaving_while_the_server_is_away_gives_the_entry_back(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the writer ends the wait: the entry is reported not saved (its words go back
    to the box), never silently dropped."""
    meeting_id = seed_meeting(pg)

    def away(self: Database) -> object:
        raise OperationalError("BEGIN", {}, Exception("connection refused"))

    monkeypatch.setattr(Database, "write", away)
    writer, outcomes, retries = writer_for(pg, meeting_id)
    writer.submit(
        Edit(
            what="kept",
            write=edits.add_item(meeting_id, Column.WORRIES, "Kept words", None),
            given={"map-input": "Kept words"},
        )
    )
    until(lambda: bool(retries))
    assert writer.close(timeout=120)
    assert len(outcomes) == 1 and isinstance(outcomes[0], NotSaved)
    assert outcomes[0].edit.given == {"map-input": "Kept words"}


async def test_the_screen_says_at_once_the_server_is_away_and_saves_when_it_is_back(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screens.app import SosMeetingApp
    from sos_meeting.domain import Step

    from .pilot_helpers import burst, open_at, settled, shown, typed
    from .pilot_helpers import until as until_shown

    meeting_id = seed_meeting(pg)
    store.set_place(pg, meeting_id, Step.MAPPING)
    real_write = Database.write
    away = threading.Event()

    def write(self: Database) -> object:
        if away.is_set():
            raise OperationalError("BEGIN", {}, Exception("connection refused"))
        return real_write(self)

    monkeypatch.setattr(Database, "write", write)
    app = SosMeetingApp(database=pg)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        away.set()
        await burst(pilot, *typed("Dad drinks\nMum works nights\nGran vis"))
        await until_shown(
            pilot,
            lambda: "Server not reached" in shown(pilot, "#meeting-status"),
            "the status line saying so",
        )
        assert "kept, saved when it is back" in shown(pilot, "#meeting-status")
        assert store.load(pg, meeting_id).items == ()
        away.clear()  # the server is back
        await settled(pilot)
        assert app.focused is not None and getattr(app.focused, "value", None) == "Gran vis"
    assert [i.text for i in store.load(pg, meeting_id).items] == ["Dad drinks", "Mum works nights"]
