"""Danger (worry) statements and safety (wellbeing) goals, written as pairs."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Button, OptionList, Static, TextArea

from screens.keys import EntryInput, act_in_turn, focus_now
from screens.plain import display, plain, short, show
from screens.record_list import RecordList
from screens.step import StepPanel, typed_text
from sos_meeting import edits
from sos_meeting.coach import goal_questions, pair_questions, statement_questions
from sos_meeting.conflicts import EditConflict
from sos_meeting.domain import MeetingKind, MeetingRecord, StatementPair, Step, Wording
from sos_meeting.words import counted
from sos_meeting.writer import Edit

USUAL_MOST = 4
"""Guidance: usually no more than three or four pairs per case."""


class PairBox(TextArea):
    """A statement's or a goal's box. Its size is set by the screen's CSS, never by its
    words, so a change of words lays out nothing else (Textual's TextArea lays out the
    whole screen whenever its text's size changes, as when a saved pair clears it)."""

    virtual_size = Reactive(Size(0, 0), layout=False)


def statement_guide(words: Wording) -> str:
    return (
        f"{words.statement.capitalize()}: who is worried · what the adult did or might do "
        "(the behaviour, not a label) · the impact on the child · what could happen if "
        "nothing changes. Plain words the family can read."
    )


def goal_guide(words: Wording) -> str:
    return (
        f"{words.goal.capitalize()}: what everyone needs to see the adults doing instead "
        "(something you could see, said positively) · and for how long."
    )


def pair_content(pair: StatementPair, number: int, words: Wording) -> Content:
    goal = plain(short(pair.goal, 200)) if pair.goal else Content(f"(no {words.goal} yet)")
    return Content.assemble(
        (f"{number}. ", "bold"),
        plain(short(pair.statement, 200)),
        "\n   ",
        ("→ ", "bold"),
        goal,
    )


HARM_QUESTIONS = (
    "To analyse (the harm matrix): what harm has happened? How bad was it? How likely is it "
    "to happen again? What makes it more complicated?"
)
"""Group supervision's prompts while the group writes its statements."""


class StatementsStep(StepPanel):
    """One to four pairs, with the formula in view while typing."""

    STEP = Step.STATEMENTS
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_pair",
            "Save pair",
            id="pair-save",
            tooltip="Save this pair",
            priority=True,  # in turn with the keys typed before it
        ),
        Binding(
            "ctrl+n",
            "new_pair",
            "New pair",
            id="pair-new",
            tooltip="Start a new pair",
            priority=True,
        ),
        Binding(
            "delete",
            "delete_pair",
            "Delete",
            id="pair-delete",
            tooltip="Delete this pair (only if it has no scale)",
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.editing: StatementPair | None = None
        self.new_pair: edits.NewPair | None = None
        """The pair being written that is not saved yet: its goal is saved into it."""
        self.pair_ids: list[int] = []

    def compose(self) -> ComposeResult:
        words = self.record.meeting.wording
        with Horizontal(id="pairs-layout"):
            with Vertical(id="pairs-box") as box:
                box.border_title = "Pairs"
                yield RecordList(id="pairs")
                if self.record.meeting.kind is MeetingKind.SUPERVISION:
                    yield Static(HARM_QUESTIONS, id="harm-questions", classes="hint")
            with Vertical(id="pair-editor"):
                yield Static(statement_guide(words), id="statement-guide", classes="guide")
                yield PairBox(id="statement", soft_wrap=True, show_line_numbers=False)
                yield Static("", id="statement-coach", classes="coach")
                yield Static(goal_guide(words), id="goal-guide", classes="guide")
                yield PairBox(id="goal", soft_wrap=True, show_line_numbers=False)
                yield Static("", id="goal-coach", classes="coach")
                with Vertical(id="coach-reason-row", classes="hidden"):
                    yield Static("", id="coach-reason-ask")
                    yield EntryInput(
                        placeholder="why keep the words as written (one line)",
                        id="coach-reason",
                        max_length=300,
                    )
                with Horizontal(classes="buttons", id="pair-buttons"):
                    yield Button("Save pair (ctrl+s)", id="pair-save-button", variant="primary")
                    yield Button("New pair (ctrl+n)", id="pair-new-button")
                yield Static("", classes="step-error error")

    def focus_first(self) -> None:
        focus_now(self.query_one("#statement", TextArea))

    def unsaved(self) -> list[str]:
        statement = self.query_one("#statement", TextArea).text
        goal = self.query_one("#goal", TextArea).text
        saved = (self.editing.statement, self.editing.goal) if self.editing else ("", "")
        if (statement, goal) == saved or not (statement.strip() or goal.strip()):
            return []
        return [typed_text(statement if statement != saved[0] else goal)]

    @on(TextArea.Changed)
    def _coach(self, event: TextArea.Changed) -> None:
        """A quiet line under the box: what the model asks that the words do not show yet."""
        box = event.text_area
        if box.id not in ("statement", "goal"):
            return
        if self.asking_reason and box.has_focus:
            self._stop_asking()  # the words changed: the coach looks at them again on saving
        asks = (statement_questions if box.id == "statement" else goal_questions)(box.text)
        line = Content("")
        if asks:
            more = f"  (and {counted(len(asks) - 1, 'more question')})" if len(asks) > 1 else ""
            line = Content.assemble(("Ask: ", "bold"), plain(str(asks[0])), more)
        coach = self.query_one(f"#{box.id}-coach", Static)
        show(coach, line)
        coach.display = bool(asks)  # no empty line while there is nothing to ask

    def leave_text(self) -> None:
        if self.asking_reason:
            self._stop_asking()  # back to the words, to change them
            focus_now(self.query_one("#statement", TextArea))
            return
        focus_now(self.query_one("#pairs"))

    @property
    def asking_reason(self) -> bool:
        return self.query_one("#coach-reason-row").display

    def _ask_reason(self, asks: tuple[str, ...]) -> None:
        """The coach still asks: the pair is saved once the facilitator says why in a line
        (or goes back to the words with Esc). It never blocks."""
        row = self.query_one("#coach-reason-row")
        count = counted(len(asks), "question")
        show(
            self.query_one("#coach-reason-ask", Static),
            Content.assemble(
                (f"The coach still asks {count}.", "bold"),
                " Say in one line why the words stay, then Enter (Esc: back to the words).",
            ),
        )
        for extra in self.query("#pair-editor > .guide, #pair-buttons"):
            extra.display = False  # room for the question, at 80x24 too
        box = self.query_one("#coach-reason", EntryInput)
        if not box.value and self.editing is not None:
            box.value = self.editing.coach_reason
        row.display = True
        focus_now(box)

    def _stop_asking(self) -> None:
        display([self.query_one("#coach-reason-row")], False)
        display(self.query("#pair-editor > .guide, #pair-buttons"), True)
        self.query_one("#coach-reason", EntryInput).value = ""

    @on(EntryInput.Submitted, "#coach-reason")
    def _reason_given(self, event: EntryInput.Submitted) -> None:
        if not event.value.strip():
            self.problem("Please say in one line why the words stay as written, or press Esc.")
            return
        self._save_pair(reason=event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_pair":
            return self.query_one("#pairs", RecordList).has_focus
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self.new_pair is not None and self.new_pair.id is not None:
            # The statement being written is saved: its goal now goes into that pair.
            self.editing = record.pair(self.new_pair.id)
            self.new_pair = None
        words = record.meeting.wording
        show(self.query_one("#statement-guide", Static), statement_guide(words))
        show(self.query_one("#goal-guide", Static), goal_guide(words))
        self.pair_ids = [p.id for p in record.pairs]
        self.query_one("#pairs", RecordList).draw(
            [pair_content(p, n, words) for n, p in enumerate(record.pairs, start=1)]
        )
        self._label_editor()

    def _label_editor(self) -> None:
        words = self.record.meeting.wording
        statement = self.query_one("#statement", TextArea)
        goal = self.query_one("#goal", TextArea)
        if self.editing is None:
            number = len(self.record.pairs) + (0 if self.new_pair else 1)
            statement.border_title = f"New {words.statement} ({number})"
        else:
            number = (
                self.pair_ids.index(self.editing.id) + 1 if self.editing.id in self.pair_ids else 0
            )
            statement.border_title = f"{words.statement.capitalize()} {number}"
        goal.border_title = f"{words.goal.capitalize()} paired with it"

    @on(OptionList.OptionSelected, "#pairs")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if index is None or index >= len(self.record.pairs):
            return
        pair = self.record.pairs[index]
        self._stop_asking()
        self.editing, self.new_pair = pair, None
        self.query_one("#statement", TextArea).text = pair.statement
        self.query_one("#goal", TextArea).text = pair.goal
        self._label_editor()
        focus_now(self.query_one("#statement", TextArea))

    @on(Button.Pressed, "#pair-save-button")
    def action_save_pair(self) -> None:
        act_in_turn(self, self._save_pair)

    def _save_pair(self, reason: str | None = None) -> None:
        """Capture both boxes and ask for the save; a new statement without its goal yet
        stays in the editor so that the goal follows into the same pair. A whole pair the
        coach still questions is saved once a reason is given (`reason`)."""
        statement = self.query_one("#statement", TextArea)
        goal = self.query_one("#goal", TextArea)
        words = self.record.meeting.wording
        if not statement.text.strip():
            self.problem(f"Please write the {words.statement} first.")
            focus_now(statement)
            return
        if reason is None and self.asking_reason:
            # ctrl+s in the reason box: as Enter there.
            reason = self.query_one("#coach-reason", EntryInput).value
            if not reason.strip():
                self.problem("Please say in one line why the words stay as written, or press Esc.")
                return
        asks = pair_questions(statement.text, goal.text) if goal.text.strip() else ()
        if asks and reason is None:
            self._ask_reason(asks)
            return
        self._stop_asking()
        meeting_id = self.record.meeting.id
        target: int | edits.NewPair = (
            self.editing.id if self.editing is not None else self.new_pair or edits.NewPair()
        )
        given = {"statement": statement.text, "goal": goal.text}
        if reason is not None:
            given["coach-reason"] = reason
        self.submit(
            edits.save_pair(
                meeting_id,
                statement.text,
                goal.text,
                target,
                coach_reason=reason,
                started_from=self.editing.version if self.editing is not None else None,
            ),
            f"{words.statement} and {words.goal}",
            given=given,
        )
        if self.editing is None and not goal.text.strip():
            self.new_pair = target if isinstance(target, edits.NewPair) else None
            self._label_editor()
            focus_now(goal)
            return
        count = len(self.record.pairs) + (1 if self.editing is None and not self.new_pair else 0)
        self._clear()
        focus_now(statement)
        if count >= USUAL_MOST:
            self.problem(f"There are {count} pairs. Usually a case has no more than three or four.")

    async def conflicted(self, edit: Edit, conflict: EditConflict) -> None:
        """Someone else saved this pair while it was being edited here: keep theirs, take
        the other, or merge by hand (both versions and the choice are kept)."""
        meeting_id = self.record.meeting.id
        mine, theirs = dict(conflict.mine.fields), dict(conflict.theirs.fields)
        words = self.record.meeting.wording

        def keep() -> None:
            self.submit(
                edits.save_pair(
                    meeting_id,
                    mine["statement"],
                    mine["goal"],
                    conflict.row_id,
                    started_from=conflict.theirs.version,
                ),
                f"{words.statement} and {words.goal} (yours kept)",
                given={"statement": mine["statement"], "goal": mine["goal"]},
            )

        def take() -> None:
            self.problem(f"Their {words.statement} and {words.goal} stay; yours were set aside.")

        def merge() -> None:  # yours in the boxes, theirs beside them, saved over theirs
            pair = self.record.pair(conflict.row_id)
            if pair is None:
                return
            self._stop_asking()
            self.editing, self.new_pair = replace(pair, version=conflict.theirs.version), None
            self.query_one("#statement", TextArea).text = mine["statement"]
            self.query_one("#goal", TextArea).text = mine["goal"]
            self._label_editor()
            self.problem(
                f"Merge by hand. Theirs: “{theirs['statement']}” → “{theirs['goal']}”. "
                "Change yours to hold what matters from both, then ctrl+s."
            )
            focus_now(self.query_one("#statement", TextArea))

        self.choose(conflict, keep=keep, take=take, merge=merge)

    def _clear(self) -> None:
        self._stop_asking()
        self.editing = None
        self.new_pair = None
        self.query_one("#statement", TextArea).text = ""
        self.query_one("#goal", TextArea).text = ""
        self._label_editor()

    @on(Button.Pressed, "#pair-new-button")
    def action_new_pair(self) -> None:
        def start() -> None:
            self._clear()
            focus_now(self.query_one("#statement", TextArea))

        act_in_turn(self, start)

    def action_delete_pair(self) -> None:
        from screens.dialogs import Confirm

        index = self.query_one("#pairs", RecordList).highlighted
        if index is None or index >= len(self.record.pairs):
            return
        pair = self.record.pairs[index]

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self.submit(edits.delete_pair(self.record.meeting.id, pair.id), "pair deleted")
            if self.editing and self.editing.id == pair.id:
                self._clear()

        self.app.push_screen(
            Confirm(f"Delete pair {index + 1}: “{short(pair.statement, 60)}”?", "Delete"),
            confirmed,
        )
