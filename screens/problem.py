"""The screen shown when the database cannot be used: what is wrong and what to do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from screens.key_bar import KeyBar
from screens.plain import plain
from sos_meeting.location import EXIT_PROBLEM


class ProblemScreen(Screen[None]):
    """A plain message about the database; nothing has been written to it."""

    BINDINGS = [Binding("q,escape", "leave", "Quit", id="problem-quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="problem"):
            yield Static("The meetings database cannot be opened", id="problem-title")
            yield Static(plain(self.message), id="problem-message")
            yield Static("Press q to close. Nothing has been changed.", classes="hint")
        yield KeyBar()

    def action_leave(self) -> None:
        """Quit, telling the shell the app could not do its work (as the command line does)."""
        self.app.exit(return_code=EXIT_PROBLEM)
