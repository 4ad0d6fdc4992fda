"""Setting up a meeting: kind, title, case reference, date, facilitator and wording."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from screens.key_bar import KeyBar
from screens.keys import EntryInput, focus_now, hold_keys, release_keys
from screens.title_bar import TitleBar
from sos_meeting.conflicts import EditConflict, Resolution
from sos_meeting.domain import Meeting, MeetingKind, Wording
from sos_meeting.text import InputError, parse_date

if TYPE_CHECKING:
    from sos_meeting.database import Database


@dataclass(frozen=True, slots=True)
class _Request:
    """What the form said when it was saved."""

    kind: MeetingKind
    title: str
    case_ref: str
    held_on: date
    facilitator: str
    wording: Wording
    children: str

    def values(self) -> dict[str, Any]:
        """Every field by name, as the store's create and update take them."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


class MeetingForm(Screen[int | None]):
    """Returns the meeting's id when saved, or None when cancelled."""

    AUTO_FOCUS = ""
    """No automatic focus: `on_mount` gives the cursor to the first box to type in (Textual's
    default gave it to the kind's Select first, restyling it twice)."""

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
        self._saving = False
        """A save is under way (Enter again does nothing until it is done)."""
        self._waiting: _Request | None = None
        """What to save once the database is open."""
        self.started_from = meeting.version if meeting is not None else None
        """The version of the details this edit began from (someone else may save others)."""

    def _usual_facilitator(self) -> str:
        """The name in the settings file, for a new meeting (a review keeps the one before)."""
        settings = getattr(self.app, "settings", None)
        return str(getattr(settings, "facilitator", "") or "")

    def compose(self) -> ComposeResult:
        m = self.meeting or self.review_of
        yield TitleBar()
        with Vertical(id="form"):
            with Grid(id="form-grid"):
                yield Static("Kind of meeting", classes="field-label")
                yield Select(
                    [(kind.label, kind) for kind in MeetingKind],
                    value=m.kind if m else MeetingKind.MULTI_AGENCY,
                    allow_blank=False,
                    id="kind",
                )
                yield Static("Title (a pseudonym)", classes="field-label", id="title-label")
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
                yield Static("Children", classes="field-label", id="children-label")
                yield EntryInput(
                    ", ".join(self.family_children),
                    placeholder="first names or initials (optional), e.g. A, B",
                    id="children",
                    max_length=500,
                )
                yield Static("Facilitator", classes="field-label")
                yield EntryInput(
                    m.facilitator if m else self._usual_facilitator(),
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

    def _fit_kind(self, kind: MeetingKind) -> None:
        """Group supervision is about a case, not a family: a case alias, and no children."""
        supervision = kind is MeetingKind.SUPERVISION
        self.query_one("#title-label", Static).update(
            "Case alias (no names)" if supervision else "Title (a pseudonym)"
        )
        self.query_one("#title", Input).placeholder = (
            "e.g. Case S" if supervision else ("e.g. Family A")
        )
        for field in ("#children-label", "#children"):
            self.query_one(field).display = not supervision

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._fit_kind(MeetingKind(str(event.value)))
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
        """Read the form and save it off the screen's thread. Keys typed meanwhile wait:
        they go to the meeting once it opens, or back here if it was not saved."""
        if self._saving:
            return
        error = self.query_one("#form-error", Static)
        error.remove_class("hidden")
        try:
            held_on = parse_date(self.query_one("#date", Input).value)
        except InputError as problem:
            error.update(Content(str(problem)))
            focus_now(self.query_one("#date", Input))
            return
        request = _Request(
            kind=MeetingKind(str(self.query_one("#kind", Select).value)),
            title=self.query_one("#title", Input).value,
            case_ref=self.query_one("#case", Input).value,
            held_on=held_on,
            facilitator=self.query_one("#facilitator", Input).value,
            wording=Wording(str(self.query_one("#wording", Select).value)),
            children=self.query_one("#children", Input).value,
        )
        if request.kind is MeetingKind.SUPERVISION:
            request = replace(request, children="")  # a case alias, no family
        self._saving = True
        hold_keys(self)
        if self.db is None:
            self.db = getattr(self.app, "db", None)
        if self.db is None:
            # The form can open at launch, before the database has: save once it is open.
            error.update("Saving as soon as the database is open (a moment)...")
            self._waiting = request
            self.watch(self.app, "db", self._database_ready, init=False)
            return
        self._write(self.db, request)

    def _database_ready(self, db: Database | None) -> None:
        request, self._waiting = self._waiting, None
        if db is not None and self.db is None and request is not None and self.is_attached:
            self.db = db
            self._write(db, request)

    @work(thread=True, exclusive=True, group="meeting-form")
    def _write(self, db: Database, request: _Request) -> None:
        """The save itself, on a worker thread: it may wait for the database's check or for
        another program, and the screen must not."""
        # Not imported with the form: it can open at launch, before the database is.
        from sos_meeting import store

        try:
            if self.review_of is not None:
                saved = store.start_review(
                    db, self.review_of.id, held_on=request.held_on, facilitator=request.facilitator
                )
            elif self.meeting is None:
                saved = store.create_meeting(db, **request.values())
            else:
                with store.amending(self.reason):
                    saved = store.update_meeting(
                        db, self.meeting.id, **request.values(), started_from=self.started_from
                    )
        except EditConflict as conflict:
            self.app.call_from_thread(self._conflicted, conflict)
        except InputError as problem:
            self.app.call_from_thread(self._not_saved, str(problem), "#title")
        except store.StorageError as problem:
            self.app.call_from_thread(self._not_saved, str(problem), None)
        else:
            self.app.call_from_thread(self._saved, saved.id)

    def _saved(self, meeting_id: int) -> None:
        if self.meeting is not None:
            release_keys(self)  # back to the meeting, which is already open
        # Otherwise the keys stay held until the meeting opens; whoever opens it lets them go.
        self.dismiss(meeting_id)

    def _conflicted(self, conflict: EditConflict) -> None:
        """Someone else saved other details meanwhile: keep theirs, take the other, or merge
        by hand in this form (both versions and the choice are kept on the record)."""
        from screens.conflict_dialog import ConflictDialog

        self._not_saved(str(conflict), None)

        def chosen(choice: Resolution | None) -> None:
            choice = choice or Resolution.MERGED
            self._record_choice(conflict, choice)
            self.started_from = conflict.theirs.version
            if choice is Resolution.KEPT_MINE:
                self.action_save()
            elif choice is Resolution.TOOK_THEIRS:
                self.dismiss(None)  # the meeting shows theirs (it is live)
            else:
                theirs = "; ".join(f"{k}: {v}" for k, v in conflict.theirs.fields if v)
                self.query_one("#form-error", Static).update(
                    Content(f"Merge by hand. Theirs: {theirs}. Change yours, then ctrl+s.")
                )

        self.app.push_screen(ConflictDialog(conflict), chosen)

    @work(thread=True, group="meeting-form-choice")
    def _record_choice(self, conflict: EditConflict, choice: Resolution) -> None:
        from sos_meeting import store

        if self.db is not None and self.meeting is not None:
            try:
                store.record_conflict(self.db, self.meeting.id, conflict, choice)
            except store.StorageError as problem:
                self.app.call_from_thread(self._not_saved, str(problem), None)

    def _not_saved(self, reason: str, box: str | None) -> None:
        self._saving = False
        self.query_one("#form-error", Static).update(Content(reason))
        if box is not None and self.review_of is None:
            focus_now(self.query_one(box, Input))
        release_keys(self)  # what was typed meanwhile goes back into the form

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
