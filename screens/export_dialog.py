"""Writing a meeting to a file: the minute, the printable map, the scores or the whole record,
for the file or for the family."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Select, Static

from screens.plain import plain
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Meeting
from sos_meeting.exports.render import PLAIN_EXPORT, default_name, render, write_private
from sos_meeting.location import DatabaseProblem

CHOICES = [
    ("The minute (Markdown)", "markdown"),
    ("The one-page map, to print (HTML)", "html"),
    ("Every score, for a spreadsheet (CSV)", "csv"),
    ("The whole record (JSON)", "json"),
]


def export_folder(db: Database) -> Path:
    """Exports go beside the database, in a private 'exports' folder."""
    from sos_meeting.database import default_path

    base = db.path.parent if db.path is not None else default_path().parent
    return base / "exports"


class ExportDialog(ModalScreen[Path | None]):
    """Returns where the file was written, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel")]

    def __init__(self, db: Database, meeting: Meeting) -> None:
        super().__init__()
        self.db = db
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static("Export this meeting", id="export-title")
            yield Select(CHOICES, value="markdown", allow_blank=False, id="export-format")
            yield Checkbox(
                "Family version: roles instead of names, no case reference", id="export-family"
            )
            yield Static("", id="export-result")
            with Horizontal(classes="buttons"):
                yield Button("Write the file", id="export-write", variant="primary")
                yield Button("Close", id="export-close")

    @on(Button.Pressed, "#export-write")
    def _write(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        family = self.query_one("#export-family", Checkbox).value
        meeting = self.meeting
        name = default_name(meeting.title, meeting.id, meeting.held_on.isoformat(), fmt, family)
        result = self.query_one("#export-result", Static)
        try:
            content = render(self.db, meeting.id, fmt, family_version=family)
            path = write_private(export_folder(self.db) / name, content, live=self.db.path)
        except (store.StorageError, OSError, DatabaseProblem) as problem:
            result.update(plain(f"Not written: {problem}"))
            return
        note = f" {PLAIN_EXPORT}" if self.db.passphrase is not None else ""
        result.update(plain(f"Written (readable only by you): {path}.{note}"))

    @on(Button.Pressed, "#export-close")
    def action_cancel(self) -> None:
        self.dismiss(None)
