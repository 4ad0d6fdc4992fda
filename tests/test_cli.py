"""The command line: list, export (JSON documented in the README), backup, help."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column

from .conftest import record


def full_meeting(db: Database, meeting_id: int) -> None:
    store.add_item(db, meeting_id, Column.WORRIES, "Dad hit Mum in June", Category.HARM)
    store.add_item(
        db, meeting_id, Column.WORKING_WELL, "Gran collects the children", Category.SAFETY
    )
    store.add_item(db, meeting_id, Column.GREY, "Whether Dad still drinks")
    pair = store.save_pair(
        db,
        meeting_id,
        "Jo is worried Dad hits Mum.",
        "Mum and Dad keep the children safe, 6 months.",
    )
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe?",
        pair_id=pair.id,
        ten_means="safe enough to close",
        zero_means="will be hurt again",
    )
    round_id = store.start_round(db, scale.id).id
    people = record(db, meeting_id).participants
    store.record_score(
        db, round_id, people[0].id, typed="3", reason="still drinks", one_higher="no drink at home"
    )
    store.record_score(db, round_id, people[1].id, typed="7", reason="stopped")
    store.record_score(db, round_id, people[2].id, typed="pass", reason="")
    store.record_score(db, round_id, people[1].id, typed="6.5", reason="mostly stopped")


def test_export_json_carries_the_whole_record(
    db: Database, db_path: Path, meeting_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    full_meeting(db, meeting_id)
    assert main(["--db", str(db_path), "export", str(meeting_id), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "sos-meeting/1"
    assert data["meeting"]["title"] == "Family A"
    assert data["meeting"]["case_ref"] == "CP-1234"
    assert data["meeting"]["statement_word"] == "danger statement"
    assert [p["name"] for p in data["participants"]] == ["Sam", "Dan", "Pat", "Jo", "Kim"]
    assert data["mapping"]["worries"] == [
        {"id": 1, "category": "harm", "text": "Dad hit Mum in June"}
    ]
    assert data["mapping"]["grey"][0]["category"] is None
    assert data["pairs"][0]["goal"].startswith("Mum and Dad")
    scale = data["scales"][0]
    assert (scale["ten_means"], scale["zero_means"]) == (
        "safe enough to close",
        "will be hurt again",
    )
    scores = scale["rounds"][0]["scores"]
    assert [(s["participant"], s["value"], s["passed"]) for s in scores] == [
        ("Sam", 3.0, False),
        ("Dan", 6.5, False),
        ("Pat", None, True),
    ]
    assert scores[0]["one_higher"] == "no drink at home"
    assert [e["value"] for e in scores[1]["earlier_entries"]] == [7.0]
    spread = scale["rounds"][0]["spread"]
    assert (spread["lowest"], spread["highest"], spread["range"], spread["median"]) == (
        3,
        6.5,
        3.5,
        4.75,
    )
    assert spread["passes"] == 1
    # The three elements are there; what the statement coach and a conference ask is not yet.
    assert data["missing"] == [
        "a reason for keeping pair 1 as written while the statement coach still asks questions",
        "the decision for each child (name them in Details)",
        "the chair's decision and reasoning",
    ]
    assert data["decision"]["undecided_children"] == []


def test_export_to_a_private_file(
    db: Database, db_path: Path, meeting_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    assert main(["--db", str(db_path), "export", str(meeting_id), "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["meeting"]["id"] == meeting_id


def test_export_unknown_meeting(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "export", "42"]) == 2
    assert "no meeting number 42" in capsys.readouterr().err


def test_list(
    db: Database, db_path: Path, meeting_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "list"]) == 0
    out = capsys.readouterr().out
    assert "Family A" in out and "Child protection conference" in out and "5 people" in out


def test_list_of_a_bad_database_is_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    assert main(["--db", str(bad), "list"]) == 2
    err = capsys.readouterr().err
    assert "not a sos-meeting database" in err and "Traceback" not in err


def test_backup_is_a_consistent_private_copy(
    db: Database, db_path: Path, meeting_id: int, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    from sos_meeting.database import open_database

    other = open_database(str(copy))
    assert store.load(other, meeting_id).meeting.title == "Family A"
    other.close()


def _snapshot(db_path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log, byte for byte (the -shm file is only an index
    that every reader touches)."""
    return {
        suffix: Path(f"{db_path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{db_path}{suffix}").exists()
    }


@pytest.mark.parametrize("how", ["itself", "link", "wal", "relative"])
def test_backup_or_export_onto_the_live_database_is_refused_and_changes_nothing(
    db: Database,
    db_path: Path,
    meeting_id: int,
    tmp_path: Path,
    how: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`backup live.db` onto itself truncated the database to nothing (issue 10, 1)."""
    full_meeting(db, meeting_id)
    destination = {
        "itself": db_path,
        "link": tmp_path / "link.db",
        "wal": Path(f"{db_path}-wal"),
        "relative": Path("data") / "meetings.db",
    }[how]
    if how == "link":
        destination.symlink_to(db_path)
    monkeypatch.chdir(tmp_path)
    before = _snapshot(db_path)
    for command in (
        ["backup", str(destination)],
        ["export", str(meeting_id), "-o", str(destination)],
    ):
        assert main(["--db", str(db_path), *command]) == 2
        err = capsys.readouterr().err
        assert "is the meetings database itself" in err and "Traceback" not in err
        assert _snapshot(db_path) == before
    assert store.load(db, meeting_id).meeting.title == "Family A"
    assert len(store.load(db, meeting_id).scales[0].rounds[0].scores) == 3


def test_backup_to_a_folder_says_so(
    db: Database, db_path: Path, meeting_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["--db", str(db_path), "backup", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_backup_replaces_an_older_copy_whole_and_leaves_no_partial_file(
    db: Database, db_path: Path, meeting_id: int, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    copy.write_text("an older copy")
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    from sos_meeting.database import open_database

    other = open_database(str(copy))
    assert store.load(other, meeting_id).meeting.title == "Family A"
    other.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_into_new_folders_makes_each_private(
    db: Database, db_path: Path, meeting_id: int, tmp_path: Path
) -> None:
    output = tmp_path / "a" / "b" / "minute.md"
    assert main(["--db", str(db_path), "export", str(meeting_id), "-o", str(output)]) == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert "Family A" in output.read_text()


def test_python_dash_m_help_explains_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sos_meeting", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    for word in ("--db", "SOS_MEETING_DB", "list", "export", "backup", "--version"):
        assert word in result.stdout
