"""The command palette's commands (ctrl+p): every command the screen offers at that moment,
taken from its bindings, so the palette and the keys can never disagree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

MOVES = frozenset(
    {
        "cursor_up", "cursor_down", "cursor_left", "cursor_right", "page_up", "page_down",
        "scroll_home", "scroll_end", "focus_next", "focus_previous", "select_cursor",
        "command_palette", "help", "quit",
    }
)  # fmt: skip
"""Keys that move the cursor (or that the palette has already): not commands to list."""


def screen_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Each enabled command of `screen` and its focused widget: its name, what it does, and
    its key."""
    app = screen.app
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        action = binding.action
        name = action.split("(", 1)[0]
        if not active.enabled or not binding.description or name in MOVES:
            continue
        if action in seen:
            continue
        seen.add(action)
        key = app.get_key_display(binding)
        about = binding.tooltip or binding.description
        title = binding.tooltip if not binding.show and binding.tooltip else binding.description

        async def run(node: Any = node, action: str = action) -> None:
            await node.run_action(action)

        yield SystemCommand(title, f"{about} ({key})", run)
