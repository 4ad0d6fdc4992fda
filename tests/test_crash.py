"""An unexpected error in a screen: a plain message, no meeting content anywhere, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.app import SosMeetingApp
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Column, Step

from .conftest import seed_meeting
from .pilot_helpers import type_in

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
        raise RuntimeError(f"could not save {SECRET}")

    monkeypatch.setattr(store, "add_item", broken)
    app = SosMeetingApp(database=db)

    async def add_an_item() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("n")
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
