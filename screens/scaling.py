"""The scaling round: define 10 then 0, then each person's number and why, in seating order."""

from __future__ import annotations

from contextlib import suppress

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Input,
    Label,
    Select,
    Static,
)

from screens.plain import plain, short
from screens.step import StepPanel
from sos_meeting import store
from sos_meeting.domain import MeetingRecord, Participant, Round, Scale, Step
from sos_meeting.text import InputError, format_score, parse_score

OVERALL = 0
"""The link choice for an overall scale (not tied to one statement pair)."""
NEW_SCALE = -1
DEFAULT_QUESTION = "Where are we today, on a scale from 0 to 10?"


def scale_title(record: MeetingRecord, scale: Scale) -> str:
    """'Scale 1 (pair 2): question' or 'Scale 2 (overall): question'."""
    if scale.pair_id is None:
        link = "overall"
    else:
        ids = [p.id for p in record.pairs]
        link = f"pair {ids.index(scale.pair_id) + 1}" if scale.pair_id in ids else "pair"
    number = [s.id for s in record.scales].index(scale.id) + 1
    return f"Scale {number} ({link}): {short(scale.question, 60)}"


def next_turn(record: MeetingRecord, round_: Round | None) -> Participant | None:
    """The first person present, in seating order, with no entry in the round yet."""
    for person in record.present:
        if round_ is None or round_.score_for(person.id) is None:
            return person
    return None


class ScalingStep(StepPanel):
    """Define the scale (10 first), then go round the room."""

    BINDINGS = [
        Binding("ctrl+n", "new_scale", "New scale", id="scale-new", tooltip="Add another scale"),
        Binding(
            "ctrl+e",
            "edit_scale",
            "Edit scale",
            id="scale-edit",
            tooltip="Change this scale's question and definitions",
        ),
        Binding(
            "f9",
            "history",
            "History",
            id="scale-history",
            tooltip="Every entry the highlighted person gave in this round",
        ),
        Binding(
            "f8",
            "pass_turn",
            "Pass",
            id="scale-pass",
            tooltip="Record that this person passes (not a score)",
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.scale_id: int | None = self._initial_scale()
        self.defining = self.scale is None or not self.scale.rounds
        self.turn: Participant | None = None
        self.correcting = False

    def _initial_scale(self) -> int | None:
        record = self.record
        if record.scale(record.meeting.scale_id) is not None:
            return record.meeting.scale_id
        return record.scales[0].id if record.scales else None

    @property
    def scale(self) -> Scale | None:
        return self.record.scale(self.scale_id)

    def compose(self) -> ComposeResult:
        with Horizontal(id="scale-picker"):
            yield Label("Scale:", classes="field-label")
            yield Select[int]([("+ New scale", NEW_SCALE)], id="scale-choice", allow_blank=False)
        with ContentSwitcher(id="scale-views", initial="scale-define"):
            with Vertical(id="scale-define"):
                with Grid(id="scale-form"):
                    yield Label("Question", classes="field-label")
                    yield Input(DEFAULT_QUESTION, id="scale-question")
                    yield Label("Linked to", classes="field-label")
                    yield Select[int]([("Overall", OVERALL)], id="scale-link", allow_blank=False)
                    yield Label("10 means", classes="field-label ten")
                    yield Input(
                        placeholder="first: what we are working towards, e.g. everyone knows "
                        "the children are safe enough for the case to close",
                        id="scale-ten",
                    )
                    yield Label("0 means", classes="field-label zero")
                    yield Input(
                        placeholder="then: e.g. the children will certainly be harmed again",
                        id="scale-zero",
                        disabled=True,
                    )
                with Horizontal(classes="buttons"):
                    yield Button("Save and start the round", id="scale-start", variant="primary")
                    yield Button("Save", id="scale-save")
                yield Static("", classes="step-error error", id="define-error")
            with Vertical(id="scale-round"):
                yield Static(id="round-ten", classes="definition ten")
                yield Static(id="round-zero", classes="definition zero")
                yield DataTable(id="round-table", cursor_type="row")
                yield Static(id="round-turn")
                with Grid(id="round-form"):
                    yield Label("Number", classes="field-label")
                    yield Input(
                        placeholder="0 to 10, or 6.5, or pass",
                        id="score-value",
                        compact=True,
                        max_length=12,
                    )
                    yield Label("Why?", classes="field-label")
                    yield Input(
                        placeholder="you will need to say why", id="score-reason", compact=True
                    )
                    yield Label("One point higher?", classes="field-label")
                    yield Input(
                        placeholder="what would make it one point higher (optional)",
                        id="score-higher",
                        compact=True,
                    )
                with Horizontal(classes="buttons", id="round-buttons"):
                    yield Button("Save (Enter)", id="score-save", variant="primary", compact=True)
                    yield Button("Pass (F8)", id="score-pass", compact=True)
                yield Static("", classes="step-error error", id="round-error")
                yield Static(id="round-waiting")

    def focus_first(self) -> None:
        if self.defining:
            field = self.query_one("#scale-ten" if self.scale else "#scale-question", Input)
            if self.scale and self.scale.ten_means:
                field = self.query_one("#scale-zero", Input)
            field.focus()
        elif self.turn is not None:
            self.query_one("#score-value", Input).focus()
        else:
            self.query_one("#round-table", DataTable).focus()

    def leave_text(self) -> None:
        if not self.defining:
            self.query_one("#round-table").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pass_turn":
            return not self.defining and self.turn is not None
        if action == "edit_scale":
            return not self.defining and self.scale is not None
        if action == "history":
            return not self.defining and self.query_one("#round-table", DataTable).has_focus
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self.scale is None:
            self.scale_id = record.scales[-1].id if record.scales else None
            self.defining = True
        choice = self.query_one("#scale-choice", Select)
        options = [(scale_title(record, s), s.id) for s in record.scales]
        options.append(("+ New scale (ctrl+n)", NEW_SCALE))
        with self.prevent(Select.Changed):
            choice.set_options(options)
            choice.value = self.scale_id if self.scale_id is not None else NEW_SCALE
            link = self.query_one("#scale-link", Select)
            current_link = link.value
            link.set_options(
                [
                    (
                        f"{record.meeting.wording.statement.capitalize()} {n}: "
                        f"{short(p.statement, 50)}",
                        p.id,
                    )
                    for n, p in enumerate(record.pairs, start=1)
                ]
                + [("Overall (the whole situation)", OVERALL)]
            )
            valid = {p.id for p in record.pairs} | {OVERALL}
            link.value = current_link if current_link in valid else OVERALL
        self._show_view()

    def _show_view(self) -> None:
        views = self.query_one("#scale-views", ContentSwitcher)
        views.current = "scale-define" if self.defining else "scale-round"
        if self.defining:
            self._fill_definition()
        else:
            self._fill_round()
        self.refresh_bindings()

    def _fill_definition(self) -> None:
        scale = self.scale
        question = self.query_one("#scale-question", Input)
        ten = self.query_one("#scale-ten", Input)
        zero = self.query_one("#scale-zero", Input)
        link = self.query_one("#scale-link", Select)
        if scale is not None and not self.has_focus_within:
            question.value = scale.question
            ten.value = scale.ten_means
            zero.value = scale.zero_means
            link.value = scale.pair_id if scale.pair_id is not None else OVERALL
        zero.disabled = not ten.value.strip()
        locked = scale is not None and any(r.scores for r in scale.rounds)
        ten.disabled = locked
        zero.disabled = locked or not ten.value.strip()
        start = self.query_one("#scale-start", Button)
        start.label = (
            "Save and go round the room"
            if scale is None or not scale.rounds
            else ("Save and back to the round")
        )

    @property
    def has_focus_within(self) -> bool:
        focused = self.screen.focused
        return focused is not None and focused.id in {"scale-question", "scale-ten", "scale-zero"}

    def _fill_round(self) -> None:
        record, scale = self.record, self.scale
        if scale is None:
            return
        round_ = scale.current_round
        self.query_one("#round-ten", Static).update(
            Content.assemble(("10 means: ", "bold"), plain(scale.ten_means))
        )
        self.query_one("#round-zero", Static).update(
            Content.assemble((" 0 means: ", "bold"), plain(scale.zero_means))
        )
        table = self.query_one("#round-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # The reason takes what is left of the width.
        width = table.size.width or self.app.size.width
        table.add_column("#", key="seat", width=3)
        table.add_column("Who", key="who", width=20)
        table.add_column("Score", key="score", width=6)
        table.add_column("Why", key="why", width=max(12, width - 3 - 20 - 6 - 10))
        for person in record.participants:
            score = round_.score_for(person.id) if round_ else None
            if score is not None:
                value, why = format_score(score.value), plain(short(score.reason, 300))
            elif person.attendance.value != "present":
                value, why = "", Content(person.attendance.label.lower())
            else:
                value, why = "…", Content("waiting")
            table.add_row(
                str(person.seat),
                plain(short(person.label, 40)),
                value,
                why,
                key=str(person.id),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        if not self.correcting:
            self.turn = next_turn(record, round_)
        self._show_turn()
        waiting = [p for p in record.present if round_ is None or round_.score_for(p.id) is None]
        self.query_one("#round-waiting", Static).update(
            Content("Still to score: ")
            + Content(", ").join(plain(short(p.name, 30)) for p in waiting)
            if waiting
            else Content("Everyone here has scored. Press F6 to see how far apart the scores are.")
        )

    def on_resize(self) -> None:
        if not self.defining:
            self._fill_round()

    def _show_turn(self) -> None:
        turn = self.turn
        label = self.query_one("#round-turn", Static)
        form_parts = self.query("#round-form, #round-buttons")
        if turn is None:
            label.update(
                "Nobody is waiting to score. Choose a person in the list to correct an entry."
                if self.record.present
                else "Nobody is marked as here. Add people with F2."
            )
            form_parts.set(display=False)
            return
        form_parts.set(display=True)
        if self.correcting:
            label.update(
                Content.assemble(
                    ("Correcting ", "bold"),
                    plain(short(turn.label, 40)).stylize("bold"),
                    ": the earlier entry stays in the history.",
                )
            )
        else:
            label.update(
                Content.assemble(
                    ("Now: ", "bold"),
                    plain(short(turn.label, 40)).stylize("bold"),
                    " — what number would you give, and why?",
                )
            )

    # Choosing and defining scales --------------------------------------------------------

    @on(Select.Changed, "#scale-choice")
    def _choose(self, event: Select.Changed) -> None:
        if self.screen.focused is not event.select:
            return  # set by the app (on mount or reload), not chosen by the facilitator
        if event.value == NEW_SCALE:
            self.action_new_scale()
            return
        self.scale_id = int(str(event.value))
        self.correcting = False
        scale = self.scale
        self.defining = scale is None or not scale.rounds
        self._show_view()
        self._remember_place()

    def _remember_place(self) -> None:
        # Where the meeting was left is a convenience, not a record.
        with suppress(store.StorageError):
            store.set_place(self.db, self.record.meeting.id, Step.SCALING, self.scale_id)

    def action_new_scale(self) -> None:
        self.scale_id = None
        self.defining = True
        self.correcting = False
        self.query_one("#scale-question", Input).value = DEFAULT_QUESTION
        self.query_one("#scale-ten", Input).value = ""
        self.query_one("#scale-zero", Input).value = ""
        with self.prevent(Select.Changed):
            self.query_one("#scale-choice", Select).value = NEW_SCALE
        self._show_view()
        self.query_one("#scale-question", Input).focus()

    def action_edit_scale(self) -> None:
        if self.scale is None:
            return
        self.defining = True
        scale = self.scale
        self.query_one("#scale-question", Input).value = scale.question
        self.query_one("#scale-ten", Input).value = scale.ten_means
        self.query_one("#scale-zero", Input).value = scale.zero_means
        self._show_view()
        self.query_one("#scale-question", Input).focus()

    @on(Input.Changed, "#scale-ten")
    def _ten_written(self, event: Input.Changed) -> None:
        locked = self.scale is not None and any(r.scores for r in self.scale.rounds)
        self.query_one("#scale-zero", Input).disabled = locked or not event.value.strip()

    @on(Input.Submitted, "#scale-question")
    def _question_done(self) -> None:
        self.query_one("#scale-link", Select).focus()

    @on(Input.Submitted, "#scale-ten")
    def _ten_done(self) -> None:
        if not self.query_one("#scale-ten", Input).value.strip():
            self.problem("Write what 10 means first: it is what everyone is working towards.")
            return
        self.problem("")
        self.query_one("#scale-zero", Input).focus()

    @on(Input.Submitted, "#scale-zero")
    @on(Button.Pressed, "#scale-start")
    async def _start(self) -> None:
        await self._save_scale(start=True)

    @on(Button.Pressed, "#scale-save")
    async def _save_only(self) -> None:
        await self._save_scale(start=False)

    async def _save_scale(self, *, start: bool) -> None:
        question = self.query_one("#scale-question", Input).value
        ten = self.query_one("#scale-ten", Input)
        zero = self.query_one("#scale-zero", Input)
        link = self.query_one("#scale-link", Select).value
        pair_id = None if link in (OVERALL, Select.NULL) else int(str(link))
        existing = self.scale_id
        meeting_id = self.record.meeting.id
        saved: list[Scale] = []

        def write() -> None:
            saved.append(
                store.save_scale(
                    self.db,
                    meeting_id,
                    question=question,
                    pair_id=pair_id,
                    ten_means=ten.value,
                    zero_means=zero.value,
                    scale_id=existing,
                )
            )

        if not await self.save(write, "scale saved", on_error=ten if not ten.value else None):
            return
        self.scale_id = saved[0].id
        if not start:
            await self.show(self.record)
            return
        scale = self.scale
        if scale is None:
            return
        if not scale.ten_means or not scale.zero_means:
            missing = "10" if not scale.ten_means else "0"
            self.problem(f"Write what {missing} means before the round starts.")
            (ten if missing == "10" else zero).focus()
            return
        if not scale.rounds and not await self.save(
            lambda: store.start_round(self.db, saved[0].id), "the round has started"
        ):
            return
        self.defining = False
        self._show_view()
        self._remember_place()
        self.focus_first()

    # Going round the room --------------------------------------------------------------

    @on(Input.Submitted, "#score-value")
    async def _value_done(self) -> None:
        field = self.query_one("#score-value", Input)
        try:
            entry = parse_score(field.value)
        except InputError as problem:
            self.problem(str(problem))
            field.focus()
            return
        self.problem("")
        if entry.passed:
            await self._record()
        else:
            self.query_one("#score-reason", Input).focus()

    @on(Input.Submitted, "#score-reason")
    def _reason_done(self) -> None:
        reason = self.query_one("#score-reason", Input)
        if not reason.value.strip():
            self.problem("Please say why: everyone gives a reason for their number.")
            return
        self.problem("")
        self.query_one("#score-higher", Input).focus()

    @on(Input.Submitted, "#score-higher")
    @on(Button.Pressed, "#score-save")
    async def _higher_done(self) -> None:
        await self._record()

    @on(Button.Pressed, "#score-pass")
    async def action_pass_turn(self) -> None:
        self.query_one("#score-value", Input).value = "pass"
        await self._record()

    async def _record(self) -> None:
        scale, turn = self.scale, self.turn
        if scale is None or turn is None or scale.current_round is None:
            return
        round_id = scale.current_round.id
        value = self.query_one("#score-value", Input)
        reason = self.query_one("#score-reason", Input)
        higher = self.query_one("#score-higher", Input)
        try:
            entry = parse_score(value.value)
        except InputError as problem:
            self.problem(str(problem))
            value.focus()
            return
        if not entry.passed and not reason.value.strip():
            self.problem("Please say why: everyone gives a reason for their number.")
            reason.focus()
            return
        what = "passed" if entry.passed else format_score(entry.value)
        was_correcting = self.correcting
        if not await self.save(
            lambda: store.record_score(
                self.db,
                round_id,
                turn.id,
                typed=value.value,
                reason=reason.value,
                one_higher=higher.value,
            ),
            f"{short(turn.name, 30)}: {what}" + (" (corrected)" if was_correcting else ""),
            on_error=value,
        ):
            return
        for field in (value, reason, higher):
            field.value = ""
        if was_correcting:
            self.correcting = False
            self._fill_round()
        self.focus_first()

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        scale = self.scale
        table = self.query_one("#round-table", DataTable)
        if scale is None or scale.current_round is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        person = self.record.participant(int(key)) if key is not None else None
        if person is None:
            return
        try:
            entries = store.score_history(self.db, scale.current_round.id, person.id)
        except store.StorageError as error:
            self.problem(str(error))
            return
        self.app.push_screen(HistoryScreen(plain(short(person.label, 40)), entries))

    @on(DataTable.RowSelected, "#round-table")
    def _correct(self, event: DataTable.RowSelected) -> None:
        scale = self.scale
        if scale is None or scale.current_round is None or event.row_key.value is None:
            return
        person = self.record.participant(int(event.row_key.value))
        if person is None:
            return
        score = scale.current_round.score_for(person.id)
        self.turn = person
        self.correcting = score is not None
        self.query_one("#score-value", Input).value = format_score(score.value) if score else ""
        self.query_one("#score-reason", Input).value = score.reason if score else ""
        self.query_one("#score-higher", Input).value = score.one_higher if score else ""
        self._show_turn()
        self.refresh_bindings()
        self.query_one("#score-value", Input).focus()
