"""Changing a closed meeting: the facilitator says why once, and every change made until the
meeting is left is kept as an amendment with that reason, the words before and after, who
and when."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.keys import EntryInput, focus_now
from screens.plain import plain
from sos_meeting.text import LONG_TEXT, InputError, required


class AmendDialog(ModalScreen[str | None]):
    """Returns the reason given for changing a closed meeting, or None to change nothing."""

    BINDINGS = [Binding("escape", "cancel", "Change nothing", id="amend-cancel")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        """The change that was asked for, e.g. 'added to worries: “Dad shouts”'."""

    def compose(self) -> ComposeResult:
        with Vertical(id="amend"):
            yield Static("This meeting is closed", id="amend-title")
            yield Static(
                plain(
                    f"You asked to save: {self.what}. A change to a closed meeting is kept as "
                    "an amendment, with the words before and after, who made it and when."
                )
            )
            yield Static("Why is it being changed?", classes="label")
            yield EntryInput(placeholder="e.g. a spelling mistake in a name", id="amend-reason")
            yield Static(
                "The reason is kept with each change you make until you leave this meeting.",
                classes="hint",
            )
            yield Static("", id="amend-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save as an amendment", id="amend-yes", variant="primary")
                yield Button("Change nothing", id="amend-no")

    def on_mount(self) -> None:
        focus_now(self.query_one("#amend-reason", Input))

    @on(Input.Submitted, "#amend-reason")
    @on(Button.Pressed, "#amend-yes")
    def _save(self) -> None:
        typed = self.query_one("#amend-reason", Input).value
        try:
            reason = required(typed, "why it is being changed", limit=LONG_TEXT)
        except InputError as problem:
            self.query_one("#amend-error", Static).update(plain(str(problem)))
            focus_now(self.query_one("#amend-reason", Input))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#amend-no")
    def action_cancel(self) -> None:
        self.dismiss(None)
