"""Lists and tables of recorded entries that redraw only what changed, and lay out nothing
else on the screen when an entry is added."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive

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


class RecordTable(OrderedDataTable):
    """A table of recorded entries (people, a round's scores) sized by the screen's CSS
    (e.g. `height: 1fr`), never by its rows: a new row lays out nothing else."""

    virtual_size = Reactive(Size(0, 0), layout=False)
