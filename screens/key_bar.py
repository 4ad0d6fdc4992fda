"""The keys that work here, on the bottom line, as Textual's Footer shows them.

Drawn by one widget: Textual's Footer builds a widget for every key each time the cursor
moves, and on a meeting screen that rebuilding took most of the time between Enter and
"Saved ✓" on screen. This one redraws its single line, and only when the keys change.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

_ENABLED, _DISABLED = Style(), Style(dim=True)


class Shown(NamedTuple):
    key: str
    """The key to press (as bound), e.g. 'f2'."""
    display: str
    """How the key is written on screen, e.g. 'F2'."""
    description: str
    enabled: bool


class KeyBar(Widget):
    """One line of keys and what they do; a click on one presses it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[Shown, ...] = ()
        self.spans: list[tuple[int, int, Shown]] = []
        """Where each key is drawn on the line: start and end columns, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        seen: set[str] = set()
        keys: list[Shown] = []
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(
                Shown(binding.key, self.app.get_key_display(binding), binding.description, enabled)
            )
        if tuple(keys) != self.keys:
            self.keys = tuple(keys)
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, end="")
        self.spans = []
        width = self.size.width
        for shown in self.keys:
            start = line.cell_len
            key, description = f" {shown.display} ", f"{shown.description} "
            if width and start + cell_len(key + description) > width:
                break  # a key is shown with what it does, or not at all
            dim = _ENABLED if shown.enabled else _DISABLED
            line.append(key, key_style + dim)
            line.append(description, description_style + dim)
            self.spans.append((start, line.cell_len, shown))
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, shown in self.spans:
            if start <= event.x < end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
