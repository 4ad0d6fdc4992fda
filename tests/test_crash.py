"""An unexpected error in a screen: a plain message, no meeting content anywhere, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from screens.app import SosMeetingApp
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Column, Step

from .conftest import seed_meeting
from .pilot_helpers import settled, shown, type_in

SECRET = "Sam told us about the night of 3 June"


async def test_error_in_a_screen_prints_no_meeting_text(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    meeting_id = seed_meeting(db)
    store.add_item(db, meeting_id, Column.WORRIES, "Saved before the error")
    store.set_place(db, meeting_id, Step.MAPPING)
    logs = tmp_path / "logs"
    monkeypatch.setattr("sos_meeting.diagnostics.log_folder", lambda: logs)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"could not show {SECRET}")

    # A defect in the screen itself (not in a save): the app must stop, and say little.
    monkeypatch.setattr("screens.mapping.MappingStep._submit", broken)
    app = SosMeetingApp(database=db)

    async def add_an_item() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            await pilot.press("enter")
            await settled(pilot)
            await pilot.press("ctrl+n")
            await type_in(pilot, SECRET, "enter")

    with pytest.raises(RuntimeError):
        await add_an_item()
    captured = capfd.readouterr()
    printed = " ".join((captured.err + captured.out).split())  # unwrap the terminal lines
    assert "unexpected problem" in printed
    assert "Everything shown as saved is in the database" in printed
    assert "3 June" not in printed and "Sam" not in printed
    [diagnostic] = list(logs.iterdir())
    assert (diagnostic.stat().st_mode & 0o777) == 0o600
    written = diagnostic.read_text()
    assert "RuntimeError" in written and "3 June" not in written
    assert str(diagnostic).replace(" ", "") in printed.replace(" ", "")
    monkeypatch.undo()
    assert [i.text for i in store.load(db, meeting_id).items] == ["Saved before the error"]


async def test_error_in_a_save_keeps_the_app_and_gives_the_text_back(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A defect that stops one save: the room carries on, the typed words come back to the
    box, the diagnostic names no content, and later entries still save."""
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    logs = tmp_path / "logs"
    monkeypatch.setattr("sos_meeting.diagnostics.log_folder", lambda: logs)
    real_add = store.add_item

    def broken_once(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(store, "add_item", real_add)
        raise RuntimeError(f"could not save {SECRET}")

    monkeypatch.setattr(store, "add_item", broken_once)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("ctrl+n")
        await type_in(pilot, SECRET, "enter")
        assert app.screen.query_one("#map-input", Input).value == SECRET
        assert "Not saved" in shown(pilot, "#meeting-status")
        await pilot.press("enter")
        await settled(pilot)
    [diagnostic] = list(logs.iterdir())
    assert "RuntimeError" in diagnostic.read_text() and "3 June" not in diagnostic.read_text()
    assert [i.text for i in store.load(db, meeting_id).items] == [SECRET]
