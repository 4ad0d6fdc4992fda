"""How far apart the scores are: the number line, the figures, who to hear first, the reasons."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Select, Static

from screens.number_line import GROUP_STYLE, GROUP_SYMBOL, NumberLine
from screens.plain import plain, short
from screens.scaling import scale_title
from screens.step import StepPanel
from sos_meeting.differences import marks_for
from sos_meeting.domain import Group, MeetingRecord, Scale
from sos_meeting.scaling import Spread, describe_range, spread
from sos_meeting.text import format_score


def figures(result: Spread) -> str:
    """'Lowest 2 · Highest 8 · Range 6 · Median 5 · 6 scores, 1 pass'."""
    passes = f", {result.passes} passed" if result.passes else ""
    return (
        f"Lowest {format_score(result.lowest)} · Highest {format_score(result.highest)} · "
        f"Range {format_score(result.range)} · Median {format_score(result.median)} · "
        f"{result.count} {'score' if result.count == 1 else 'scores'}{passes}"
    )


def hear_first(record: MeetingRecord, result: Spread) -> Content:
    """Who to ask first: the two people furthest apart, with the model's questions."""
    apart = result.furthest_apart
    if apart is None:
        return Content("Everyone gave the same number. Ask: what would one point higher look like?")
    low, high = apart
    low_person, high_person = (
        record.participant(low.participant_id),
        record.participant(high.participant_id),
    )
    low_name = short(low_person.label if low_person else low.label, 30)
    high_name = short(high_person.label if high_person else high.label, 30)
    return Content.assemble(
        ("Hear first from ", "bold"),
        plain(low_name).stylize("bold"),
        f" ({format_score(low.value)}) and ",
        plain(high_name).stylize("bold"),
        f" ({format_score(high.value)}): they are furthest apart. ",
        f"Ask: what makes it a {format_score(low.value)} and not a 0? "
        f"What would one point higher look like? What would a 10 look like?",
    )


class SpreadStep(StepPanel):
    """For each scale, where everyone is on the line and why."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.scale_id: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="spread-picker"):
            yield Label("Scale:", classes="field-label")
            yield Select[int]([], id="spread-choice", prompt="No scales yet")
        with VerticalScroll(id="spread-body"):
            yield Static(id="spread-ends", classes="definition")
            yield NumberLine(id="spread-line")
            yield Static(id="spread-figures", classes="figures")
            yield Static(id="spread-words")
            yield Static(id="spread-first", classes="hear-first")
            yield Static(id="spread-reasons", classes="reasons")

    def focus_first(self) -> None:
        self.query_one("#spread-body").focus()

    @property
    def scale(self) -> Scale | None:
        return self.record.scale(self.scale_id)

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        if self.scale is None:
            preferred = record.scale(record.meeting.scale_id)
            self.scale_id = (
                preferred.id if preferred else (record.scales[0].id if record.scales else None)
            )
        choice = self.query_one("#spread-choice", Select)
        with self.prevent(Select.Changed):
            choice.set_options([(scale_title(record, s), s.id) for s in record.scales])
            if self.scale_id is not None:
                choice.value = self.scale_id
        self._draw()

    @on(Select.Changed, "#spread-choice")
    def _choose(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.scale_id = event.value
            self._draw()

    def _draw(self) -> None:
        record, scale = self.record, self.scale
        ends = self.query_one("#spread-ends", Static)
        line = self.query_one("#spread-line", NumberLine)
        parts = {
            name: self.query_one(f"#spread-{name}", Static)
            for name in ("figures", "words", "first", "reasons")
        }
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            ends.update("No scaling round yet. Press F5 to set up a scale and go round the room.")
            line.show([], {})
            for part in parts.values():
                part.update("")
            return
        ends.update(
            Content.assemble(
                ("10: ", "bold"),
                plain(short(scale.ten_means, 150)),
                "\n",
                (" 0: ", "bold"),
                plain(short(scale.zero_means, 150)),
            )
        )
        marks, passes = marks_for(record, round_)
        groups = {p.id: p.group for p in record.participants}
        marks = [
            replace(m, label=f"{GROUP_SYMBOL[groups.get(m.participant_id, Group.FAMILY)]}{m.label}")
            for m in marks
        ]
        line.show(marks, groups)
        result = spread(marks, passes)
        if result is None:
            parts["figures"].update(
                "Nobody has given a number yet."
                if not passes
                else f"{passes} passed; nobody has given a number yet."
            )
            for name in ("words", "first"):
                parts[name].update("")
        else:
            parts["figures"].update(figures(result))
            parts["words"].update(describe_range(result))
            parts["first"].update(hear_first(record, result) if result.count > 1 else "")
        parts["reasons"].update(self._reasons(record, scale))

    def _reasons(self, record: MeetingRecord, scale: Scale) -> Content:
        round_ = scale.current_round
        if round_ is None or not round_.scores:
            return Content("")
        rows: list[Content] = [Content.styled("Why people gave their number", "bold underline")]
        ordered = sorted(
            round_.scores,
            key=lambda s: (s.value is None, s.value if s.value is not None else 0),
        )
        for score in ordered:
            person = record.participant(score.participant_id)
            if person is None:
                continue
            style = GROUP_STYLE.get(person.group, "")
            rows.append(
                Content.assemble(
                    (f"{format_score(score.value):>5}  ", "bold"),
                    Content.styled(f"{GROUP_SYMBOL[person.group]} ", style),
                    plain(short(person.label, 40)).stylize(style),
                    f" ({person.group.label.lower()}): ",
                    plain(score.reason) if score.reason else Content("(no reason given)"),
                )
            )
            if score.one_higher:
                rows.append(
                    Content.assemble(
                        ("       One point higher: ", "italic"), plain(score.one_higher)
                    )
                )
        return Content("\n").join(rows)
