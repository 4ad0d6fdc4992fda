"""A new SQLite database is made from the current schema in one step, not by replaying every
upgrade since the first; `schema_sqlite.sql` is that schema, and a test checks it is exactly
what the upgrades make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection

from sos_meeting.newest import SCHEMA_VERSION

SCHEMA_FILE = Path(__file__).with_name("schema_sqlite.sql")


def schema_of(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """The database's own definitions (type, name, SQL), in the order they were made."""
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    return [(str(t), str(n), str(sql)) for t, n, sql in rows]


def dump(connection: sqlite3.Connection) -> str:
    """The text of `schema_sqlite.sql` for the database behind `connection`."""
    header = (
        f"-- sos-meeting schema {SCHEMA_VERSION} for SQLite, as the upgrades make it.\n"
        "-- Made by sos_meeting.schema.dump; tests/test_upgrade.py checks it is current.\n"
    )
    return header + "".join(f"{sql};\n" for _, _, sql in schema_of(connection))


def create_current(connection: Connection) -> None:
    """Make the current schema in an empty database and stamp its version (one transaction,
    which the caller holds)."""
    for statement in _statements(SCHEMA_FILE.read_text(encoding="utf-8")):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(
        "INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_VERSION,)
    )


def _statements(script: str) -> list[str]:
    """Split the file into statements; a trigger's body holds `;` inside BEGIN ... END."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        if line.startswith("--") or not (line.strip() or current):
            continue
        current.append(line)
        joined = "\n".join(current)
        if line.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined.rstrip(";"))
            current = []
    return statements
