"""Setting up a meeting: kind, title, case reference, date, facilitator and wording."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Select, Static

from screens.key_bar import KeyBar
from screens.keys import EntryInput, focus_now, hold_keys
from sos_meeting.domain import Meeting, MeetingKind, Wording
from sos_meeting.text import InputError, parse_date

if TYPE_CHECKING:
    from sos_meeting.database import Database


class MeetingForm(Screen[int | None]):
    """Returns the meeting's id when saved, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save these details"),
        Binding("escape", "cancel", "Cancel", id="form-cancel", tooltip="Go back without saving"),
    ]

    def __init__(
        self,
        db: Database | None,
        meeting: Meeting | None = None,
        *,
        review_of: Meeting | None = None,
        children: tuple[str, ...] = (),
        reason: str = "",
    ) -> None:
        super().__init__()
        self.reason = reason
        """Why a closed meeting's details are being changed (kept with the amendment)."""
        self.db = db
        """None while the database is still opening: saving then waits for it."""
        self.meeting = meeting
        self.review_of = review_of
        """When set, saving starts a review of this meeting (same family, carried over)."""
        self.family_children = children

    def compose(self) -> ComposeResult:
        m = self.meeting or self.review_of
        yield Header()
        with Vertical(id="form"):
            with Grid(id="form-grid"):
                yield Static("Kind of meeting", classes="field-label")
                yield Select(
                    [(kind.label, kind) for kind in MeetingKind],
                    value=m.kind if m else MeetingKind.MULTI_AGENCY,
                    allow_blank=False,
                    id="kind",
                )
                yield Static("Title (a pseudonym)", classes="field-label")
                yield EntryInput(
                    m.title if m else "", placeholder="e.g. Family A", id="title", max_length=200
                )
                yield Static("Case reference", classes="field-label")
                yield EntryInput(
                    m.case_ref if m else "", placeholder="optional", id="case", max_length=200
                )
                yield Static("Date", classes="field-label")
                yield EntryInput(
                    (m.held_on if m else date.today()).isoformat(),
                    placeholder="YYYY-MM-DD",
                    id="date",
                )
                yield Static("Children", classes="field-label")
                yield EntryInput(
                    ", ".join(self.family_children),
                    placeholder="first names or initials (optional), e.g. A, B",
                    id="children",
                    max_length=500,
                )
                yield Static("Facilitator", classes="field-label")
                yield EntryInput(
                    m.facilitator if m else "",
                    placeholder="your name (optional)",
                    id="facilitator",
                    max_length=200,
                )
                yield Static("Wording", classes="field-label")
                yield Select(
                    [
                        ("Signs of Safety: danger statement, safety goal", Wording.SAFETY),
                        ("Signs of Wellbeing: worry statement, wellbeing goal", Wording.WELLBEING),
                    ],
                    value=m.wording if m else Wording.SAFETY,
                    allow_blank=False,
                    id="wording",
                )
            yield Static("", id="form-error", classes="error hidden")
            with Horizontal(classes="buttons"):
                yield Button("Save  (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel  (esc)", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = (
            "Review meeting (carries over the last one)"
            if self.review_of
            else "New meeting"
            if self.meeting is None
            else "Meeting details"
        )
        if self.review_of is not None:
            for locked in ("#kind", "#title", "#case", "#children", "#wording"):
                self.query_one(locked).disabled = True
            self.query_one("#date", Input).value = date.today().isoformat()
            focus_now(self.query_one("#date", Input))
            return
        focus_now(self.query_one("#title", Input))

    def _database_ready(self, db: Database | None) -> None:
        if db is not None and self.db is None and self.is_attached:
            self.db = db
            self.action_save()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        # Early help uses the Signs of Wellbeing words.
        if self.meeting is None:
            wording = Wording.WELLBEING if event.value == MeetingKind.EARLY_HELP else Wording.SAFETY
            self.query_one("#wording", Select).value = wording

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "facilitator" or (
            self.review_of is not None and event.input.id == "date"
        ):
            self.action_save()
        else:
            self.focus_next()  # at once: keys typed after Enter follow it

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        # Not imported with the form: it can open at launch, before the database is.
        from sos_meeting import store

        error = self.query_one("#form-error", Static)
        error.remove_class("hidden")
        if self.db is None:
            self.db = getattr(self.app, "db", None)
        if self.db is None:
            error.update("Saving as soon as the database is open (a moment)...")
            self.watch(self.app, "db", self._database_ready, init=False)
            return
        try:
            held_on = parse_date(self.query_one("#date", Input).value)
        except InputError as problem:
            error.update(Content(str(problem)))
            focus_now(self.query_one("#date", Input))
            return
        if self.review_of is not None:
            try:
                saved = store.start_review(
                    self.db,
                    self.review_of.id,
                    held_on=held_on,
                    facilitator=self.query_one("#facilitator", Input).value,
                )
            except (InputError, store.StorageError) as problem:
                error.update(Content(str(problem)))
                return
            hold_keys(self)  # until the meeting opens; released by whoever opens it
            self.dismiss(saved.id)
            return
        values = {
            "kind": MeetingKind(str(self.query_one("#kind", Select).value)),
            "title": self.query_one("#title", Input).value,
            "case_ref": self.query_one("#case", Input).value,
            "held_on": held_on,
            "facilitator": self.query_one("#facilitator", Input).value,
            "wording": Wording(str(self.query_one("#wording", Select).value)),
            "children": self.query_one("#children", Input).value,
        }
        try:
            if self.meeting is None:
                saved = store.create_meeting(self.db, **values)  # type: ignore[arg-type]
            else:
                with store.amending(self.reason):
                    saved = store.update_meeting(self.db, self.meeting.id, **values)  # type: ignore[arg-type]
        except InputError as problem:
            error.update(Content(str(problem)))
            focus_now(self.query_one("#title", Input))
            return
        except store.StorageError as problem:
            error.update(Content(str(problem)))
            return
        if self.meeting is None:
            hold_keys(self)  # until the meeting opens; released by whoever opens it
        self.dismiss(saved.id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
