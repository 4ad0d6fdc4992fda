"""Upgrading a database made by an earlier version: a backup first, all or nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from sos_meeting import store
from sos_meeting.database import DatabaseProblem, open_database
from sos_meeting.domain import MeetingKind
from sos_meeting.migrate import upgrade
from sos_meeting.newest import SCHEMA_VERSION

FIRST = "0001"


def make_first_version(path: Path) -> None:
    """A database as the first version wrote it, with a meeting and a score in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, FIRST)
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.executescript(
            """
            INSERT INTO meeting VALUES (1, 'conference', 'Family A', 'CP-1', '2025-01-02', 'Alex',
                'safety', 'scaling', NULL, '2025-01-02 10:00:00', '2025-01-02 10:00:00');
            INSERT INTO participant VALUES (1, 1, 'Sam', 'Mum', '', 'family', 1, 'present',
                '2025-01-02 10:00:00');
            INSERT INTO scale VALUES (1, 1, NULL, 1, 'How safe?', 'safe', 'hurt',
                '2025-01-02 10:00:00');
            INSERT INTO scale_round VALUES (1, 1, 1, '2025-01-02 10:00:00');
            INSERT INTO score VALUES (1, 1, 1, 4.5, 'because', '', '2025-01-02 10:01:00', NULL);
            """
        )


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as raw:
        return raw.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def version(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        return str(raw.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_upgrade_keeps_everything_and_a_backup(db_path: Path) -> None:
    make_first_version(db_path)
    database = open_database(str(db_path))
    assert version(db_path) == SCHEMA_VERSION
    assert database.backup is not None and database.backup.exists()
    assert (database.backup.stat().st_mode & 0o777) == 0o600
    record = store.load(database, 1)
    score = record.scales[0].rounds[0].scores[0]
    assert (score.value, score.reason, score.recorded_by) == (4.5, "because", "")
    with sqlite3.connect(db_path) as raw, pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE score SET value = 1")  # still append-only after the upgrade
    database.close()
    assert version(database.backup) == FIRST


def test_a_failed_upgrade_changes_nothing(db_path: Path) -> None:
    make_first_version(db_path)
    # Something in the way of the upgrade: the index it creates already exists.
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE INDEX ix_score_supersedes_id ON score (round_id)")
    before, file_before = schema(db_path), db_path.read_bytes()
    with pytest.raises(DatabaseProblem, match="left exactly as it was") as problem:
        open_database(str(db_path))
    assert schema(db_path) == before
    assert db_path.read_bytes() == file_before  # not even switched to WAL
    assert version(db_path) == FIRST
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT value, reason FROM score").fetchall() == [(4.5, "because")]
    backups = list(db_path.parent.glob("*.before-upgrade-from-0001.*"))
    assert len(backups) == 1 and str(backups[0]) in str(problem.value)
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT reason FROM score").fetchall() == [("because",)]


def test_the_command_line_says_where_the_copy_is(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sos_meeting.cli import main

    make_first_version(db_path)
    assert main(["--db", str(db_path), "list"]) == 0
    captured = capsys.readouterr()
    assert "Family A" in captured.out
    assert "a copy as it was is at" in captured.err and "before-upgrade-from-0001" in captured.err


def test_the_schema_file_is_what_the_upgrades_make(tmp_path: Path) -> None:
    """A new database is made from schema_sqlite.sql; it must equal the upgrades' result."""
    from sos_meeting.schema import SCHEMA_FILE, dump, schema_of

    by_upgrades = tmp_path / "upgraded.db"
    engine = create_engine(f"sqlite:///{by_upgrades}")
    upgrade(engine)
    engine.dispose()
    new = tmp_path / "new.db"
    open_database(str(new)).close()
    with sqlite3.connect(by_upgrades) as a, sqlite3.connect(new) as b:
        assert SCHEMA_FILE.read_text(encoding="utf-8") == dump(a), (
            "schema_sqlite.sql is out of date: write it again with sos_meeting.schema.dump"
        )
        assert schema_of(b) == schema_of(a)
        assert b.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_VERSION,)
        ]
        # The append-only guard came with it.
        triggers = {name for kind, name, _ in schema_of(b) if kind == "trigger"}
        assert triggers == {"score_no_UPDATE", "score_no_DELETE", "score_no_REPLACE"}


def test_a_new_database_does_not_load_the_upgrade_machinery(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from sos_meeting.database import open_database; "
        f"open_database({str(tmp_path / 'fresh.db')!r}).close(); "
        f"open_database({str(tmp_path / 'fresh.db')!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_integrity_check_can_wait_and_writes_wait_for_it(tmp_path: Path) -> None:
    """Opened with the check deferred: reads work at once, a write waits for the check."""
    import threading

    path = tmp_path / "m.db"
    open_database(str(path)).close()
    db = open_database(str(path), defer_check=True)
    try:
        assert not db.checked.is_set()
        assert store.list_meetings(db) == []
        written: list[int] = []
        writer = threading.Thread(
            target=lambda: written.append(
                store.create_meeting(
                    db, title="Family A", kind=MeetingKind.CONFERENCE, held_on=date(2026, 1, 1)
                ).id
            )
        )
        writer.start()
        writer.join(timeout=0.2)
        assert written == []  # still waiting for the check
        assert db.check_integrity() is None
        writer.join()
        assert len(written) == 1
    finally:
        db.close()
