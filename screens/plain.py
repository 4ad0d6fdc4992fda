"""Showing recorded text safely (never as markup, never with raw control codes), and
showing it cheaply (no screen layout that is not needed)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, Static

from sos_meeting.text import clean

Choice = TypeVar("Choice")


def plain(text: str, *, multiline: bool = True) -> Content:
    """`text` as literal content: '[b]' stays '[b]', escape sequences are removed."""
    return Content(clean(text, multiline=multiline))


def short(text: str, width: int) -> str:
    """One line of `text`, cut to `width` characters with an ellipsis."""
    line = clean(text)
    return line if len(line) <= width else line[: max(1, width - 1)] + "…"


def show(widget: Static, content: Content | str) -> None:
    """Put `content` in `widget`, doing only the work needed: nothing if it is what the
    widget already shows, and no layout of the screen unless its height changes (a layout
    pass on every save was a large part of the time before "Saved ✓" appeared)."""
    new = content if isinstance(content, Content) else Content(content)
    old = widget.content
    if isinstance(old, Content) and old == new:
        return
    width = widget.content_region.width
    if width <= 0 or not isinstance(old, Content):
        widget.update(new)
        return
    same_height = len(old.wrap(width)) == len(new.wrap(width))
    widget.update(new, layout=not same_height)


def display(widgets: Iterable[Widget], shown: bool) -> None:
    """Show or hide `widgets`, laying out the screen only for those that change (Textual
    lays it out on every assignment, even of the value it already has)."""
    for widget in widgets:
        if widget.display != shown:
            widget.display = shown


class Picker(Select[Choice]):
    """A Select given its choices again only when they change: Textual's `set_options`
    rebuilds the list and restyles the widget even for the same choices (about 2 ms, on
    every step shown and every column entered)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offered: list[tuple[Content | str, Choice]] = []

    def offer(
        self, options: Sequence[tuple[Content | str, Choice]], value: Choice | None = None
    ) -> None:
        """Offer `options` (if they differ from those offered last) and choose `value`
        (if given and not chosen already)."""
        renamed = list(options) != self._offered
        if renamed:
            self._offered = list(options)
            self.set_options(options)
        if value is not None and self.value != value:
            self.value = value
        elif renamed:
            # Select shows a choice's words only when the choice changes: the same choice
            # under new words (a scale renamed on another laptop) kept the old ones.
            for words, choice in self._offered:
                if choice == self.value:
                    self.query_one("SelectCurrent").update(words)  # type: ignore[attr-defined]
                    break
