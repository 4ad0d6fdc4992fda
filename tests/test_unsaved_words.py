"""Words typed and not saved are never thrown away without asking: leaving the meeting with
some in a box names them and offers to stay (the safe answer, with the cursor)."""

from __future__ import annotations

from screens.app import SosMeetingApp
from screens.dialogs import Confirm
from screens.meeting import MeetingScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Step

from .conftest import seed_meeting
from .pilot_helpers import burst, open_at, settled, typed, until


async def test_leaving_with_a_next_step_half_typed_asks_first(db: Database) -> None:
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        await burst(
            pilot,
            "right",
            "right",  # what needs to happen: Enter asks who will do it before saving
            *typed("Ask the school about Ben\n"),
            "escape",  # out of the box: the words stay in it
            "escape",  # leave the meeting
        )
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Mapping: “Ask the school about Ben”" in app.screen.question  # type: ignore[attr-defined]
        await burst(pilot, "enter")  # the cursor is on "Stay"
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await settled(pilot)
        assert app.screen.query_one("#map-input").value == "Ask the school about Ben"  # type: ignore[attr-defined]
        await burst(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question again")
        await burst(pilot, "shift+tab", "enter")  # Leave without saving
        await until(pilot, lambda: not isinstance(app.screen, MeetingScreen | Confirm), "home")
    assert store.load(db, meeting_id).items == ()


async def test_leaving_with_nothing_typed_asks_nothing(db: Database) -> None:
    """A person typed from the list (the first letter moves the cursor to the form), saved,
    then Esc twice, all without waiting: the Esc keys wait for the letters typed before
    them (they were once acted on first, leaving the meeting with the person half typed)."""
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        # Typed straight on from the list: the Esc keys act after the person is saved.
        await burst(pilot, *typed("Lee\nUncle\n\nn\n"), "escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, MeetingScreen), "home")
        assert not isinstance(app.screen, Confirm)
    assert [p.name for p in store.load(db, meeting_id).participants][-1] == "Lee"
