"""Driving the app the way a facilitator does: keys, then a look at what was saved."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

if TYPE_CHECKING:
    from sos_meeting.domain import Step

PATIENCE = 120.0
"""The most seconds a test waits for something that must happen: generous, because the
machines running the suite are shared and can be very busy. A wait ends as soon as its
condition holds; this only turns a hang into a failure."""


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition` holds (the app keeps running meanwhile)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > PATIENCE:
            raise AssertionError(f"gave up waiting for {what}")
        await pilot.pause(0.01)


def settled_now(app: object) -> bool:
    """Nothing typed is held, and every meeting screen has saved all it was asked to."""
    from screens.keys import OrderedKeysApp
    from screens.meeting import MeetingScreen

    if isinstance(app, OrderedKeysApp) and (
        app.holding_keys or app.keys_received < getattr(app, "keys_sent", 0)
    ):
        return False
    stack = getattr(app, "screen_stack", [])
    return not any(isinstance(s, MeetingScreen) and (s.waiting or s.record is None) for s in stack)


async def settled(pilot: Pilot[None]) -> None:
    """Wait until every key is where it goes and every entry asked for is saved."""
    await until(pilot, lambda: settled_now(pilot.app), "the entries to be saved")
    await pilot.pause()


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send `keys` all at once, as a fast typist or a paste does: nothing waits for the app
    between them. Single characters are typed as themselves."""
    from textual import events

    app = pilot.app
    driver = app._driver
    assert driver is not None
    app.keys_sent = getattr(app, "keys_sent", 0) + len(keys)  # type: ignore[attr-defined]
    for key in keys:
        if len(key) == 1:
            name = {" ": "space"}.get(key, key)
            event = events.Key(_key_name(name), key)
        else:
            event = events.Key(key, None)
        event.set_sender(app)
        driver.send_message(event)
    await asyncio.sleep(0)


async def open_at(pilot: Pilot[None], step: Step) -> None:
    """Open the highlighted meeting from the meetings list, and check it opened on `step`
    (where it was left)."""
    from textual.widgets import TabbedContent

    from screens.meeting import MeetingScreen

    app = pilot.app
    await settled(pilot)
    await burst(pilot, "enter")
    await settled(pilot)
    assert isinstance(app.screen, MeetingScreen)
    assert app.screen.query_one("#steps", TabbedContent).active == step.value


def _key_name(character: str) -> str:
    from textual.keys import _character_to_key

    if character.isalnum() or character == "space":
        return character
    return _character_to_key(character)


def typed(text: str) -> list[str]:
    """`text` as keys for `burst`: each character, and Enter for each new line."""
    return ["enter" if c == "\n" else c for c in text]


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
    await settled(pilot)


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
