"""Smaller refusals: each says what is wrong where the facilitator is looking, and nothing
hangs, crashes or is changed (issue 10, finding 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from screens.app import SosMeetingApp
from screens.home import HomeScreen
from screens.problem import ProblemScreen
from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database, DatabaseProblem, open_database

from .conftest import seed_meeting
from .pilot_helpers import burst, open_at, settled, shown

BUSY = "The database is busy: another program is holding it."


@pytest.mark.parametrize("key", ["ctrl+t", "ctrl+r", "ctrl+e"])
async def test_a_busy_database_on_the_meetings_list_is_said_not_crashed(
    db: Database, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)

        def busy(*args: object, **kwargs: object) -> object:
            raise store.StorageError(BUSY)

        monkeypatch.setattr(store, "load", busy)
        await burst(pilot, key)
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert BUSY in shown(pilot, "#home-status")


async def test_the_app_ends_with_the_problem_code_after_its_cannot_be_opened_screen(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("my notes, not a database\n")
    app = SosMeetingApp(str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        assert isinstance(app.screen, ProblemScreen)
        await pilot.press("q")
    assert app.return_code == 2


def test_a_pipe_as_the_database_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "meetings.db"
    os.mkfifo(pipe)
    done = subprocess.run(
        [sys.executable, "-m", "sos_meeting", "--db", str(pipe), "list"],
        capture_output=True,
        text=True,
        timeout=120,  # a cap: before the fix this waited for a writer for ever
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_encrypt_with_a_server_address_is_refused_not_ignored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--encrypt", "--db", "postgresql://postgres@127.0.0.1:5432/test", "list"])
    assert code == 2
    assert "--encrypt is for a database file" in capsys.readouterr().err


def test_a_database_file_deleted_while_open_is_noticed_before_saying_saved(
    db_path: Path,
) -> None:
    """It kept saying "Saved ✓" into a deleted file (issue 10, finding 9)."""
    from sos_meeting.domain import Column

    database = open_database(str(db_path))
    meeting_id = seed_meeting(database)
    try:
        store.add_item(database, meeting_id, Column.WORRIES, "saved before")
        db_path.unlink()
        with pytest.raises(store.StorageError, match="deleted or replaced"):
            store.add_item(database, meeting_id, Column.WORRIES, "typed after")
    finally:
        database.close()


def test_a_database_file_replaced_while_open_takes_no_more_entries(
    db_path: Path, tmp_path: Path
) -> None:
    from sos_meeting.domain import Column

    database = open_database(str(db_path))
    meeting_id = seed_meeting(database)
    other = tmp_path / "other.db"
    open_database(str(other)).close()
    try:
        os.replace(other, db_path)
        with pytest.raises(store.StorageError, match="deleted or replaced"):
            store.add_item(database, meeting_id, Column.WORRIES, "typed after")
    finally:
        database.close()


def test_an_orphaned_write_ahead_log_is_never_thrown_away(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    wal = Path(f"{db_path}-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    with pytest.raises(DatabaseProblem, match="write-ahead log"):
        open_database(str(db_path))
    assert wal.read_bytes()[:4] == b"\x37\x7f\x06\x82" and not db_path.exists()


async def test_the_app_says_not_saved_and_gives_the_words_back_when_the_file_is_gone(
    db: Database, db_path: Path
) -> None:
    from textual.widgets import Input

    from sos_meeting.domain import Step

    from .pilot_helpers import typed

    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, Step.MAPPING)
        db_path.unlink()
        await burst(pilot, *typed("Dad shouted at Ava\n"))
        await settled(pilot)
        assert "Not saved" in shown(pilot, "#meeting-status")
        assert "deleted or replaced" in shown(pilot, "#meeting-status")
        assert app.screen.query_one("#map-input", Input).value == "Dad shouted at Ava"


def test_encrypt_and_retention_wait_for_the_app_to_close(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """encrypt replaced the file under an open app, whose next entries went nowhere
    (issue 10, finding 2): a command that rewrites the whole file waits for the app."""
    from sos_meeting.holds import hold_for_app

    meeting_id = seed_meeting(db)
    app_hold = hold_for_app(db_path)
    assert app_hold is not None
    try:
        assert main(["--db", str(db_path), "retention", "--title", "Family A", "--yes"]) == 2
        assert "is open in sos-meeting" in capsys.readouterr().err
        monkeypatch.setenv("SOS_MEETING_PASSPHRASE", "a long passphrase")
        assert main(["--db", str(db_path), "encrypt"]) == 2
        assert "is open in sos-meeting" in capsys.readouterr().err
        assert store.load(db, meeting_id).meeting.title == "Family A"
    finally:
        app_hold.release()
    assert main(["--db", str(db_path), "retention", "--title", "Family A", "--yes"]) == 0
    assert store.list_meetings(db) == []


async def test_the_app_waits_while_a_command_rewrites_the_database(db_path: Path) -> None:
    from sos_meeting.holds import hold_for_maintenance

    open_database(str(db_path)).close()
    maintenance = hold_for_maintenance(db_path)
    try:
        app = SosMeetingApp(str(db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await settled(pilot)
            assert isinstance(app.screen, ProblemScreen)
            assert "being maintained by another sos-meeting command" in shown(
                pilot, "#problem-message"
            )
    finally:
        if maintenance is not None:
            maintenance.release()


def _round_with_sam(db: Database) -> tuple[int, int, int]:
    """A meeting with a scale in its first round: the meeting, the round and Sam."""
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    return meeting_id, round_id, store.load(db, meeting_id).participants[0].id


def test_an_entry_from_another_screen_is_never_superseded_unseen(
    db: Database, db_path: Path
) -> None:
    """A second laptop's 8 superseded the first's 3, which it had never shown (issue 10, 6)."""
    _, round_id, sam = _round_with_sam(db)
    other_laptop = open_database(str(db_path))
    try:
        three = store.record_score(other_laptop, round_id, sam, typed="3", reason="first")
    finally:
        other_laptop.close()
    with pytest.raises(store.StaleEntry, match="another screen"):
        store.record_score(db, round_id, sam, typed="8", reason="second", seen=None)
    assert [s.value for s in store.score_history(db, round_id, sam)] == [3.0]
    # Having seen it, a correction supersedes exactly that entry.
    store.record_score(db, round_id, sam, typed="8", reason="seen it", seen=three.id)
    assert [s.value for s in store.score_history(db, round_id, sam)] == [3.0, 8.0]


async def test_the_round_says_not_saved_when_another_screen_got_there_first(
    db: Database, db_path: Path
) -> None:
    from textual.widgets import Input

    from sos_meeting.domain import Step

    from .pilot_helpers import typed

    meeting_id, round_id, sam = _round_with_sam(db)
    store.set_place(db, meeting_id, Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, Step.SCALING)
        assert app.focused is not None and app.focused.id == "score-value"
        # A change the screen has not heard of yet (screens are live: once it arrives, the
        # turn moves past Sam and there is nothing to refuse).
        app.stop_watching.set()
        other_laptop = open_database(str(db_path))
        try:
            store.record_score(other_laptop, round_id, sam, typed="3", reason="first")
        finally:
            other_laptop.close()
        await burst(pilot, *typed("8\nmine\n\n"))
        await settled(pilot)
        assert "another screen" in shown(pilot, "#meeting-status")
        assert app.screen.query_one("#score-value", Input).value == "8"
        assert app.screen.query_one("#score-reason", Input).value == "mine"
    assert [s.value for s in store.score_history(db, round_id, sam)] == [3.0]


async def test_a_scale_started_without_its_ends_says_so_in_sight_at_80x24(db: Database) -> None:
    """The scale form's message line was at its foot, out of sight at 80x24 while the cursor
    sat on the box it was about: ctrl+s with "10 means" empty seemed to do nothing."""
    from textual.widgets import Static

    from screens.meeting import MeetingScreen
    from sos_meeting.domain import Step

    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Step.SCALING)
        await burst(pilot, "ctrl+s")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        line = screen.query_one("#define-error", Static)
        assert "Write what 10 means before the round starts." in shown(pilot, "#define-error")
        assert line.region and screen.region.contains_region(line.region)
        assert screen.focused is not None and screen.focused.id == "scale-ten"
        await burst(pilot, "enter")  # Enter on the empty box says the same kind of thing
        await settled(pilot)
        assert "Write what 10 means first" in shown(pilot, "#define-error")
        assert line.region and screen.region.contains_region(line.region)
        assert not screen.query_one("#round-error", Static).display
    assert store.load(db, meeting_id).scales == ()
