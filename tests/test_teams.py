"""Each team sees its own families, on the server itself: row-level security tested by
connecting as each role, through the app's store and with plain SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Column
from sos_meeting.exports.render import render
from sos_meeting.location import DatabaseProblem
from sos_meeting.server_teams import ADMIN, add_member, add_team, init_server, share_family

from .conftest import seed_meeting

pytestmark = pytest.mark.postgres


@dataclass
class Server:
    url: str
    owner: Database
    team_a: str
    team_b: str
    alice: str  # in team A
    bob: str  # in team B
    boss: str  # sos_admin

    def as_role(self, role: str) -> Database:
        return open_database(make_url(self.url).set(username=role).render_as_string(False))


@pytest.fixture
def server(pg_url: str) -> Iterator[Server]:
    tag = uuid.uuid4().hex[:8]
    names = [f"team_a_{tag}", f"team_b_{tag}", f"alice_{tag}", f"bob_{tag}", f"boss_{tag}"]
    owner = open_database(pg_url)
    try:
        init_server(owner)
        add_team(owner, names[0])
        add_team(owner, names[1])
        add_member(owner, names[2], names[0])
        add_member(owner, names[3], names[1])
        add_member(owner, names[4], ADMIN)
        yield Server(pg_url, owner, *names)
    finally:
        owner.close()
        # Roles belong to the whole server: take back what they were given here, then drop
        # them (the database itself is dropped by `pg_url`).
        here = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        try:
            with here.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE usename = ANY(:names)"
                    ),
                    {"names": names},
                )
                for role in names:
                    connection.execute(text(f"DROP OWNED BY {role}"))
                    connection.execute(text(f"DROP ROLE {role}"))
        finally:
            here.dispose()


def test_a_member_of_another_team_cannot_read_list_change_or_delete_a_family(
    server: Server,
) -> None:
    alice, bob = server.as_role(server.alice), server.as_role(server.bob)
    try:
        meeting_id = seed_meeting(alice)
        store.add_item(alice, meeting_id, Column.WORRIES, "Dad drinks")
        record = store.load(alice, meeting_id)
        assert record.family is not None
        # Through the app: nothing to list, open, change or export.
        assert store.list_meetings(bob) == []
        with pytest.raises(store.StorageError):
            store.load(bob, meeting_id)
        with pytest.raises(store.StorageError):
            store.add_item(bob, meeting_id, Column.WORRIES, "written into another team's family")
        with pytest.raises(store.StorageError):
            store.edit_item(bob, record.items[0].id, "changed by another team")
        with pytest.raises(store.StorageError):
            render(bob, meeting_id, "json")  # nor exported
        assert "Dad drinks" not in render(bob, None, "csv")  # an export of all: none of A's
        # With plain SQL as that role: every table reads empty, and nothing can be changed.
        with bob.engine.begin() as connection:
            for table in ("family", "meeting", "participant", "map_item", "statement_pair"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
            assert connection.execute(text("UPDATE map_item SET text = 'x'")).rowcount == 0
            assert connection.execute(text("DELETE FROM participant")).rowcount == 0
            assert connection.execute(text("UPDATE family SET title = 'x'")).rowcount == 0
        with pytest.raises(Exception, match="row-level security"), bob.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO meeting (kind, title, case_ref, held_on, facilitator, wording, "
                    "step, created_at, updated_at, family_id) VALUES ('conference', 'x', '', "
                    "now(), '', 'safety', 'people', now(), now(), :f)"
                ),
                {"f": record.family.id},
            )
        # Alice's family is as she left it.
        again = store.load(alice, meeting_id)
        assert [i.text for i in again.items] == ["Dad drinks"]
        assert again.family is not None and again.family.title == record.family.title
    finally:
        alice.close()
        bob.close()


def test_the_family_belongs_to_its_creators_team_and_can_be_shared_on_purpose(
    server: Server,
) -> None:
    alice, bob, boss = (server.as_role(r) for r in (server.alice, server.bob, server.boss))
    try:
        meeting_id = seed_meeting(alice)
        family = store.load(alice, meeting_id).family
        assert family is not None
        with server.owner.engine.connect() as connection:
            team = connection.execute(
                text("SELECT team FROM family WHERE id = :f"), {"f": family.id}
            ).scalar()
        assert team == server.team_a
        assert [m.id for m in store.list_meetings(boss)] == [meeting_id]  # sos_admin sees all
        assert store.list_meetings(bob) == []
        share_family(server.owner, family.id, server.team_b, server.alice)
        assert [m.id for m in store.list_meetings(bob)] == [meeting_id]
        store.add_item(bob, meeting_id, Column.WORKING_WELL, "Gran visits")  # shared: B can add
        with server.owner.engine.connect() as connection:
            shared = connection.execute(text("SELECT team, shared_by FROM family_share")).all()
        assert [tuple(row) for row in shared] == [(server.team_b, server.alice)]
    finally:
        for database in (alice, bob, boss):
            database.close()


def test_server_commands_are_idempotent_and_refuse_plainly(server: Server) -> None:
    assert init_server(server.owner)  # again: nothing breaks
    again = add_team(server.owner, server.team_a)
    assert not any(s.startswith("CREATE ROLE") for s in again)
    with pytest.raises(DatabaseProblem, match="There is no team"):
        add_member(server.owner, server.alice, "no_such_team")
    with pytest.raises(DatabaseProblem, match="is not a team name"):
        add_team(server.owner, "Robert'); DROP TABLE score;--")
    alice = server.as_role(server.alice)
    try:
        with pytest.raises(DatabaseProblem, match="permission denied"):
            add_team(alice, f"{server.team_a}_x")
    finally:
        alice.close()


def test_the_server_commands_print_what_they_did(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    from sos_meeting.cli import main

    alice = server.as_role(server.alice)
    try:
        family = store.load(alice, seed_meeting(alice)).family
    finally:
        alice.close()
    assert family is not None
    assert main(["--db", server.url, "server", "init"]) == 0
    assert main(["--db", server.url, "server", "share", str(family.id), server.team_b]) == 0
    said = capsys.readouterr().out
    assert "CREATE POLICY sos_team ON score" in said
    assert f"Family {family.id} is shared with {server.team_b}." in said
    assert main(["--db", server.url, "server", "add-member", server.bob, "nobody_here"]) == 2
    assert "There is no team nobody_here" in capsys.readouterr().err
