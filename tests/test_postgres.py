"""The shared-server option: the same store and the same append-only rule on PostgreSQL.

Needs the server on 127.0.0.1:5432 (user postgres, trust auth). Where it is not
running these tests are skipped, unless SOS_REQUIRE_POSTGRES=1 (as in CI) makes
that a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Column

from .conftest import seed_meeting

SERVER = os.environ.get("SOS_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    try:
        yield database
    finally:
        database.close()


def test_a_meeting_on_postgres(pg: Database) -> None:
    meeting_id = seed_meeting(pg)
    store.add_item(pg, meeting_id, Column.WORRIES, "Dad drinks most evenings")
    scale = store.save_scale(
        pg, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(pg, scale.id).id
    sam = store.load(pg, meeting_id).participants[0]
    store.record_score(pg, round_id, sam.id, typed="6.5", reason="because")
    store.record_score(pg, round_id, sam.id, typed="6", reason="on reflection")
    record = store.load(pg, meeting_id)
    assert record.scales[0].current_round is not None
    assert [s.value for s in record.scales[0].current_round.scores] == [6.0]
    assert [s.value for s in store.score_history(pg, round_id, sam.id)] == [6.5, 6.0]
    assert [m.title for m in store.list_meetings(pg, search="family")] == ["Family A"]


def test_postgres_refuses_changing_scores(pg: Database) -> None:
    meeting_id = seed_meeting(pg)
    scale = store.save_scale(
        pg, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(pg, scale.id).id
    sam = store.load(pg, meeting_id).participants[0]
    store.record_score(pg, round_id, sam.id, typed="4", reason="because")
    for statement in ("UPDATE score SET value = 1", "DELETE FROM score", "TRUNCATE score CASCADE"):
        with pytest.raises(Exception, match="cannot be changed"), pg.write() as session:
            session.execute(text(statement))
    assert store.score_history(pg, round_id, sam.id)[0].value == 4.0


def test_reopening_a_postgres_database_keeps_it(pg: Database) -> None:
    meeting_id = seed_meeting(pg)
    url = pg.engine.url.render_as_string(hide_password=False)
    again = open_database(url)
    assert store.load(again, meeting_id).meeting.title == "Family A"
    again.close()


def test_retention_on_postgres_removes_the_family_and_rewrites_the_tables(pg: Database) -> None:
    from datetime import date

    from sos_meeting.domain import MeetingKind
    from sos_meeting.retention import delete_meetings

    old = store.create_meeting(
        pg, kind=MeetingKind.CONFERENCE, title="Old family", held_on=date(2015, 3, 1)
    )
    store.add_item(pg, old.id, Column.WORRIES, "Uncle Rob shouted at the twins")
    assert delete_meetings(pg, [old.id]) == 1
    with pg.read() as session:
        assert session.execute(text("SELECT count(*) FROM family")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM map_item")).scalar() == 0


def test_the_apps_role_records_but_cannot_empty_drop_or_rewrite(pg_url: str) -> None:
    """The owner grants the app's role what it needs; that role then runs a meeting, and
    every way of destroying or rewriting the record is refused by the server."""
    from sqlalchemy.exc import DBAPIError

    from sos_meeting.cli import main
    from sos_meeting.store import amending

    role = f"sos_app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    try:
        owner = open_database(pg_url)  # makes the tables, owned by the owner
        owner.close()
        assert main(["--db", pg_url, "grant", role]) == 0
        as_app = pg_url.replace("://postgres@", f"://{role}@")
        db = open_database(as_app)
        try:
            meeting_id = seed_meeting(db)
            store.add_item(db, meeting_id, Column.WORRIES, "Dad shouts")
            scale = store.save_scale(
                db, meeting_id, question="Q", pair_id=None, ten_means="a", zero_means="b"
            )
            round_ = store.start_round(db, scale.id)
            person = store.load(db, meeting_id).participants[0]
            store.record_score(db, round_.id, person.id, typed="4", reason="first")
            store.record_score(db, round_.id, person.id, typed="5", reason="corrected")
            store.close_meeting(db, meeting_id, missing=["x"], note="test")
            with amending("a late addition"):
                store.add_item(db, meeting_id, Column.GREY, "Who else lives there")
            assert len(store.load(db, meeting_id).amendments) == 1
            for statement in (
                "TRUNCATE score CASCADE",
                "TRUNCATE meeting CASCADE",
                "DROP TABLE score CASCADE",
                "DROP TABLE meeting CASCADE",
                "DELETE FROM amendment",
                "UPDATE amendment SET reason = 'changed'",
                "DELETE FROM meeting",
                "ALTER TABLE score DISABLE TRIGGER ALL",
            ):
                with (
                    pytest.raises(DBAPIError, match=r"permission denied|must be owner"),
                    db.engine.begin() as connection,
                ):
                    connection.exec_driver_sql(statement)
            assert [s.reason for s in store.score_history(db, round_.id, person.id)] == [
                "first",
                "corrected",
            ]
        finally:
            db.close()
        # Retention stays with the owner; the app's role is told so, plainly.
        assert main(["--db", as_app, "retention", "--title", "Family A", "--yes"]) != 0
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


def test_grant_refuses_a_file_and_a_missing_role(pg_url: str, tmp_path: Path) -> None:
    from sos_meeting.cli import main

    assert main(["--db", str(tmp_path / "m.db"), "grant", "sos_app"]) == 2
    assert main(["--db", pg_url, "grant", "no_such_role_here"]) == 2
    assert main(["--db", pg_url, "grant", "Robert'); DROP TABLE score;--"]) == 2


@pytest.mark.parametrize(
    ("where", "said"),
    [
        (
            "postgresql+psycopg://postgres@nosuchhost.invalid/sos",
            "Cannot find the database server nosuchhost.invalid",
        ),
        ("postgresql+psycopg://postgres@127.0.0.1:1/sos", "Cannot reach the database server"),
        ("postgresql+psycopg://no_such_role_here@127.0.0.1/test", "did not accept the login"),
        ("postgresql+psycopg://postgres@127.0.0.1/no_such_database_here", "has no such database"),
    ],
)
def test_a_server_that_cannot_be_used_at_start_is_named_in_plain_words(
    where: str, said: str, tmp_path: Path
) -> None:
    """Never a traceback: the command line says what is wrong and which server."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "sos_meeting", "--db", where, "list"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
