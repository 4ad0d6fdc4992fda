"""The meeting: the five steps as tabs, where the meeting is, and what is still missing.

The screen owns the meeting's writer. Steps ask it to save (`submit`); each outcome comes
back as a `Recorded` message, in order, and only the steps that show what changed redraw
(hidden ones when they are next shown). Changes made elsewhere arrive the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from textual import events, messages, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TabbedContent, TabPane, TextArea

from screens import memory
from screens.decision import DecisionStep
from screens.elsewhere import ChangedElsewhere
from screens.key_bar import KeyBar
from screens.keys import act_in_turn, focus_now, hold_keys, release_keys
from screens.mapping import MappingStep
from screens.people import PeopleStep
from screens.phones import PhoneRoom, PhonesWanted
from screens.plain import plain, short
from screens.scaling import ScalingStep
from screens.spread import SpreadStep
from screens.statements import StatementsStep
from screens.step import StepPanel
from screens.stylesheets import stylesheets
from screens.supervision import QuestionStep, ReflectionStep
from screens.title_bar import TitleBar
from screens.voices import VoicesStep
from sos_meeting import edits, store
from sos_meeting.database import Database
from sos_meeting.domain import (
    CONFERENCE_STEPS,
    SUPERVISION_STEPS,
    MeetingKind,
    MeetingRecord,
    Step,
)
from sos_meeting.elsewhere import Noticed
from sos_meeting.phones.settings import RoomProblem, RoomSettings
from sos_meeting.writer import Edit, MeetingWriter, NotSaved, Outcome, Retrying, Saved

STEP_KEYS = {
    Step.PEOPLE: "f2",
    Step.VOICES: "f11",  # conferences only; F7 to F10 are taken
    Step.QUESTION: "f11",  # group supervision only
    Step.MAPPING: "f3",
    Step.STATEMENTS: "f4",
    Step.SCALING: "f5",
    Step.SPREAD: "f6",
    Step.DECISION: "f12",  # conferences only
    Step.REFLECTION: "f12",  # group supervision only
}

PANELS: dict[Step, type[StepPanel]] = {
    Step.PEOPLE: PeopleStep,
    Step.VOICES: VoicesStep,
    Step.QUESTION: QuestionStep,
    Step.MAPPING: MappingStep,
    Step.STATEMENTS: StatementsStep,
    Step.SCALING: ScalingStep,
    Step.SPREAD: SpreadStep,
    Step.DECISION: DecisionStep,
    Step.REFLECTION: ReflectionStep,
}

ONE_KIND_STEPS = CONFERENCE_STEPS | SUPERVISION_STEPS

ELSEWHERE = "elsewhere"
"""The origin of a read of changes saved by another app."""

SLOW_SAVE = 0.5
"""Seconds before a save still under way is mentioned on the status line."""


SHORT_LABELS = {
    Step.MAPPING: "Map",
    Step.STATEMENTS: "Pairs",
    Step.SCALING: "Scale",
    Step.SPREAD: "Apart",
    Step.REFLECTION: "Reflect",
}
"""Where the steps' tabs would not fit on one line (a conference or group supervision at 80
columns)."""


PAINT_HELD_AT_MOST = 0.5
"""Seconds an opening meeting is kept from the screen while its step is built: a slow
database shows "Opening the meeting…" after this."""


def _first_shown(kind: MeetingKind, step: Step) -> Step:
    """The step a meeting opens on: where it was left, if this kind of meeting has it."""
    return step if step.for_kind(kind) else Step.SPREAD


def tab_labels(record: MeetingRecord, done: dict[Step, bool], width: int) -> dict[Step, str]:
    """Each step's tab label: its key, its name and a tick once it has what it needs; in
    short words when the meeting's tabs would not all fit in `width` columns."""
    shown = [step for step in STEP_KEYS if step.for_kind(record.meeting.kind)]

    def labels(short: bool) -> dict[Step, str]:
        return {
            step: f"{key.upper()} {SHORT_LABELS.get(step, step.label) if short else step.label}"
            + (("✓" if short else " ✓") if done.get(step) else "")
            for step, key in STEP_KEYS.items()
        }

    full = labels(short=False)
    fits = sum(len(full[step]) + 2 for step in shown) <= width
    return full if fits else labels(short=True)


class Steps(TabbedContent):
    """The steps as tabs. A pane says it holds the focus some time after the focus arrived;
    by then the facilitator may have gone to another step (F3 typed just after Enter), so a
    late notice for a pane that no longer holds the focus is ignored."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.prevent_default()  # the base class would switch to that pane


@dataclass
class Recorded(Message):
    """The writer finished an edit: saved, or not."""

    outcome: Outcome


@dataclass
class Waiting(Message):
    """The server could not be reached: the writer keeps the edit and tries again."""

    retry: Retrying


@dataclass
class Loaded(Message):
    """The meeting was read (or could not be)."""

    record: MeetingRecord | None
    problem: str = ""


class MeetingScreen(Screen[None]):
    """Leads the room through the steps; any step can be visited at any time."""

    CSS_PATH = stylesheets("meeting.tcss")
    AUTO_FOCUS = ""
    """No automatic focus: the step gives the cursor to its own widget once it is built
    (`_arrive`). Textual's default gave it to the steps' tabs first, and restyled them on
    that focus and again on losing it."""

    BINDINGS = [
        *(
            Binding(
                key,
                f"go('{step.value}')",
                step.label,
                id=f"go-{step.value}",
                tooltip=f"Go to {step.label}",
                show=False,  # the tabs show these keys
                priority=True,  # in turn with the keys typed before it
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

    def __init__(
        self, db: Database, meeting_id: int, likely: tuple[MeetingKind, Step] | None = None
    ) -> None:
        """`likely`: the meeting's kind and the step it was left on, as the meetings list
        read them; the screen is built showing that step, so that it need not switch steps
        once the meeting is read (it still does if they changed meanwhile)."""
        super().__init__()
        self.db = db
        self.meeting_id = meeting_id
        self._likely = likely
        self.record: MeetingRecord | None = None
        self.writer = MeetingWriter(
            db,
            report=lambda outcome: self.post_message(Recorded(outcome)),
            retrying=lambda retry: self.post_message(Waiting(retry)),
        )
        self.writer.meeting_id = meeting_id
        self.panels: dict[Step, StepPanel] = {}
        self.waiting: set[int] = set()
        """Edits asked for and not yet saved or refused."""
        self._slow: Timer | None = None
        self._server_away = False
        """The server could not be reached at the last try (the status line says so)."""
        self._place: tuple[Step, int | None] | None = None
        self._look_at: int | None = None
        """The scale the spread view shows first when it is built (after a reveal)."""
        self._arriving = False
        self._leaving = False
        self._where_text = ""
        self.announced = 0
        """How many saves the status line has announced (for tests and the benchmark)."""
        self._for_reason: list[Edit] = []
        """Changes to a closed meeting waiting for the facilitator to say why."""
        self._then: dict[int, Callable[[Outcome], None]] = {}
        """Who else is told an edit's outcome (a phone waiting for its answer)."""
        self.phones = PhoneRoom(lambda: self.record, self.submit, RoomSettings())
        self._phones_timer: Timer | None = None
        self._reading: int | None = None
        """The read of changes made elsewhere that is under way (its edit's number)."""
        self._read_again: Noticed | None = None
        """Changes noticed while that read was under way: read once it is done."""
        self.kept_up = 0
        """How many reads of changes made elsewhere have been shown (for tests)."""
        self._painting_held: AbstractContextManager[None] | None = None
        self._status = Static(id="meeting-status")
        self._saved_unpainted = False
        """A save was announced and the status line has not been painted since."""
        self._shown_before = False
        """The screen has been shown (resumed) or covered (suspended) at least once."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Opening the meeting…", id="meeting-where")
        kind, left_on = self._likely or (MeetingKind.CONFERENCE, Step.PEOPLE)
        with Steps(id="steps", initial=_first_shown(kind, left_on).value):
            for step, key in STEP_KEYS.items():
                yield TabPane(f"{key.upper()} {step.label}", id=step.value)
        yield self._status
        yield KeyBar()

    def on_mount(self) -> None:
        # Whoever opened the meeting holds the keys typed meanwhile; they are let go once
        # the step the meeting was left on has the cursor.
        self._arriving = True
        # Nothing is painted until the step is built and has the cursor (a half-built
        # meeting was painted two or three times on the way, each a layout of the whole
        # screen), or until a slow database has kept it waiting for PAINT_HELD_AT_MOST.
        self._painting_held = self.app.batch_update()
        self._painting_held.__enter__()
        self.set_timer(PAINT_HELD_AT_MOST, self._show_now, name="meeting held from the screen")
        self.phones.settings = getattr(self.app, "room", None) or RoomSettings()
        if self._likely is not None:
            self._show_kinds_steps(self._likely[0])
        self._write()
        self._load()

    @work(thread=True, group="meeting-writer", exit_on_error=False)
    def _write(self) -> None:
        self.writer.run()

    @work(thread=True, group="meeting-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            record = store.load(self.db, self.meeting_id)
        except store.StorageError as problem:
            self.post_message(Loaded(None, str(problem)))
            return
        self.post_message(Loaded(record))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        if message.record is None:
            self.query_one("#meeting-where", Static).update(plain(message.problem))
            self._arrived()
            return
        self.record = message.record
        meeting = message.record.meeting
        step = _first_shown(meeting.kind, meeting.step)
        tabs = self.query_one("#steps", TabbedContent)
        self._show_kinds_steps(meeting.kind)
        if tabs.active == step.value:
            await self._arrive(step)
        else:
            tabs.active = step.value  # TabActivated builds and focuses it

    def _show_now(self) -> None:
        """Let the app paint again (the hold covers the whole app, and ends only once)."""
        held, self._painting_held = self._painting_held, None
        if held is not None:
            held.__exit__(None, None, None)
            self.refresh()  # the whole screen: nothing of it was drawn while held

    @on(events.ScreenResume)
    def _styled_once_when_new(self, event: events.ScreenResume) -> None:
        """A screen shown for the first time was styled as it was built: Textual's restyle of
        every widget on resume is needed only when it comes back (after a dialog, say)."""
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    @on(events.ScreenSuspend)
    def _covered(self) -> None:
        self._shown_before = True  # a theme may change under a dialog: restyle on return

    def _compositor_refresh(self) -> None:
        """Draw nothing while painting is held. Screen's layout still draws the whole screen
        when it is held, and Textual then throws the drawing away: 16 to 35 ms of a 340 ms
        open on a slow machine. This extends Screen's own (private) method."""
        if self._painting_held is None:
            super()._compositor_refresh()

    def _arrived(self) -> None:
        if self._arriving:
            self._arriving = False
            release_keys(self)
            self._show_now()

    async def _arrive(self, step: Step) -> None:
        """Show `step` (building it the first time), give it the cursor, let held keys go."""
        panel = await self.panel(step)
        if panel is not None:
            panel.focus_first()
        self._show_where()
        self._arrived()
        memory.settle()  # the step's widgets live as long as the meeting

    async def panel(self, step: Step) -> StepPanel | None:
        """The step's panel, built on first use and brought up to date if it was hidden."""
        record = self.record
        if record is None:
            return None
        panel = self.panels.get(step)
        if panel is None:
            panel = PANELS[step](self, record)
            if isinstance(panel, SpreadStep) and self._look_at is not None:
                panel.look_at(self._look_at)
            self.panels[step] = panel
            await self.query_one("#steps", TabbedContent).get_pane(step.value).mount(panel)
        elif panel.stale:
            await panel.show(record)
        return panel

    # Saving --------------------------------------------------------------------------

    def submit(self, edit: Edit, then: Callable[[Outcome], None] | None = None) -> None:
        """Queue `edit` with the meeting's writer; its outcome comes back as `Recorded`
        (and to `then`, if given).

        A step's change to a closed meeting first asks why (once, until the meeting is
        left): the writer keeps that reason with every amendment."""
        closed = self.record is not None and self.record.meeting.closed
        if closed and not self.writer.reason and edit.origin in set(Step):
            self._for_reason.append(edit)
            if len(self._for_reason) == 1:
                self._ask_reason(edit.what)
            return
        if then is not None:
            self._then[edit.number] = then
        self.waiting.add(edit.number)
        self.writer.submit(edit)
        if self._slow is None:
            self._slow = self.set_timer(SLOW_SAVE, self._still_saving)

    def _ask_reason(self, what: str) -> None:
        from screens.amend_dialog import AmendDialog

        def answered(reason: str | None) -> None:
            held, self._for_reason = self._for_reason, []
            if reason:
                self.writer.reason = reason
                for edit in held:
                    self.submit(edit)
                return
            for edit in held:
                self.post_message(
                    Recorded(
                        NotSaved(
                            edit,
                            "Nothing was changed: a closed meeting is changed only with a reason.",
                            refused=True,
                        )
                    )
                )

        self.app.push_screen(AmendDialog(what), answered)

    @on(Waiting)
    def _waiting_for_server(self, message: Waiting) -> None:
        """Say so at once, where the facilitator is looking; what was typed is kept."""
        self._server_away = True
        count = len(self.waiting)
        entries = "1 entry" if count == 1 else f"{count} entries"
        # The essentials first: the status line is one line high at 80 columns.
        self.query_one("#meeting-status", Static).update(
            Content.assemble(
                ("Server not reached: ", "bold"),
                f"{entries} kept, saved when it is back; keep going. ",
                plain(message.retry.reason),
            )
        )

    def _still_saving(self) -> None:
        self._slow = None
        if self.waiting and not self._server_away:
            self.query_one("#meeting-status", Static).update(
                "Saving… the database is busy. Keep going: nothing you type is lost.",
                layout=False,
            )
            self._slow = self.set_timer(SLOW_SAVE, self._still_saving)

    def remember_place(self, step: Step, scale_id: int | None) -> None:
        """Where the meeting is; written when the meeting is left (it is not a record)."""
        self._place = (step, scale_id)

    def show_spread(self, scale_id: int) -> None:
        """Go to the spread view, showing the scale `scale_id` from the top (after a reveal:
        the scale the room has just seen revealed, not the one the view showed last)."""
        panel = self.panels.get(Step.SPREAD)
        if isinstance(panel, SpreadStep):
            panel.look_at(scale_id)
        else:
            self._look_at = scale_id
        self.action_go(Step.SPREAD.value)

    # Changes saved elsewhere ------------------------------------------------------------

    @on(ChangedElsewhere)
    def _changed_elsewhere(self, message: ChangedElsewhere) -> None:
        """Another app saved something to this meeting (or perhaps did): read it again, in
        turn with this screen's own saves, and show what differs."""
        if (
            not message.noticed.touches(self.meeting_id)
            or self.record is None
            or self.writer.closed
        ):
            return
        noticed = message.noticed
        if self._reading is not None:
            self._read_again = noticed if self._read_again is None else self._read_again | noticed
            return
        changed = noticed.within(self.meeting_id)
        edit = Edit(what="", write=edits.read_again(self.meeting_id, changed), origin=ELSEWHERE)
        self._reading = edit.number
        self.submit(edit)

    def _read_done(self, edit: Edit) -> None:
        if edit.number != self._reading:
            return
        self._reading = None
        if self._read_again is not None:
            noticed, self._read_again = self._read_again, None
            self._changed_elsewhere(ChangedElsewhere(noticed))

    @on(Recorded)
    async def _recorded(self, message: Recorded) -> None:
        outcome = message.outcome
        edit = outcome.edit
        self.waiting.discard(edit.number)
        self._server_away = False
        if edit.origin == ELSEWHERE:
            self._read_done(edit)
            if not self._news(outcome):
                await self._leave_when_saved()
                return
            self.kept_up += 1
        origin = self.panels.get(Step(edit.origin)) if edit.origin in set(Step) else None
        if origin is not None:
            origin.settled(edit, outcome.change if isinstance(outcome, Saved) else None)
        if isinstance(outcome, Saved) and self.record is not None:
            self.record = outcome.change.apply(self.record)
            active = self.query_one("#steps", TabbedContent).active
            for step in outcome.change.steps:
                panel = self.panels.get(step)
                if panel is None:
                    continue
                if step.value == active:
                    await panel.changed(outcome.change, self.record)
                else:
                    panel.record, panel.stale = self.record, True
            self._show_where()
            if edit.what:
                self.announce(edit.what)
            if origin is not None:
                origin.shown(edit)
        elif isinstance(outcome, NotSaved):
            self._leaving = False
            if origin is not None and outcome.conflict is not None:
                await origin.conflicted(edit, outcome.conflict)
            elif origin is not None:
                await origin.not_saved(edit, outcome.reason)
            self.query_one("#meeting-status", Static).update(
                Content.assemble(("Not saved: ", "bold"), plain(outcome.reason))
                if outcome.conflict is None
                else Content("Two changes to the same words: choose which to keep.")
            )
        then = self._then.pop(edit.number, None)
        if then is not None:
            then(outcome)
        if isinstance(outcome, Saved) and self.phones.seats is not None:
            if not self.phones.still_wanted():
                await self._stop_phones(f"stopped: {self.phones.why_not()}")
            else:
                self._show_phones()
        await self._leave_when_saved()

    def _news(self, outcome: Outcome) -> bool:
        """Whether a read of changes made elsewhere found anything not on screen (one that
        failed shows nothing: the next change noticed reads again)."""
        record = self.record
        if not isinstance(outcome, Saved) or record is None:
            return False
        return outcome.change.apply(record) != record

    async def _leave_when_saved(self) -> None:
        if self._leaving and not self.waiting:
            await self._stop_phones("")
            self.dismiss(None)

    # Phones ----------------------------------------------------------------------------

    @on(PhonesWanted)
    async def _phones_wanted(self, message: PhonesWanted) -> None:
        """Start taking phones for the round (or show its links again), then the links."""
        if not self.phones.taking(message.round_id):
            self.query_one("#meeting-status", Static).update("Starting the phone page…")
            try:
                await self.phones.start(message.scale_id, message.round_id)
            except RoomProblem as problem:
                self.query_one("#meeting-status", Static).update(
                    Content.assemble(("Phones not started: ", "bold"), plain(str(problem)))
                )
                return
            if self._phones_timer is None:
                self._phones_timer = self.set_interval(5, self._show_phones)
            self.query_one("#meeting-status", Static).update(
                "Phones can answer now: hand out the links (ctrl+y shows them and their QR codes)."
            )
            self._show_phones()
        self._show_links()

    def _show_links(self) -> None:
        from screens.phone_links import PhoneLinks

        state, title = self.phones.state(), self.phones.title()
        if state is None or title is None:
            return

        async def chosen(choice: str | None) -> None:
            if choice == "stop":
                await self._stop_phones("stopped; the round goes on on the laptop")
            elif choice == "print":
                self._print_links()

        self.app.push_screen(PhoneLinks(state, self.phones.links(), title), chosen)

    def _print_links(self) -> None:
        from screens.export_dialog import export_folder

        status = self.query_one("#meeting-status", Static)
        try:
            path = self.phones.print_links(export_folder(self.app), self.db.path)
        except OSError as error:
            status.update(plain(f"The page to print was not written: {error.strerror or error}."))
            return
        status.update(
            Content.assemble(
                "Page to print: ", plain(str(path)), " (deleted when the round stops taking phones)"
            )
        )

    def _show_phones(self) -> None:
        """Tell the scaling step how the phones stand (where to answer, whether any came)."""
        panel = self.panels.get(Step.SCALING)
        if isinstance(panel, ScalingStep):
            panel.show_phones(self.phones.state())

    async def _stop_phones(self, why: str) -> None:
        if self.phones.seats is None:
            return
        await self.phones.stop()
        if self._phones_timer is not None:
            self._phones_timer.stop()
            self._phones_timer = None
        self._show_phones()
        if why:
            self.app.notify(
                f"Phones: {why}. Their links no longer work.", title="Phones", timeout=8
            )

    def announce(self, what: str) -> None:
        """Say on the status line that something was saved (after the commit returned)."""
        closed = self.record is not None and self.record.meeting.closed
        amended = " (an amendment: the meeting is closed)" if closed else ""
        self.announced += 1
        self._saved_unpainted = True
        # One line high: no layout pass needed (this is on every save's path).
        self._status.update(Content.assemble("Saved ✓ ", plain(what), amended), layout=False)

    async def _on_update(self, message: messages.Update) -> None:
        """Paint "Saved ✓" as soon as it is drawn, not at the next frame's beat.

        Textual paints at most once a frame (1/60 s) on a fixed beat. Enter's first paint
        (the box cleared, the cursor moved on) takes one beat; the commit returns a few
        milliseconds later and would wait for the next. Painting then, once, shows the save
        one frame sooner, with the steps it changed (they are updated before the status
        line, so their news is in by then). This extends Screen's own (private) handler.
        """
        await super()._on_update(message)
        if self._saved_unpainted and message.widget is self._status and self.is_current:
            self._saved_unpainted = False
            self._on_timer_update()

    def on_unmount(self) -> None:
        self._show_now()
        # Once the list is back on screen, not before it. This screen's writer thread may
        # still hold it as it ends: then the next meeting left collects it.
        self.app.call_after_refresh(memory.release)
        if self.phones.seats is not None:  # the app is closing: the server goes with it
            self.app.call_later(self.phones.stop)
        if self._place is not None:
            step, scale_id = self._place
            meeting_id = self.meeting_id
            self.writer.submit(
                Edit(
                    what="",
                    write=edits.remember_place(
                        lambda db: store.set_place(db, meeting_id, step, scale_id)
                    ),
                )
            )
        self.writer.close()

    # Where the meeting is --------------------------------------------------------------

    def _show_where(self) -> None:
        record = self.record
        if record is None:
            return
        meeting = record.meeting
        self._show_kinds_steps(meeting.kind)
        self.title = short(meeting.title, 40)
        closed = " · closed" if meeting.closed else ""
        review = " · review" if meeting.previous_id else ""
        self.sub_title = f"{meeting.kind.label} · {meeting.held_on:%d %b %Y}{review}{closed}"
        done = {
            Step.PEOPLE: bool(record.present),
            Step.VOICES: bool(record.voices),
            Step.QUESTION: bool(record.meeting.question),
            Step.REFLECTION: any(p.reflection for p in record.participants),
            Step.MAPPING: bool(record.items),
            Step.STATEMENTS: any(p.statement and p.goal for p in record.pairs),
            Step.SCALING: any(r.scores for s in record.scales for r in s.rounds),
            Step.DECISION: bool(record.children) and not record.decision.missing(record.children),
        }
        tabs = self.query_one("#steps", TabbedContent)
        for step, label in tab_labels(record, done, self.size.width).items():
            tab = tabs.get_tab(step.value)
            if str(tab.label) != label:
                tab.label = label
        missing = record.still_needed()
        words = meeting.wording
        text = (
            "Still needed: " + ", ".join(missing) + "."
            if missing
            else f"This meeting has a {words.statement}, a {words.goal} and a scaling round."
        )
        status = self.query_one("#meeting-where", Static)
        if text != self._where_text:  # most saves change nothing here
            self._where_text = text
            status.update(plain(text))  # it can name children as typed
            status.set_class(bool(missing), "missing")

    def on_resize(self) -> None:
        self._show_where()  # the steps' tabs in short words, or long

    @on(TabbedContent.TabActivated, "#steps")
    async def _step_changed(self, event: TabbedContent.TabActivated) -> None:
        if self.record is None:
            return
        step = Step(event.pane.id or Step.PEOPLE.value)
        await self._arrive(step)
        panel = self.panels.get(step)
        scale_id = self.record.meeting.scale_id
        if isinstance(panel, ScalingStep | SpreadStep):
            scale_id = panel.scale_id
        self.remember_place(step, scale_id)

    def action_go(self, step: str) -> None:
        """Go to `step` once the box being left has its keys; keys typed after the F-key
        go to the step it opens."""

        async def go() -> None:
            tabs = self.query_one("#steps", TabbedContent)
            if self.record is None:
                return
            if tabs.active == step:
                panel = await self.panel(Step(step))
                if panel is not None:
                    panel.focus_first()
                return
            hold_keys(self)
            self._arriving = True
            # Leave nothing focused in the step being hidden: Textual would move the focus to
            # another box there, and the tabs would follow it back.
            self.set_focus(None)
            tabs.active = step

        act_in_turn(self, go)

    def action_details(self) -> None:
        from screens.meeting_form import MeetingForm

        record = self.record
        if record is None:
            return

        def done(saved: int | None) -> None:
            if saved is not None:
                self.submit(
                    Edit(
                        what="meeting details",
                        write=edits.on_meeting(self.meeting_id, lambda db: None),
                    )
                )

        def open_form(reason: str | None = "") -> None:
            if reason is None:
                return
            if reason:
                self.writer.reason = reason
            children = record.family.children if record.family else ()
            form = MeetingForm(self.db, record.meeting, children=children, reason=reason)
            self.app.push_screen(form, done)

        if record.meeting.closed and not self.writer.reason:
            from screens.amend_dialog import AmendDialog

            self.app.push_screen(AmendDialog("a change to the meeting's details"), open_form)
        else:
            open_form(self.writer.reason)

    def action_close_meeting(self) -> None:
        from screens.close_dialog import CloseDialog

        if self.record is None:
            return

        def done(closed: bool | None) -> None:
            if closed:
                self.submit(
                    Edit(
                        what="the meeting is closed; later changes are kept as amendments",
                        write=edits.on_meeting(self.meeting_id, lambda db: None),
                    )
                )

        self.app.push_screen(CloseDialog(self.db, self.record), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_meeting":
            return self.record is not None and not self.record.meeting.closed
        if action == "go" and parameters and str(parameters[0]) in ONE_KIND_STEPS:
            return self.record is not None and Step(str(parameters[0])).for_kind(
                self.record.meeting.kind
            )
        return True

    def _show_kinds_steps(self, kind: MeetingKind) -> None:
        """Only a conference has the views and the decision steps, and only group
        supervision the question and the reflection."""
        tabs = self.query_one("#steps", TabbedContent)
        for step in STEP_KEYS:
            tab = tabs.get_tab(step.value)
            wanted = step.for_kind(kind)
            if tab.display != wanted:
                (tabs.show_tab if wanted else tabs.hide_tab)(step.value)

    async def action_leave(self) -> None:
        """Esc leaves a text box for the step's list first; from there, back to the meetings
        (once everything asked for is saved)."""
        focused = self.focused
        if isinstance(focused, Input | TextArea):
            tabs = self.query_one("#steps", TabbedContent)
            panel = self.panels.get(Step(tabs.active)) if tabs.active else None
            if panel is not None:
                panel.leave_text()
                if self.focused is focused:
                    # A step of text boxes only (nowhere else to go): the cursor goes to the
                    # steps' tabs, and the next Esc goes back to the meetings.
                    focus_now(self.query_one("#steps Tabs"))
                return
        typed = [
            f"{step.label}: {', '.join(words)}"
            for step, panel in self.panels.items()
            if (words := panel.unsaved())
        ]
        if typed or self.phones.seats is not None:
            self._ask_before_leaving(typed)
            return
        await self._leave()

    def _ask_before_leaving(self, typed: list[str]) -> None:
        """Words typed and not saved are never thrown away without asking."""
        from screens.dialogs import Confirm

        async def answered(leave: bool | None) -> None:
            if leave:
                await self._leave()

        if not typed:
            question = (
                "Phones are still taking answers in this round. Leaving stops them (their "
                "links stop working); the answers already in are kept. Leave?"
            )
            self.app.push_screen(Confirm(question, "Leave and stop the phones", "Stay"), answered)
            return
        phones = (
            " Phones are still taking answers; leaving stops them." if self.phones.seats else ""
        )
        self.app.push_screen(
            Confirm(
                "Typed and not saved yet: "
                + "; ".join(typed)
                + f".{phones} Leave without saving them?",
                "Leave without saving",
                "Stay and save them",
            ),
            answered,
        )

    async def _leave(self) -> None:
        if self.waiting:
            self._leaving = True
            self.query_one("#meeting-status", Static).update("Finishing saving, then leaving…")
            return
        await self._stop_phones("")
        self.dismiss(None)
