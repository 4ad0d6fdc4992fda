"""Small dialogs that return a typed answer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.keys import focus_now
from screens.plain import plain


class Confirm(ModalScreen[bool]):
    """Asks a yes/no question; Enter (on the focused button) answers, Escape says no."""

    BINDINGS = [Binding("escape", "no", "Keep it", id="confirm-no")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No, keep it") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(plain(self.question), id="confirm-question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="confirm-yes", variant="error")
                yield Button(self.no, id="confirm-keep")

    def on_mount(self) -> None:
        focus_now(self.query_one("#confirm-keep", Button))

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-keep")
    def action_no(self) -> None:
        self.dismiss(False)
