"""Deleting old meetings for good, when the retention schedule says so.

Scores are append-only in the database; this is the one deliberate way round that, and
it removes whole meetings only. Afterwards the file is vacuumed and the journal emptied,
so deleted words do not stay readable inside the database file.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, select
from sqlmodel import col

from sos_meeting.database import Database
from sos_meeting.domain import MeetingSummary
from sos_meeting.store import list_meetings
from sos_meeting.tables import (
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
    StatementPairRow,
)

_SQLITE_TRIGGERS = ("score_no_UPDATE", "score_no_DELETE")


def chosen(
    db: Database, *, before: date | None = None, title: str | None = None
) -> list[MeetingSummary]:
    """The meetings held before `before` and/or with exactly this `title`, newest first."""
    if before is None and title is None:
        raise ValueError("Say which meetings: held before a date, or a family's title.")
    found: list[MeetingSummary] = []
    offset = 0
    while True:
        page = list_meetings(db, search=title or "", limit=500, offset=offset)
        if not page:
            return found
        found.extend(
            m
            for m in page
            if (before is None or m.held_on < before) and (title is None or m.title == title)
        )
        offset += len(page)


def delete_meetings(db: Database, meeting_ids: list[int]) -> int:
    """Permanently delete these meetings and everything recorded in them; returns how many."""
    if not meetings_exist(db, meeting_ids):
        return 0
    with db.write() as session:
        connection = session.connection()
        triggers = _disable_score_guard(connection, db)
        scales = select(col(ScaleRow.id)).where(col(ScaleRow.meeting_id).in_(meeting_ids))
        rounds = select(col(RoundRow.id)).where(col(RoundRow.scale_id).in_(scales))
        # Corrections point at earlier scores, so the newest go first.
        session.execute(
            delete(ScoreRow)
            .where(col(ScoreRow.round_id).in_(rounds))
            .execution_options(synchronize_session=False)
        )
        for table, column in (
            (RoundRow, col(RoundRow.scale_id).in_(scales)),
            (ScaleRow, col(ScaleRow.meeting_id).in_(meeting_ids)),
            (StatementPairRow, col(StatementPairRow.meeting_id).in_(meeting_ids)),
            (MapItemRow, col(MapItemRow.meeting_id).in_(meeting_ids)),
            (ParticipantRow, col(ParticipantRow.meeting_id).in_(meeting_ids)),
            (MeetingRow, col(MeetingRow.id).in_(meeting_ids)),
        ):
            session.execute(
                delete(table).where(column).execution_options(synchronize_session=False)
            )
        _restore_score_guard(connection, db, triggers)
    _scrub(db)
    return len(meeting_ids)


def meetings_exist(db: Database, meeting_ids: list[int]) -> bool:
    with db.read() as session:
        return bool(
            session.scalars(
                select(col(MeetingRow.id)).where(col(MeetingRow.id).in_(meeting_ids))
            ).first()
        )


def _disable_score_guard(connection: Connection, db: Database) -> list[str]:
    run = connection.exec_driver_sql
    if db.is_sqlite:
        kept = [
            sql
            for (sql,) in run(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'score' "
                f"AND name IN {_SQLITE_TRIGGERS!r}"
            )
        ]
        for name in _SQLITE_TRIGGERS:
            run(f"DROP TRIGGER IF EXISTS {name}")
        run("PRAGMA defer_foreign_keys = ON")
        return kept
    run("ALTER TABLE score DISABLE TRIGGER USER")
    return []


def _restore_score_guard(connection: Connection, db: Database, triggers: list[str]) -> None:
    run = connection.exec_driver_sql
    if db.is_sqlite:
        for sql in triggers:
            run(sql)
    else:
        run("ALTER TABLE score ENABLE TRIGGER USER")


def _scrub(db: Database) -> None:
    """Rewrite the file so deleted text is gone from it, and empty the write-ahead log."""
    if not db.is_sqlite:
        return
    raw = db.engine.raw_connection()  # VACUUM cannot run inside SQLAlchemy's transaction
    try:
        sqlite = raw.driver_connection
        assert sqlite is not None
        sqlite.execute("VACUUM")
        sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
