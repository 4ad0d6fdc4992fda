"""A child protection conference's decision, after the scaling: each child's plan and its
category, the chair's decision and reasoning, each agency's recommendation, the core group
and its dates, and any dissent from the decision (recorded on its own, never overwritten)."""

from __future__ import annotations

from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static, TextArea

from screens.choice import OneKeyChoice, Option
from screens.keys import EntryInput, act_in_turn, focus_now
from screens.plain import plain, short
from screens.record_list import RecordList
from screens.step import StepPanel
from sos_meeting import edits
from sos_meeting.decision import ChildDecision, Decision, Plan, PlanCategory, Recommendation
from sos_meeting.domain import Group, MeetingRecord, Participant, Step
from sos_meeting.text import InputError


class PlanChoice(OneKeyChoice[Plan]):
    TITLE = "Plan"
    OPTIONS = (
        Option("y", "Yes, a plan", Plan.YES),
        Option("n", "No plan", Plan.NO),
        Option("c", "Continues", Plan.CONTINUE),
        Option("e", "Ends", Plan.END),
    )


class CategoryChoice(OneKeyChoice[PlanCategory]):
    TITLE = "Category"
    OPTIONS = (
        Option("n", "Neglect", PlanCategory.NEGLECT),
        Option("p", "Physical", PlanCategory.PHYSICAL),
        Option("e", "Emotional", PlanCategory.EMOTIONAL),
        Option("s", "Sexual", PlanCategory.SEXUAL),
    )


class RecommendationChoice(OneKeyChoice[Plan]):
    OPTIONS = PlanChoice.OPTIONS  # no title, so that it fits beside the name at 80


def agencies(record: MeetingRecord) -> tuple[Participant, ...]:
    """Those whose recommendation the chair hears: the professionals, present or not (an
    agency can send its recommendation in a report)."""
    return tuple(p for p in record.participants if p.group is Group.PROFESSIONAL)


Shape = tuple[tuple[str, ...], tuple[tuple[int, str], ...]]
"""What the form is laid out for: the children, and everyone (id and name)."""


def day_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def dissent_line(record: MeetingRecord, number: int) -> Content:
    d = record.decision.dissents[number]
    when = d.recorded_at.astimezone().strftime("%H:%M")
    return Content.assemble(
        (f"{d.name}", "bold"), " disagrees: ", plain(d.reason), (f"  ({when})", "dim")
    )


class DecisionStep(StepPanel):
    """The chair's decision, child by child; saved with ctrl+s, dissent with ctrl+d."""

    STEP = Step.DECISION
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_decision",
            "Save decision",
            id="decision-save",
            tooltip="Save the decision as it stands",
            priority=True,  # in turn with the keys typed before it
        ),
        Binding(
            "ctrl+d",
            "record_dissent",
            "Record dissent",
            id="decision-dissent",
            tooltip="Record that someone disagrees with the decision, and why",
            priority=True,
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.built_for: Shape = self._shape(self.record)
        self.shown_decision = Decision()
        self.watched = False

    @staticmethod
    def _shape(record: MeetingRecord) -> Shape:
        return record.children, tuple((p.id, p.name) for p in record.participants)

    def compose(self) -> ComposeResult:
        record = self.record
        with VerticalScroll(id="decision-form"):
            yield Static(
                "After the scaling, the chair decides for each child. ctrl+s saves the decision "
                "as it stands; it can be saved again as it changes.",
                classes="hint",
            )
            if not record.children:
                yield Static(
                    "No children are named for this family yet: add them in Details (F7).",
                    classes="error",
                )
            for number, child in enumerate(record.children):
                with Horizontal(classes="decision-child"):
                    yield Label(plain(short(child, 20)), classes="decision-name")
                    yield PlanChoice(id=f"plan-{number}")
                with Horizontal(classes="decision-child hidden", id=f"category-row-{number}"):
                    yield Label("", classes="decision-name")
                    yield CategoryChoice(id=f"category-{number}")
            yield Label(
                "The chair's decision and reasoning, in the chair's words", classes="field-label"
            )
            yield TextArea(id="reasoning", soft_wrap=True, show_line_numbers=False)
            yield Label("What each agency recommends, and why", classes="field-label")
            if not agencies(record):
                yield Static("No professionals are listed in People (F2).", classes="hint")
            for person in agencies(record):
                with Horizontal(classes="decision-agency"):
                    yield Label(plain(short(person.speaking_for, 30)), classes="decision-name")
                    yield RecommendationChoice(id=f"recommends-{person.id}")
                with Horizontal(classes="decision-agency"):
                    yield Label("", classes="decision-name")
                    yield EntryInput(
                        placeholder="why (optional)",
                        id=f"recommends-note-{person.id}",
                        max_length=300,
                    )
            with Horizontal(classes="decision-dates"):
                yield Label("Core group", classes="field-label")
                yield EntryInput(placeholder="who is in it", id="core-group", max_length=2000)
            with Horizontal(classes="decision-dates"):
                yield Label("First core group", classes="field-label")
                yield EntryInput(placeholder="YYYY-MM-DD", id="first-core-group", max_length=20)
                yield Label("Review conference", classes="field-label")
                yield EntryInput(placeholder="YYYY-MM-DD", id="review-conference", max_length=20)
            with Horizontal(classes="buttons"):
                yield Button(
                    "Save the decision (ctrl+s)", id="decision-save-button", variant="primary"
                )
            yield Label("Dissent from the decision (kept as recorded)", classes="field-label")
            yield RecordList(id="dissents", classes="dissents")
            with Horizontal(classes="decision-dissent"):
                who = RecordList(id="dissent-who")
                who.border_title = "Who disagrees (↑/↓, Enter)"
                yield who
                yield EntryInput(placeholder="why they disagree", id="dissent-why", max_length=300)
            yield Static("", classes="step-error error")

    def _watch_plans(self) -> None:
        """Show each child's category line when its plan asks for one (once per layout)."""
        self.watched = True
        for number in range(len(self.record.children)):
            plan = self.query_one(f"#plan-{number}", PlanChoice)
            self.watch(plan, "value", partial(self._show_category, number))

    def _show_category(self, number: int, _plan: Plan | None = None) -> None:
        """A plan made or kept asks for its category, on its own line (it fits at 80)."""
        plan = self.query_one(f"#plan-{number}", PlanChoice).value
        self.query_one(f"#category-row-{number}").display = bool(plan and plan.needs_category)

    @on(OneKeyChoice.Submitted)
    def _chosen(self, event: OneKeyChoice.Submitted) -> None:
        """Enter on a choice moves on (to the category, when the plan asks for one). The
        message goes on up: the app lets go the keys typed after Enter once it arrives."""
        choice, children = event.choice, len(self.record.children)
        after = "#reasoning"
        if isinstance(choice, PlanChoice):
            number = int(str(choice.id).removeprefix("plan-"))
            self._show_category(number)
            if self.query_one(f"#category-row-{number}").display:
                after = f"#category-{number}"
            elif number + 1 < children:
                after = f"#plan-{number + 1}"
        elif isinstance(choice, CategoryChoice):
            number = int(str(choice.id).removeprefix("category-"))
            if number + 1 < children:
                after = f"#plan-{number + 1}"
        elif isinstance(choice, RecommendationChoice):
            after = f"#recommends-note-{str(choice.id).removeprefix('recommends-')}"
        target = self.query_one(after)
        focus_now(target)
        target.scroll_visible()

    def focus_first(self) -> None:
        plans = self.query(PlanChoice)
        focus_now(plans.first() if plans else self.query_one("#reasoning", TextArea))

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self._shape(record) != self.built_for:
            # Children or agencies changed (Details, People): lay the form out again, keeping
            # the decision as saved.
            self.built_for = self._shape(record)
            self.shown_decision = Decision()
            await self.recompose()
            self.watched = False
        if not self.watched:
            self._watch_plans()
        self._fill(record.decision)
        self.query_one("#dissents", RecordList).draw(
            [dissent_line(record, n) for n in range(len(record.decision.dissents))]
        )
        self.query_one("#dissent-who", RecordList).draw(
            [plain(f"{p.seat}. {p.label}") for p in record.participants]
        )

    def _fill(self, decision: Decision) -> None:
        """Show the saved decision, leaving alone anything changed on screen since it was
        last shown (what the chair is in the middle of)."""
        before = self.shown_decision
        for number, child in enumerate(self.record.children):
            plan = self.query_one(f"#plan-{number}", PlanChoice)
            if plan.value == before.for_child(child).plan:
                plan.value = decision.for_child(child).plan
            category = self.query_one(f"#category-{number}", CategoryChoice)
            if category.value == before.for_child(child).category:
                category.value = decision.for_child(child).category
        reasoning = self.query_one("#reasoning", TextArea)
        if reasoning.text == before.reasoning:
            reasoning.text = decision.reasoning
        for person in agencies(self.record):
            choice = self.query_one(f"#recommends-{person.id}", RecommendationChoice)
            if choice.value == before.recommendation_of(person.id).plan:
                choice.value = decision.recommendation_of(person.id).plan
            note = self.query_one(f"#recommends-note-{person.id}", EntryInput)
            if note.value == before.recommendation_of(person.id).note:
                note.value = decision.recommendation_of(person.id).note
        for box_id, was, now in (
            ("core-group", before.core_group, decision.core_group),
            (
                "first-core-group",
                day_text(before.first_core_group),
                day_text(decision.first_core_group),
            ),
            (
                "review-conference",
                day_text(before.review_conference),
                day_text(decision.review_conference),
            ),
        ):
            box = self.query_one(f"#{box_id}", EntryInput)
            if box.value == was:
                box.value = now
        self.shown_decision = decision

    # Saving -------------------------------------------------------------------------------

    @on(Button.Pressed, "#decision-save-button")
    def action_save_decision(self) -> None:
        act_in_turn(self, self._save)

    def _save(self) -> None:
        record = self.record
        try:
            first = self.day_in("first-core-group")
            review = self.day_in("review-conference")
        except InputError:
            return
        decision = Decision(
            children=tuple(self._child(n, child) for n, child in enumerate(record.children)),
            reasoning=self.query_one("#reasoning", TextArea).text,
            recommendations=tuple(
                Recommendation(
                    person.id,
                    self.query_one(f"#recommends-{person.id}", RecommendationChoice).value,
                    self.query_one(f"#recommends-note-{person.id}", EntryInput).value,
                )
                for person in agencies(record)
            ),
            core_group=self.query_one("#core-group", EntryInput).value,
            first_core_group=first,
            review_conference=review,
        )
        self.submit(
            edits.save_decision(record.meeting.id, decision),
            "the decision",
            given={"reasoning": decision.reasoning},
        )
        missing = decision.missing(record.children)
        if missing:
            self.problem("Saved so far. Still to decide: " + ", ".join(missing) + ".")

    def _child(self, number: int, child: str) -> ChildDecision:
        plan = self.query_one(f"#plan-{number}", PlanChoice).value
        category = self.query_one(f"#category-{number}", CategoryChoice).value
        return ChildDecision(child, plan, category if plan and plan.needs_category else None)

    # Dissent ------------------------------------------------------------------------------

    def action_record_dissent(self) -> None:
        act_in_turn(self, self._dissent)

    @on(EntryInput.Submitted, "#dissent-why")
    def _dissent_typed(self) -> None:
        self._dissent()

    @on(OptionList.OptionSelected, "#dissent-who")
    def _dissenter_chosen(self) -> None:
        focus_now(self.query_one("#dissent-why", EntryInput))

    def _dissenter(self) -> Participant | None:
        index = self.query_one("#dissent-who", RecordList).highlighted
        people = self.record.participants
        return people[index] if index is not None and 0 <= index < len(people) else None

    def _dissent(self) -> None:
        why = self.query_one("#dissent-why", EntryInput)
        person = self._dissenter()
        if person is None or (not why.value.strip() and not why.has_focus):
            # ctrl+d: choose who first.
            if person is None and not self.record.participants:
                self.problem("Add the people in the room first (F2).")
                return
            focus_now(self.query_one("#dissent-who", RecordList))
            return
        if not why.value.strip():
            self.problem("Please write why they disagree with the decision, then Enter.")
            focus_now(why)
            return
        self.submit(
            edits.add_dissent(self.record.meeting.id, person.id, why.value),
            f"dissent from {person.name}",
            given={"dissent-why": why.value},
        )
        why.value = ""
        focus_now(why)
