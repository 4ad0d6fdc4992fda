"""F1: what to do next where the facilitator is, and the keys that work there, read from
the bindings themselves."""

from __future__ import annotations

from textual.widgets import Static

from screens.app import SosMeetingApp
from screens.commands import offered
from screens.help import NEXT, HelpScreen, keys_here
from sos_meeting.database import Database

from .pilot_helpers import settled, until
from .test_snapshots import full_meeting

STEPS = {"f2": "people", "f3": "mapping", "f4": "statements", "f5": "scaling", "f6": "spread"}


async def test_f1_on_each_step_says_what_next_and_lists_the_keys_from_the_bindings(
    db: Database,
) -> None:
    full_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 34)) as pilot:
        await settled(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert (
            str(app.screen.query_one("#help-title", Static).render()) == "Help: The meetings list"
        )
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        for key, step in STEPS.items():
            await pilot.press(key)
            await settled(pilot)
            under = app.screen
            commands = offered(under)
            assert commands, step
            for width in (40, 76, 110):
                text = keys_here(under, width)
                assert all(len(line) <= width for line in text.splitlines()), (step, width)
                flat = " ".join(text.split())
                for command in commands:
                    assert command.key in text and command.title in flat, (step, command)
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            shown = str(app.screen.query_one("#help-next", Static).render())
            assert " ".join(shown.split()) == NEXT[step]
            keys = str(app.screen.query_one("#help-keys", Static).render())
            assert commands[0].title in " ".join(keys.split())
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "closed")
