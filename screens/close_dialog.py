"""Closing a meeting: the three elements checked first; anything missing needs a reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.keys import EntryInput, focus_now
from screens.plain import plain
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import MeetingKind, MeetingRecord
from sos_meeting.text import InputError
from sos_meeting.words import listed


class CloseDialog(ModalScreen[bool]):
    """Returns True once the meeting is closed."""

    BINDINGS = [Binding("escape", "cancel", "Keep it open", id="close-cancel")]

    def __init__(self, db: Database, record: MeetingRecord) -> None:
        super().__init__()
        self.db = db
        self.record = record

    def compose(self) -> ComposeResult:
        missing = self.record.missing()
        with Vertical(id="close"):
            yield Static("Close this meeting", id="close-title")
            if missing:
                elements = (
                    "Without the three elements you will not be practising "
                    f"{self.record.meeting.wording.label}. "
                    if self.record.missing_elements()
                    else ""
                )
                yield Static(
                    plain(elements + "This meeting is missing " + listed(missing) + "."),
                    classes="error",
                )
                yield EntryInput(placeholder="why it is closing without them", id="close-reason")
            else:
                yield Static(
                    "It has a statement, a goal paired with it, and a scaling round with reasons"
                    + (
                        ", and the decision for each child."
                        if self.record.meeting.kind is MeetingKind.CONFERENCE
                        else "."
                    )
                )
            yield Static(
                "After closing, a change needs a reason, and is kept as an amendment with the "
                "words before and after it, who made it and when.",
                classes="hint",
            )
            yield Static("", id="close-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Close the meeting", id="close-yes", variant="primary")
                yield Button("Keep it open", id="close-no")

    def on_mount(self) -> None:
        reasons = self.query("#close-reason")
        focus_now(reasons.first() if reasons else self.query_one("#close-yes"))

    @on(Input.Submitted, "#close-reason")
    @on(Button.Pressed, "#close-yes")
    def _close(self) -> None:
        reasons = self.query("#close-reason").results(Input)
        note = next(iter(reasons)).value if self.query("#close-reason") else ""
        try:
            store.close_meeting(
                self.db, self.record.meeting.id, missing=self.record.missing(), note=note
            )
        except (InputError, store.StorageError) as problem:
            self.query_one("#close-error", Static).update(plain(str(problem)))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#close-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
