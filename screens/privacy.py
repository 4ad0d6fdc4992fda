"""The cleared screen between people in a private round: only who is next."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.keys import hold_keys, pass_on


class NextPersonScreen(ModalScreen[None]):
    """Covers the whole screen until the next person is ready."""

    BINDINGS = [Binding("enter,space", "ready", "Ready", id="next-ready")]
    OWN_KEYS = frozenset({"enter"})

    def __init__(self, next_turn: Content | None) -> None:
        super().__init__()
        self.next_turn = next_turn

    def compose(self) -> ComposeResult:
        with Vertical(id="next-person"):
            yield Static("Thank you. Your answer is saved and hidden.", id="next-thanks")
            if self.next_turn is None:
                yield Static("Everyone has scored. Press Enter, then reveal the numbers together.")
            else:
                yield Static(
                    Content.assemble("Next: ", self.next_turn, ". Press Enter when they are ready.")
                )

    async def _on_key(self, event: events.Key) -> None:
        # Enter hands over to the next person's number box: keys typed after it wait.
        if pass_on(self, event):
            return
        if event.key in ("enter", "space"):
            event.stop()
            event.prevent_default()
            self.action_ready()

    def action_ready(self) -> None:
        hold_keys(self, handing_over=True)  # released once the number box has the cursor
        self.dismiss(None)
