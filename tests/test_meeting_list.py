"""The meetings list: one line a meeting, every key that moves the cursor, pages read as the
cursor nears the end, and the meeting under the cursor is the one that opens."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.cells import cell_len

from screens.app import SosMeetingApp
from screens.home import PAGE, HomeScreen
from screens.meeting import MeetingScreen
from screens.meeting_list import COLUMNS, MeetingList, fit, line_text
from sos_meeting import store
from sos_meeting.database import open_database
from sos_meeting.domain import MeetingKind

from .conftest import FIXED_DAY
from .pilot_helpers import burst, settled, until

# Pure ------------------------------------------------------------------------------------------


def test_a_cell_is_padded_or_cut_to_its_width_in_cells() -> None:
    assert fit("Family A", 10) == "Family A  "
    assert fit("Family Abercrombie", 10) == "Family Ab…"
    # Wide characters take two cells each: cut on a whole character, then padded.
    assert fit("家族の会議です", 6) == "家族 …"
    assert cell_len(fit("家族の会議です", 6)) == 6
    assert fit("", 3) == "   "


def test_a_line_fills_the_width_with_the_last_column_taking_the_rest() -> None:
    cells = ("2026-11-26", "Child protection conference", "Family A", "CP-1234", "5 people")
    for width in (80, 118, 200):
        text = line_text(cells, width)
        assert cell_len(text) == width
        assert text.startswith(" 2026-11-26  Child protec…  Family A         CP-1234    5 people ")
    # Narrower than the fixed columns: the last column keeps its least width.
    assert cell_len(line_text(cells, 40)) == sum(w + 2 for _, w in COLUMNS)


# Through the app ---------------------------------------------------------------------------


def many_meetings(path: Path, count: int) -> list[int]:
    """`count` meetings on different days, titled by number; their ids newest first."""
    db = open_database(str(path))
    try:
        ids = [
            store.create_meeting(
                db,
                kind=MeetingKind.CONFERENCE,
                title=f"Family {n:03d}",
                held_on=FIXED_DAY - timedelta(days=count - n),
                case_ref=f"CP-{n:04d}",
                facilitator="Alex",
            ).id
            for n in range(count)
        ]
    finally:
        db.close()
    return list(reversed(ids))


def shown_titles(listing: MeetingList) -> list[str]:
    """The titles on the rows as painted, top to bottom (the heading left out)."""
    lines = [
        listing.render_line(y).text for y in range(1, listing.scrollable_content_region.height)
    ]
    return [line[28:43].strip() for line in lines if line.strip()]


async def test_the_cursor_moves_reads_more_pages_and_opens_the_meeting_it_is_on(
    db_path: Path,
) -> None:
    newest_first = many_meetings(db_path, PAGE * 2 + 7)
    app = SosMeetingApp(database=open_database(str(db_path)))
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(pilot)
        listing = app.screen.query_one(MeetingList)
        assert app.focused is listing
        assert listing.row_count == PAGE
        assert shown_titles(listing)[:2] == [
            f"Family {PAGE * 2 + 6:03d}",
            f"Family {PAGE * 2 + 5:03d}",
        ]
        # End goes to the last row read; near the end, the next page is read and shown.
        await burst(pilot, "end")
        await until(pilot, lambda: listing.row_count == PAGE * 2, "the second page")
        assert listing.cursor_row == PAGE - 1
        assert shown_titles(listing)[-1] == f"Family {PAGE * 2 + 6 - (PAGE - 1):03d}"
        await burst(pilot, "end")
        await until(pilot, lambda: listing.row_count == PAGE * 2 + 7, "the last page")
        await burst(pilot, "end")
        await settled(pilot)
        assert listing.highlighted_id == newest_first[-1]
        assert shown_titles(listing)[-1] == "Family 000"
        # Home, Down, Page Down, Up: the cursor is where the keys put it, and in view.
        await burst(pilot, "home", "down", "down", "pagedown", "up")
        await settled(pilot)
        shown = listing.scrollable_content_region.height - 1
        assert listing.cursor_row == 2 + (shown - 1) - 1
        assert f"Family {PAGE * 2 + 6 - listing.cursor_row:03d}" in shown_titles(listing)
        expected = newest_first[listing.cursor_row]
        await burst(pilot, "enter")
        await settled(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == expected
        await burst(pilot, "escape", "escape")  # out of the name box, then to the list
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the list again")
        await settled(pilot)
        # Back on the list, the cursor is still on the meeting that was opened.
        assert listing.highlighted_id == expected


async def test_a_click_on_a_row_opens_that_meeting_and_the_heading_opens_nothing(
    db_path: Path,
) -> None:
    newest_first = many_meetings(db_path, 5)
    app = SosMeetingApp(database=open_database(str(db_path)))
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(pilot)
        listing = app.screen.query_one(MeetingList)
        await pilot.click(MeetingList, offset=(20, 0))  # the heading
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert listing.cursor_row == 0
        await pilot.click(MeetingList, offset=(20, 3))  # the third meeting
        await settled(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == newest_first[2]


async def test_find_keeps_the_cursor_on_its_meeting_while_it_is_listed(db_path: Path) -> None:
    newest_first = many_meetings(db_path, 30)
    app = SosMeetingApp(database=open_database(str(db_path)))
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(pilot)
        listing = app.screen.query_one(MeetingList)
        await burst(pilot, "down", "down", "down")  # Family 026
        await settled(pilot)
        assert listing.highlighted_id == newest_first[3]
        await burst(pilot, *"Family 02")
        await settled(pilot)
        assert shown_titles(listing) == [f"Family {n:03d}" for n in range(29, 19, -1)]
        assert listing.highlighted_id == newest_first[3]
        await burst(pilot, "1")  # Family 021 alone: the cursor goes to it
        await settled(pilot)
        assert shown_titles(listing) == ["Family 021"]
        assert listing.highlighted_id == newest_first[8]
        await burst(pilot, "backspace", "backspace", "backspace", "backspace")
        await settled(pilot)
        assert listing.row_count == 30
        assert listing.highlighted_id == newest_first[8]


async def test_keys_typed_after_find_go_to_the_list_however_fast(db_path: Path) -> None:
    """Enter or Down in Find puts the cursor in the list, and the keys typed after them move
    it there (a Down typed with the Enter was lost in Find, and the wrong meeting opened)."""
    newest_first = many_meetings(db_path, 30)
    for leave_find, opened in (("enter", "Family 027"), ("down", "Family 027")):
        app = SosMeetingApp(database=open_database(str(db_path)))
        async with app.run_test(size=(100, 24)) as pilot:
            await settled(pilot)
            await burst(pilot, *"Family 02", leave_find, "down", "down", "enter")
            await settled(pilot)
            assert isinstance(app.screen, MeetingScreen), leave_find
            assert app.screen.meeting_id == newest_first[29 - int(opened[-3:])], leave_find


async def test_a_meeting_opens_where_it_was_left_even_if_that_changed_since_it_was_listed(
    db_path: Path,
) -> None:
    """The list tells the meeting screen which step to build first; if another laptop has
    moved the meeting on since the list was read, the meeting still opens where it is."""
    from textual.widgets import TabbedContent

    from screens.keys import hold_keys
    from sos_meeting.domain import Step

    newest_first = many_meetings(db_path, 3)
    db = open_database(str(db_path))
    store.set_place(db, newest_first[0], Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(pilot)
        home = app.screen
        hold_keys(home)  # as the list does when it opens a meeting
        listed_as = (MeetingKind.CONFERENCE, Step.MAPPING)  # what a stale list read
        app.push_screen(MeetingScreen(db, newest_first[0], listed_as))
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.meeting_id == newest_first[0]
        assert screen.query_one("#steps", TabbedContent).active == Step.SCALING.value
        assert app.focused is not None and screen.panels[Step.SCALING] in app.focused.ancestors
        assert not app.holding_keys
