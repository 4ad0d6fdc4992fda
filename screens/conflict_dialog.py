"""Two people changed the same words at once: both versions side by side, and a choice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.keys import focus_now
from screens.plain import plain
from sos_meeting.conflicts import EditConflict, Resolution, Version


def _words(version: Version) -> Content:
    return Content("\n").join(
        Content.assemble((f"{label.capitalize()}: ", "bold"), plain(words or "(empty)"))
        for label, words in version.fields
    )


class ConflictDialog(ModalScreen[Resolution]):
    """Asks which words stay. Esc merges by hand: nothing is lost either way."""

    BINDINGS = [Binding("escape", "merge", "Merge by hand", id="conflict-merge-key")]

    def __init__(self, conflict: EditConflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict"):
            yield Static(plain(str(self.conflict)), id="conflict-question")
            with VerticalScroll(id="conflict-versions"):
                yield Static("Yours (not saved):", classes="conflict-label")
                yield Static(_words(self.conflict.mine), id="conflict-mine")
                yield Static("Saved meanwhile by someone else:", classes="conflict-label")
                yield Static(_words(self.conflict.theirs), id="conflict-theirs")
            with Horizontal(classes="buttons"):
                yield Button("Keep mine", id="conflict-keep", variant="warning")
                yield Button("Take theirs", id="conflict-take")
                yield Button("Merge by hand", id="conflict-merge", variant="primary")

    def on_mount(self) -> None:
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        """The cursor on "Merge by hand" once the buttons are there (a modal pushed while
        the app is busy can mount before its children)."""
        for button in self.query("#conflict-merge").results(Button):
            focus_now(button)

    @on(Button.Pressed, "#conflict-keep")
    def _keep(self) -> None:
        self.dismiss(Resolution.KEPT_MINE)

    @on(Button.Pressed, "#conflict-take")
    def _take(self) -> None:
        self.dismiss(Resolution.TOOK_THEIRS)

    @on(Button.Pressed, "#conflict-merge")
    def action_merge(self) -> None:
        self.dismiss(Resolution.MERGED)
