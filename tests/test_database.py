"""Opening databases: created when missing, private, and plain messages for bad ones."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from sos_meeting import store
from sos_meeting.database import DatabaseProblem, open_database
from sos_meeting.domain import Column
from sos_meeting.newest import SCHEMA_VERSION

from .conftest import seed_meeting


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_missing_folders_are_created_private(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        target = tmp_path / "new" / "deeper" / "meetings.db"
        open_database(str(target)).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{target}{suffix}")
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_environment_variable_and_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOS_MEETING_DB", str(tmp_path / "env.db"))
    open_database().close()
    assert (tmp_path / "env.db").exists()
    database = open_database(f"sqlite:///{tmp_path / 'url.db'}")
    assert database.path == tmp_path / "url.db"
    database.close()


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_text("These are my notes, not a database.\n" * 50)
    before = snapshot(target)
    with pytest.raises(DatabaseProblem, match="not a sos-meeting database"):
        open_database(str(target))
    assert snapshot(target) == before
    assert not Path(f"{target}-wal").exists()


def test_damaged_database_is_refused_and_untouched(db_path: Path) -> None:
    database = open_database(str(db_path))
    seed_meeting(database)
    database.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db_path.write_bytes(bytes(data))
    Path(f"{db_path}-wal").unlink(missing_ok=True)
    before = snapshot(db_path)
    with pytest.raises(DatabaseProblem, match="damaged"):
        open_database(str(db_path))
    assert snapshot(db_path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    with sqlite3.connect(target) as other:
        other.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseProblem, match="another program's data"):
        open_database(str(target))


def test_read_only_database_is_refused_and_untouched(db_path: Path) -> None:
    database = open_database(str(db_path))
    seed_meeting(database)
    database.close()
    os.chmod(db_path, 0o400)
    before = snapshot(db_path)
    try:
        with pytest.raises(DatabaseProblem, match="read-only"):
            open_database(str(db_path))
    finally:
        os.chmod(db_path, 0o600)
    assert snapshot(db_path) == before


def test_newer_schema_is_refused(db_path: Path) -> None:
    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseProblem, match="newer version"):
        open_database(str(db_path))
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_schema_is_at_this_codes_version(db_path: Path) -> None:
    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_VERSION,
        )


def test_migrations_match_the_tables(db_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    open_database(str(db_path)).close()
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_database_locked_by_another_program(tmp_path: Path) -> None:
    """A rollback-journal database held exclusively elsewhere: a plain message, file untouched."""
    target = tmp_path / "held.db"
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("CREATE TABLE meeting (id INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meeting VALUES (1)")
    try:
        with pytest.raises(DatabaseProblem, match="busy"):
            open_database(str(target))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_write_while_another_copy_holds_the_lock(db_path: Path) -> None:
    """The write waits, then says plainly it was not saved; nothing earlier is lost."""
    database = open_database(str(db_path))
    meeting_id = seed_meeting(database)
    store.add_item(database, meeting_id, Column.WORRIES, "kept")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(store.StorageError, match="busy"):
            store.add_item(database, meeting_id, Column.WORRIES, "waits")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add_item(database, meeting_id, Column.WORRIES, "after")
    texts = [i.text for i in store.load(database, meeting_id).items]
    database.close()
    assert texts == ["kept", "after"]


def test_two_copies_both_keep_working(db_path: Path) -> None:
    first, second = open_database(str(db_path)), open_database(str(db_path))
    meeting_id = seed_meeting(first)
    store.add_item(second, meeting_id, Column.WORRIES, "from the second copy")
    store.add_item(first, meeting_id, Column.WORRIES, "from the first copy")
    assert [i.text for i in store.load(second, meeting_id).items] == [
        "from the second copy",
        "from the first copy",
    ]
    first.close()
    second.close()


def _bytes_and_journal(path: Path) -> tuple[bytes, bool]:
    return path.read_bytes(), Path(f"{path}-wal").exists()


@pytest.mark.parametrize(
    "tables",
    [
        ["CREATE TABLE invoices (id INTEGER)", "INSERT INTO invoices VALUES (1)"],
        [  # a calendar with its own table called meeting
            "CREATE TABLE meeting (id INTEGER PRIMARY KEY, starts TEXT, room TEXT)",
            "INSERT INTO meeting VALUES (1, '2026-12-01 09:00', 'Room 4')",
        ],
    ],
    ids=["invoices", "calendar"],
)
def test_another_programs_database_is_refused_unchanged_even_in_its_header(
    tmp_path: Path, tables: list[str]
) -> None:
    """Refusing it is not enough: opening it switched it to WAL (issue 10, finding 10)."""
    target = tmp_path / "other.db"
    with sqlite3.connect(target) as other:
        for statement in tables:
            other.execute(statement)
    other.close()
    before = _bytes_and_journal(target)
    with pytest.raises(DatabaseProblem, match="another program's data"):
        open_database(str(target))
    assert _bytes_and_journal(target) == before


def test_an_empty_file_is_refused_not_made_a_database(tmp_path: Path) -> None:
    target = tmp_path / "meetings.db"
    target.touch()
    with pytest.raises(DatabaseProblem, match="empty file"):
        open_database(str(target))
    assert target.read_bytes() == b""
