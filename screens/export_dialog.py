"""Writing a meeting to a file: the minute, the printable map, the scores or the whole record,
for the file or for the family."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from screens.plain import plain
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Meeting, MeetingKind
from sos_meeting.exports.render import PLAIN_EXPORT, default_name, render, write_private
from sos_meeting.location import DatabaseProblem

CHOICES = [
    ("The minute (Markdown)", "markdown"),
    ("The one-page map, to print (HTML)", "html"),
    ("Every score, for a spreadsheet (CSV)", "csv"),
    ("The whole record (JSON)", "json"),
]
NOTE = ("A brief note for the child's file, with no names (Markdown)", "note")
"""Group supervision only."""


def export_folder(db: Database) -> Path:
    """Exports go beside the database, in a private 'exports' folder."""
    from sos_meeting.database import default_path

    base = db.path.parent if db.path is not None else default_path().parent
    return base / "exports"


class ExportDialog(ModalScreen[Path | None]):
    """Returns where the file was written, or None."""

    BINDINGS = [
        Binding("ctrl+s", "write", "Write the file", id="export-write-key"),
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
    ]

    def __init__(self, db: Database, meeting: Meeting) -> None:
        super().__init__()
        self.db = db
        self.meeting = meeting
        self.asked: list[str] = []
        """Words the note asked about (they may be names), in the order asked."""

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static("Export this meeting", id="export-title")
            choices = [*CHOICES, NOTE] if self.meeting.kind is MeetingKind.SUPERVISION else CHOICES
            yield Select(choices, value="markdown", allow_blank=False, id="export-format")
            yield Checkbox(
                "Family version: roles instead of names, no case reference", id="export-family"
            )
            yield Vertical(id="note-names")
            yield Static("", id="export-result")
            with Horizontal(classes="buttons"):
                yield Button("Write the file (ctrl+s)", id="export-write", variant="primary")
                yield Button("Close", id="export-close")

    def _replacements(self) -> dict[str, str]:
        """What the scribe wrote instead of each word asked about (blank: keep it)."""
        return {
            word: box.value.strip()
            for word, box in zip(
                self.asked, self.query("#note-names Input").results(Input), strict=True
            )
            if box.value.strip()
        }

    async def _ask_about_names(self, replacements: dict[str, str]) -> bool:
        """Ask about words in the note that may be names and were not asked about yet;
        True when there are some (nothing is written until the scribe has seen them)."""
        from sos_meeting.exports.brief_note import possible_names

        record = store.load(self.db, self.meeting.id)
        new = [w for w in possible_names(record, replacements) if w not in self.asked]
        if not new:
            return False
        self.asked += new
        await self.query_one("#note-names", Vertical).mount_all(
            Horizontal(
                Label(plain(word), classes="note-name"),
                Input(placeholder="write instead (blank keeps it)", max_length=200),
                classes="note-name-row",
            )
            for word in new
        )
        self.query_one("#export-result", Static).update(
            plain(
                "The note names no one, and these words may be names: "
                f"{', '.join(self.asked)}. Write what to put instead of each (leave it blank "
                "to keep a word as written), then Write the file again."
            )
        )
        self.query("#note-names Input").first().focus()
        return True

    @on(Button.Pressed, "#export-write")
    async def action_write(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        family = self.query_one("#export-family", Checkbox).value
        meeting = self.meeting
        name = default_name(meeting.title, meeting.id, meeting.held_on.isoformat(), fmt, family)
        result = self.query_one("#export-result", Static)
        replacements = self._replacements()
        try:
            if fmt == "note" and await self._ask_about_names(replacements):
                return
            content = render(
                self.db, meeting.id, fmt, family_version=family, replacements=replacements
            )
            path = write_private(export_folder(self.db) / name, content, live=self.db.path)
        except (store.StorageError, OSError, DatabaseProblem) as problem:
            result.update(plain(f"Not written: {problem}"))
            return
        note = f" {PLAIN_EXPORT}" if self.db.passphrase is not None else ""
        result.update(plain(f"Written (readable only by you): {path}.{note}"))

    @on(Button.Pressed, "#export-close")
    def action_cancel(self) -> None:
        self.dismiss(None)
