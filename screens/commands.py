"""The command palette's commands (ctrl+p): every command the screen offers at that moment,
taken from its bindings, so the palette and the keys can never disagree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

MOVES = frozenset(
    {
        "cursor_up", "cursor_down", "cursor_left", "cursor_right", "page_up", "page_down",
        "scroll_home", "scroll_end", "focus_next", "focus_previous", "select_cursor",
        "page_left", "page_right", "scroll_top", "scroll_bottom", "first_row", "last_row",
        "next_box", "copy_text",
        "scroll_left", "scroll_right", "scroll_up", "scroll_down",
        "command_palette", "help", "quit",
    }
)  # fmt: skip
"""Keys that move the cursor (or that the palette has already): not commands to list."""


@dataclass(frozen=True, slots=True)
class Offered:
    """A command the screen offers now: its key, its name, what it does, and who runs it."""

    key: str
    title: str
    about: str
    node: Any
    action: str


def offered(screen: Screen[Any]) -> list[Offered]:
    """Each enabled command of `screen` and its focused widget, from their bindings."""
    app = screen.app
    seen: set[str] = set()
    found = []
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        action = binding.action
        name = action.split("(", 1)[0].rsplit(".", 1)[-1]
        if not active.enabled or not binding.description or name in MOVES or action in seen:
            continue
        seen.add(action)
        title = binding.tooltip if not binding.show and binding.tooltip else binding.description
        about = binding.tooltip or binding.description
        found.append(Offered(app.get_key_display(binding), title, about, node, action))
    # The screen's own commands whose key the focused widget also uses (Enter on a list
    # opens the highlighted meeting, and moves the list's cursor too).
    for own in screen.BINDINGS:
        if not isinstance(own, Binding) or not own.description:
            continue
        binding, action = own, own.action
        name = action.split("(", 1)[0].rsplit(".", 1)[-1]
        if action in seen or name in MOVES or screen.check_action(name, ()) is False:
            continue
        seen.add(action)
        title = binding.tooltip if not binding.show and binding.tooltip else binding.description
        about = binding.tooltip or binding.description
        found.append(Offered(app.get_key_display(binding), title, about, screen, action))
    return found


def screen_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Each command of `screen` for the palette: its name, what it does, and its key."""
    for command in offered(screen):

        async def run(node: Any = command.node, action: str = command.action) -> None:
            await node.run_action(action)

        yield SystemCommand(command.title, f"{command.about} ({command.key})", run)
