"""The scaling step: define the scale (10 first, then 0), then go round the room."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Select, Static

from screens.dialogs import Confirm
from screens.keys import act_in_turn, focus_now, hold_keys, release_keys
from screens.phones import PhoneState, PhonesWanted
from screens.plain import Picker, plain, short
from screens.round_panel import RoundPanel, waiting
from screens.scale_form import ScaleForm
from screens.step import StepPanel
from sos_meeting import edits, store
from sos_meeting.changes import Change, ScaleChanged, ScoreRecorded
from sos_meeting.conflicts import EditConflict
from sos_meeting.domain import MeetingRecord, RoundMode, Scale, Step
from sos_meeting.text import InputError
from sos_meeting.words import has_or_have, listed
from sos_meeting.writer import Edit

NEW_SCALE = -1


def scale_title(record: MeetingRecord, scale: Scale) -> Content:
    """'Scale 1 (pair 2): question' or 'Scale 2 (overall): question' (the question as
    typed, never as markup)."""
    if scale.pair_id is None:
        link = "overall"
    else:
        ids = [p.id for p in record.pairs]
        link = f"pair {ids.index(scale.pair_id) + 1}" if scale.pair_id in ids else "pair"
    number = [s.id for s in record.scales].index(scale.id) + 1
    return Content(f"Scale {number} ({link}): ") + plain(short(scale.question, 60))


def parse_threshold(typed: str) -> float:
    try:
        value = float(typed.strip().replace(",", ".") or "2")
    except ValueError as error:
        raise InputError("Flag at or below: a number from 0 to 10, such as 2.") from error
    return value


class ScalingStep(StepPanel):
    """Define the scale, then go round the room; reveal, close, score again, reopen."""

    STEP = Step.SCALING
    BINDINGS = [
        Binding("ctrl+n", "new_scale", "New scale", id="scale-new", tooltip="Add another scale"),
        Binding(
            "ctrl+l",
            "edit_scale",
            "Edit scale",
            id="scale-edit",
            tooltip="Change this scale's question, definitions or way of scoring",
        ),
        Binding(
            "f8",
            "pass_turn",
            "Pass",
            id="scale-pass",
            tooltip="Record that this person passes (not a score)",
            priority=True,  # in turn with the keys typed before it
        ),
        Binding(
            "f9",
            "history",
            "History",
            id="scale-history",
            tooltip="Every entry the highlighted person gave in this round",
        ),
        Binding(
            "ctrl+r",
            "reveal",
            "Reveal",
            id="scale-reveal",
            tooltip="Show everyone's numbers together",
        ),
        Binding(
            "ctrl+t",
            "close_round",
            "Close round",
            id="scale-close",
            tooltip="Take no more entries in this round (ctrl+o reopens it)",
        ),
        Binding(
            "ctrl+g",
            "again",
            "Score again",
            id="scale-again",
            tooltip="A new round after discussion; this one is kept",
        ),
        Binding(
            "ctrl+y",
            "phones",
            "Phones",
            id="scale-phones",
            tooltip="Everyone scores on their own phone; the numbers stay hidden until revealed",
        ),
        Binding(
            "ctrl+o",
            "reopen",
            "Reopen",
            id="scale-reopen",
            tooltip="Take entries again in this round",
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.scale_id: int | None = self._initial_scale()
        self.defining = self.scale is None or not self.scale.rounds
        self._saving: tuple[int, bool] | None = None
        self._arriving: int | None = None
        """The scale save under way (the edit's number) and whether the round starts after."""
        self._phones_after: int | None = None
        """The private round being started for phones (the edit's number)."""
        self.phones: PhoneState | None = None
        """How the phones stand, as the meeting screen last said (None: not in use)."""

    def _initial_scale(self) -> int | None:
        record = self.record
        if record.scale(record.meeting.scale_id) is not None:
            return record.meeting.scale_id
        return record.scales[0].id if record.scales else None

    @property
    def scale(self) -> Scale | None:
        return self.record.scale(self.scale_id)

    @property
    def panel(self) -> RoundPanel:
        return self.query_one(RoundPanel)

    @property
    def form(self) -> ScaleForm:
        return self.query_one(ScaleForm)

    def compose(self) -> ComposeResult:
        with Horizontal(id="scale-picker"):
            yield Label("Scale:", classes="field-label")
            yield Picker[int]([("+ New scale", NEW_SCALE)], id="scale-choice", allow_blank=False)
        # Under the picker, not at the foot of the form: the form scrolls, and at 80x24 its
        # foot is out of sight while the cursor is on the box the message is about.
        yield Static("", classes="step-error error", id="define-error")
        with ContentSwitcher(id="scale-views", initial="scale-define"):
            yield ScaleForm(id="scale-define")
            yield RoundPanel(self, id="scale-round")

    def focus_first(self) -> None:
        if self.defining:
            self.form.focus_first(self.scale)
        else:
            self.panel.focus_first()

    def unsaved(self) -> list[str]:
        """A number or reason typed for someone and not saved (never quoted: in a private
        round the number is not shown)."""
        if self.defining:
            return []
        typed = any(
            self.query_one(f"#{box}", Input).value.strip()
            for box in ("score-value", "score-reason", "score-higher")
        )
        return ["a score being typed"] if typed else []

    def leave_text(self) -> None:
        if not self.defining:
            focus_now(self.query_one("#round-table"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        round_ = None if self.defining or self.scale is None else self.scale.current_round
        if action == "pass_turn":
            return round_ is not None and not round_.closed and self.panel.turn is not None
        if action == "edit_scale":
            return not self.defining and self.scale is not None
        if action == "history":
            return (
                round_ is not None
                and round_.visible
                and self.query_one("#round-table", DataTable).has_focus
            )
        if action == "reveal":
            return round_ is not None and not round_.visible and bool(round_.scores)
        if action == "close_round":
            return round_ is not None and not round_.closed and bool(round_.scores)
        if action == "again":
            return round_ is not None and round_.visible and bool(round_.scores)
        if action == "reopen":
            return round_ is not None and round_.closed
        if action == "phones":
            return round_ is not None and not self.record.meeting.closed
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self.scale_id is not None and self.scale is None:
            # The scale shown is gone (not a new one being written: its id is None).
            self.scale_id = record.scales[-1].id if record.scales else None
            self.defining = True
        choice: Picker[int] = self.query_one("#scale-choice", Picker)
        options = [(scale_title(record, s), s.id) for s in record.scales]
        options.append((Content("+ New scale (ctrl+n)"), NEW_SCALE))
        with self.prevent(Select.Changed):
            choice.offer(options, self.scale_id if self.scale_id is not None else NEW_SCALE)
        self._show_view()

    def _show_view(self) -> None:
        views = self.query_one("#scale-views", ContentSwitcher)
        views.current = "scale-define" if self.defining else "scale-round"
        if not self.defining:
            self.query_one("#define-error", Static).display = False
        scale = self.scale
        if self.defining:
            self.form.fill(self.record, scale)
        elif scale is not None:
            self.panel.fill(self.record, scale)
        self.refresh_bindings()

    async def changed(self, change: Change, record: MeetingRecord) -> None:
        if (
            isinstance(change, ScoreRecorded)
            and not self.defining
            and change.scale_id == self.scale_id
            and self.scale is not None
        ):
            self.record = record
            scale = record.scale(change.scale_id)
            if scale is not None:
                self.panel.score_saved(record, scale, change)
            return
        await self.show(record)

    async def not_saved(self, edit: Edit, reason: str) -> None:
        self.panel.give_back(edit)
        await super().not_saved(edit, reason)

    async def conflicted(self, edit: Edit, conflict: EditConflict) -> None:
        """Someone else changed this scale's definition meanwhile: keep theirs, take the
        other, or merge by hand in the form (both versions and the choice are kept)."""
        self.defining = True
        self._show_view()  # the form, still holding what was typed
        self.form.started_from = conflict.theirs.version  # whichever is chosen, theirs is seen

        def take() -> None:
            self.set_focus_outside_form()
            self._show_view()  # the form shows the scale as saved
            self.problem("Their definition stays; yours is set aside.")

        def merge() -> None:
            theirs = "; ".join(f"{k}: {v}" for k, v in conflict.theirs.fields if v)
            self.problem(f"Merge by hand. Theirs: {theirs}. Change yours, then save.")

        self.choose(conflict, keep=lambda: self._capture_scale(start=False), take=take, merge=merge)

    def set_focus_outside_form(self) -> None:
        """The form fills itself from the record only while the cursor is not in it."""
        focus_now(self.query_one("#scale-choice", Select))

    def settled(self, edit: Edit, change: Change | None) -> None:
        if change is not None:
            self.panel.settled(edit)
        if edit.number == self._phones_after:
            self._phones_after = None
            if isinstance(change, ScaleChanged) and change.scale.current_round is not None:
                self.post_message(PhonesWanted(change.scale.id, change.scale.current_round.id))
        if self._saving is None or self._saving[0] != edit.number:
            return
        _, start = self._saving
        self._saving = None
        if not isinstance(change, ScaleChanged):
            release_keys(self)
            return
        scale = change.scale
        self.scale_id = scale.id
        if start and scale.defined:
            self.defining = False  # the redraw that follows shows the round
            self._remember_place()
        self._arriving = edit.number

    def shown(self, edit: Edit) -> None:
        if self._arriving != edit.number:
            return
        self._arriving = None
        scale = self.scale
        if scale is not None and not self.defining:
            self.focus_first()
        elif scale is not None and not scale.defined:
            missing = "10" if not scale.ten_means else "0"
            self.problem(f"Write what {missing} means before the round starts.")
            focus_now(self.query_one("#scale-ten" if missing == "10" else "#scale-zero"))
        release_keys(self)

    def on_resize(self) -> None:
        if not self.defining and self.scale is not None:
            self.panel.fill(self.record, self.scale)

    # Choosing and defining scales --------------------------------------------------------

    @on(Select.Changed, "#scale-choice")
    def _choose(self, event: Select.Changed) -> None:
        if self.screen.focused is not event.select:
            return  # set by the app (on mount or reload), not chosen by the facilitator
        if event.value == NEW_SCALE:
            self.action_new_scale()
            return
        self.scale_id = int(str(event.value))
        self.panel.correcting = False
        scale = self.scale
        self.defining = scale is None or not scale.rounds
        self._show_view()
        self._remember_place()

    def _remember_place(self) -> None:
        self.host.remember_place(Step.SCALING, self.scale_id)

    def action_new_scale(self) -> None:
        self.scale_id = None
        self.defining = True
        self.panel.correcting = False
        self.form.clear()
        with self.prevent(Select.Changed):
            self.query_one("#scale-choice", Select).value = NEW_SCALE
        self._show_view()
        self.form.focus_first(None)

    def action_edit_scale(self) -> None:
        if self.scale is None:
            return
        self.defining = True
        self._show_view()
        focus_now(self.query_one("#scale-question"))

    @on(ScaleForm.Problem)
    def _form_problem(self, event: ScaleForm.Problem) -> None:
        self.problem(event.text)

    def problem(self, message: str) -> None:
        """Said on the line of the view in use (the form's line is outside the form)."""
        super().problem(message)
        other = "#round-error" if self.defining else "#define-error"
        self.query_one(other, Static).display = False

    @on(ScaleForm.Submitted)
    def _save_scale(self, event: ScaleForm.Submitted) -> None:
        try:
            self._capture_scale(event.start)
        finally:
            release_keys(self)  # the form's hold: what it holds is read now

    def _capture_scale(self, start: bool) -> None:
        values = self.form.values()
        try:
            threshold = parse_threshold(values.threshold)
        except InputError as problem:
            self.problem(str(problem))
            return
        if start and not (values.ten_means.strip() and values.zero_means.strip()):
            missing = "10" if not values.ten_means.strip() else "0"
            self.problem(f"Write what {missing} means before the round starts.")
            focus_now(self.query_one("#scale-ten" if missing == "10" else "#scale-zero"))
            return
        edit = self.submit(
            edits.save_scale(
                self.record.meeting.id,
                scale_id=self.scale_id,
                question=values.question,
                pair_id=values.pair_id,
                ten_means=values.ten_means,
                zero_means=values.zero_means,
                mode=values.mode if isinstance(values.mode, RoundMode) else RoundMode.OPEN,
                threshold=threshold,
                children=values.children,
                start=start,
                started_from=self.form.started_from if self.scale_id is not None else None,
            ),
            "scale saved" + ("; the round has started" if start else ""),
            given={"scale-ten": values.ten_means, "scale-zero": values.zero_means},
        )
        hold_keys(self)  # keys typed now go to the round, once it is shown
        self._saving = (edit.number, start)

    # The round -------------------------------------------------------------------------

    def action_pass_turn(self) -> None:
        act_in_turn(self, self.panel.pass_turn)

    @on(DataTable.RowSelected, "#round-table")
    def _correct(self) -> None:
        self.panel.correct()
        self.refresh_bindings()

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        round_ = self.scale.current_round if self.scale else None
        turn = self.panel.selected()
        if round_ is None or turn is None or not round_.visible:
            return
        try:
            entries = store.score_history(self.db, round_.id, turn.person.id, turn.child)
        except store.StorageError as error:
            self.problem(str(error))
            return
        self.app.push_screen(HistoryScreen(turn.describe(), entries))

    def _unless_anyone_is_missing(
        self, question: str, yes: str, no: str, act: Callable[[bool | None], None]
    ) -> None:
        """`act(True)` at once if everyone here has scored in the current round; otherwise
        name who has not, ask `question`, and give `act` the answer."""
        scale = self.scale
        round_ = scale.current_round if scale else None
        missing = (
            waiting(self.record, scale, round_, self.panel.saving_keys) if scale and round_ else []
        )
        if round_ is None or not missing:
            act(True)
            return
        names = listed([p.label for p in missing])
        self.app.push_screen(
            Confirm(
                f"{names} {has_or_have(len(missing))} not scored yet in round {round_.number}. "
                + question,
                yes,
                no,
            ),
            act,
        )

    def action_reveal(self) -> None:
        """Show the numbers together: first naming anyone still to score, and asking
        whether to wait for them. The round stays open either way."""
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            return

        def reveal(now: bool | None) -> None:
            if not now:
                self.problem("Waiting: the numbers stay hidden. Press ctrl+r when ready.")
                return
            self.submit(
                edits.on_round(scale.id, lambda db: store.reveal(db, round_.id)),
                "numbers revealed",
            )
            self.host.show_spread(scale.id)

        self._unless_anyone_is_missing(
            "Reveal everyone's numbers now, or wait for them?", "Reveal now", "Wait", reveal
        )

    def action_close_round(self) -> None:
        """Take no more entries in this round (a visible act of its own; ctrl+o reopens)."""
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            return

        def close(yes: bool | None) -> None:
            if yes:
                self.submit(
                    edits.on_round(scale.id, lambda db: store.close_round(db, round_.id)),
                    f"round {round_.number} closed",
                )

        self._unless_anyone_is_missing(
            f"Close round {round_.number} without them?", "Close the round", "Keep it open", close
        )

    def action_again(self) -> None:
        scale = self.scale
        if scale is None:
            return
        self.submit(
            edits.on_round(scale.id, lambda db: store.start_round(db, scale.id)),
            "a new round has started",
        )
        self.panel.correcting = False

    def action_phones(self) -> None:
        """Everyone answers on their own phone: in this round if it is private and not yet
        revealed; otherwise (asking first) in a private round started for it."""
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None or self.record.meeting.closed:
            return
        taking = self.phones is not None and self.phones.round_id == round_.id
        if taking or (not round_.visible and not round_.closed):
            self.post_message(PhonesWanted(scale.id, round_.id))
            return
        if round_.scores or round_.closed:
            question = (
                f"Phones need a private round: everyone's numbers stay hidden until you reveal "
                f"them together. Start round {round_.number + 1} that way? Round "
                f"{round_.number} is kept as it is."
            )
            yes = f"Start round {round_.number + 1} for phones"
        else:
            question = (
                f"Phones need a private round: everyone's numbers stay hidden until you reveal "
                f"them together. Make round {round_.number} private, for phones? Nobody has "
                "scored in it yet."
            )
            yes = f"Make round {round_.number} private"

        def answered(yes: bool | None) -> None:
            if yes:
                edit = self.submit(
                    edits.on_round(
                        scale.id, lambda db: store.start_round(db, scale.id, RoundMode.PRIVATE)
                    ),
                    "a private round for phones",
                )
                self._phones_after = edit.number

        self.app.push_screen(Confirm(question, yes, "Not now"), answered)

    def show_phones(self, state: PhoneState | None) -> None:
        """How the phones stand (from the meeting screen): shown under the round's state."""
        self.phones = state
        self.panel.show_phones(state)
        self.refresh_bindings()

    def action_reopen(self) -> None:
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is not None and round_ is not None:
            self.submit(
                edits.on_round(scale.id, lambda db: store.reopen_round(db, round_.id)),
                "the round is open again",
            )


__all__ = ["ScalingStep", "plain", "scale_title"]
