"""Deleting old meetings for good, when the retention schedule says so.

Scores are append-only in the database; this is the one deliberate way round that, and
it removes whole meetings only. Afterwards the file is vacuumed and the journal emptied,
so deleted words do not stay readable inside the database file.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col

from sos_meeting.database import Database, explain
from sos_meeting.domain import MeetingSummary
from sos_meeting.location import DatabaseProblem
from sos_meeting.store import list_meetings
from sos_meeting.tables import (
    ConferenceDecisionRow,
    EditConflictRow,
    FamilyRow,
    LetterChoiceRow,
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
    StatementPairRow,
    VoiceRow,
)

_SQLITE_TRIGGERS = ("score_no_UPDATE", "score_no_DELETE")

SCRUB_PATIENCE = 30.0
"""Seconds to wait for other programs reading the database to let its journal be emptied."""

_TOUCHED = (
    "score, scale_round, scale, statement_pair, map_item, participant, amendment, meeting, family, "
    "voice, letter_choice, conference_decision, edit_conflict"
)
"""The tables whose files hold deleted words on PostgreSQL (rewritten by VACUUM FULL)."""


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
    """Permanently delete these meetings and everything recorded in them; returns how many.
    A refusal by the database (a role without the right, a busy file) deletes nothing."""
    try:
        deleted = _delete_meetings(db, meeting_ids)
    except SQLAlchemyError as error:
        raise DatabaseProblem("Nothing was deleted. " + explain(error, db.where)) from error
    if deleted:
        try:
            _scrub(db)
        except SQLAlchemyError as error:
            raise DatabaseProblem(
                f"The {deleted} meetings were deleted, but their words may still be inside "
                "the database until it is rewritten: ask its owner to run VACUUM FULL on it. "
                + explain(error, db.where)
            ) from error
    return deleted


def _delete_meetings(db: Database, meeting_ids: list[int]) -> int:
    if not meetings_exist(db, meeting_ids):
        return 0
    with db.write() as session:
        connection = session.connection()
        families = set(
            session.scalars(
                select(col(MeetingRow.family_id)).where(col(MeetingRow.id).in_(meeting_ids))
            )
        ) - {None}
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
            (ConferenceDecisionRow, col(ConferenceDecisionRow.meeting_id).in_(meeting_ids)),
            (VoiceRow, col(VoiceRow.meeting_id).in_(meeting_ids)),
            (LetterChoiceRow, col(LetterChoiceRow.meeting_id).in_(meeting_ids)),
            (EditConflictRow, col(EditConflictRow.meeting_id).in_(meeting_ids)),
            (MeetingRow, col(MeetingRow.id).in_(meeting_ids)),
        ):
            session.execute(
                delete(table).where(column).execution_options(synchronize_session=False)
            )
        # A family with no meeting left goes too: its title, case reference and children.
        still_used = select(col(MeetingRow.family_id)).where(col(MeetingRow.family_id).is_not(None))
        session.execute(
            delete(FamilyRow)
            .where(col(FamilyRow.id).in_(families), col(FamilyRow.id).not_in(still_used))
            .execution_options(synchronize_session=False)
        )
        _restore_score_guard(connection, db, triggers)
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
    """Rewrite the storage so deleted words are gone from it: on SQLite the file is vacuumed
    and the write-ahead log emptied (waiting for readers), on PostgreSQL the touched tables
    are rewritten. Raises `DatabaseProblem` if the words may still be there."""
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as pg:
            pg.exec_driver_sql(f"VACUUM FULL {_TOUCHED}")
        return
    raw = db.engine.raw_connection()  # VACUUM cannot run inside SQLAlchemy's transaction
    try:
        sqlite = raw.driver_connection
        assert sqlite is not None
        sqlite.execute("VACUUM")
        deadline = time.monotonic() + SCRUB_PATIENCE
        while True:
            busy, _, _ = sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            if time.monotonic() > deadline:
                raise DatabaseProblem(
                    "The meetings were deleted, but another program is still reading the "
                    "database, so their words may remain in its journal file "
                    f"({db.path}-wal) until every program using it has closed. Close them, "
                    "then open and close sos-meeting once to clear it."
                )
            time.sleep(0.2)
    finally:
        raw.close()


def copies_left(db: Database) -> list[Path]:
    """Files sos-meeting wrote that may still hold deleted meetings: backups, copies taken
    before upgrades, and exports in the usual folders (the settings' or Documents', and
    beside the database where earlier versions wrote them)."""
    from sos_meeting.config import load_settings
    from sos_meeting.exports.folder import export_folder

    exports = export_folder(load_settings().export_folder)
    if db.path is None:
        return sorted(p for p in exports.glob("*") if p.is_file())
    folder, stem = db.path.parent, db.path.stem
    found = [
        *folder.glob(f"{stem}.backup-*"),
        *folder.glob(f"{stem}.before-upgrade-from-*"),
        *(folder / "exports").glob("*"),
        *exports.glob("*"),
    ]
    return sorted({p for p in found if p.is_file()})
