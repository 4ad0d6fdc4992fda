"""What every meeting step shares: the record it shows and a safe way to save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import MeetingRecord
from sos_meeting.text import InputError


class Host(Protocol):
    """The meeting screen, as the steps see it."""

    async def reload(self) -> None:
        """Read the record again and give it to every step."""

    def announce(self, what: str) -> None:
        """Say on the status line that something was saved."""


class StepPanel(Vertical):
    """One step of the meeting. The meeting screen gives it each fresh copy of the record."""

    def __init__(self, db: Database, record: MeetingRecord, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.db = db
        self.record = record

    async def on_mount(self) -> None:
        await self.show(self.record)

    async def show(self, record: MeetingRecord) -> None:
        """Show `record`, keeping the cursor where it was where possible."""
        self.record = record

    def focus_first(self) -> None:
        """Put the cursor where the facilitator most likely wants it on arriving."""
        self.screen.focus_next()

    def leave_text(self) -> None:
        """Esc in a text box: go to the step's list (what is typed stays in the box)."""
        self.focus_first()

    def problem(self, message: str) -> None:
        """Show a message in this step's message line (beside the form)."""
        for line in self.query(".step-error").results(Static):
            line.update(message)
            line.display = bool(message)

    async def save(
        self, action: Callable[[], object], what: str, *, on_error: Widget | None = None
    ) -> bool:
        """Run one store write; once committed, show the new record and say it is saved.

        On refusal the reason is shown beside the form and the focus goes to `on_error`;
        returns whether it was saved.
        """
        try:
            action()
        except InputError as refused:
            self.problem(str(refused))
            if on_error is not None:
                on_error.focus()
            return False
        except store.StorageError as failed:
            self.problem(f"Not saved. {failed}")
            if on_error is not None:
                on_error.focus()
            return False
        self.problem("")
        host: Host = self.screen  # type: ignore[assignment]
        await host.reload()
        host.announce(what)
        return True
