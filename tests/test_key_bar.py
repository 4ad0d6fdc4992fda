"""The bottom line of keys: it shows what works where the cursor is, and a click presses it."""

from __future__ import annotations

from screens.app import SosMeetingApp
from screens.key_bar import KeyBar
from screens.meeting_form import MeetingForm
from sos_meeting.database import Database
from sos_meeting.domain import Step

from .conftest import seed_meeting
from .pilot_helpers import burst, open_at, settled, until


def descriptions(app: SosMeetingApp) -> list[str]:
    return [shown.description for shown in app.screen.query_one(KeyBar).keys]


async def test_the_keys_follow_the_cursor_and_a_click_presses_one(db: Database) -> None:
    seed_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot)
        assert "New meeting" in descriptions(app)
        await open_at(pilot, Step.PEOPLE)
        on_people = descriptions(app)
        assert "Details" in on_people and "New meeting" not in on_people
        await burst(pilot, "f3")
        await settled(pilot)
        await until(pilot, lambda: descriptions(app) != on_people, "the mapping's keys")
        await burst(pilot, "escape", "escape")
        await until(pilot, lambda: "New meeting" in descriptions(app), "the list's keys")
        bar = app.screen.query_one(KeyBar)
        [start] = [start for start, _, key in bar.spans if key.description == "New meeting"]
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await until(pilot, lambda: isinstance(app.screen, MeetingForm), "the new-meeting form")
