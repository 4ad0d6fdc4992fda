"""Driving the app the way a facilitator does: keys, then a look at what was saved."""

from __future__ import annotations

import io

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea


async def type_in(pilot: Pilot[None], text: str, *then: str) -> None:
    """Put `text` into the focused box (as a paste would), then press the keys in `then`.

    Pressing every character through Pilot costs about 50 ms a key; the keys that
    drive the app (Enter, Tab, F-keys, letters in lists) are always really pressed.
    """
    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    elif isinstance(focused, TextArea):
        focused.insert(text)
    elif text:
        await pilot.press(*text)
    if then:
        await pilot.press(*then)
    await pilot.pause()


def shown(pilot: Pilot[None], selector: str) -> str:
    """The plain text a Static shows."""
    return str(pilot.app.screen.query_one(selector, Static).render())


def screen_text(pilot: Pilot[None]) -> str:
    """Everything on the screen as plain text: what the room can read, as a terminal gets it.

    Built the way `App.export_screenshot` builds its SVG, but exported as text.
    """
    app = pilot.app
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()
