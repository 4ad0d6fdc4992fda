"""Retention: chosen meetings are deleted for good and their words are gone from the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database
from sos_meeting.domain import Column, Group, MeetingKind

from .conftest import seed_meeting

OLD_WORDS = "Uncle Rob shouted at the twins"


def scored_meeting(db: Database, title: str, held_on: date) -> int:
    meeting_id = store.create_meeting(db, kind=MeetingKind.CONFERENCE, title=title, held_on=held_on)
    person = store.add_participant(db, meeting_id.id, name="Sam", role="Mum", group=Group.FAMILY)
    store.add_item(db, meeting_id.id, Column.WORRIES, OLD_WORDS if title == "Old family" else "x")
    scale = store.save_scale(
        db, meeting_id.id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    store.record_score(db, round_id, person.id, typed="3", reason=f"{title} reason")
    store.record_score(db, round_id, person.id, typed="4", reason=f"{title} corrected")
    return meeting_id.id


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_retention_deletes_old_meetings_for_good(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = scored_meeting(db, "Old family", date(2015, 3, 1))
    kept = scored_meeting(db, "Current family", date(2026, 1, 1))
    assert OLD_WORDS.encode() in file_bytes(db_path)
    assert main(["--db", str(db_path), "retention", "--before", "2020-01-01", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Old family" in out and "Current family" not in out.split("will be deleted")[0]
    assert [m.id for m in store.list_meetings(db)] == [kept]
    with pytest.raises(store.StorageError):
        store.load(db, old)
    assert OLD_WORDS.encode() not in file_bytes(db_path)
    assert b"Old family reason" not in file_bytes(db_path)
    # The family record (title, case reference, children's names) went with its meetings.
    assert b"Old family" not in file_bytes(db_path)
    # The append-only guard is back in place for what remains.
    from sqlalchemy import text

    with pytest.raises(Exception, match="cannot be changed"), db.write() as session:
        session.execute(text("DELETE FROM score"))


def test_retention_by_title_and_without_confirmation(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_meeting(db)
    scored_meeting(db, "Old family", date(2015, 3, 1))
    # No terminal and no --yes: nothing is deleted.
    assert main(["--db", str(db_path), "retention", "--title", "Old family"]) == 2
    assert len(store.list_meetings(db)) == 2
    assert main(["--db", str(db_path), "retention", "--title", "Old family", "--yes"]) == 0
    assert [m.title for m in store.list_meetings(db)] == ["Family A"]
    assert main(["--db", str(db_path), "retention"]) == 2
    assert "say which meetings" in capsys.readouterr().err


def test_retention_does_not_claim_the_words_are_gone_while_a_reader_keeps_them(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With another connection reading, success was printed while the words were still in
    the file (issue 10, finding 3)."""
    import sqlite3

    from sos_meeting import retention

    scored_meeting(db, "Old family", date(2015, 3, 1))
    monkeypatch.setattr(retention, "SCRUB_PATIENCE", 0.5)
    reader = sqlite3.connect(db_path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM meeting").fetchone()  # holds a snapshot
        assert main(["--db", str(db_path), "retention", "--title", "Old family", "--yes"]) == 2
        captured = capsys.readouterr()
        assert "another program is still reading" in captured.err
        assert "cleared them" not in captured.out
    finally:
        reader.close()
    assert store.list_meetings(db) == []


def test_retention_names_the_copies_that_may_still_hold_the_words(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored_meeting(db, "Old family", date(2015, 3, 1))
    assert main(["--db", str(db_path), "backup"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "retention", "--title", "Old family", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "may still hold the deleted meetings" in out
    [backup] = db_path.parent.glob(f"{db_path.stem}.backup-*")
    assert str(backup) in out
    assert "Kept" in out and backup.exists()  # not at a terminal, not asked: kept


def test_retention_deletes_the_copies_when_asked(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored_meeting(db, "Old family", date(2015, 3, 1))
    scored_meeting(db, "Current family", date(2026, 11, 1))
    assert main(["--db", str(db_path), "backup"]) == 0
    exported = db_path.parent / "exports" / "old.json"
    exported.parent.mkdir()
    exported.write_text("{}")
    args = ["--db", str(db_path), "retention", "--title", "Old family", "--yes"]
    assert main([*args, "--delete-copies"]) == 0
    out = capsys.readouterr().out
    assert "Deleted 2 of the 2 copies." in out
    assert not list(db_path.parent.glob(f"{db_path.stem}.backup-*")) and not exported.exists()
    assert [m.title for m in store.list_meetings(db)] == ["Current family"]
    assert db_path.exists()
