"""Keys land where the screen showed the cursor when they were typed, however fast they come.

Textual hands each key to the focused widget's own queue and carries on. When a facilitator
types ahead (the next entry while Enter is still being handled, or a whole burst from a fast
typist or a paste), keys typed after an Enter that moves the cursor are already queued for the
old box. Two rules fix that:

- A hand-over (an Enter that saves and moves on, a step being built, a meeting opening)
  holds the keys that arrive meanwhile, in order, and releases them to whatever has the
  cursor once the hand-over is done.
- A widget that receives a key after the cursor has left it passes the key on instead of
  acting on it.

Every key is numbered as it arrives, and held keys stay in that order, whichever way they
reach the hold. A command key (Tab, ctrl+s, an F-key) acts once the box has taken the keys
typed before it; if one of those was an Enter whose hand-over is still under way (a terminal
can deliver Enter and Tab together), the command waits its turn among the held keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, ListView, OptionList

if TYPE_CHECKING:
    from textual.timer import Timer

ALWAYS_ACT = frozenset({"ctrl+q", "ctrl+c"})
"""Keys that act at once, even while others are held."""

HOLD_AT_MOST = 3.0
"""Seconds after which held keys are let go even if a hand-over never said it was done,
so that a mistake can never swallow the keyboard."""


ORDER = "_sos_order"
"""The attribute that carries a key's place in the order it was typed."""


def order_of(event: events.Key) -> int:
    """Where `event` came in the order the keys were typed (0: not from the terminal)."""
    return int(getattr(event, ORDER, 0))


def copy_key(event: events.Key) -> events.Key:
    """A fresh event for the same key, in the same place in the typing order."""
    copy = events.Key(event.key, event.character)
    setattr(copy, ORDER, order_of(event))
    return copy


@dataclass
class Command:
    """A command key's action, waiting its turn among the held keys."""

    order: int
    action: Callable[[], Awaitable[object] | object]


class OrderedKeysApp(App[None]):
    """An app whose keys keep their order across hand-overs."""

    BINDINGS = [
        Binding("tab", "next_box(1)", "Next", show=False, priority=True),
        Binding("shift+tab", "next_box(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._holds = 0
        self._held: list[events.Key | Command] = []
        """Keys (and command keys' actions) waiting for a hand-over, in the order typed."""
        self.typing_order = 0
        """The place in the typing order of the key being given out now."""
        self._hold_timer: Timer | None = None
        self.keys_received = 0
        """Keys the terminal has handed to the app so far (for tests that type ahead)."""
        self.closing = False
        """Set when the app is ending on a signal: keys still queued are dropped."""
        self._handing_over: set[Widget] = set()
        """Widgets whose own Enter began the hand-over under way: the keys still queued
        behind that Enter were typed after it, so they wait with the held keys."""

    def keep(self, held: events.Key | Command) -> None:
        """Add to the held keys, in the order they were typed (a key can reach here late,
        passed on by a widget that had it queued)."""
        order = self._order(held)
        place = len(self._held)
        while place and self._order(self._held[place - 1]) > order:
            place -= 1
        self._held.insert(place, held)

    @staticmethod
    def _order(held: events.Key | Command) -> int:
        return held.order if isinstance(held, Command) else order_of(held)

    @property
    def holding_keys(self) -> bool:
        return self._holds > 0 or bool(self._held)

    def hold_keys(self, handing_over: Widget | None = None) -> None:
        """Keep keys from now on until `release_keys` (hand-overs may nest). With
        `handing_over`, that widget's own key began it (see `pass_on`)."""
        self._holds += 1
        if handing_over is not None:
            self._handing_over.add(handing_over)
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_AT_MOST, self._release_all, name="held keys")

    def release_keys(self) -> None:
        """One hand-over is done; once none is left, give the held keys to the cursor."""
        self._holds = max(0, self._holds - 1)
        if self._holds == 0:
            self._handing_over.clear()
            if self._hold_timer is not None:
                self._hold_timer.stop()
                self._hold_timer = None
            # Behind any key already queued for the app, which `on_event` adds to the held.
            self.call_later(self._replay)

    def _release_all(self) -> None:
        self._holds = 1
        self.release_keys()

    async def _replay(self) -> None:
        """Give the held keys to the cursor one at a time, each taken before the next goes:
        any of them may begin another hand-over, and the rest then wait, still in order."""
        if self.closing:
            self._held.clear()
            return
        while self._held and self._holds == 0 and self.screen_stack:
            held = self._held.pop(0)
            if isinstance(held, Command):
                self.typing_order = held.order
                focused = self.focused
                act_in_turn(focused if focused is not None else self.screen, held.action)
                continue
            target = await self._dispatch_key(held)
            if target is not None:
                await self._taken(target)

    async def _taken(self, widget: Widget) -> None:
        """Wait until `widget` has handled what is queued for it."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def mark() -> None:
            if not done.done():
                done.set_result(None)

        widget.call_later(mark)
        # A widget removed meanwhile never answers; the keys must not wait on it forever.
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done, timeout=HOLD_AT_MOST)

    async def _dispatch_key(self, event: events.Key) -> Widget | None:
        """Give a key from the terminal to the cursor, in turn with the keys before it.

        A command key (not a letter) bound anywhere above the focused widget would
        otherwise act only when it has bubbled up to the app, after the letters typed
        behind it had gone to the old box: it acts in turn instead.
        """
        self.typing_order = order_of(event)
        if await self._check_bindings(event.key, priority=True):
            return None
        focused = self.focused
        if (
            focused is not None
            and not event.is_printable
            and event.key not in getattr(focused, "OWN_KEYS", frozenset())
            and any(event.key in b.key_to_bindings for _, b in self.screen._modal_binding_chain)
        ):
            key = event.key

            async def run_binding() -> None:
                await self._check_bindings(key)

            act_in_turn(focused, run_binding)
            return None
        # Not `focused or screen`: an empty list is falsy.
        target = focused if focused is not None else self.screen
        target._forward_event(event)
        return target

    def pass_on(self, widget: Widget, event: events.Key) -> bool:
        """For a widget given `event`: keep it (held) or give it to the widget that now has
        the cursor. True when the key was passed on, and `widget` must not act on it.

        A key queued for a widget whose own Enter began a hand-over was typed after that
        Enter; so was one queued for a widget the cursor has left. Any other key queued
        for the widget is its own, even while keys are held for a command: the command
        waits its turn behind it (`act_in_turn`)."""
        if self.closing:  # ending on a signal: keys still queued here are dropped
            event.stop()
            event.prevent_default()
            return True
        moved = self.focused is not None and self.focused is not widget
        if widget in self._handing_over or (moved and self.holding_keys):
            self.keep(copy_key(event))
        elif moved and self.focused is not None:
            self.focused._forward_event(copy_key(event))
        else:
            return False
        event.stop()
        event.prevent_default()
        return True

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """A new screen is a hand-over: keys typed meanwhile go to it once it has the cursor."""
        self.hold_keys()
        result = super().push_screen(screen, *args, **kwargs)
        target = screen if isinstance(screen, Widget) else self.screen
        target.call_after_refresh(self.release_keys)
        return result

    def pop_screen(self) -> Any:
        """Back to the screen below: keys typed meanwhile go to its cursor."""
        self.hold_keys()
        result = super().pop_screen()
        self.screen.call_after_refresh(self.release_keys)
        return result

    def action_next_box(self, direction: int) -> None:
        """Tab: the next box, once the box being left has taken the keys typed into it."""

        def move() -> None:
            if direction > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()

        act_in_turn(self.screen, move)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """An entry's Enter has been handled all the way up: its hand-over is done."""
        if isinstance(event.input, EntryInput):
            self.release_keys()

    def on_one_key_choice_submitted(self, event: Message) -> None:
        """A choice's Enter has been handled all the way up: its hand-over is done."""
        self.release_keys()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._handed_over(event.data_table)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        self._handed_over(event.list_view)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._handed_over(event.option_list)

    def _handed_over(self, widget: Widget) -> None:
        """A list's Enter (not a click) has been acted on all the way up."""
        if isinstance(widget, OrderedList) and widget.handovers:
            widget.handovers -= 1
            self.release_keys()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.keys_received += 1
            if self.closing:
                return  # ending: keys still queued from the terminal are not typed
            setattr(event, ORDER, self.keys_received)
            if not self.screen_stack:
                return  # closing: there is nowhere for it to go
            if self.holding_keys and event.key not in ALWAYS_ACT:
                self.keep(copy_key(event))  # the original is spent once handled here
                return
            if event.key not in ALWAYS_ACT:
                await self._dispatch_key(event)
                return
        await super().on_event(event)


def pass_on(widget: Widget, event: events.Key) -> bool:
    """`OrderedKeysApp.pass_on` where the app keeps keys in order (always, in this app)."""
    app = widget.app
    return isinstance(app, OrderedKeysApp) and app.pass_on(widget, event)


def hold_keys(widget: Widget, *, handing_over: bool = False) -> None:
    """Hold keys; with `handing_over`, `widget`'s own key (being handled now) began it."""
    if isinstance(widget.app, OrderedKeysApp):
        widget.app.hold_keys(widget if handing_over else None)


def release_keys(widget: Widget) -> None:
    if isinstance(widget.app, OrderedKeysApp):
        widget.app.release_keys()


def act_in_turn(widget: Widget, action: Callable[[], Awaitable[object] | object]) -> None:
    """Run `action` once the widget with the cursor has taken the keys typed before the
    command key, and hold the keys typed after it until `action` is done.

    For commands that read what was typed (save this pair, pass this person) and that a
    binding runs, which can come before the box has caught up with the keys."""
    app = widget.app
    order = app.typing_order if isinstance(app, OrderedKeysApp) else 0
    hold_keys(widget)
    focused = app.focused
    target = focused if focused is not None else widget.screen

    async def in_turn() -> None:
        nonlocal target
        now = app.focused
        if now is not None and now is not target:
            # The cursor moved while the keys before the command were being taken (a letter
            # typed in a list starts a box): those keys were passed on to it, so the command
            # waits behind them there.
            target = now
            target.call_later(in_turn)
            return
        if isinstance(app, OrderedKeysApp) and (
            app._handing_over or any(app._order(held) < order for held in app._held)
        ):
            # A key typed before the command (an Enter) began a hand-over that is not done
            # yet, or keys typed before it were held meanwhile (passed on to a box the
            # cursor moved to): the command waits among the held keys, in its place.
            app.keep(Command(order, action))
            release_keys(widget)
            return
        try:
            result = action()
            if isinstance(result, Awaitable):
                await result
        finally:
            release_keys(widget)

    target.call_later(in_turn)


def type_into(
    source: Widget, event: events.Key, box: Widget, prepare: Callable[[], object] | None = None
) -> None:
    """A letter typed in a list (`source`) starts typing in `box`, with that letter: the
    cursor moves there at once, after `prepare` (which may clear or point the box)."""
    event.stop()
    event.prevent_default()
    hold_keys(source)
    if prepare is not None:
        prepare()
    focus_now(box)
    box._forward_event(copy_key(event))
    release_keys(source)


def begin_hand_over(widget: Widget, event: events.Key) -> None:
    """`widget`'s own key (Enter) begins a hand-over: the key goes no further, and the keys
    queued behind it wait with the held keys until the hand-over is done."""
    event.stop()
    event.prevent_default()
    hold_keys(widget, handing_over=True)


def focus_now(widget: Widget) -> None:
    """Move the cursor at once (Widget.focus waits its turn behind queued keys)."""
    widget.screen.set_focus(widget)


class EntryInput(Input):
    """A text box for type-ahead: Enter hands over at once, every key in order.

    It handles its own keys (Enter and its editing keys) where they arrive, in order.
    On Enter it holds the keys that follow and posts `Submitted` with the text as it was;
    the step's handler saves, clears or moves on, then calls `release_keys`. The box's own
    editing keys (backspace, arrows, Home, End) act in turn with the letters around them.
    """

    OWN_KEYS = frozenset(
        {"enter", "backspace", "delete", "left", "right", "home", "end"}
        | {"ctrl+left", "ctrl+right", "shift+left", "shift+right"}
    )

    def _watch_value(self, value: str) -> None:
        """As Input's, but without a layout pass of the whole screen for every letter.

        Input sets its virtual size on each change, which lays out every widget on the
        screen again; the size matters only once the text is wider than the box (to scroll
        it), so it is set only then."""
        width = self.content_width
        box = self.content_size.width
        if width > box or self.virtual_size.width > box or not box:
            self.virtual_size = Size(width, 1)
        self._suggestion = ""
        if self.suggester and value:
            self.run_worker(self.suggester._get_suggestion(self, value))
        if self.styles.auto_dimensions:
            self.refresh(layout=True)
        validation_result = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation_result))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False
        else:
            self.selection = self.selection

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event):
            return
        if event.key == "enter":
            begin_hand_over(self, event)
            self.post_message(self.Submitted(self, self.value))
            return
        if event.is_printable:
            return  # Input's own handler types it
        for binding in self._bindings.key_to_bindings.get(event.key, []):
            event.stop()
            event.prevent_default()
            await self.run_action(binding.action)
            return


async def _enter_hands_over(widget: OrderedList, event: events.Key) -> None:
    """Enter selects, and keys typed after it wait until the selection has been acted on
    (the app lets them go when the selection message has been handled)."""
    if pass_on(widget, event) or event.key != "enter":
        return
    widget.handovers += 1
    begin_hand_over(widget, event)
    if isinstance(widget, OrderedOptionList):
        widget.action_select()
    else:
        widget.action_select_cursor()


class OrderedDataTable(DataTable[object]):
    """A table of rows that passes on keys typed after the cursor left it; Enter hands over;
    Home and End go to the first and last row."""

    BINDINGS = [
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]
    OWN_KEYS = frozenset({"enter"})

    handovers = 0

    async def _on_key(self, event: events.Key) -> None:
        await _enter_hands_over(self, event)

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class OrderedListView(ListView):
    """A list that passes on keys typed after the cursor left it; Enter hands over; Home
    and End go to the first and last entry."""

    BINDINGS = [
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]
    OWN_KEYS = frozenset({"enter"})

    handovers = 0

    async def _on_key(self, event: events.Key) -> None:
        await _enter_hands_over(self, event)

    def action_first(self) -> None:
        if len(self):
            self.index = 0

    def action_last(self) -> None:
        if len(self):
            self.index = len(self) - 1


class OrderedOptionList(OptionList):
    """A list of entries drawn as lines of one widget (adding one lays out nothing else on
    the screen), that passes on keys typed after the cursor left it; Enter hands over.
    Home and End (OptionList's own) go to the first and last entry."""

    OWN_KEYS = frozenset({"enter"})

    handovers = 0

    async def _on_key(self, event: events.Key) -> None:
        await _enter_hands_over(self, event)


OrderedList = OrderedDataTable | OrderedListView | OrderedOptionList
"""The lists whose Enter hands over."""
