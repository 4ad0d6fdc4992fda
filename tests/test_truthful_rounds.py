"""The scaling round tells the truth: reveals, movement, comparisons and wording a chair can
read out to the family (each test failed on the app before it was fixed)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable

from screens.app import SosMeetingApp
from screens.dialogs import Confirm
from screens.spread import SpreadStep
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import RoundMode, Step

from .conftest import seed_meeting
from .pilot_helpers import burst, settled, shown, until
from .test_private_rounds import EIGHT, private_scale

SIX = EIGHT[:6]


async def test_a_partial_private_round_names_who_is_missing_and_reveals_only_when_told(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, SIX)
    store.save_scale(
        db, meeting_id, question="Overall", pair_id=None, ten_means="Safe", zero_means="Hurt"
    )
    scale_id = private_scale(db, meeting_id)  # the second scale: the one being scored
    people = store.load(db, meeting_id).participants
    round_id = store.load(db, meeting_id).scale(scale_id).rounds[0].id  # type: ignore[union-attr]
    for person, number in zip(people[:3], ("4", "5", "6"), strict=True):
        store.record_score(db, round_id, person.id, typed=number, reason="because")
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        question = shown(pilot, "#confirm-question")
        assert (
            "Lee (Uncle), Jo (Social worker) and Kim (Class teacher) have not scored yet "
            "in round 1" in question
        )
        assert str(app.screen.query_one("#confirm-keep", Button).label) == "Wait"
        await burst(pilot, "enter")  # the focused answer is to wait
        await settled(pilot)
        assert store.load(db, meeting_id).scale(scale_id).rounds[0].revealed_at is None  # type: ignore[union-attr]
        assert "Waiting" in shown(pilot, "#scaling .step-error")
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await burst(pilot, "tab", "enter")  # "Reveal now"
        await settled(pilot)
        round_ = store.load(db, meeting_id).scale(scale_id).rounds[0]  # type: ignore[union-attr]
        assert round_.revealed_at is not None
        assert round_.closed_at is None  # revealing never closes the round
        # The spread view shows the scale just revealed, from the top.
        spread = app.screen.panels[Step.SPREAD]  # type: ignore[attr-defined]
        assert isinstance(spread, SpreadStep) and spread.scale_id == scale_id
        assert app.screen.query_one("#spread-body", VerticalScroll).scroll_y == 0
        assert "Lowest 4 · Highest 6" in shown(pilot, "#spread-figures")
        # Closing is its own act: someone still to score is named first.
        await burst(pilot, "f5")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Close round 1 without them?" in shown(pilot, "#confirm-question")
        await burst(pilot, "tab", "enter")
        await settled(pilot)
    assert store.load(db, meeting_id).scale(scale_id).rounds[0].closed_at is not None  # type: ignore[union-attr]
    assert RoundMode.PRIVATE is store.load(db, meeting_id).scale(scale_id).rounds[0].mode  # type: ignore[union-attr]
