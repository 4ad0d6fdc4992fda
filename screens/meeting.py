"""The meeting: the five steps as tabs, where the meeting is, and what is still missing."""

from __future__ import annotations

from contextlib import suppress

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static, TabbedContent, TabPane, TextArea

from screens.mapping import MappingStep
from screens.people import PeopleStep
from screens.plain import short
from screens.scaling import ScalingStep
from screens.spread import SpreadStep
from screens.statements import StatementsStep
from screens.step import StepPanel
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Step

STEP_KEYS = {
    Step.PEOPLE: "f2",
    Step.MAPPING: "f3",
    Step.STATEMENTS: "f4",
    Step.SCALING: "f5",
    Step.SPREAD: "f6",
}


class MeetingScreen(Screen[None]):
    """Leads the room through the steps; any step can be visited at any time."""

    BINDINGS = [
        *(
            Binding(
                key,
                f"go('{step.value}')",
                step.label,
                id=f"go-{step.value}",
                tooltip=f"Go to {step.label}",
                show=False,  # the tabs show these keys
            )
            for step, key in STEP_KEYS.items()
        ),
        Binding("f7", "details", "Details", id="details", tooltip="Change the meeting's details"),
        Binding(
            "f10",
            "close_meeting",
            "Close meeting",
            id="close-meeting",
            tooltip="Check the three elements and close the meeting",
        ),
        Binding("escape", "leave", "Meetings", id="leave", tooltip="Back to the list of meetings"),
    ]

    def __init__(self, db: Database, meeting_id: int) -> None:
        super().__init__()
        self.db = db
        self.meeting_id = meeting_id
        self.record = store.load(db, meeting_id)

    def compose(self) -> ComposeResult:
        record = self.record
        yield Header()
        yield Static(id="meeting-where")
        with TabbedContent(id="steps", initial=record.meeting.step.value):
            with TabPane(Step.PEOPLE.label, id=Step.PEOPLE.value):
                yield PeopleStep(self.db, record)
            with TabPane(Step.MAPPING.label, id=Step.MAPPING.value):
                yield MappingStep(self.db, record)
            with TabPane(Step.STATEMENTS.label, id=Step.STATEMENTS.value):
                yield StatementsStep(self.db, record)
            with TabPane(Step.SCALING.label, id=Step.SCALING.value):
                yield ScalingStep(self.db, record)
            with TabPane(Step.SPREAD.label, id=Step.SPREAD.value):
                yield SpreadStep(self.db, record)
        yield Static(id="meeting-status")
        yield Footer()

    def on_mount(self) -> None:
        self._show_where()
        self.call_after_refresh(self._focus_step)

    def _focus_step(self) -> None:
        tabs = self.query_one("#steps", TabbedContent)
        if tabs.active:
            tabs.get_pane(tabs.active).query(StepPanel).first().focus_first()

    def _show_where(self) -> None:
        record = self.record
        meeting = record.meeting
        self.title = short(meeting.title, 40)
        closed = " · closed" if meeting.closed else ""
        review = " · review" if meeting.previous_id else ""
        self.sub_title = f"{meeting.kind.label} · {meeting.held_on:%d %b %Y}{review}{closed}"
        done = {
            Step.PEOPLE: bool(record.present),
            Step.MAPPING: bool(record.items),
            Step.STATEMENTS: any(p.statement and p.goal for p in record.pairs),
            Step.SCALING: any(r.scores for s in record.scales for r in s.rounds),
        }
        tabs = self.query_one("#steps", TabbedContent)
        for step, key in STEP_KEYS.items():
            tick = " ✓" if done.get(step) else ""
            tabs.get_tab(step.value).label = f"{key.upper()} {step.label}{tick}"
        missing = record.missing()
        status = self.query_one("#meeting-where", Static)
        if missing:
            status.update("Still needed: " + ", ".join(missing) + ".")
            status.set_class(True, "missing")
        else:
            words = meeting.wording
            status.update(
                f"This meeting has a {words.statement}, a {words.goal} and a scaling round."
            )
            status.set_class(False, "missing")

    async def reload(self) -> None:
        """Read the record again and give it to every step."""
        try:
            self.record = store.load(self.db, self.meeting_id)
        except store.StorageError as error:
            self.query_one("#meeting-status", Static).update(str(error))
            return
        for panel in self.query(StepPanel):
            await panel.show(self.record)
        self._show_where()

    def announce(self, what: str) -> None:
        """Say on the status line that something was saved (after the commit returned)."""
        amended = " (an amendment: the meeting is closed)" if self.record.meeting.closed else ""
        self.query_one("#meeting-status", Static).update(f"Saved ✓ {what}{amended}")

    @on(TabbedContent.TabActivated, "#steps")
    def _step_changed(self, event: TabbedContent.TabActivated) -> None:
        step = Step(event.pane.id or Step.PEOPLE.value)
        scale_id = self.record.meeting.scale_id
        panel = event.pane.query(StepPanel).first()
        if isinstance(panel, ScalingStep | SpreadStep):
            scale_id = panel.scale_id
        # Where the meeting was left is a convenience, not a record.
        with suppress(store.StorageError):
            store.set_place(self.db, self.meeting_id, step, scale_id)

    def action_go(self, step: str) -> None:
        tabs = self.query_one("#steps", TabbedContent)
        tabs.active = step
        panel = tabs.get_pane(step).query(StepPanel).first()
        self.call_after_refresh(panel.focus_first)

    def action_details(self) -> None:
        from screens.meeting_form import MeetingForm

        async def done(saved: int | None) -> None:
            if saved is not None:
                await self.reload()
                self.announce("meeting details")

        self.app.push_screen(MeetingForm(self.db, self.record.meeting), done)

    def action_close_meeting(self) -> None:
        from screens.close_dialog import CloseDialog

        async def done(closed: bool | None) -> None:
            if closed:
                await self.reload()
                self.announce("the meeting is closed; later changes are kept as amendments")

        self.app.push_screen(CloseDialog(self.db, self.record), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_meeting":
            return not self.record.meeting.closed
        return True

    def action_leave(self) -> None:
        """Esc leaves a text box for the step's list first; from there, back to the meetings."""
        focused = self.focused
        if isinstance(focused, Input | TextArea):
            tabs = self.query_one("#steps", TabbedContent)
            if tabs.active:
                tabs.get_pane(tabs.active).query(StepPanel).first().leave_text()
                return
        self.dismiss(None)
