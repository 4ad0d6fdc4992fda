"""Writing a meeting to a file: the minute, the printable map, the scores or the whole record,
for the file or for the family."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from screens.plain import plain
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Meeting, MeetingKind
from sos_meeting.exports.heading import Heading
from sos_meeting.exports.render import PLAIN_EXPORT, default_name, render_file, write_private
from sos_meeting.location import DatabaseProblem

CHOICES = [
    ("A letter to the family, after you read every passage (Word)", "letter-docx"),
    ("The minute for Word (docx)", "docx"),
    ("The one-page map as a PDF (printed by a browser on this laptop)", "pdf"),
    ("The minute (Markdown)", "markdown"),
    ("The one-page map, to print (HTML)", "html"),
    ("Every score, for a spreadsheet (CSV)", "csv"),
    ("The whole record (JSON)", "json"),
]
NOTE = ("A brief note for the child's file, with no names (Markdown)", "note")
"""Group supervision only."""


def export_folder(app: object) -> Path:
    """Where exports go: the settings' folder, else Documents/sos-meeting."""
    from sos_meeting.exports.folder import export_folder as folder

    settings = getattr(app, "settings", None)
    return folder(str(getattr(settings, "export_folder", "") or ""))


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
            if fmt == "letter-docx":
                self._review_letter(name)
                return
        except (store.StorageError, OSError, DatabaseProblem) as problem:
            result.update(plain(f"Not written: {problem}"))
            return
        heading = self._heading()
        result.update("Writing… (a PDF takes a few seconds)" if fmt == "pdf" else "Writing…")
        self._write_file(
            export_folder(self.app) / name, fmt, family, dict(replacements or {}), heading
        )

    def _review_letter(self, name: str) -> None:
        """The letter is written only after its review is recorded."""
        from screens.letter_review import LetterReview

        record = store.load(self.db, self.meeting.id)

        def reviewed(done: bool | None) -> None:
            if not done:
                self._said("The letter was not written: its review was not finished.")
                return
            self._said("Writing the letter…")
            self._write_file(
                export_folder(self.app) / name, "letter-docx", False, {}, self._heading()
            )

        self.app.push_screen(LetterReview(self.db, record), reviewed)

    def _heading(self) -> Heading:
        settings = getattr(self.app, "settings", None)
        return Heading(
            str(getattr(settings, "marking", "") or ""),
            str(getattr(settings, "organisation", "") or ""),
        )

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_file(
        self,
        path: Path,
        fmt: str,
        family: bool,
        replacements: dict[str, str],
        heading: Heading,
    ) -> None:
        """Read, render and write away from the screen (a PDF waits for a browser)."""
        try:
            content = render_file(
                self.db,
                self.meeting.id,
                fmt,
                family_version=family,
                replacements=replacements,
                heading=heading,
            )
            written = write_private(path, content, live=self.db.path)
        except (store.StorageError, OSError, DatabaseProblem) as problem:
            self.app.call_from_thread(self._said, f"Not written: {problem}")
            return
        note = f" {PLAIN_EXPORT}" if self.db.passphrase is not None else ""
        self.app.call_from_thread(self._said, f"Written (readable only by you): {written}.{note}")

    def _said(self, words: str) -> None:
        self.query_one("#export-result", Static).update(plain(words))

    @on(Button.Pressed, "#export-close")
    def action_cancel(self) -> None:
        self.dismiss(None)
