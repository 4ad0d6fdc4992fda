"""Going round the room: whose turn it is, their number and why, who is still to score.

In a private round no number or reason is shown until the reveal, and the screen is
cleared between people.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, Static

from screens.keys import EntryInput, focus_now, release_keys
from screens.phones import NOT_REACHED, PhoneState
from screens.plain import display, plain, short, show
from screens.record_list import RecordTable
from screens.scale_about import scale_about
from screens.step import StepPanel
from sos_meeting import edits, store
from sos_meeting.changes import ScoreRecorded
from sos_meeting.domain import (
    Attendance,
    MeetingRecord,
    Participant,
    Round,
    RoundMode,
    Scale,
    Score,
)
from sos_meeting.phones import OWN_DEVICE
from sos_meeting.text import EntryProblem, InputError, check_entry, format_score, parse_score
from sos_meeting.writer import Edit


@dataclass(frozen=True)
class Turn:
    """Who scores now, and about which child ('' when the scale is one judgement)."""

    person: Participant
    child: str = ""

    @property
    def key(self) -> str:
        return f"{self.person.id}:{self.child}"

    def describe(self) -> Content:
        who = plain(short(self.person.label, 40)).stylize("bold")
        if not self.child:
            return who
        return Content.assemble(who, " about ", plain(short(self.child, 30)).stylize("bold"))


def turns(record: MeetingRecord, scale: Scale) -> list[Turn]:
    """Everyone present, in seating order, once for each child the scale is about."""
    return [Turn(p, child) for p in record.present for child in scale.subjects]


def next_turn(
    record: MeetingRecord,
    scale: Scale,
    round_: Round | None,
    saving: frozenset[str] = frozenset(),
) -> Turn | None:
    """The first turn, in seating order, with no entry in the round yet (nor one saving)."""
    for turn in turns(record, scale):
        if turn.key in saving:
            continue
        if round_ is None or round_.score_for(turn.person.id, turn.child) is None:
            return turn
    return None


def waiting(
    record: MeetingRecord,
    scale: Scale,
    round_: Round | None,
    saving: frozenset[str] = frozenset(),
) -> list[Participant]:
    """The people present who still have something to score in the round (an entry being
    saved, `saving` by turn key, counts as given: it is saved before anything asked after)."""
    people: list[Participant] = []
    for turn in turns(record, scale):
        missing = round_ is None or round_.score_for(turn.person.id, turn.child) is None
        if missing and turn.key not in saving and turn.person not in people:
            people.append(turn.person)
    return people


class RoundPanel(Vertical):
    """The round for the step's current scale."""

    def __init__(self, step: StepPanel, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.step = step
        self.turn: Turn | None = None
        self.correcting = False
        self.scale: Scale | None = None
        self.saving: dict[int, Turn] = {}
        """Entries asked for and not yet saved, by edit number: the round moves past them."""
        self.phones: PhoneState | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="round-about", classes="definition about")
        yield Static(id="round-ten", classes="definition ten")
        yield Static(id="round-zero", classes="definition zero")
        yield Static(id="round-state", classes="round-state")
        yield Static(id="round-phones", classes="round-phones")
        yield RecordTable(id="round-table", cursor_type="row")
        yield Static(id="round-turn")
        with Grid(id="round-form"):
            yield Label("Number", classes="field-label")
            yield EntryInput(
                placeholder="0 to 10, or 6.5, or pass",
                id="score-value",
                compact=True,
                max_length=12,
            )
            yield Label("Why?", classes="field-label")
            yield EntryInput(
                placeholder="you will need to say why", id="score-reason", compact=True
            )
            yield Label("One point higher?", classes="field-label")
            yield EntryInput(
                placeholder="what would make it one point higher (optional)",
                id="score-higher",
                compact=True,
            )
        with Horizontal(classes="buttons", id="round-buttons"):
            yield Button("Save (Enter)", id="score-save", variant="primary", compact=True)
            yield Button("Pass (F8)", id="score-pass", compact=True)
        yield Static("", classes="step-error error", id="round-error")
        yield Static(id="round-waiting")

    @property
    def round(self) -> Round | None:
        return self.scale.current_round if self.scale else None

    @property
    def private(self) -> bool:
        """Numbers are hidden: a private round before its reveal."""
        round_ = self.round
        return round_ is not None and not round_.visible

    def focus_first(self) -> None:
        if self.turn is not None and not (self.round and self.round.closed):
            focus_now(self.query_one("#score-value", Input))
        else:
            focus_now(self.query_one("#round-table", DataTable))

    def fill(self, record: MeetingRecord, scale: Scale) -> None:
        """Show the current round of `scale`."""
        self.scale = scale
        round_ = scale.current_round
        width = self.size.width or self.app.size.width
        show(self.query_one("#round-about", Static), scale_about(record, scale, width))
        self.query_one("#round-ten", Static).update(
            Content.assemble(("10 means: ", "bold"), plain(scale.ten_means))
        )
        self.query_one("#round-zero", Static).update(
            Content.assemble((" 0 means: ", "bold"), plain(scale.zero_means))
        )
        self._show_state(round_)
        self.show_phones(self.phones)
        self.query_one("#score-value", Input).password = self.private
        self._fill_table(record, scale, round_)
        if not self.correcting:
            self.turn = next_turn(record, scale, round_, self.saving_keys)
        self._show_turn()
        self._show_waiting(record, scale, round_)

    @property
    def saving_keys(self) -> frozenset[str]:
        """The turns whose entries are asked for and not yet saved."""
        return frozenset(t.key for t in self.saving.values())

    def score_saved(self, record: MeetingRecord, scale: Scale, change: ScoreRecorded) -> None:
        """One entry saved: update its row and who is still to score, nothing else."""
        self.scale = scale
        round_ = scale.current_round
        if round_ is None or round_.id != change.round_id:
            self.fill(record, scale)
            return
        table = self.query_one("#round-table", DataTable)
        key = f"{change.score.participant_id}:{change.score.child}"
        try:
            table.get_row_index(key)
        except Exception:
            self.fill(record, scale)
            return
        value, why = self._cells(change.score)
        table.update_cell(key, "score", value)
        table.update_cell(key, "why", why)
        self._show_state(round_)
        self.show_phones(self.phones)
        self._show_waiting(record, scale, round_)
        if self._answered_elsewhere(key):
            self.turn = None  # their answer came from their phone: on to the next person
        if self.turn is None and not self.correcting:
            self.turn = next_turn(record, scale, round_, self.saving_keys)
            self._show_turn()

    def _answered_elsewhere(self, key: str) -> bool:
        """Whether the person whose turn it is has just answered from elsewhere (their
        phone) while nothing was being typed for them here."""
        if self.turn is None or self.turn.key != key or self.correcting:
            return False
        if any(t.key == key for t in self.saving.values()):
            return False  # this screen's own entry for them
        boxes = ("#score-value", "#score-reason", "#score-higher")
        return not any(self.query_one(box, Input).value for box in boxes)

    def show_phones(self, state: PhoneState | None) -> None:
        """Where phones answer this round, and how many have: one line (two with a word of
        warning), or nothing when the round does not take phones."""
        self.phones = state
        line = self.query_one("#round-phones", Static)
        round_ = self.round
        if state is None or round_ is None or round_.id != state.round_id:
            show(line, "")
            display([line], False)
            return
        from_phones = sum(1 for s in round_.scores if s.recorded_by == OWN_DEVICE)
        parts: list[Content | str | tuple[str, str]] = [
            ("Phones", "bold"),
            ("" if state.secure else " (not encrypted)", ""),
            ": ",
            plain(state.room_url.split("://", 1)[-1]),
            " code ",
            (state.code, "bold"),
            f" · {from_phones} answered",
        ]
        if state.quiet:
            parts += ["\n", NOT_REACHED]
        display([line], True)
        show(line, Content.assemble(*parts))

    def settled(self, edit: Edit) -> None:
        """An entry asked for is saved or refused: it no longer holds its person's turn."""
        self.saving.pop(edit.number, None)

    def _cells(self, score: Score) -> tuple[str, Content]:
        if self.private:
            if score.recorded_by == OWN_DEVICE:
                return "✓", Content("from their phone (hidden)")
            return "✓", Content("given (hidden until the reveal)")
        return format_score(score.value), plain(short(score.reason, 300))

    def _show_waiting(self, record: MeetingRecord, scale: Scale, round_: Round | None) -> None:
        still = waiting(record, scale, round_)
        show(
            self.query_one("#round-waiting", Static),
            Content("Still to score: ")
            + Content(", ").join(plain(short(p.name, 30)) for p in still)
            if still
            else Content(
                "Everyone here has scored. "
                + (
                    "Reveal the numbers together with ctrl+r."
                    if self.private
                    else "Press F6 to see how far apart the scores are."
                )
            ),
        )

    def _show_state(self, round_: Round | None) -> None:
        state = self.query_one("#round-state", Static)
        if round_ is None:
            show(state, "")
            return
        parts = [f"Round {round_.number}"]
        if round_.mode is RoundMode.PRIVATE:
            parts.append(
                "private: numbers revealed together"
                if round_.visible
                else "private: numbers stay hidden until revealed (ctrl+r)"
            )
        if round_.closed:
            parts.append("closed (ctrl+o reopens)")
        show(state, " · ".join(parts))

    def _fill_table(self, record: MeetingRecord, scale: Scale, round_: Round | None) -> None:
        table = self.query_one("#round-table", DataTable)
        row = table.cursor_row
        kind = record.meeting.kind
        table.clear(columns=True)
        width = table.size.width or self.app.size.width
        child_width = 12 if scale.children else 0
        table.add_column("#", key="seat", width=3)
        table.add_column("Who", key="who", width=20)
        if scale.children:
            table.add_column("Child", key="child", width=child_width)
        table.add_column("Score", key="score", width=6)
        table.add_column("Why", key="why", width=max(12, width - 3 - 20 - 6 - 10 - child_width - 2))
        for person in record.in_round_order:
            for child in scale.subjects:
                score = round_.score_for(person.id, child) if round_ else None
                if score is not None:
                    value, why = self._cells(score)
                elif person.attendance is not Attendance.PRESENT:
                    value, why = "", Content(person.attendance.label_in(kind).lower())
                else:
                    value, why = "…", Content("waiting")
                cells = [str(person.seat), plain(short(person.label, 40))]
                if scale.children:
                    cells.append(plain(short(child, 20)))
                table.add_row(*cells, value, why, key=f"{person.id}:{child}")
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _show_turn(self) -> None:
        turn, round_ = self.turn, self.round
        label = self.query_one("#round-turn", Static)
        form_parts = self.query("#round-form, #round-buttons")
        if round_ is not None and round_.closed:
            show(label, "This round is closed. ctrl+o reopens it; ctrl+g scores again.")
            display(form_parts, False)
            return
        if turn is None:
            show(
                label,
                "Nobody is waiting to score. Choose a person in the list to correct an entry."
                if self.step.record.present
                else "Nobody is marked as here. Add people with F2.",
            )
            display(form_parts, False)
            return
        display(form_parts, True)
        if self.correcting:
            show(
                label,
                Content.assemble(
                    ("Correcting ", "bold"),
                    turn.describe(),
                    ": the earlier entry stays in the history.",
                ),
            )
        else:
            question = " — what number would you give, and why?"
            show(label, Content.assemble(("Now: ", "bold"), turn.describe(), question))

    def selected(self) -> Turn | None:
        """The turn highlighted in the list."""
        table = self.query_one("#round-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        pid, _, child = key.partition(":")
        person = self.step.record.participant(int(pid)) if pid else None
        return Turn(person, child) if person else None

    # Entries -------------------------------------------------------------------------

    @on(EntryInput.Submitted, "#score-value")
    def _value_done(self) -> None:
        field = self.query_one("#score-value", Input)
        try:
            entry = parse_score(field.value)
        except InputError as problem:
            self.step.problem(str(problem))
            return
        self.step.problem(
            "A pass: say why if they want to (or just press Enter)." if entry.passed else ""
        )
        focus_now(self.query_one("#score-reason", Input))

    @on(EntryInput.Submitted, "#score-reason")
    def _reason_done(self) -> None:
        if self._passing():
            self.record_entry()  # a pass may carry a reason; one point higher does not apply
            return
        if not self.query_one("#score-reason", Input).value.strip():
            self.step.problem("Please say why: everyone gives a reason for their number.")
            return
        self.step.problem("")
        focus_now(self.query_one("#score-higher", Input))

    def _passing(self) -> bool:
        try:
            return parse_score(self.query_one("#score-value", Input).value).passed
        except InputError:
            return False

    @on(EntryInput.Submitted, "#score-higher")
    @on(Button.Pressed, "#score-save")
    def _higher_done(self) -> None:
        self.record_entry()

    @on(Button.Pressed, "#score-pass")
    def pass_turn(self) -> None:
        self.query_one("#score-value", Input).value = "pass"
        self.record_entry()

    def record_entry(self) -> None:
        """Capture this person's entry, ask for it to be saved, and move to the next person
        at once: the facilitator can type their answer while this one saves."""
        turn, round_, scale = self.turn, self.round, self.scale
        if turn is None or round_ is None or scale is None:
            return
        value = self.query_one("#score-value", Input)
        reason = self.query_one("#score-reason", Input)
        higher = self.query_one("#score-higher", Input)
        typed, why, one_higher = value.value, reason.value, higher.value
        try:
            entry = check_entry(typed, why)
        except EntryProblem as problem:
            self.step.problem(str(problem))
            focus_now(value if problem.box == "number" else reason)
            return
        private = self.private
        name = short(turn.person.name, 30)
        about = f" about {turn.child}" if turn.child else ""
        if private:
            what = f"{name}'s entry{about}"
        else:
            shown = "passed" if entry.passed else format_score(entry.value)
            what = f"{name}: {shown}{about}"
        if self.correcting:
            what += " (corrected)"
        # The entry this screen shows for them, which a correction supersedes. Not checked
        # while one of this screen's own entries for them is still being saved: those are
        # saved in order, so nothing unseen can come between.
        pending = any(t.key == turn.key for t in self.saving.values())
        current = round_.score_for(turn.person.id, turn.child)
        seen = store.UNCHECKED if pending else (current.id if current else None)
        edit = self.step.submit(
            edits.record_score(
                scale.id,
                round_.id,
                turn.person.id,
                typed=typed,
                reason=why,
                one_higher=one_higher,
                child=turn.child,
                seen=seen,
            ),
            what,
            given={"score-value": typed, "score-reason": why, "score-higher": one_higher},
        )
        self.saving[edit.number] = turn
        for field in (value, reason, higher):
            field.value = ""
        self.correcting = False
        self.turn = next_turn(self.step.record, scale, round_, self.saving_keys)
        self._show_turn()
        if private:
            self._clear_screen()
        else:
            self.focus_first()

    def give_back(self, edit: Edit) -> None:
        """An entry was not saved: it is that person's turn again, with what was typed."""
        turn = self.saving.pop(edit.number, None)
        if turn is None:
            return
        boxes = [self.query_one(f"#score-{n}", Input) for n in ("value", "reason", "higher")]
        if not any(box.value for box in boxes):
            self.turn = turn
            round_ = self.round
            # Giving it again supersedes the entry they already have, if any (as `correct`).
            self.correcting = (
                round_ is not None and round_.score_for(turn.person.id, turn.child) is not None
            )
            self._show_turn()
            focus_now(boxes[0])

    def _clear_screen(self) -> None:
        """Between people in a private round: nothing of the last entry stays on screen."""
        from screens.privacy import NextPersonScreen

        upcoming = self.turn.describe() if self.turn else None

        def ready(_: None) -> None:
            self.focus_first()
            release_keys(self)

        self.app.push_screen(NextPersonScreen(upcoming), ready)
        self.focus_first()  # the cursor waits in the number box behind the cover

    def correct(self) -> None:
        """Load the highlighted person's entry to correct it (blank in a private round)."""
        turn, round_ = self.selected(), self.round
        if turn is None or round_ is None or round_.closed:
            return
        score = round_.score_for(turn.person.id, turn.child)
        self.turn = turn
        self.correcting = score is not None
        shown = score is not None and not self.private
        self.query_one("#score-value", Input).value = (
            format_score(score.value) if shown and score else ""
        )
        self.query_one("#score-reason", Input).value = score.reason if shown and score else ""
        self.query_one("#score-higher", Input).value = score.one_higher if shown and score else ""
        self._show_turn()
        focus_now(self.query_one("#score-value", Input))
