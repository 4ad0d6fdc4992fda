"""The meetings on the home screen, one line each, drawn directly.

Textual's `DataTable` drew every visible row again, cell by cell, each time the list
changed: 17 to 20 ms of every key typed in Find at 120 columns. Here a row is one line of
text in fixed columns, kept once drawn (by what it shows and how it looks), so a new search
draws only the rows it has not drawn before, each in a few microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

COLUMNS: tuple[tuple[str, int], ...] = (
    ("Date", 10),
    ("Kind", 13),
    ("Title", 15),
    ("Case", 9),
    ("How far it got", 22),
)
"""Each column's heading and its width in cells; the last one takes what is left."""


@dataclass(frozen=True)
class ListedMeeting:
    """A row: the meeting's id and its cells, in column order, each one line of plain text."""

    meeting_id: int
    cells: tuple[str, ...]


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis (wide characters
    count as two cells)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…"


def line_text(cells: Sequence[str], width: int) -> str:
    """The cells laid out in the columns (one cell of space either side of each), the last
    column taking the rest of `width`."""
    fixed = sum(w + 2 for _, w in COLUMNS[:-1])
    widths = [w for _, w in COLUMNS[:-1]] + [max(COLUMNS[-1][1], width - fixed - 2)]
    return "".join(f" {fit(cell, w)} " for cell, w in zip(cells, widths, strict=True))


class MeetingList(ScrollView, can_focus=True):
    """The meetings, newest first, with a cursor on one row. Up, Down, Page Up, Page Down,
    Home and End move it; a click moves it and chooses that meeting."""

    COMPONENT_CLASSES = {"meeting-list--header", "meeting-list--cursor", "meeting-list--stripe"}

    DEFAULT_CSS = """
    MeetingList {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .meeting-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .meeting-list--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .meeting-list--stripe {
            background: $surface-darken-1 40%;
        }
        & > .meeting-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .meeting-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .meeting-list--stripe {
            background: $surface-lighten-1 50%;
        }
        & > .meeting-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to the row at `index`."""

        def __init__(self, listing: MeetingList, index: int, meeting_id: int) -> None:
            super().__init__()
            self.listing = listing
            self.index = index
            self.meeting_id = meeting_id

        @property
        def control(self) -> MeetingList:
            return self.listing

    class Chosen(Message):
        """A meeting was clicked."""

        def __init__(self, listing: MeetingList, meeting_id: int) -> None:
            super().__init__()
            self.listing = listing
            self.meeting_id = meeting_id

        @property
        def control(self) -> MeetingList:
            return self.listing

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[ListedMeeting] = []
        self.cursor_row = 0
        self._drawn: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def highlighted_id(self) -> int | None:
        """The meeting the cursor is on (None when the list is empty)."""
        return self.rows[self.cursor_row].meeting_id if self.rows else None

    def show(self, rows: Sequence[ListedMeeting], keep: int | None = None) -> None:
        """Show `rows` instead, with the cursor on meeting `keep` if it is among them (on
        the first row if not)."""
        self.rows = list(rows)
        self._sized()
        self.scroll_to(y=0, animate=False, immediate=True)
        index = next((i for i, row in enumerate(self.rows) if row.meeting_id == keep), 0)
        self.cursor_row = -1
        self.move_cursor(index)
        self.refresh()

    def extend(self, rows: Sequence[ListedMeeting]) -> None:
        """Add `rows` at the end (the next page of a long list)."""
        first = len(self.rows)
        self.rows.extend(rows)
        self._sized()
        self.refresh(Region(0, self._screen_y(first), self.size.width, len(rows)))

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (kept within the list), scrolled into view."""
        if not self.rows:
            self.cursor_row = 0
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor_row:
            return
        before, self.cursor_row = self.cursor_row, row
        self._refresh_row(before)
        self._refresh_row(row)
        shown = self._rows_shown()
        top = round(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + shown:
            self.scroll_to(y=row - shown + 1, animate=False, immediate=True)
        self.post_message(self.Highlighted(self, row, self.rows[row].meeting_id))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(1, self._rows_shown() - 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(1, self._rows_shown() - 1))

    def action_first_row(self) -> None:
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the heading
        index = offset.y - 1 + round(self.scroll_offset.y)
        if index < len(self.rows):
            self.move_cursor(index)
            self.post_message(self.Chosen(self, self.rows[index].meeting_id))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # a new theme, or the focus came or went

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._draw(("header",), tuple(name for name, _ in COLUMNS), width)
        index = y - 1 + round(self.scroll_offset.y)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        look = "cursor" if index == self.cursor_row else ("stripe" if index % 2 == 0 else "")
        return self._draw((look, row.meeting_id), row.cells, width)

    def _draw(self, look: tuple[object, ...], cells: tuple[str, ...], width: int) -> Strip:
        key = (*look, cells, width)
        strip = self._drawn.get(key)
        if strip is None:
            name = look[0]
            style: Style = self.rich_style
            if name:
                style += self.get_component_rich_style(f"meeting-list--{name}")
            text = line_text(cells, width)
            strip = Strip([Segment(text, style)]).adjust_cell_length(width, style)
            self._drawn[key] = strip
        return strip

    def _sized(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)

    def _rows_shown(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _screen_y(self, index: int) -> int:
        return index + 1 - round(self.scroll_offset.y)

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.refresh(Region(0, self._screen_y(index), self.size.width, 1))
