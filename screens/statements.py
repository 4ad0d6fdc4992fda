"""Danger (worry) statements and safety (wellbeing) goals, written as pairs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, ListItem, ListView, Static, TextArea

from screens.plain import plain, short
from screens.step import StepPanel
from sos_meeting import store
from sos_meeting.domain import MeetingRecord, StatementPair, Wording

USUAL_MOST = 4
"""Guidance: usually no more than three or four pairs per case."""


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


class StatementsStep(StepPanel):
    """One to four pairs, with the formula in view while typing."""

    BINDINGS = [
        Binding("ctrl+s", "save_pair", "Save pair", id="pair-save", tooltip="Save this pair"),
        Binding("ctrl+n", "new_pair", "New pair", id="pair-new", tooltip="Start a new pair"),
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
        self.pair_ids: list[int] = []

    def compose(self) -> ComposeResult:
        words = self.record.meeting.wording
        with Horizontal(id="pairs-layout"):
            with Vertical(id="pairs-box") as box:
                box.border_title = "Pairs"
                yield ListView(id="pairs")
            with Vertical(id="pair-editor"):
                yield Static(statement_guide(words), id="statement-guide", classes="guide")
                yield TextArea(id="statement", soft_wrap=True, show_line_numbers=False)
                yield Static(goal_guide(words), id="goal-guide", classes="guide")
                yield TextArea(id="goal", soft_wrap=True, show_line_numbers=False)
                with Horizontal(classes="buttons"):
                    yield Button("Save pair (ctrl+s)", id="pair-save-button", variant="primary")
                    yield Button("New pair (ctrl+n)", id="pair-new-button")
                yield Static("", classes="step-error error")

    def focus_first(self) -> None:
        self.query_one("#statement", TextArea).focus()

    def leave_text(self) -> None:
        self.query_one("#pairs").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_pair":
            return self.query_one("#pairs", ListView).has_focus
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        words = record.meeting.wording
        self.query_one("#statement-guide", Static).update(statement_guide(words))
        self.query_one("#goal-guide", Static).update(goal_guide(words))
        listing = self.query_one("#pairs", ListView)
        index = listing.index or 0
        await listing.clear()
        self.pair_ids = [p.id for p in record.pairs]
        await listing.extend(
            ListItem(Static(pair_content(p, n, words))) for n, p in enumerate(record.pairs, start=1)
        )
        if record.pairs:
            listing.index = min(index, len(record.pairs) - 1)
        self._label_editor()

    def _label_editor(self) -> None:
        words = self.record.meeting.wording
        statement = self.query_one("#statement", TextArea)
        goal = self.query_one("#goal", TextArea)
        if self.editing is None:
            number = len(self.record.pairs) + 1
            statement.border_title = f"New {words.statement} ({number})"
        else:
            number = (
                self.pair_ids.index(self.editing.id) + 1 if self.editing.id in self.pair_ids else 0
            )
            statement.border_title = f"{words.statement.capitalize()} {number}"
        goal.border_title = f"{words.goal.capitalize()} paired with it"

    @on(ListView.Selected, "#pairs")
    def _edit(self, event: ListView.Selected) -> None:
        index = event.list_view.index
        if index is None or index >= len(self.record.pairs):
            return
        pair = self.record.pairs[index]
        self.editing = pair
        self.query_one("#statement", TextArea).text = pair.statement
        self.query_one("#goal", TextArea).text = pair.goal
        self._label_editor()
        self.query_one("#statement", TextArea).focus()

    @on(Button.Pressed, "#pair-save-button")
    async def action_save_pair(self) -> None:
        statement = self.query_one("#statement", TextArea)
        goal = self.query_one("#goal", TextArea)
        editing = self.editing
        words = self.record.meeting.wording
        saved = await self.save(
            lambda: store.save_pair(
                self.db,
                self.record.meeting.id,
                statement.text,
                goal.text,
                editing.id if editing else None,
            ),
            f"{words.statement} and {words.goal}",
            on_error=statement,
        )
        if not saved:
            return
        if editing is None and not goal.text.strip():
            # Keep editing this pair so the goal can follow.
            self.editing = self.record.pairs[-1]
            self._label_editor()
            goal.focus()
            return
        self._clear()
        if len(self.record.pairs) >= USUAL_MOST:
            self.problem(
                f"There are {len(self.record.pairs)} pairs. Usually a case has no more than "
                "three or four."
            )

    def _clear(self) -> None:
        self.editing = None
        self.query_one("#statement", TextArea).text = ""
        self.query_one("#goal", TextArea).text = ""
        self._label_editor()

    @on(Button.Pressed, "#pair-new-button")
    def action_new_pair(self) -> None:
        self._clear()
        self.query_one("#statement", TextArea).focus()

    def action_delete_pair(self) -> None:
        from screens.dialogs import Confirm

        index = self.query_one("#pairs", ListView).index
        if index is None or index >= len(self.record.pairs):
            return
        pair = self.record.pairs[index]

        async def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            deleted = await self.save(lambda: store.delete_pair(self.db, pair.id), "pair deleted")
            if deleted and self.editing and self.editing.id == pair.id:
                self._clear()

        self.app.push_screen(
            Confirm(f"Delete pair {index + 1}: “{short(pair.statement, 60)}”?", "Delete"),
            confirmed,
        )
