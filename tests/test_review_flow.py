"""A first meeting and its review in the app: carry-over, last time's scores only after
everyone has scored, next-step decisions, and the family's trend."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.pilot import Pilot

from screens.app import SosMeetingApp
from screens.meeting_list import MeetingList
from screens.trend import TrendScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import StepStatus

from .pilot_helpers import screen_text, settled, shown, type_in
from .test_families import first_meeting

SCORES = ("6", "8", "6", "5", "5")


async def review_from_home(pilot: Pilot[Any]) -> None:
    await settled(pilot)
    await pilot.press("ctrl+r")  # review the highlighted (only) meeting
    await settled(pilot)
    await type_in(pilot, "", "enter")  # the date is today; Enter starts the review
    await settled(pilot)
    await settled(pilot)


async def test_a_review_of_the_same_family(db: Database) -> None:
    first = first_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await review_from_home(pilot)
        review_id = app.screen.meeting_id  # type: ignore[attr-defined]
        assert review_id != first
        assert "review" in str(app.screen.sub_title)
        # People and the open next step came across.
        assert "Sam" in screen_text(pilot)
        await pilot.press("f3")
        await settled(pilot)
        await pilot.press("right", "right")  # to "What needs to happen?", which widens
        await settled(pilot)
        text = " ".join(screen_text(pilot).replace("│", " ").split())
        assert "Jo to visit weekly (Jo, by 01 Oct 2026) ↻ from last time" in text
        assert "Dad to see the GP" not in text  # done last time, so not carried
        # Decide what became of it: ctrl+d cycles done / not done / carried over.
        await pilot.press("ctrl+d")
        await settled(pilot)
        assert store.load(db, review_id).items[0].status is StepStatus.DONE
        # Score the carried scale; last time stays hidden until everyone has scored.
        await pilot.press("f5")
        await settled(pilot)
        await pilot.press("enter")  # "Save and go round the room": definitions carried over
        await settled(pilot)
        for number in SCORES[:4]:
            await type_in(pilot, number, "enter")
            await type_in(pilot, "better now", "enter", "enter")
        await pilot.press("f6")
        await settled(pilot)
        waiting = shown(pilot, "#spread-last")
        assert "Last meeting's scores show here once everyone here has scored" in waiting
        assert "moved from" not in screen_text(pilot)
        await pilot.press("f5")
        await settled(pilot)
        await type_in(pilot, SCORES[4], "enter")
        await type_in(pilot, "better now", "enter", "enter")
        await pilot.press("f6")
        await settled(pilot)
        last = shown(pilot, "#spread-last")
        assert "Last meeting (01 Sep 2026): median 4, from 2 to 7." in last
        assert "Sam moved from 4 to 6" in last
        assert "family 5.5 → 7" in last
        # The family's trend, from the meetings list.
        await pilot.press("escape")
        await settled(pilot)
        app.screen.query_one("#meetings", MeetingList).focus()
        await pilot.press("ctrl+t")
        await settled(pilot)
        assert isinstance(app.screen, TrendScreen)
        trend = screen_text(pilot)
        assert "The median went up from 4 to 6 over 2 meetings." in trend
        # The review is held today (the form's default date), whatever day the suite runs.
        assert "01 Sep 26" in trend and f"{date.today():%d %b %y}" in trend
