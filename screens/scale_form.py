"""Defining a scale: its question and link, what 10 means (first), then 0, and how to score."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select

from screens.choice import OneKeyChoice, Option
from screens.keys import (
    EntryInput,
    act_in_turn,
    begin_hand_over,
    focus_now,
    hold_keys,
    pass_on,
    release_keys,
)
from screens.plain import plain, short
from sos_meeting.domain import MeetingRecord, RoundMode, Scale, Wording
from sos_meeting.text import format_score

OVERALL = 0
"""The link choice for an overall scale (not tied to one statement pair)."""
DEFAULT_QUESTION = "Where are we today, on a scale from 0 to 10?"


def ten_placeholder(words: Wording) -> str:
    return f"first: what we are working towards, e.g. {words.ten_means_example}"


def zero_placeholder(words: Wording) -> str:
    return f"then: e.g. {words.zero_means_example}"


@dataclass(frozen=True)
class ScaleValues:
    """What the form holds, as typed."""

    question: str
    pair_id: int | None
    ten_means: str
    zero_means: str
    mode: RoundMode
    children: str
    threshold: str


class ModeChoice(OneKeyChoice[RoundMode]):
    """Open (numbers shown as given) or private (hidden until revealed together)."""

    OPTIONS = (
        Option("o", "Open: shown as given", RoundMode.OPEN),
        Option("p", "Private: revealed together", RoundMode.PRIVATE),
    )

    def on_mount(self) -> None:
        if self.value is None:
            self.value = RoundMode.OPEN


class LinkChoice(Select[int], inherit_bindings=False):
    """Which statement pair the scale is about. Enter moves on to what 10 means, as in
    every box of the form (it opened the list, and the words typed next went into it);
    space or the arrow keys open the list."""

    BINDINGS = [Binding("down,space,up", "show_overlay", "Choose", show=False)]

    @dataclass
    class Done(Message):
        choice: LinkChoice

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event) or event.key != "enter":
            return
        begin_hand_over(self, event)  # the form lets the keys go once 10 has the cursor
        self.post_message(self.Done(self))


class ScaleForm(VerticalScroll):
    """The form; the step saves it when `Submitted` arrives."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "start",
            "Save and start",
            id="scale-go",
            tooltip="Save the scale and go round the room",
            priority=True,  # in turn with the keys typed before it
        )
    ]

    def action_start(self) -> None:
        act_in_turn(self, self.start)

    @dataclass
    class Submitted(Message):
        """Save the scale; `start` also starts (or returns to) the round."""

        form: ScaleForm
        start: bool

        @property
        def control(self) -> ScaleForm:
            return self.form

    @dataclass
    class Problem(Message):
        """Something the form cannot take, to say where it is seen ("": nothing now)."""

        text: str

    def compose(self) -> ComposeResult:
        with Grid(id="scale-form"):
            yield Label("Question", classes="field-label")
            yield EntryInput(DEFAULT_QUESTION, id="scale-question")
            yield Label("Linked to", classes="field-label")
            yield LinkChoice([("Overall", OVERALL)], id="scale-link", allow_blank=False)
            yield Label("10 means", classes="field-label ten")
            yield EntryInput(
                placeholder=ten_placeholder(Wording.SAFETY),
                id="scale-ten",
            )
            yield Label("0 means", classes="field-label zero")
            yield EntryInput(
                placeholder=zero_placeholder(Wording.SAFETY),
                id="scale-zero",
                disabled=True,
            )
            yield Label("Scoring", classes="field-label")
            yield ModeChoice(id="scale-mode")
            yield Label("Children", classes="field-label")
            yield EntryInput(
                placeholder="optional: names or initials to score separately, e.g. A, B",
                id="scale-children",
            )
            yield Label("Flag at or below", classes="field-label")
            yield EntryInput("2", id="scale-threshold", max_length=4)
        with Horizontal(classes="buttons"):
            yield Button("Save and go round the room (ctrl+s)", id="scale-start", variant="primary")
            yield Button("Save", id="scale-save")

    started_from: int | None = None
    """The version of the scale shown when the facilitator began editing it."""

    def fill(self, record: MeetingRecord, scale: Scale | None) -> None:
        """Offer the meeting's pairs as links, and show `scale` (None: a new one)."""
        link = self.query_one("#scale-link", Select)
        current_link = link.value
        words = record.meeting.wording
        self.query_one("#scale-ten", EntryInput).placeholder = ten_placeholder(words)
        self.query_one("#scale-zero", EntryInput).placeholder = zero_placeholder(words)
        with self.prevent(Select.Changed):
            link.set_options(
                [
                    (
                        Content(f"{words.statement.capitalize()} {n}: ")
                        + plain(short(p.statement, 50)),
                        p.id,
                    )
                    for n, p in enumerate(record.pairs, start=1)
                ]
                + [(Content("Overall (the whole situation)"), OVERALL)]
            )
            valid = {p.id for p in record.pairs} | {OVERALL}
            scaled = {s.pair_id for s in record.scales}
            unlinked = [p.id for p in record.pairs if p.id not in scaled]
            if scale is None and not self.typing:
                # A new scale is most likely for the next statement that has none.
                link.value = unlinked[0] if unlinked else OVERALL
            elif current_link in valid:
                link.value = current_link
            else:
                link.value = OVERALL
        ten, zero = self.query_one("#scale-ten", Input), self.query_one("#scale-zero", Input)
        if not self.typing:
            self.started_from = scale.version if scale is not None else None
        if scale is not None and not self.typing:
            self.query_one("#scale-question", Input).value = scale.question
            ten.value, zero.value = scale.ten_means, scale.zero_means
            link.value = scale.pair_id if scale.pair_id is not None else OVERALL
            self.query_one("#scale-mode", ModeChoice).value = scale.mode
            self.query_one("#scale-children", Input).value = ", ".join(scale.children)
            self.query_one("#scale-threshold", Input).value = format_score(scale.threshold)
        locked = scale is not None and any(r.scores for r in scale.rounds)
        for field in (ten, self.query_one("#scale-children", Input)):
            field.disabled = locked
        zero.disabled = locked or not ten.value.strip()
        self.query_one("#scale-start", Button).label = (
            "Save and go round the room (ctrl+s)"
            if scale is None or not scale.rounds
            else "Save and back to the round (ctrl+s)"
        )

    def clear(self) -> None:
        self.query_one("#scale-question", Input).value = DEFAULT_QUESTION
        for name in ("ten", "zero", "children"):
            self.query_one(f"#scale-{name}", Input).value = ""
        self.query_one("#scale-threshold", Input).value = "2"
        self.query_one("#scale-mode", ModeChoice).value = RoundMode.OPEN

    @property
    def typing(self) -> bool:
        """The facilitator is in the form: a change arriving must not overwrite it."""
        focused = self.screen.focused
        return focused is not None and self in focused.ancestors

    def values(self) -> ScaleValues:
        link = self.query_one("#scale-link", Select).value
        mode = self.query_one("#scale-mode", ModeChoice).value
        return ScaleValues(
            question=self.query_one("#scale-question", Input).value,
            pair_id=None if link in (OVERALL, Select.NULL) else int(str(link)),
            ten_means=self.query_one("#scale-ten", Input).value,
            zero_means=self.query_one("#scale-zero", Input).value,
            mode=mode or RoundMode.OPEN,
            children=self.query_one("#scale-children", Input).value,
            threshold=self.query_one("#scale-threshold", Input).value,
        )

    def focus_first(self, scale: Scale | None) -> None:
        if scale is None:
            focus_now(self.query_one("#scale-question", Input))
        elif not scale.ten_means:
            focus_now(self.query_one("#scale-ten", Input))
        elif not scale.zero_means:
            focus_now(self.query_one("#scale-zero"))
        else:
            # Both ends are written (a review carries them over): ready to go round the room.
            focus_now(self.query_one("#scale-start"))

    @on(Input.Changed, "#scale-ten")
    def _ten_written(self, event: Input.Changed) -> None:
        zero = self.query_one("#scale-zero", Input)
        zero.disabled = self.query_one("#scale-ten", Input).disabled or not event.value.strip()

    @on(Input.Submitted, "#scale-question")
    def _question_done(self) -> None:
        focus_now(self.query_one("#scale-link", Select))

    @on(LinkChoice.Done)
    def _link_done(self) -> None:
        ten = self.query_one("#scale-ten", Input)
        focus_now(ten if not ten.disabled else self.query_one("#scale-mode", ModeChoice))
        release_keys(self)

    @on(Input.Submitted, "#scale-ten")
    def _ten_done(self) -> None:
        if not self.query_one("#scale-ten", Input).value.strip():
            self.post_message(
                self.Problem("Write what 10 means first: it is what everyone is working towards.")
            )
            return
        self.post_message(self.Problem(""))
        zero = self.query_one("#scale-zero", Input)
        zero.disabled = self.query_one("#scale-ten", Input).disabled
        focus_now(zero)

    @on(Input.Submitted, "#scale-zero")
    def _zero_done(self) -> None:
        # Then how to score: open, or private until the reveal.
        focus_now(self.query_one("#scale-mode", ModeChoice))

    @on(ModeChoice.Submitted, "#scale-mode")
    def _mode_done(self) -> None:
        focus_now(self.query_one("#scale-children", Input))

    @on(Input.Submitted, "#scale-children")
    def _children_done(self) -> None:
        focus_now(self.query_one("#scale-threshold", Input))

    @on(Input.Submitted, "#scale-threshold")
    def _threshold_done(self) -> None:
        focus_now(self.query_one("#scale-start", Button))

    @on(Button.Pressed, "#scale-start")
    def start(self) -> None:
        hold_keys(self)  # until the step has read the form (it lets them go)
        self.post_message(self.Submitted(self, start=True))

    @on(Button.Pressed, "#scale-save")
    def _save_only(self) -> None:
        hold_keys(self)  # until the step has read the form (it lets them go)
        self.post_message(self.Submitted(self, start=False))
