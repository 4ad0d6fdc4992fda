"""Two apps on one meeting (two windows on one laptop sharing a file, or two laptops on one
server): what either saves is on the other's screen, nothing is lost or doubled, and what
the other is half way through typing stays as it was."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Static, TextArea

from screens.app import SosMeetingApp
from screens.conflict_dialog import ConflictDialog
from screens.home import HomeScreen
from screens.mapping import ColumnList
from screens.meeting import MeetingScreen
from screens.meeting_list import MeetingList
from sos_meeting import store
from sos_meeting.coach import pair_questions
from sos_meeting.conflicts import Resolution
from sos_meeting.database import open_database
from sos_meeting.domain import Column, MeetingKind, Step

from .conftest import FIXED_DAY, seed_meeting
from .pilot_helpers import burst, open_at, settled, typed, until

ENTRIES = int(os.environ.get("SOS_LIVE_ENTRIES", "200"))
"""Entries typed alternately into the two apps."""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def where(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """A database two apps can share: a file, or a database on the server."""
    if request.param == "sqlite":
        yield str(db_path)
    else:
        yield request.getfixturevalue("pg_url")


def meeting_screen(app: SosMeetingApp) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


def items_on(app: SosMeetingApp, column: Column) -> list[str]:
    """The texts a mapping column shows (what the facilitator reads on that screen)."""
    listing = meeting_screen(app).query_one(f"#column-{column.value}", ColumnList)
    return [item.text for item in listing.shown]


def in_the_box(app: SosMeetingApp) -> str:
    focused = app.focused
    assert isinstance(focused, Input), focused
    return focused.value


PAIR = (
    "Kim is worried that Ben misses school when things are hard at home, and he will fall "
    "behind if nothing changes.",
    "Everyone will see Ben in school every day for the rest of the year.",
)


def entry(n: int) -> str:
    return f"Entry {n} from {'the chair' if n % 2 == 0 else 'the minute-taker'}"


def half(n: int) -> str:
    return entry(n)[: len(entry(n)) // 2]


async def test_entries_typed_alternately_reach_both_screens_and_half_typed_text_stays(
    where: str,
) -> None:
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    store.set_place(setup, meeting_id, Step.MAPPING)
    setup.close()
    databases = [open_database(where), open_database(where)]
    apps = [SosMeetingApp(database=databases[0]), SosMeetingApp(database=databases[1])]
    try:
        async with apps[0].run_test(size=(100, 34)) as a, apps[1].run_test(size=(100, 34)) as b:
            pilots = [a, b]
            for pilot in pilots:
                await open_at(pilot, Step.MAPPING)
            await burst(a, *typed(half(0)))
            await burst(b, *typed(half(1)))
            for n in range(ENTRIES):
                typing, watching = pilots[n % 2], pilots[1 - n % 2]
                # Finish entry n, and start this app's next one (n + 2) straight away.
                rest = entry(n)[len(half(n)) :]
                await burst(typing, *typed(f"{rest}\n{half(n + 2)}"))
                await settled(typing)
                await until(
                    watching,
                    lambda n=n, app=watching.app: entry(n) in items_on(app, Column.WORRIES),  # type: ignore[misc]
                    f"entry {n} on the other screen",
                )
                assert in_the_box(watching.app) == half(n + 1)  # type: ignore[arg-type]
            expected = [entry(n) for n in range(ENTRIES)]
            for app in apps:
                assert items_on(app, Column.WORRIES) == expected
            # Scores typed on one are in the other's round as they are saved.
            await burst(a, "f5", "enter", "tab", *typed("Safe\nHurt again\n"), "enter", "ctrl+s")
            await settled(a)
            await until(b, lambda: bool(meeting_screen(apps[1]).record.scales), "the scale")  # type: ignore[union-attr]
            await burst(b, "f5")
            await settled(b)
            for person, number in (("Sam", 6), ("Dan", 4), ("Pat", 7)):
                await burst(a, *typed(f"{number}\n{person} says why\n\n"))
                await settled(a)
                await until(
                    b,
                    lambda person=person: any(  # type: ignore[misc]
                        s.reason == f"{person} says why"
                        for s in meeting_screen(apps[1]).record.scales[0].rounds[0].scores  # type: ignore[union-attr]
                    ),
                    f"{person}'s score on the other screen",
                )
            table = meeting_screen(apps[1]).query_one("#round-table", DataTable)
            shown = " ".join(
                str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)
            )
            for person in ("Sam", "Dan", "Pat"):
                assert f"{person} says why" in shown
            # A statement and goal written on the other laptop, while the chair reads the pairs.
            await burst(a, "f4")
            await burst(b, "f4", *typed(PAIR[0]), "tab", *typed(PAIR[1]), "ctrl+s")
            if pair_questions(*PAIR):  # the coach asks why the words stay: say so in a line
                await burst(b, *typed("The family chose these words\n"))
            await settled(b)
            await until(
                a,
                lambda: [p.statement for p in meeting_screen(apps[0]).record.pairs] == [PAIR[0]],  # type: ignore[union-attr]
                "the pair on the chair's screen",
            )
    finally:
        for database in databases:
            database.close()
    check = open_database(where)
    try:
        record = store.load(check, meeting_id)
    finally:
        check.close()
    assert [i.text for i in record.items] == expected
    assert [(p.statement, p.goal) for p in record.pairs] == [PAIR]
    assert [(s.value, s.reason) for s in record.scales[0].rounds[0].scores] == [
        (6.0, "Sam says why"),
        (4.0, "Dan says why"),
        (7.0, "Pat says why"),
    ]


async def test_the_meetings_list_shows_a_meeting_another_app_adds(where: str) -> None:
    setup = open_database(where)
    seed_meeting(setup)
    setup.close()
    ours, theirs = open_database(where), open_database(where)
    app = SosMeetingApp(database=ours)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await settled(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            await burst(pilot, *typed("Fam"))  # typing in Find meanwhile
            await settled(pilot)
            store.create_meeting(
                theirs,
                kind=MeetingKind.CONFERENCE,
                title="Family B",
                held_on=FIXED_DAY,
                case_ref="CP-9",
                facilitator="Robin",
            )
            table = home.query_one("#meetings", MeetingList)
            await until(pilot, lambda: table.row_count == 2, "the new meeting on the list")
            assert home.query_one("#home-search", Input).value == "Fam"
    finally:
        ours.close()
        theirs.close()


def editor(app: SosMeetingApp, box: str) -> TextArea:
    return meeting_screen(app).query_one(f"#{box}", TextArea)


async def edit_pair_one(pilot: Pilot[None], statement: str, goal: str) -> None:
    """Open pair 1 from the list and type new words over it (as a paste would)."""
    await burst(pilot, "escape", "home", "enter")
    await settled(pilot)
    app = pilot.app
    assert isinstance(app, SosMeetingApp)
    editor(app, "statement").text = statement
    editor(app, "goal").text = goal


@pytest.mark.parametrize("choice", list(Resolution))
async def test_one_pair_changed_on_two_screens_at_once_loses_neither(
    where: str, choice: Resolution
) -> None:
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    store.save_pair(setup, meeting_id, "Dad hits Mum.", "Mum is safe.")
    store.set_place(setup, meeting_id, Step.STATEMENTS)
    setup.close()
    databases = [open_database(where), open_database(where)]
    apps = [SosMeetingApp(database=databases[0]), SosMeetingApp(database=databases[1])]
    chair, minutes = apps
    worry = "Jo and Kim are worried that Dad hits Mum when he has been drinking; "
    goal = "Everyone will see Mum and Dad keep the children safe on evenings when Dad drinks, "
    theirs = (
        worry + "the children see it, and they could be hurt if nothing changes.",
        goal + "for six months.",
    )
    mine = (
        worry + "Amy sees it, and she could be hurt or frightened if nothing changes.",
        goal + "for a year.",
    )
    merged = (
        worry + "the children see it, and they could be hurt or frightened if nothing changes.",
        mine[1],
    )
    try:
        async with chair.run_test(size=(100, 34)) as a, minutes.run_test(size=(100, 34)) as b:
            await open_at(a, Step.STATEMENTS)
            await open_at(b, Step.STATEMENTS)
            await edit_pair_one(a, *theirs)
            await edit_pair_one(b, *mine)  # both began from the same words
            await burst(a, "ctrl+s")
            await settled(a)
            await until(
                b,
                lambda: meeting_screen(minutes).record.pairs[0].statement == theirs[0],  # type: ignore[union-attr]
                "the chair's words on the minute-taker's screen",
            )
            assert (editor(minutes, "statement").text, editor(minutes, "goal").text) == mine
            await burst(b, "ctrl+s")
            await until(
                b,
                lambda: (
                    isinstance(minutes.screen, ConflictDialog)
                    and bool(minutes.screen.query("#conflict-merge"))
                ),
                "the choice",
            )
            dialog = minutes.screen
            assert mine[0] in str(dialog.query_one("#conflict-mine", Static).render())
            assert theirs[0] in str(dialog.query_one("#conflict-theirs", Static).render())
            button = {
                Resolution.KEPT_MINE: "conflict-keep",
                Resolution.TOOK_THEIRS: "conflict-take",
                Resolution.MERGED: "conflict-merge",
            }[choice]
            dialog.query_one(f"#{button}", Button).press()
            await settled(b)
            if choice is Resolution.MERGED:
                assert (editor(minutes, "statement").text, editor(minutes, "goal").text) == mine
                editor(minutes, "statement").text = merged[0]
                await burst(b, "ctrl+s")
                await settled(b)
            expected = {
                Resolution.KEPT_MINE: mine,
                Resolution.TOOK_THEIRS: theirs,
                Resolution.MERGED: merged,
            }[choice]
            await until(
                a,
                lambda: (
                    (
                        meeting_screen(chair).record.pairs[0].statement,  # type: ignore[union-attr]
                        meeting_screen(chair).record.pairs[0].goal,  # type: ignore[union-attr]
                    )
                    == expected
                ),
                "the outcome on the chair's screen",
            )
    finally:
        for database in databases:
            database.close()
    check = open_database(where)
    try:
        pair = store.load(check, meeting_id).pairs[0]
        conflicts = store.conflicts_in(check, meeting_id)
    finally:
        check.close()
    assert (pair.statement, pair.goal) == expected
    assert [c.choice for c in conflicts] == [choice.value]
    assert mine[0] in conflicts[0].mine and theirs[0] in conflicts[0].theirs


async def test_one_item_changed_on_two_screens_at_once_is_merged_by_hand(where: str) -> None:
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    store.add_item(setup, meeting_id, Column.WORRIES, "Dad drinks")
    store.set_place(setup, meeting_id, Step.MAPPING)
    setup.close()
    databases = [open_database(where), open_database(where)]
    chair, minutes = SosMeetingApp(database=databases[0]), SosMeetingApp(database=databases[1])
    try:
        async with chair.run_test(size=(100, 34)) as a, minutes.run_test(size=(100, 34)) as b:
            for pilot, words in ((a, "Dad drinks most evenings"), (b, "Dad drinks and drives")):
                await open_at(pilot, Step.MAPPING)
                await burst(pilot, "home", "enter")  # the first item, to change its words
                await settled(pilot)
                box = pilot.app.screen.query_one("#map-input", Input)
                assert box.value == "Dad drinks"
                box.value = words
            await burst(a, "enter")
            await settled(a)
            await until(
                b,
                lambda: items_on(minutes, Column.WORRIES) == ["Dad drinks most evenings"],
                "theirs",
            )
            await burst(b, "enter")
            await until(
                b,
                lambda: (
                    isinstance(minutes.screen, ConflictDialog)
                    and bool(minutes.screen.query("#conflict-merge"))
                ),
                "the choice",
            )
            await burst(b, "escape")  # Esc: merge by hand, nothing lost
            await settled(b)
            box = minutes.screen.query_one("#map-input", Input)
            assert box.value == "Dad drinks and drives"
            box.value = "Dad drinks most evenings, and drives"
            await burst(b, "enter")
            await settled(b)
            await until(
                a,
                lambda: items_on(chair, Column.WORRIES) == ["Dad drinks most evenings, and drives"],
                "the merged words on the chair's screen",
            )
    finally:
        for database in databases:
            database.close()
    check = open_database(where)
    try:
        record = store.load(check, meeting_id)
        conflicts = store.conflicts_in(check, meeting_id)
    finally:
        check.close()
    assert [i.text for i in record.items] == ["Dad drinks most evenings, and drives"]
    assert [(c.what, c.choice) for c in conflicts] == [
        (f"map item {record.items[0].id}", Resolution.MERGED.value)
    ]
    assert "Dad drinks and drives" in conflicts[0].mine
    assert "Dad drinks most evenings" in conflicts[0].theirs


async def test_one_persons_details_changed_on_two_screens_at_once_keeps_the_choice(
    db_path: Path,
) -> None:
    where = str(db_path)
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    store.set_place(setup, meeting_id, Step.PEOPLE)
    setup.close()
    databases = [open_database(where), open_database(where)]
    chair, minutes = SosMeetingApp(database=databases[0]), SosMeetingApp(database=databases[1])
    try:
        async with chair.run_test(size=(100, 34)) as a, minutes.run_test(size=(100, 34)) as b:
            for pilot, name in ((a, "Samantha"), (b, "Sam B")):
                await open_at(pilot, Step.PEOPLE)
                await burst(pilot, "home", "enter")  # Sam's details, to change
                await settled(pilot)
                box = pilot.app.screen.query_one("#person-name", Input)
                assert box.value == "Sam"
                box.value = name
            await burst(a, "enter", "enter", "enter", "enter")  # name, role, agency, group
            await settled(a)
            await until(
                b,
                lambda: meeting_screen(minutes).record.participants[0].name == "Samantha",  # type: ignore[union-attr]
                "the chair's change on the other screen",
            )
            await burst(b, "enter", "enter", "enter", "enter")
            await until(
                b,
                lambda: (
                    isinstance(minutes.screen, ConflictDialog)
                    and bool(minutes.screen.query("#conflict-keep"))
                ),
                "the choice",
            )
            minutes.screen.query_one("#conflict-keep", Button).press()
            await settled(b)
            await until(
                a,
                lambda: meeting_screen(chair).record.participants[0].name == "Sam B",  # type: ignore[union-attr]
                "the kept details on the chair's screen",
            )
    finally:
        for database in databases:
            database.close()
    check = open_database(where)
    try:
        assert store.load(check, meeting_id).participants[0].name == "Sam B"
        assert [c.choice for c in store.conflicts_in(check, meeting_id)] == ["kept mine"]
    finally:
        check.close()


@pytest.mark.parametrize("choice", [Resolution.KEPT_MINE, Resolution.MERGED])
async def test_the_meetings_details_changed_elsewhere_while_the_form_is_open(
    db_path: Path, choice: Resolution
) -> None:
    where = str(db_path)
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    store.set_place(setup, meeting_id, Step.PEOPLE)
    setup.close()
    ours, other_laptop = open_database(where), open_database(where)
    app = SosMeetingApp(database=ours)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await open_at(pilot, Step.PEOPLE)
            await burst(pilot, "f7")
            await until(pilot, lambda: bool(app.screen.query("#title")), "the details form")
            app.screen.query_one("#title", Input).value = "Family A (Ava and Ben)"
            before = store.load(other_laptop, meeting_id).meeting
            store.update_meeting(
                other_laptop,
                meeting_id,
                kind=before.kind,
                title="Family A-B",
                held_on=before.held_on,
                case_ref="CP-1234/2",
                facilitator=before.facilitator,
                wording=before.wording,
                started_from=before.version,
            )
            await burst(pilot, "ctrl+s")
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, ConflictDialog)
                    and bool(app.screen.query("#conflict-keep"))
                ),
                "the choice",
            )
            theirs = str(app.screen.query_one("#conflict-theirs", Static).render())
            assert "Family A-B" in theirs and "CP-1234/2" in theirs
            button = "#conflict-keep" if choice is Resolution.KEPT_MINE else "#conflict-merge"
            app.screen.query_one(button, Button).press()
            if choice is Resolution.MERGED:
                await until(pilot, lambda: bool(app.screen.query("#title")), "the form again")
                app.screen.query_one("#title", Input).value = "Family A-B (Ava and Ben)"
                app.screen.query_one("#case", Input).value = "CP-1234/2"
                await burst(pilot, "ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
            await settled(pilot)
    finally:
        ours.close()
    try:
        meeting = store.load(other_laptop, meeting_id).meeting
        conflicts = store.conflicts_in(other_laptop, meeting_id)
    finally:
        other_laptop.close()
    if choice is Resolution.KEPT_MINE:
        assert (meeting.title, meeting.case_ref) == ("Family A (Ava and Ben)", "CP-1234")
    else:
        assert (meeting.title, meeting.case_ref) == ("Family A-B (Ava and Ben)", "CP-1234/2")
    assert [c.choice for c in conflicts] == [choice.value]


async def test_a_scale_defined_elsewhere_while_the_form_is_open_keeps_mine_if_chosen(
    db_path: Path,
) -> None:
    where = str(db_path)
    setup = open_database(where)
    meeting_id = seed_meeting(setup)
    scale = store.save_scale(
        setup, meeting_id, question="Where are we?", pair_id=None, ten_means="Safe", zero_means=""
    )
    store.set_place(setup, meeting_id, Step.SCALING, scale.id)
    setup.close()
    ours, other_laptop = open_database(where), open_database(where)
    app = SosMeetingApp(database=ours)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await open_at(pilot, Step.SCALING)
            ten = app.screen.query_one("#scale-ten", Input)
            ten.focus()
            await settled(pilot)
            ten.value = "Safe at home every day"
            store.save_scale(
                other_laptop,
                meeting_id,
                question="Where are we?",
                pair_id=None,
                ten_means="Safe with Gran",
                zero_means="",
                scale_id=scale.id,
                started_from=scale.version,
            )
            await until(
                pilot,
                lambda: meeting_screen(app).record.scales[0].ten_means == "Safe with Gran",  # type: ignore[union-attr]
                "their definition on this screen",
            )
            assert ten.value == "Safe at home every day"  # what is being typed stays
            app.screen.query_one("#scale-save", Button).press()  # Save (0 is not written yet)
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, ConflictDialog)
                    and bool(app.screen.query("#conflict-keep"))
                ),
                "the choice",
            )
            app.screen.query_one("#conflict-keep", Button).press()
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, MeetingScreen)
                    and meeting_screen(app).record.scales[0].ten_means  # type: ignore[union-attr]
                    == "Safe at home every day"
                ),
                "mine saved",
            )
            await settled(pilot)
    finally:
        ours.close()
    try:
        assert store.load(other_laptop, meeting_id).scales[0].ten_means == "Safe at home every day"
        [conflict] = store.conflicts_in(other_laptop, meeting_id)
        assert conflict.choice == "kept mine" and "Safe with Gran" in conflict.theirs
    finally:
        other_laptop.close()
