"""The meetings list: one query, shared by the store and the quick first look at start-up.

The quick look reads an up-to-date SQLite file with the standard library alone, so the
home screen can show the newest meetings before SQLAlchemy has even been imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sos_meeting.domain import MeetingKind, MeetingSummary, Step
from sos_meeting.location import is_url, resolve_target

SCHEMA_VERSION = "0012"
"""The Alembic revision this code writes; a database at another revision is migrated or refused."""

NEWEST_SQL = """
SELECT m.id, m.held_on, m.kind, m.title, m.case_ref, m.step,
  (SELECT count(*) FROM participant AS p WHERE p.meeting_id = m.id),
  (SELECT count(*) FROM map_item AS i WHERE i.meeting_id = m.id AND i.deleted_at IS NULL),
  (SELECT count(*) FROM statement_pair AS sp WHERE sp.meeting_id = m.id),
  (SELECT count(*) FROM scale AS sc WHERE sc.meeting_id = m.id),
  EXISTS (SELECT 1 FROM score AS s JOIN scale_round AS r ON r.id = s.round_id
          JOIN scale AS sc2 ON sc2.id = r.scale_id WHERE sc2.meeting_id = m.id)
FROM meeting AS m
WHERE :pattern = '' OR lower(m.title) LIKE :pattern ESCAPE '\\'
   OR lower(m.case_ref) LIKE :pattern ESCAPE '\\'
ORDER BY m.held_on DESC, m.id DESC
LIMIT :limit OFFSET :offset
"""


def pattern_for(search: str) -> str:
    """The LIKE pattern for a search as typed ('' for no search); % and _ match themselves."""
    from sos_meeting.text import clean

    wanted = clean(search).lower()
    if not wanted:
        return ""
    literal = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"


def summaries(rows: Iterable[Sequence[Any]]) -> list[MeetingSummary]:
    return [
        MeetingSummary(
            id=int(row[0]),
            held_on=row[1] if isinstance(row[1], date) else date.fromisoformat(str(row[1])[:10]),
            kind=MeetingKind(row[2]),
            title=row[3],
            case_ref=row[4],
            step=Step(row[5]),
            participants=int(row[6]),
            items=int(row[7]),
            pairs=int(row[8]),
            scales=int(row[9]),
            scored=bool(row[10]),
        )
        for row in rows
    ]


def quick_look(target: str | None, limit: int = 50) -> list[MeetingSummary] | None:
    """The newest meetings read straight from an up-to-date SQLite file (read-only), none for
    a file that does not exist yet, or None when that is not possible (a server, an
    encrypted or older file, anything unusual)."""
    where = resolve_target(target)
    if is_url(where):
        return None
    path = Path(where).expanduser()
    if not path.exists():
        return []  # a new database: there is nothing to list, and that can be said at once
    if not path.is_file():
        return None  # a pipe or a device would block the read: the full open explains
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return None
        uri = f"{path.absolute().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=0.2)
    except (OSError, sqlite3.Error):
        return None
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            return None
        rows = connection.execute(
            NEWEST_SQL, {"pattern": "", "limit": limit, "offset": 0}
        ).fetchall()
        return summaries(rows)
    except sqlite3.Error:
        return None
    finally:
        connection.close()
