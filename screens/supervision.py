"""Group supervision's own steps: the presenter's question for the group, with the way the
session goes (gather, analyse, judge, act), and the closing reflection, one line each."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from screens.keys import EntryInput, focus_now
from screens.plain import plain, short, show
from screens.step import StepPanel, typed_text
from sos_meeting import edits
from sos_meeting.domain import MeetingRecord, Participant, Step

PROCESS = (
    ("1. The question", "here: what the presenter wants the group's help with."),
    ("2. Gather", "F3 Mapping: what we know, what is working well, and what we don't know yet."),
    (
        "3. Analyse",
        "F4 Statements: the danger statements and goals. Ask what harm has happened, how "
        "bad it was, how likely it is again, and what makes it more complicated.",
    ),
    ("4. Judge", "F5 Scaling: the presenter gives their number first, then the group."),
    (
        "5. Act",
        "F3 next steps: ideas for the accountable manager to agree. Group supervision helps "
        "the worker think; it does not decide.",
    ),
    ("6. Reflect", "F12 Reflection: what was useful, one line each."),
)


class QuestionStep(StepPanel):
    """The presenter's question for the group; Enter saves it (and saves a change to it)."""

    STEP = Step.QUESTION

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.shown_question = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="question-form"):
            yield Static(
                "What does the presenter want the group's help with? One question; Enter saves.",
                classes="hint",
            )
            yield EntryInput(
                placeholder="e.g. How safe is it for Ben to go home to Dad?",
                id="question",
                max_length=2000,
            )
            yield Static("", id="question-saved")
            yield Label("How the session goes", classes="field-label")
            yield Static(
                Content("\n").join(
                    Content.assemble((f"{stage}: ", "bold"), what) for stage, what in PROCESS
                ),
                id="process",
            )
            yield Static("", classes="step-error error")

    def focus_first(self) -> None:
        focus_now(self.query_one("#question", EntryInput))

    def leave_text(self) -> None:
        """Esc: there is no list to go to (the meeting screen moves the cursor on)."""

    def unsaved(self) -> list[str]:
        typed = self.query_one("#question", EntryInput).value
        return [typed_text(typed)] if typed.strip() and typed != self.shown_question else []

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        box = self.query_one("#question", EntryInput)
        asked = record.meeting.question
        if box.value == self.shown_question:
            box.value = asked  # leave alone what is being typed
        self.shown_question = asked
        show(
            self.query_one("#question-saved", Static),
            Content.assemble(("The question: ", "bold"), plain(asked))
            if asked
            else Content("No question recorded yet."),
        )

    @on(EntryInput.Submitted, "#question")
    def _save(self, event: EntryInput.Submitted) -> None:
        if not event.value.strip():
            self.problem("Please write the presenter's question for the group.")
            return
        self.submit(
            edits.set_question(self.record.meeting.id, event.value),
            "the question",
            given={"question": event.value},
        )


Shape = tuple[tuple[int, str], ...]


class ReflectionStep(StepPanel):
    """Each team member's line on what was useful; Enter saves it and moves to the next."""

    STEP = Step.REFLECTION

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.built_for: Shape = self._shape(self.record)
        self.shown_lines: dict[int, str] = {}

    @staticmethod
    def _people(record: MeetingRecord) -> tuple[Participant, ...]:
        return record.present

    def _shape(self, record: MeetingRecord) -> Shape:
        return tuple((p.id, p.label) for p in self._people(record))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reflection-form"):
            yield Static(
                "To close: what was useful today? One line each; Enter saves it and goes on.",
                classes="hint",
            )
            if not self._people(self.record):
                yield Static("No one is listed as here in People (F2).", classes="hint")
            for person in self._people(self.record):
                with Horizontal(classes="reflection-row"):
                    yield Label(plain(short(person.label, 24)), classes="reflection-name")
                    yield EntryInput(
                        placeholder="what was useful", id=f"reflect-{person.id}", max_length=400
                    )
            yield Static("", classes="step-error error")

    def focus_first(self) -> None:
        boxes = self.query(EntryInput)
        if boxes:
            empty = [b for b in boxes.results(EntryInput) if not b.value]
            focus_now(empty[0] if empty else boxes.first())

    def leave_text(self) -> None:
        """Esc: there is no list to go to (the meeting screen moves the cursor on)."""

    def unsaved(self) -> list[str]:
        return [
            typed_text(box.value)
            for person in self._people(self.record)
            if (box := self.query_one(f"#reflect-{person.id}", EntryInput)).value.strip()
            and box.value != person.reflection
        ]

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self._shape(record) != self.built_for:
            self.built_for = self._shape(record)
            self.shown_lines = {}
            await self.recompose()
        for person in self._people(record):
            box = self.query_one(f"#reflect-{person.id}", EntryInput)
            if box.value == self.shown_lines.get(person.id, ""):
                box.value = person.reflection  # leave alone what is being typed
            self.shown_lines[person.id] = person.reflection

    @on(EntryInput.Submitted, ".reflection-row EntryInput")
    def _save(self, event: EntryInput.Submitted) -> None:
        box = event.input
        person_id = int(str(box.id).removeprefix("reflect-"))
        person = self.record.participant(person_id)
        if person is None:
            return
        if event.value != person.reflection:
            self.submit(
                edits.set_reflection(self.record.meeting.id, person_id, event.value),
                f"{short(person.name, 30)}'s reflection",
                given={str(box.id): event.value},
            )
        boxes = list(self.query(".reflection-row EntryInput").results(EntryInput))
        at = boxes.index(box)  # type: ignore[arg-type]
        if at + 1 < len(boxes):
            focus_now(boxes[at + 1])
