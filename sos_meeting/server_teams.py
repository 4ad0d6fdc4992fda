"""Teams on a shared PostgreSQL server: each sees only its own families.

A team is a database role (NOLOGIN); its members are login roles granted it. Row-level
security lets a role read and write a family, its meetings and everything in them only if it
is a member of the family's team, of a team the family was shared with (on purpose, recorded
in `family_share`), or of `sos_admin`, which sees all. A new family belongs to its creator's
team, set by the server. The tables' owner (who runs `server init`, upgrades and retention)
is not bound by the policies.

    sos-meeting --db postgresql://owner@host/sos server init
    sos-meeting --db postgresql://owner@host/sos server add-team children_east
    sos-meeting --db postgresql://owner@host/sos server add-member alice children_east
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from sos_meeting.database import Database
from sos_meeting.location import DatabaseProblem
from sos_meeting.server_roles import app_grants, role_exists

ADMIN = "sos_admin"
"""Members of this role see every family."""

_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")

BY_MEETING = (
    "participant", "map_item", "statement_pair", "scale", "amendment", "conference_decision",
    "voice", "letter_choice", "edit_conflict",
)  # fmt: skip
"""Tables whose rows belong to a meeting (seen where the meeting is seen)."""

FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION sos_meeting_member(who name, team text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN team IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = team)
                THEN false
                ELSE pg_has_role(who, team, 'MEMBER') END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION sos_meeting_sees(family_id integer, team text, who name)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT sos_meeting_member(who, '{ADMIN}')
        OR sos_meeting_member(who, team)
        OR EXISTS (SELECT 1 FROM family_share AS s
                   WHERE s.family_id = sos_meeting_sees.family_id
                     AND sos_meeting_member(who, s.team))
$$
""",
    """
CREATE OR REPLACE FUNCTION sos_meeting_family_team() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.team IS NULL THEN
        SELECT t.name INTO NEW.team FROM team AS t
        WHERE sos_meeting_member(current_user, t.name) ORDER BY t.name LIMIT 1;
    END IF;
    RETURN NEW;
END $$
""",
)
"""The checks the policies use. `sos_meeting_sees` is SECURITY DEFINER so that reading the
shares is not itself filtered (the role asking is passed in, never taken from inside it); the
trigger giving a new family its creator's team runs as the creator."""


def _policies() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS sos_meeting_family_team ON family",
        "CREATE TRIGGER sos_meeting_family_team BEFORE INSERT ON family "
        "FOR EACH ROW EXECUTE FUNCTION sos_meeting_family_team()",
    ]
    rules = {
        "family": "sos_meeting_sees(id, team, current_user)",
        "family_share": ("EXISTS (SELECT 1 FROM family AS f WHERE f.id = family_share.family_id)"),
        "meeting": "EXISTS (SELECT 1 FROM family AS f WHERE f.id = meeting.family_id)",
        "scale_round": "EXISTS (SELECT 1 FROM scale AS s WHERE s.id = scale_round.scale_id)",
        "score": "EXISTS (SELECT 1 FROM scale_round AS r WHERE r.id = score.round_id)",
        **{
            table: f"EXISTS (SELECT 1 FROM meeting AS m WHERE m.id = {table}.meeting_id)"
            for table in BY_MEETING
        },
    }
    for table, rule in rules.items():
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS sos_team ON {table}",
            f"CREATE POLICY sos_team ON {table} USING ({rule}) WITH CHECK ({rule})",
        ]
    return statements


def _server(database: Database) -> None:
    if database.is_sqlite:
        raise DatabaseProblem(
            "Teams are for a PostgreSQL server. A database file is protected by its file "
            "permissions (only you can read it); nothing was done."
        )


def _checked_role(name: str, what: str) -> str:
    if not _ROLE.fullmatch(name):
        raise DatabaseProblem(
            f"{name!r} is not a {what} name sos-meeting can use: lower-case letters, digits "
            "and _ only, starting with a letter. Nothing was done."
        )
    return name


def _run(database: Database, statements: list[str], what: str) -> list[str]:
    """Run `statements` in one transaction: all of them, or (on a missing privilege) none,
    with a plain message."""
    try:
        with database.engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    except (SQLAlchemyError, DBAPIError) as error:
        detail = str(getattr(error, "orig", error)).lower()
        if "permission denied" in detail or "must be owner" in detail or "createrole" in detail:
            raise DatabaseProblem(
                f"This role may not {what} on {database.where} (permission denied), so nothing "
                "was changed. Run it as the tables' owner, with the right to create roles "
                "(CREATEROLE), or ask whoever administers the server."
            ) from error
        raise DatabaseProblem(f"Could not {what} on {database.where}: {detail}") from error
    return statements


def init_server(database: Database) -> list[str]:
    """Make the teams' row-level security on a database whose tables exist (opening it made
    them): the admin role, the checks, a policy on every table. Safe to run again."""
    _server(database)
    with database.engine.connect() as connection:
        admin_exists = role_exists(connection, ADMIN)
    statements = [] if admin_exists else [f"CREATE ROLE {ADMIN} NOLOGIN"]
    statements += [statement.strip() for statement in FUNCTIONS]
    statements += _policies()
    statements += app_grants(ADMIN)
    return _run(database, statements, "set up teams")


def add_team(database: Database, team: str) -> list[str]:
    """A team (a role that cannot log in) that can record and read its own families."""
    _server(database)
    _checked_role(team, "team")
    if team == ADMIN:
        raise DatabaseProblem(f"{ADMIN} is the role that sees every family, not a team.")
    with database.engine.connect() as connection:
        exists = role_exists(connection, team)
    statements = [] if exists else [f"CREATE ROLE {team} NOLOGIN"]
    statements += [
        f"INSERT INTO team (name, created_at) VALUES ('{team}', "
        f"'{datetime.now(UTC).isoformat()}') ON CONFLICT (name) DO NOTHING",
        *app_grants(team),
    ]
    return _run(database, statements, f"add the team {team}")


def add_member(database: Database, user: str, team: str) -> list[str]:
    """`user` (made a login role if it is not one yet, with no password) joins `team` (or
    `sos_admin`)."""
    _server(database)
    _checked_role(user, "user")
    _checked_role(team, "team")
    with database.engine.connect() as connection:
        user_exists = role_exists(connection, user)
        known = (
            team == ADMIN
            or connection.execute(text("SELECT 1 FROM team WHERE name = :t"), {"t": team}).scalar()
        )
    if not known:
        raise DatabaseProblem(
            f"There is no team {team} here. Add it first: sos-meeting server add-team {team}. "
            "Nothing was done."
        )
    statements = [] if user_exists else [f"CREATE ROLE {user} LOGIN"]
    statements.append(f"GRANT {team} TO {user}")
    return _run(database, statements, f"add {user} to {team}")


def share_family(database: Database, family_id: int, team: str, by: str) -> list[str]:
    """Let `team` see a family too (kept in `family_share`, with who shared it and when)."""
    _server(database)
    _checked_role(team, "team")
    with database.engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM team WHERE name = :t"), {"t": team}).scalar():
            raise DatabaseProblem(f"There is no team {team} here. Nothing was shared.")
        if not connection.execute(
            text("SELECT 1 FROM family WHERE id = :f"), {"f": family_id}
        ).scalar():
            raise DatabaseProblem(f"There is no family {family_id} here. Nothing was shared.")
    statement = (
        "INSERT INTO family_share (family_id, team, shared_at, shared_by) VALUES "
        f"({int(family_id)}, '{team}', now(), {_quoted(by[:63])}) ON CONFLICT DO NOTHING"
    )
    return _run(database, [statement], f"share family {family_id} with {team}")


def _quoted(words: str) -> str:
    """A string literal for SQL: quotes doubled, nothing else can end it."""
    return "'" + words.replace("'", "''") + "'"
