"""On a shared PostgreSQL server the app should connect as a role that can record and read,
and nothing more: no TRUNCATE, no DROP, no rewriting a score or an amendment. The database's
owner (who created the tables, and runs upgrades and retention) grants exactly that.

    sos-meeting --db postgresql+psycopg://owner@server/sos grant sos_app
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from sos_meeting.database import Database
from sos_meeting.location import DatabaseProblem

APPEND_ONLY = ("score", "amendment", "letter_choice", "edit_conflict", "applied_edit")
"""Recorded once, never changed or removed by the app."""
CHANGED = ("meeting", "family", "map_item", "scale", "scale_round", "conference_decision")
"""Changed as a meeting goes on (a map item is hidden, not deleted)."""
REMOVABLE = ("participant", "statement_pair", "voice", "family_share")
"""Added by mistake and taken out again (refused once they are scored against)."""
READ_ONLY = ("alembic_version", "team")

_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def role_exists(connection: Connection, role: str) -> bool:
    """Whether the server has a role called `role`."""
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.scalar() is not None


def app_grants(role: str) -> list[str]:
    """What `role` may do on every table, and no more (anything granted before is taken back
    first)."""
    tables = (*APPEND_ONLY, *CHANGED, *REMOVABLE, *READ_ONLY)
    return [
        f"REVOKE ALL ON {', '.join(tables)} FROM {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT ON {', '.join(APPEND_ONLY)} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON {', '.join(CHANGED)} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(REMOVABLE)} TO {role}",
        f"GRANT SELECT ON {', '.join(READ_ONLY)} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]


def grant_app_role(database: Database, role: str) -> list[str]:
    """Give `role` (an existing login role) what the app needs on every table, and no more;
    anything granted before is taken back first. Returns the statements run."""
    if database.is_sqlite:
        raise DatabaseProblem(
            "Roles are for a PostgreSQL server. A database file is protected by its file "
            "permissions (only you can read it); nothing was done."
        )
    if not _ROLE.fullmatch(role):
        raise DatabaseProblem(
            f"{role!r} is not a role name sos-meeting can use: lower-case letters, digits "
            "and _ only, starting with a letter. Nothing was done."
        )
    statements = app_grants(role)
    with database.engine.begin() as connection:
        if not role_exists(connection, role):
            raise DatabaseProblem(
                f"There is no role {role} on this server. Create it first (as an "
                f"administrator: CREATE ROLE {role} LOGIN PASSWORD '…'); nothing was done."
            )
        owner = connection.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'score'")
        ).scalar()
        if owner == role:
            raise DatabaseProblem(
                f"{role} owns the tables, and an owner can always drop or empty them. Give "
                "the app a role of its own, and keep the owner for upgrades and retention; "
                "nothing was done."
            )
        for statement in statements:
            connection.exec_driver_sql(statement)
    return statements
