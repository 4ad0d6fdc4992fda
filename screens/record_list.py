"""Lists and tables of recorded entries that redraw only what changed, and lay out nothing
else on the screen when an entry is added."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets.data_table import CellDoesNotExist, CellType, ColumnKey, RowKey

from screens.keys import OrderedDataTable, OrderedOptionList


class RecordList(OrderedOptionList):
    """Entries drawn as lines of one widget: adding one lays out nothing else on the
    screen (a list of mounted widgets re-laid the whole screen and took 100 ms at 60 map
    items). Its size is set by the screen's CSS (e.g. `height: 1fr`), never by its entries."""

    virtual_size = Reactive(Size(0, 0), layout=False)
    """As a widget's, but a new entry lays out nothing (the scroll bar, shown or hidden,
    still lays out the screen as before)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.drawn: tuple[Content, ...] = ()

    def draw(self, entries: Sequence[Content]) -> None:
        """Show `entries`, redrawing only those that differ from what is shown; the
        highlighted entry stays where it was (the first, when none was)."""
        new, old = tuple(entries), self.drawn
        if new == old:
            return
        self.drawn = new
        if new[: len(old)] == old:
            self.add_options(new[len(old) :])
        elif len(new) == len(old):
            for index, (before, after) in enumerate(zip(old, new, strict=True)):
                if before != after:
                    self.replace_option_prompt_at_index(index, after)
        else:
            index = self.highlighted or 0
            self.set_options(new)
            if new:
                self.highlighted = min(index, len(new) - 1)
        if self.highlighted is None and new:
            self.highlighted = 0  # as a list of widgets: the cursor starts on the first


TableRow = tuple[str, tuple[object, ...]]
"""A row of a `RecordTable`: its key and its cells in column order."""


class RecordTable(OrderedDataTable):
    """A table of recorded entries (people, a round's scores) sized by the screen's CSS
    (e.g. `height: 1fr`), never by its rows: a new row lays out nothing else.

    With every column's width fixed, changing a cell or adding a row at the end redraws
    that row alone. Textual's `DataTable` counts every change and keys all its drawings by
    that count, so one new score redrew every row (12-32 ms a frame at 12 people). Its
    drawings are also kept when the table gains or loses the focus, as long as it looks as
    it did the last time it was in that state: they are keyed by that state already."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.drawn: tuple[TableRow, ...] = ()
        self._looks: dict[object, tuple[object, ...]] = {}
        self._look_checked = False
        self._width_drawn: int | None = None

    def _on_resize(self, event: events.Resize) -> None:
        if event.size.width == self._width_drawn:
            # Taller or shorter only (a form shown or hidden below it): every row is drawn
            # as before, so DataTable's own handler, which forgets every drawing, is skipped.
            event.prevent_default()
        self._width_drawn = event.size.width

    def notify_style_update(self) -> None:
        Widget.notify_style_update(self)  # not DataTable's, which forgets every drawing
        self._get_styles_to_render_cell.cache_clear()
        self._line_cache.clear()
        self._styles_cache.clear()
        self._look_checked = False
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._look_checked:
            # Checked here, once the new styles are all in place (the component styles are
            # set after `notify_style_update`).
            state = self.get_pseudo_class_state()
            look = (
                self.rich_style,
                *(self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)),
            )
            if self._looks.get(state, look) != look:
                self._looks = {}
                self._clear_caches()
            self._looks[state] = look
            self._look_checked = True
        return super().render_lines(crop)

    @property
    def _widths_fixed(self) -> bool:
        return all(not column.auto_width for column in self.columns.values())

    def draw(self, rows: Sequence[TableRow]) -> None:
        """Show `rows`, changing only the cells that differ from what is shown and adding
        new rows at the end; the cursor stays on its row (the nearest one, when the rows
        were reordered or removed)."""
        new, old = tuple(rows), self.drawn
        if new == old:
            return
        if [key for key, _ in new[: len(old)]] == [key for key, _ in old]:
            columns = [column.key for column in self.ordered_columns]
            for (key, before), (_, after) in zip(old, new, strict=False):
                for column, was, now in zip(columns, before, after, strict=True):
                    if was != now:
                        self.update_cell(key, column, now)
            for key, cells in new[len(old) :]:
                self.add_row(*cells, key=key)
        else:
            row = self.cursor_row
            self.clear()
            for key, cells in new:
                self.add_row(*cells, key=key)
            if new:
                self.move_cursor(row=min(row, len(new) - 1))
        self.drawn = new

    def clear(self, columns: bool = False) -> RecordTable:
        self.drawn = ()
        super().clear(columns)
        return self

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        """As `DataTable.update_cell`, redrawing only the cell's row."""
        if update_width or not self._widths_fixed:
            super().update_cell(row_key, column_key, value, update_width=update_width)
            return
        row_key = RowKey(row_key) if isinstance(row_key, str) else row_key
        column_key = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if row_key not in self._row_locations or column_key not in self._column_locations:
            raise CellDoesNotExist(
                f"No cell exists for row_key={row_key!r}, column_key={column_key!r}."
            )
        self._data[row_key][column_key] = value
        self._forget_row(row_key)

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: object = None,
    ) -> RowKey:
        """As `DataTable.add_row`, drawing only the new row when it has a fixed height."""
        count = self._update_count
        row_key = super().add_row(*cells, height=height, key=key, label=label)  # type: ignore[arg-type]
        if height is not None and label is None and self._widths_fixed:
            # Rows above keep their place and their drawing; only the offsets grow.
            self._update_count = count
            self._offset_cache.clear()
            self._forget_row(row_key)
        return row_key

    def _forget_row(self, row_key: RowKey) -> None:
        """Drop what was drawn for one row, and ask for that row to be drawn again."""
        index = self._row_locations.get(row_key)
        # LRUCache has keys() but cannot be iterated itself.
        for row in [k for k in self._row_render_cache.keys() if k[0] == row_key]:  # noqa: SIM118
            self._row_render_cache.discard(row)
        for cell in [k for k in self._cell_render_cache.keys() if k[0] == row_key]:  # noqa: SIM118
            self._cell_render_cache.discard(cell)
        for cells in [k for k in self._row_renderable_cache.keys() if k[1] == index]:  # noqa: SIM118
            self._row_renderable_cache.discard(cells)
        self._line_cache.clear()  # lines are drawn from the rows' drawings: cheap to redo
        if index is not None:
            self.refresh_row(index)
