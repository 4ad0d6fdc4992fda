"""What every meeting step shares: the record it shows, and one way to ask for a save.

A step never writes. It captures what was typed, asks the meeting's writer to save it
(`submit`), and carries on; the meeting screen gives it each saved change (`changed`) or
each refusal (`not_saved`) as they come back, in the order they were asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Protocol

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from sos_meeting import edits
from sos_meeting.changes import Change
from sos_meeting.conflicts import EditConflict, Resolution
from sos_meeting.database import Database
from sos_meeting.domain import MeetingRecord, Step
from sos_meeting.edits import Write
from sos_meeting.text import InputError, parse_date
from sos_meeting.writer import Edit


class Host(Protocol):
    """The meeting screen, as the steps see it: the one owner of writes."""

    db: Database
    """For reads a step makes on request (a person's history); never for writes."""

    def submit(self, edit: Edit) -> None:
        """Queue `edit` to be saved; its outcome comes back to the step that asked."""

    def remember_place(self, step: Step, scale_id: int | None) -> None:
        """Where the meeting is, for coming back to it."""

    def show_spread(self, scale_id: int) -> None:
        """Go to the spread view, showing the scale `scale_id` from the top."""


class StepPanel(Vertical):
    """One step of the meeting, built the first time it is shown."""

    STEP: Step = Step.PEOPLE

    def __init__(self, host: Host, record: MeetingRecord, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.host = host
        self.db = host.db
        self.record = record
        self.stale = False
        """A change arrived while the step was hidden; it is shown again when next visited."""

    async def on_mount(self) -> None:
        await self.show(self.record)

    async def show(self, record: MeetingRecord) -> None:
        """Show all of `record`, keeping the cursor where it was where possible."""
        self.record = record
        self.stale = False

    async def changed(self, change: Change, record: MeetingRecord) -> None:
        """Show one saved change; steps that can redraw less than everything override this."""
        await self.show(record)

    def focus_first(self) -> None:
        """Put the cursor where the facilitator most likely wants it on arriving."""
        self.screen.focus_next()

    def unsaved(self) -> list[str]:
        """What is typed in this step and not saved, each as the facilitator would know it
        (quoted, shortened); empty when nothing is."""
        return []

    def leave_text(self) -> None:
        """Esc in a text box: go to the step's list (what is typed stays in the box)."""
        self.focus_first()

    def problem(self, message: str) -> None:
        """Show a message in this step's message line (beside the form). It can quote
        what was typed, so it is shown as written, never as markup."""
        for line in self.query(".step-error").results(Static):
            if line.display != bool(message) or str(line.render()) != message:
                line.update(Content(message))
                line.display = bool(message)

    def day_in(self, box_id: str) -> date | None:
        """The date typed in the box `box_id` (None when it is empty). One that cannot be
        read is said in the message line, the cursor goes back to it, and InputError is
        raised (nothing is saved)."""
        box = self.query_one(f"#{box_id}", Input)
        if not box.value.strip():
            return None
        try:
            return parse_date(box.value)
        except InputError as problem:
            self.problem(f"Not saved: {problem}")
            self.screen.set_focus(box)
            raise

    def submit(self, write: Write, what: str, *, given: Mapping[str, str] | None = None) -> Edit:
        """Ask for `write` to be saved; `given` is what was typed, by box id, to give back
        if it is not saved."""
        edit = Edit(what=what, write=write, origin=self.STEP.value, given=dict(given or {}))
        self.problem("")
        self.host.submit(edit)
        return edit

    def settled(self, edit: Edit, change: Change | None) -> None:
        """An edit this step asked for is saved (`change`) or refused (None), whether or
        not the step is on screen."""

    def shown(self, edit: Edit) -> None:
        """An edit this step asked for is saved and every step shows it now."""

    async def conflicted(self, edit: Edit, conflict: EditConflict) -> None:
        """Someone else saved the words `edit` changes since its edit began; steps whose
        words can be changed by two people at once let the facilitator choose."""
        await self.not_saved(edit, str(conflict))

    def choose(
        self,
        conflict: EditConflict,
        *,
        keep: Callable[[], object],
        take: Callable[[], object],
        merge: Callable[[], object],
    ) -> None:
        """Show both versions and ask which stays; the choice is kept on the record with
        both, then `keep` (save mine over theirs), `take` (leave theirs) or `merge` (mine back
        in the boxes, saved over theirs next time) is done. Esc merges: nothing is lost."""
        from screens.conflict_dialog import ConflictDialog

        meeting_id = self.record.meeting.id

        def chosen(choice: Resolution | None) -> None:
            choice = choice or Resolution.MERGED
            self.submit(edits.record_conflict(meeting_id, conflict, choice), "")
            {Resolution.KEPT_MINE: keep, Resolution.TOOK_THEIRS: take, Resolution.MERGED: merge}[
                choice
            ]()

        self.app.push_screen(ConflictDialog(conflict), chosen)

    async def not_saved(self, edit: Edit, reason: str) -> None:
        """Say why `edit` was not saved, and put what was typed back where it was typed
        (into boxes that are empty now; otherwise it is quoted in the message)."""
        kept: list[str] = []
        for box_id, text in edit.given.items():
            if not text.strip():
                continue
            found = list(self.query(f"#{box_id}"))
            box = found[0] if found else None
            if isinstance(box, Input) and not box.value:
                box.value = text
            elif isinstance(box, TextArea) and not box.text:
                box.text = text
            else:
                kept.append(text)
        message = f"Not saved: {reason}"
        if kept:
            message += " What you typed: " + " / ".join(f"“{t}”" for t in kept)
        self.problem(message)


def typed_text(text: str) -> str:
    """Typed words as a reminder names them: quoted, on one line, shortened."""
    words = " ".join(text.split())
    return f"“{words[:40]}…”" if len(words) > 40 else f"“{words}”"
