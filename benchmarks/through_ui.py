"""What the facilitator feels, timed through the real widgets of a headless app.

Each figure runs from a key handed to the app (as the terminal hands it) to the moment its
result has been painted: a key's letter in a bare Textual Input, "Saved ✓" on the meeting's
status line, the meeting on screen. The baseline, a bare Input echoing a key, is timed in
the same run, so a slow machine is judged against itself.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

POLL = 0.0005
"""Seconds between looks at the state being timed: a look that never yields the event loop
would keep the GIL from the app's writer thread, which a real terminal's idle loop does not."""

REFERENCE_ECHO_MS = 20.0
"""The baseline (bare Input, key to letter painted, which includes waiting for the next frame)
on the kind of machine where the issue's millisecond targets were set: 19.4 to 20.1 ms,
measured 2026-11-26 on 2 cores with the test suite running beside it (a quiet machine is
faster, which makes the scaled targets stricter, not looser). Targets are scaled by how far
this run's baseline is from it."""


@dataclass
class Timing:
    name: str
    samples: list[float]  # seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def send(app: App[Any], key: str, character: str | None = None) -> None:
    """Hand `key` to the app as its terminal driver does."""
    event = events.Key(key, character)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def painted(app: App[Any]) -> None:
    """Wait for the next screen refresh to be done."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finish() -> None:
        if not done.done():
            done.set_result(None)

    app.call_after_refresh(finish)
    await done


async def settled(app: App[Any]) -> None:
    """Wait until the screen has painted everything asked of it so far: a step just shown
    lays itself out again once it knows its size (a column's scroll bar appears), and the
    tabs' underline slides to it for 0.3 s; that work is not the next key's."""
    await asyncio.sleep(0.05)  # the underline starts to slide 0.02 s after the step is shown
    await app.animator.wait_for_idle()
    await painted(app)
    screen = app.screen
    while screen._layout_required or screen._dirty_widgets:
        await painted(app)


async def until(condition: Callable[[], bool], cap: float = 60.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > cap:
            raise RuntimeError("the app never reached the state being timed")
        await asyncio.sleep(POLL)


async def key_to_painted(
    app: App[Any], key: str, done: Callable[[], bool], character: str | None = None
) -> float:
    began = time.perf_counter()
    send(app, key, character)
    await until(done)
    await painted(app)
    return time.perf_counter() - began


# The baseline -------------------------------------------------------------------------------


class Echo(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="echo")


async def echo_baseline(samples: int) -> Timing:
    app = Echo()
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#echo", Input)
        box.focus()
        await pilot.pause()
        for n in range(samples):
            if n % 40 == 0:
                box.value = ""
            expected = len(box.value) + 1
            times.append(
                await key_to_painted(app, "a", lambda e=expected: len(box.value) == e, "a")  # type: ignore[misc]
            )
    return Timing("bare Textual Input, key to letter painted", times)


# The meeting ----------------------------------------------------------------------------------


async def in_meeting(
    db_path: Path, meeting_id: int, body: Callable[[Any, Any], Awaitable[list[Timing]]]
) -> list[Timing]:
    """Open the meeting from the home list in the real app, then run `body(app, screen)`."""
    from screens.app import SosMeetingApp
    from screens.meeting import MeetingScreen
    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Step

    db = open_database(str(db_path))
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.screen.open_meeting(meeting_id)  # type: ignore[attr-defined]
            await until(
                lambda: (
                    isinstance(app.screen, MeetingScreen)
                    and app.screen.record is not None
                    and not app.holding_keys
                )
            )
            await pilot.pause()
            return await body(app, app.screen)
    finally:
        db.close()


async def entry_timings(app: Any, screen: Any, samples: int) -> list[Timing]:
    """Enter to "Saved ✓" painted, for a map item, a person, a statement pair and a score."""
    from textual.widgets import Input, TextArea

    results: list[Timing] = []

    async def go(step: str) -> None:
        send(app, f"f{ {'people': 2, 'mapping': 3, 'statements': 4, 'scaling': 5}[step] }")
        # The step is on screen with the cursor in it (not merely built: it may have been
        # built before, and the F-key may not have been handled yet).
        await until(
            lambda: (
                not app.holding_keys
                and screen.query_one("#steps").active == step
                and (panel := screen.panels.get(_step(step))) is not None
                and app.focused is not None
                and panel in app.focused.ancestors_with_self
            )
        )
        await settled(app)

    def announced_after(before: int) -> Callable[[], bool]:
        return lambda: screen.announced > before and not screen.waiting

    # A map item.
    await go("mapping")
    send(app, "ctrl+n")
    await until(lambda: app.focused is not None and app.focused.id == "map-input")
    await settled(app)
    box = app.focused
    times = []
    for n in range(samples):
        box.value = f"Benchmark worry number {n}"
        before = screen.announced
        times.append(await key_to_painted(app, "enter", announced_after(before)))
    results.append(Timing('map item: Enter to "Saved ✓" painted', times))

    # A person (name, role and agency typed; Enter on the group adds them).
    await go("people")
    panel = screen.panels[_step("people")]
    times = []
    for n in range(samples):
        panel.query_one("#person-name", Input).value = f"Person {n}"
        panel.query_one("#person-role", Input).value = "Observer"
        group = panel.query_one("#person-group")
        group.value = group.value or _group()
        group.focus()
        await until(lambda g=group: app.focused is g)  # type: ignore[misc]
        before = screen.announced
        times.append(await key_to_painted(app, "enter", announced_after(before)))
    results.append(Timing('person: Enter to "Saved ✓" painted', times))

    # A statement pair.
    await go("statements")
    panel = screen.panels[_step("statements")]
    times = []
    for n in range(max(10, samples // 4)):
        # Words the statement coach has nothing to ask of: saved at once (a pair it still
        # questions waits for a reason first, which is not what this times).
        panel.query_one("#statement", TextArea).text = (
            f"Jo is worried that Dad hits Mum when he has been drinking (evening {n}), and Ava "
            "sees it. If nothing changes Ava could be hurt."
        )
        panel.query_one("#goal", TextArea).text = (
            f"Everyone will see Dad sober whenever he looks after Ava (plan {n}), for the next "
            "six months."
        )
        panel.query_one("#statement", TextArea).focus()
        await painted(app)
        before = screen.announced
        times.append(await key_to_painted(app, "ctrl+s", announced_after(before)))
    results.append(Timing('statement pair: ctrl+s to "Saved ✓" painted', times))

    # A score: corrections of each person in turn in the open round of the first scale.
    from screens.round_panel import Turn

    await go("scaling")
    panel = screen.panels[_step("scaling")]
    rounds = panel.query_one("#scale-round")
    times = []
    people = list(screen.record.present)
    for n in range(samples):
        rounds.turn = Turn(people[n % len(people)])
        rounds.correcting = True
        rounds._show_turn()
        panel.query_one("#score-value", Input).value = str(n % 11)
        panel.query_one("#score-reason", Input).value = f"Reason {n} for the number"
        higher = panel.query_one("#score-higher", Input)
        higher.focus()
        await until(lambda h=higher: app.focused is h)  # type: ignore[misc]
        before = screen.announced
        times.append(await key_to_painted(app, "enter", announced_after(before)))
    results.append(Timing('score: Enter to "Saved ✓" painted', times))
    return results


async def spread_timing(app: Any, screen: Any, samples: int) -> list[Timing]:
    """F6 to the spread view painted (from Scaling, with a score saved in between)."""
    times = []
    for _ in range(samples):
        send(app, "f5")
        await until(lambda: not app.holding_keys and screen.focused is not None)
        await settled(app)
        # A change in between, so the view has something to redraw when it is shown.
        panel = screen.panels.get(_step("spread"))
        if panel is not None:
            panel.stale = True
        times.append(
            await key_to_painted(
                app,
                "f6",
                lambda: (
                    not app.holding_keys
                    and screen.query_one("#steps").active == "spread"
                    and _step("spread") in screen.panels
                    and not screen.panels[_step("spread")].stale
                ),
            )
        )
    return [Timing("F6 to the spread view painted", times)]


async def open_timings(db_path: Path, samples: int) -> list[Timing]:
    """Enter on the home list to the meeting painted, and a key in Find to the list updated."""
    from screens.app import SosMeetingApp
    from screens.meeting import MeetingScreen
    from sos_meeting.database import open_database

    db = open_database(str(db_path))
    app = SosMeetingApp(database=db)
    opening: list[float] = []
    finding: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home: Any = app.screen
            for n in range(samples):
                table: Any = home.query_one("#meetings")
                table.focus()
                await painted(app)
                table.move_cursor(row=n % 10)
                opening.append(
                    await key_to_painted(
                        app,
                        "enter",
                        lambda: (
                            isinstance(app.screen, MeetingScreen)
                            and app.screen.record is not None
                            and not app.holding_keys
                        ),
                    )
                )
                app.screen.dismiss(None)
                await until(lambda: app.screen is home)
                await pilot.pause()
            search = home.query_one("#home-search")
            search.focus()
            await painted(app)
            words = "Family 7"
            for n in range(samples):
                # Type the words, then take them back a letter at a time, and again.
                position = n % (2 * len(words))
                if position < len(words):
                    character: str | None = words[position]
                    key = "space" if character == " " else str(character)
                else:
                    character, key = None, "backspace"
                before = home.reloads
                finding.append(
                    await key_to_painted(
                        app,
                        key,
                        lambda b=before: bool(home.reloads > b),  # type: ignore[misc]
                        character,
                    )
                )
    finally:
        db.close()
    return [
        Timing("Enter on the home list to the meeting painted", opening),
        Timing("a key typed in Find to the list updated", finding),
    ]


def _step(name: str) -> Any:
    from sos_meeting.domain import Step

    return Step(name)


def _group() -> Any:
    from sos_meeting.domain import Group

    return Group.NETWORK


def bench_meeting(db_path: Path, people: int, items: int, scales: int = 3, rounds: int = 3) -> int:
    """A meeting of `people`, `items` map items and `scales` scales of `rounds` rounds, all
    scored, with the last round open; made through the store, as the app would."""
    from datetime import date

    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Column, Group, MeetingKind

    db = open_database(str(db_path))
    try:
        meeting = store.create_meeting(
            db, kind=MeetingKind.CONFERENCE, title="Benchmark family", held_on=date(2026, 11, 26)
        )
        groups = (Group.FAMILY, Group.NETWORK, Group.PROFESSIONAL)
        for n in range(people):
            store.add_participant(
                db, meeting.id, name=f"Person {n}", role="Role", group=groups[n % 3]
            )
        columns = (Column.WORRIES, Column.WORKING_WELL, Column.NEEDS, Column.GREY)
        for n in range(items):
            store.add_item(db, meeting.id, columns[n % 4], f"Map item {n}: " + "words " * 12)
        pair = store.save_pair(db, meeting.id, "Jo is worried that ...", "Everyone will see ...")
        present = store.load(db, meeting.id).participants
        for s in range(scales):
            scale = store.save_scale(
                db,
                meeting.id,
                question=f"Scale {s}",
                pair_id=pair.id if s == 0 else None,
                ten_means="Safe enough to close",
                zero_means="Certainly hurt again",
            )
            for r in range(rounds):
                round_id = store.start_round(db, scale.id).id
                for p in present:
                    store.record_score(
                        db, round_id, p.id, typed=str((p.id + r) % 11), reason="Because ..."
                    )
        return meeting.id
    finally:
        db.close()
