"""Keeping up with the room: each defect found typing at an ordinary pace, kept fixed.

Keys are sent back to back (`burst`), never one at a time with waits in between, and the
checks are on what was saved.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent

from screens.app import SosMeetingApp
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from screens.meeting_form import MeetingForm
from screens.meeting_list import MeetingList
from screens.people import PeopleTable
from screens.record_list import RecordList
from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Column, MeetingKind, MeetingRecord, Step

from .conftest import FIXED_DAY, seed_meeting
from .pilot_helpers import PATIENCE, burst, open_at, settled, shown, typed, until
from .test_families import first_meeting


def without_times(record: MeetingRecord) -> MeetingRecord:
    """The record with the meeting's own last-changed stamp left out."""
    return dataclasses.replace(record, amendments=())


# Forms keep what they do not change --------------------------------------------------------


async def test_details_form_saved_untouched_keeps_the_children(db: Database) -> None:
    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.PEOPLE)
    before = store.load(db, meeting_id)
    assert before.family is not None and before.family.children == ("Amy", "Ben")
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        await burst(pilot, "f7")
        await settled(pilot)
        assert isinstance(app.screen, MeetingForm)
        assert app.screen.query_one("#children", Input).value == "Amy, Ben"
        await burst(pilot, "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, MeetingScreen)
    after = store.load(db, meeting_id)
    assert after.family == before.family
    assert after.meeting == dataclasses.replace(before.meeting)


async def test_editing_an_item_a_person_and_a_pair_untouched_changes_nothing(db: Database) -> None:
    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    before = store.load(db, meeting_id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        # A worry: Enter opens it in the entry line, Enter saves it as it was.
        await burst(pilot, "enter", "enter")
        await settled(pilot)
        # A next step with who and by when: every field comes back and goes back unchanged.
        await burst(pilot, "right", "right", "home", "enter", "enter", "enter", "enter")
        await settled(pilot)
        # A person.
        await burst(pilot, "f2")
        await settled(pilot)
        app.screen.query_one(PeopleTable).focus()
        await settled(pilot)
        await burst(pilot, "home", "enter", "enter", "enter", "enter", "enter")
        await settled(pilot)
        # A statement pair.
        await burst(pilot, "f4", "escape", "home", "enter", "ctrl+s")
        await settled(pilot)
    after = store.load(db, meeting_id)
    assert after.items == before.items
    assert after.participants == before.participants
    assert after.pairs == before.pairs


async def test_the_scale_editor_saved_untouched_changes_nothing(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe are the children?",
        pair_id=None,
        ten_means="safe to close",
        zero_means="hurt again",
        threshold=3.5,
        children="Amy, Ben",
    )
    store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    before = store.load(db, meeting_id).scales
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SCALING)
        await burst(pilot, "ctrl+l")
        await settled(pilot)
        assert app.screen.query_one("#scale-threshold", Input).value == "3.5"
        assert app.screen.query_one("#scale-children", Input).value == "Amy, Ben"
        await burst(pilot, "ctrl+s")
        await settled(pilot)
    assert store.load(db, meeting_id).scales == before


async def test_tab_typed_with_the_enter_before_it_waits_for_that_enter(db: Database) -> None:
    """A terminal can deliver Enter and Tab together: the Tab must move on from where the
    Enter put the cursor (the link), not from the box the Enter was typed in."""
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SCALING)
        question = app.screen.query_one("#scale-question", Input)
        assert app.focused is question
        await burst(pilot, "enter", "tab", *typed("Ben in school\nBen misses school"))
        await settled(pilot)
        assert app.screen.query_one("#scale-ten", Input).value == "Ben in school"
        assert app.screen.query_one("#scale-zero", Input).value == "Ben misses school"
        assert question.value == "Where are we today, on a scale from 0 to 10?"


# Typing never runs a command by surprise ---------------------------------------------------


async def test_letters_in_a_mapping_column_start_an_item_and_run_nothing(db: Database) -> None:
    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    before = store.load(db, meeting_id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        # "c", "e", "u", "x" and "n" were commands once; now they are the words of an item.
        await burst(pilot, *typed("Gran cares, uncle next door\n"))
        await settled(pilot)
    after = store.load(db, meeting_id)
    assert [i.text for i in after.items_in(Column.WORRIES)] == [
        *(i.text for i in before.items_in(Column.WORRIES)),
        "Gran cares, uncle next door",
    ]
    assert [i for i in after.items if i.column is not Column.WORRIES] == [
        i for i in before.items if i.column is not Column.WORRIES
    ]


async def test_new_map_items_add_lines_not_widgets(db: Database) -> None:
    """A column (as the pairs list) draws its entries as lines of one widget: a widget per
    entry made every save lay out the whole screen (100 ms at 60 items)."""
    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        screen = app.screen
        widgets = len(list(screen.query("*")))
        await burst(pilot, *typed("Dad shouts\nMum is tired\nNo food some days\n"))
        await settled(pilot)
        worries = screen.query_one("#column-worries", RecordList)
        assert [str(line) for line in worries.drawn[-3:]] == [
            "Dad shouts",
            "Mum is tired",
            "No food some days",
        ]
        assert len(list(screen.query("*"))) == widgets
    texts = [i.text for i in store.load(db, meeting_id).items_in(Column.WORRIES)]
    assert texts[-3:] == ["Dad shouts", "Mum is tired", "No food some days"]


async def test_a_save_is_painted_as_soon_as_it_is_in(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual paints on a fixed beat of 1/60 s: "Saved ✓" waited for the beat after the one
    that cleared the box, a frame after the commit was in. With the beat stopped, the save
    must still reach the screen. (Pilot's own pauses paint, so this waits without them.)"""
    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        await burst(pilot, *typed("Dad shouts"))
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        beat = screen._update_timer
        beat.pause()
        monkeypatch.setattr(beat, "resume", lambda: None)
        painted: list[str] = []
        display = app._display

        def paint(on: Screen[object], update: object) -> None:
            painted.append(str(screen.query_one("#meeting-status", Static).content))
            display(on, update)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "_display", paint)
        await burst(pilot, "enter")
        started = time.monotonic()
        while not any(status.startswith("Saved ✓") for status in painted):
            assert time.monotonic() - started < PATIENCE, "the save was never painted"
            await asyncio.sleep(0.01)
        assert painted[-1] == "Saved ✓ added to worries: “Dad shouts”"
    texts = [i.text for i in store.load(db, meeting_id).items_in(Column.WORRIES)]
    assert texts[-1] == "Dad shouts"


async def test_a_meeting_held_from_the_screen_is_not_drawn_until_it_is_let_go(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Painting is held while a meeting opens, but Screen's layout drew the whole screen
    anyway (Textual then threw the drawing away): work the open waited for. Nothing may be
    drawn while held, and all of it once the step has the cursor."""
    from textual._compositor import Compositor

    from screens import meeting as meeting_screen

    store.set_place(db, first_meeting(db), Step.MAPPING)
    gate = threading.Event()
    load = store.load

    def slow_load(*args: object) -> MeetingRecord:
        gate.wait(PATIENCE)
        return load(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "load", slow_load)
    monkeypatch.setattr(meeting_screen, "PAINT_HELD_AT_MOST", PATIENCE)
    app = SosMeetingApp(database=db)
    drawn: list[bool] = []  # each drawing of the mounted meeting screen: was painting held?
    render = Compositor.render_update

    def recording(self: Compositor, *args: object, **kwargs: object) -> object:
        if isinstance(app.screen, MeetingScreen) and app.screen.is_mounted:
            drawn.append(app.screen._painting_held is not None)
        return render(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Compositor, "render_update", recording)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, MeetingScreen)
                and bool(app.screen.query_one("#meeting-where").region)
            ),
            "the meeting screen laid out",
        )
        await pilot.pause()
        assert drawn == []
        gate.set()
        await settled(pilot)
        await until(pilot, lambda: bool(drawn), "the meeting drawn")
        assert not any(drawn)
        assert app.screen.query_one("#steps", TabbedContent).active == Step.MAPPING.value
        assert "Opening" not in str(app.screen.query_one("#meeting-where", Static).content)


def focus_given(monkeypatch: pytest.MonkeyPatch, kind: type[Screen[Any]]) -> list[object]:
    """Every widget a screen of `kind` gives the cursor to, in order, from now on."""
    given: list[object] = []
    set_focus = Screen.set_focus

    def recording(self: Screen[object], widget: object, *args: object, **kwargs: object) -> None:
        if isinstance(self, kind):
            given.append(widget)
        set_focus(self, widget, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "set_focus", recording)
    return given


@pytest.mark.parametrize(
    ("key", "kind", "meant"),
    [("enter", MeetingScreen, "column-worries"), ("ctrl+n", MeetingForm, "title")],
    ids=["a meeting opened", "the new-meeting form"],
)
async def test_a_screen_opening_gives_the_cursor_to_its_own_box_alone(
    db: Database, monkeypatch: pytest.MonkeyPatch, key: str, kind: type[Screen[Any]], meant: str
) -> None:
    """Textual gave the cursor to the first widget it could (the meeting's tabs, the form's
    kind) as the screen was built, then the screen gave it to its own box: both restyled
    that widget, work the opening waited for. Only the box meant is given the cursor."""
    store.set_place(db, first_meeting(db), Step.MAPPING)
    app = SosMeetingApp(database=db)
    given = focus_given(monkeypatch, kind)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, key)
        await until(
            pilot,
            lambda: isinstance(app.screen, kind) and app.screen.focused is not None,
            "the screen open with the cursor in it",
        )
        await settled(pilot)
        assert given == [app.screen.query_one(f"#{meant}")]


async def test_an_open_meeting_is_kept_out_of_the_collectors_way_and_leaves_nothing_behind(
    db: Database,
) -> None:
    """Full garbage collections over an open meeting's objects paused the screen for about
    100 ms on a random save; they are exempt while it is open. Once it is left it is
    collected at once, not kept: a closed meeting's header stayed with the app, and its
    cycles were frozen with the next meeting, until a key typed in Find after 40 meetings
    paused 1.2 s on a collection of 800,000 objects."""
    import gc
    import weakref

    from screens.title_bar import TitleBar

    meeting_id = first_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    kept_after: list[int] = []
    earlier: list[weakref.ref[object]] = []
    async with app.run_test(size=(100, 34)) as pilot:
        for _ in range(4):
            await open_at(pilot, Step.MAPPING)
            assert gc.get_freeze_count() > 0
            closed: list[weakref.ref[object]] = [
                weakref.ref(app.screen),
                weakref.ref(app.screen.query_one(TitleBar)),
            ]
            await burst(pilot, "escape")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the meetings list")
            await settled(pilot)
            # Nobody here collects: the app does once the list is back. The meeting just
            # left may still be held by its writer's thread as it ends; the one before it
            # must be gone by now.
            await until(
                pilot,
                lambda gone=earlier: all(ref() is None for ref in gone),  # type: ignore[misc]
                "the meeting left before to be collected",
            )
            earlier = closed
            kept_after.append(gc.get_freeze_count())
    # What lives on is exempt again, and does not grow by a meeting's worth (about 14,000
    # objects) each time one is opened and left.
    assert kept_after[0] > 0
    assert kept_after[-1] - kept_after[1] < 3_000, kept_after


async def test_letters_in_the_people_list_start_a_person(db: Database) -> None:
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        assert isinstance(app.focused, DataTable)
        # f, n and p once added a person at once; Enter then typed the next name into Role.
        await burst(pilot, *typed("fran\nFoster carer\n\n"), "n", "enter", *typed("nia\n\n\n\n"))
        await settled(pilot)
    people = store.load(db, meeting_id).participants
    assert [(p.name, p.role, p.group.value) for p in people[-2:]] == [
        ("fran", "Foster carer", "network"),
        ("nia", "", "network"),
    ]


async def test_typing_on_the_meetings_list_goes_to_find_and_keeps_every_letter(
    db: Database,
) -> None:
    for title in ("Family 7", "Family 77", "Family 777", "Other"):
        store.create_meeting(db, kind=MeetingKind.CONFERENCE, title=title, held_on=FIXED_DAY)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        # t, r and x opened the trend, a review and an export from here once.
        await burst(pilot, *typed("Family 777"))
        await settled(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#home-search", Input).value == "Family 777"
        table = home.query_one("#meetings", MeetingList)
        assert table.row_count == 1
        await burst(pilot, "escape")  # nothing else opened
        await settled(pilot)
        assert app.screen is home


# No waiting, and no wrong meeting -----------------------------------------------------------


def bigger_database(path: Path, meetings: int) -> list[int]:
    db = open_database(str(path))
    ids = [seed_meeting(db, ()) for _ in range(meetings)]
    db.close()
    return ids


async def test_enter_on_the_early_list_opens_the_highlighted_meeting(db_path: Path) -> None:
    ids = bigger_database(db_path, 8)
    app = SosMeetingApp(str(db_path))
    async with app.run_test(size=(100, 34)) as pilot:
        # As soon as the list is on screen (maybe before the database is fully open).
        await until(
            pilot, lambda: app.screen.query_one("#meetings", MeetingList).row_count > 0, "the list"
        )
        await burst(pilot, "down", "down", "down", "enter")
        await settled(pilot)
        assert isinstance(app.screen, MeetingScreen)
        newest_first = sorted(ids, reverse=True)
        assert app.screen.meeting_id == newest_first[3]


async def test_new_meeting_pressed_at_once_after_launch_is_not_dropped(db_path: Path) -> None:
    app = SosMeetingApp(str(db_path))
    async with app.run_test(size=(100, 34)) as pilot:
        await until(pilot, lambda: bool(app.screen_stack), "the first screen")
        await burst(pilot, "ctrl+n", *typed("Family Z\n"))
        await until(pilot, lambda: isinstance(app.screen, MeetingForm), "the new-meeting form")
        await settled(pilot)
        assert app.screen.query_one("#title", Input).value == "Family Z"


async def test_a_form_finished_before_the_database_opens_is_saved_and_the_screen_stays_live(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator fills the whole new-meeting form while the database is still opening
    (a big or slow one). Saving then waits for the database's check off the screen's thread:
    it once waited on the screen's thread, which the check itself needed, so the app froze
    with the form on screen and every key after it lost."""
    import sos_meeting.database as database_module

    open_database(str(db_path)).close()  # an existing database: its check runs after opening
    form_done = threading.Event()
    opened: list[Database] = []
    real_open = database_module.open_database

    def slow_open(*args: object, **kwargs: object) -> Database:
        form_done.wait(timeout=120)  # the database opens only once the form is finished
        db = real_open(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(db)
        return db

    monkeypatch.setattr(database_module, "open_database", slow_open)
    froze: list[bool] = []

    def watchdog() -> None:
        # Had the screen's thread blocked, nothing in the app could end the wait: let it go
        # after a generous while, and fail instead of hanging the suite.
        while not opened:
            if form_done.is_set() and time.monotonic() - finished[0] > 120:
                return
            time.sleep(0.05)
        if not opened[0].checked.wait(timeout=120):
            froze.append(True)
            opened[0].checked.set()

    finished = [0.0]
    threading.Thread(target=watchdog, daemon=True).start()
    app = SosMeetingApp(str(db_path))
    async with app.run_test(size=(100, 34)) as pilot:
        await until(pilot, lambda: bool(app.screen_stack), "the first screen")
        await burst(pilot, "ctrl+n", *typed("Family Y\nCP-9\n\nAmy\nAlex\n"), *typed("Sam\n"))
        # The form has been saved, and waits for the database.
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, MeetingForm)
                and "as soon as the database is open" in shown(pilot, "#form-error")
            ),
            "the form to wait for the database",
        )
        finished[0] = time.monotonic()
        form_done.set()
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting to open")
        await settled(pilot)
        assert not froze
        assert app.screen.query_one("#person-name", Input).value == "Sam"
    db = open_database(str(db_path))
    try:
        [meeting] = store.list_meetings(db)
        assert (meeting.title, meeting.case_ref) == ("Family Y", "CP-9")
    finally:
        db.close()
