"""A RecordTable keeps its rows' drawings across changes to other rows, focus and height:
whatever it keeps, it must look exactly as a table drawn afresh from the same rows."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from screens.record_list import RecordTable, TableRow

from .pilot_helpers import until

COLUMNS = (("#", "seat", 3), ("Name", "name", 14), ("Score", "score", 6))


def _columns(table: DataTable[object]) -> None:
    for label, key, width in COLUMNS:
        table.add_column(label, key=key, width=width)


class Tables(App[None]):
    CSS = """
    DataTable { height: 1fr; }
    #fresh { display: none; }
    DataTable.marked > .datatable--cursor { background: red; }
    """

    def compose(self) -> ComposeResult:
        kept = RecordTable(id="kept", cursor_type="row", zebra_stripes=True)
        fresh: DataTable[object] = DataTable(id="fresh", cursor_type="row", zebra_stripes=True)
        _columns(kept)
        _columns(fresh)
        yield kept
        yield fresh
        yield Input(id="elsewhere")


def _lines(table: DataTable[object]) -> list[list[tuple[str, object]]]:
    width, height = table.size
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in table.render_lines(Region(0, 0, width, height))
    ]


async def _looks_fresh(app: Tables, pilot: Pilot[None], rows: list[TableRow]) -> None:
    """The kept table looks as a plain DataTable given `rows` from scratch, with and without
    the focus, after going back and forth between the two states."""
    kept = app.query_one("#kept", RecordTable)
    fresh = app.query_one("#fresh", DataTable)
    fresh.clear()
    for key, cells in rows:
        fresh.add_row(*cells, key=key)
    fresh.move_cursor(row=kept.cursor_row)
    fresh.styles.height = kept.styles.height
    for focused in (True, False, True, False):
        (kept if focused else app.query_one("#elsewhere", Input)).focus()
        await until(pilot, lambda f=focused: kept.has_focus is f, "the focus")  # type: ignore[misc]
        await pilot.pause()
        seen = _lines(kept)
        # The same table, drawn as Textual draws a fresh one in the same place and state.
        kept.display, fresh.display = False, True
        if focused:
            fresh.focus()
            await until(pilot, lambda: fresh.has_focus, "the fresh table focused")
        await pilot.pause()
        assert seen == _lines(fresh)
        kept.display, fresh.display = True, False


def _rows(*names_and_scores: tuple[str, str]) -> list[TableRow]:
    return [
        (name, (str(seat), name, score))
        for seat, (name, score) in enumerate(names_and_scores, start=1)
    ]


async def test_a_kept_table_looks_as_one_drawn_afresh_through_every_kind_of_change() -> None:
    app = Tables()
    async with app.run_test(size=(40, 12)) as pilot:
        kept = app.query_one("#kept", RecordTable)
        rows = _rows(("Sam", "…"), ("Jo", "…"), ("Kim", "…"))
        kept.draw(rows)
        await _looks_fresh(app, pilot, rows)

        # A score arrives, and a late-comer joins at the end.
        rows = _rows(("Sam", "…"), ("Jo", "6"), ("Kim", "…"), ("Lee", "…"))
        kept.draw(rows)
        kept.move_cursor(row=2)
        await _looks_fresh(app, pilot, rows)
        for row in (0, 3, 2):  # the cursor moves on and comes back: no row keeps its look
            kept.move_cursor(row=row)
            await _looks_fresh(app, pilot, rows)

        # Shorter (a form shown below it), then the order changes.
        kept.styles.height = 4
        await _looks_fresh(app, pilot, rows)
        kept.styles.height = "1fr"
        rows = _rows(("Kim", "7"), ("Sam", "…"), ("Lee", "pass"))
        kept.draw(rows)
        await _looks_fresh(app, pilot, rows)

        # Another look for the cursor alone, then altogether: nothing drawn before may linger.
        kept.add_class("marked")
        app.query_one("#fresh", DataTable).add_class("marked")
        await _looks_fresh(app, pilot, rows)
        app.theme = "textual-light"
        await _looks_fresh(app, pilot, rows)
        assert [key for key, _ in kept.drawn] == ["Kim", "Sam", "Lee"]


async def test_a_changed_cell_redraws_its_own_row_and_no_other() -> None:
    app = Tables()
    async with app.run_test(size=(40, 12)) as pilot:
        kept = app.query_one("#kept", RecordTable)
        kept.draw(_rows(("Sam", "…"), ("Jo", "…"), ("Kim", "…")))
        await pilot.pause()
        _lines(kept)
        drawn = {key[0] for key in kept._row_render_cache.keys()}  # noqa: SIM118
        assert {"Sam", "Jo", "Kim"} <= {k.value for k in drawn}
        kept.draw(_rows(("Sam", "…"), ("Jo", "6"), ("Kim", "…")))
        left = {key[0].value for key in kept._row_render_cache.keys()}  # noqa: SIM118
        assert "Jo" not in left and {"Sam", "Kim"} <= left


async def test_rows_drawn_stay_drawn_when_the_table_is_only_made_shorter_or_taller() -> None:
    """The last score of a round hides the entry form below the table: a resize in height
    alone, which made Textual's DataTable draw every row again."""
    app = Tables()
    async with app.run_test(size=(40, 12)) as pilot:
        kept = app.query_one("#kept", RecordTable)
        kept.draw(_rows(("Sam", "5"), ("Jo", "6")))
        await pilot.pause()
        _lines(kept)
        generation = kept._update_count  # every drawing is keyed by it
        kept.styles.height = 4
        await until(pilot, lambda: kept.size.height == 4, "the table shorter")
        assert kept._update_count == generation
        await pilot.resize_terminal(50, 12)
        await until(pilot, lambda: kept.size.width == 50, "the table wider")
        assert kept._update_count > generation
