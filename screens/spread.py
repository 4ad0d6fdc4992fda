"""How far apart the scores are: the number line, the figures, who to hear first and what to ask,
how scores moved since last round, and the reasons."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Select, Static

from screens.dialogs import Confirm
from screens.keys import focus_now
from screens.number_line import GROUP_STYLE, GROUP_SYMBOL, NumberLine
from screens.plain import Picker, display, plain, short, show
from screens.scale_about import scale_about
from screens.scaling import scale_title
from screens.spread_text import figures, groups_content, hear_first_content, who
from screens.step import StepPanel
from sos_meeting import edits, store
from sos_meeting.differences import (
    by_group,
    for_attention,
    latest_marks,
    marks_for,
    movement,
    movement_in_words,
    range_change,
)
from sos_meeting.domain import Group, MeetingRecord, Round, Scale, Step
from sos_meeting.scaling import headline, spread
from sos_meeting.store import parts
from sos_meeting.text import format_score
from sos_meeting.words import counted, has_or_have

PARTS = (
    "about",
    "ends",
    "figures",
    "words",
    "groups",
    "attention",
    "first",
    "moves",
    "last",
    "differ",
    "reasons",
)
"""The view's parts in the order shown, each a Static with the id `spread-<part>`."""

SIDE_BY_SIDE = "\x00side by side"
"""The child choice that shows every child's line at once."""


class SpreadStep(StepPanel):
    """For each scale, where everyone is on the line and why."""

    STEP = Step.SPREAD
    BINDINGS = [
        Binding(
            "ctrl+d",
            "agree_to_differ",
            "Agree to differ",
            id="spread-differ",
            tooltip="Record that the room agreed to differ: everyone's view goes on record",
        ),
        Binding(
            "ctrl+d",
            "withdraw_differ",
            "Withdraw agreement",
            id="spread-withdraw",
            tooltip="The room no longer agrees to differ (the agreement stays on record)",
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.scale_id: int | None = None
        self.child: str = SIDE_BY_SIDE
        self._previous_records: dict[tuple[int, int], MeetingRecord] = {}
        self._to_top = False

    def look_at(self, scale_id: int) -> None:
        """Show `scale_id` from the top when the view is next shown."""
        if scale_id != self.scale_id:
            self.scale_id, self.child = scale_id, SIDE_BY_SIDE
        self._to_top = True
        self.stale = True

    def compose(self) -> ComposeResult:
        with Horizontal(id="spread-picker"):
            yield Label("Scale:", classes="field-label")
            yield Picker[int]([], id="spread-choice", prompt="No scales yet")
            yield Picker[str]([], id="spread-child", prompt="Child", classes="hidden")
        # What the scale is about and what 10 and 0 mean stay in view while the rest scrolls.
        yield Static(id="spread-about", classes="definition about")
        yield Static(id="spread-ends", classes="definition")
        with VerticalScroll(id="spread-body"):
            yield Vertical(id="spread-lines")
            yield Static(id="spread-words", classes="figures")
            yield Static(id="spread-figures")
            yield Static(id="spread-groups", classes="groups")
            yield Static(id="spread-attention", classes="attention")
            yield Static(id="spread-first", classes="hear-first")
            yield Static(id="spread-moves", classes="moves")
            yield Static(id="spread-last", classes="moves")
            yield Static(id="spread-differ", classes="differ")
            yield Static(id="spread-reasons", classes="reasons")

    def focus_first(self) -> None:
        focus_now(self.query_one("#spread-body"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        round_ = self.scale.current_round if self.scale else None
        if action == "agree_to_differ":
            return (
                round_ is not None
                and round_.visible
                and round_.agreed_to_differ_at is None
                and bool(round_.scores)
            )
        if action == "withdraw_differ":
            return (
                round_ is not None
                and round_.agreed_to_differ_at is not None
                and round_.differ_withdrawn_at is None
            )
        return True

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
        choice: Picker[int] = self.query_one("#spread-choice", Picker)
        with self.prevent(Select.Changed):
            choice.offer([(scale_title(record, s), s.id) for s in record.scales], self.scale_id)
        await self._draw()
        if self._to_top:
            self._to_top = False
            self.query_one("#spread-body", VerticalScroll).scroll_home(animate=False)

    @on(Select.Changed, "#spread-choice")
    async def _choose(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.scale_id = event.value
            self.child = SIDE_BY_SIDE
            await self._draw()

    @on(Select.Changed, "#spread-child")
    async def _choose_child(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.child = event.value
            await self._draw()

    def action_agree_to_differ(self) -> None:
        """Ask first: the agreement is a record of what the room decided."""
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            return

        def agreed(yes: bool | None) -> None:
            if yes:
                self.submit(
                    edits.on_round(scale.id, lambda db: store.agree_to_differ(db, round_.id)),
                    "the room agreed to differ; each view is recorded",
                )

        self.app.push_screen(
            Confirm(
                f"Record that the room agreed to differ on this scale (round {round_.number})? "
                "Each person's number and reason stays on record as their view. It can be "
                "withdrawn later with ctrl+d.",
                "Agree to differ",
                "Not now",
            ),
            agreed,
        )

    def action_withdraw_differ(self) -> None:
        scale = self.scale
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            return

        def withdrawn(yes: bool | None) -> None:
            if yes:
                self.submit(
                    edits.on_round(scale.id, lambda db: store.withdraw_differ(db, round_.id)),
                    "the agreement to differ is withdrawn (both stay on record)",
                )

        self.app.push_screen(
            Confirm(
                "Withdraw the room's agreement to differ? The agreement and its withdrawal "
                "both stay on record.",
                "Withdraw it",
                "Keep it",
            ),
            withdrawn,
        )

    def _children_picker(self, scale: Scale) -> None:
        picker: Picker[str] = self.query_one("#spread-child", Picker)
        picker.set_class(not scale.children, "hidden")
        if not scale.children:
            self.child = ""
            return
        if self.child not in (*scale.children, SIDE_BY_SIDE):
            self.child = SIDE_BY_SIDE
        options = [(Content("Child: ") + plain(short(c, 20)), c) for c in scale.children] + [
            (Content("All children side by side"), SIDE_BY_SIDE)
        ]
        with self.prevent(Select.Changed):
            picker.offer(options, self.child)

    async def _draw(self) -> None:
        """Work out every part of the view, then change on screen only the parts that
        differ from what is shown (a view redrawn as it was lays out nothing)."""
        parts: dict[str, Content | str] = dict.fromkeys(PARTS, "")
        hide_empty = await self._work_out(parts)
        for name, content in parts.items():
            part = self.query_one(f"#spread-{name}", Static)
            display([part], not hide_empty or bool(str(content).strip()))
            show(part, content)

    async def _work_out(self, parts: dict[str, Content | str]) -> bool:
        """Fill `parts` with what each part of the view says; whether the empty ones are
        hidden (they are once there are numbers to show)."""
        record, scale = self.record, self.scale
        lines = self.query_one("#spread-lines", Vertical)
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None:
            await lines.remove_children()
            parts["ends"] = (
                "No scaling round yet. Press F5 to set up a scale and go round the room."
            )
            return False
        self._children_picker(scale)
        parts["about"] = scale_about(record, scale, self.size.width or self.app.size.width)
        parts["ends"] = Content.assemble(
            ("10: ", "bold"),
            plain(short(scale.ten_means, 150)),
            "\n",
            (" 0: ", "bold"),
            plain(short(scale.zero_means, 150)),
        )
        if not round_.visible:
            await lines.remove_children()
            scored = len({s.participant_id for s in round_.scores})
            parts["figures"] = (
                f"Round {round_.number} is private: the numbers stay hidden until they are "
                f"revealed together. {scored} of "
                f"{counted(len(record.present), 'person', 'people')} "
                f"{has_or_have(scored)} scored. "
                "Reveal them with ctrl+r in Scaling (F5)."
            )
            return False
        children = scale.children if self.child == SIDE_BY_SIDE else (self.child,)
        subjects = children or ("",)
        groups = {p.id: p.group for p in record.participants}
        # The lines are kept and redrawn in place; they are only rebuilt when the children change.
        titles = [f"About {child}" if child else None for child in subjects]
        existing = list(lines.query(NumberLine))
        if [line.title for line in existing] != titles:
            await lines.remove_children()
            existing = [NumberLine(title=title) for title in titles]
            await lines.mount_all(existing)
        for child, line in zip(subjects, existing, strict=True):
            marks, _ = marks_for(record, round_, child)
            line.show(
                [
                    replace(m, label=f"{GROUP_SYMBOL[m.group or Group.FAMILY]}{m.label}")
                    for m in marks
                ],
                groups,
            )
        self._figures(record, scale, round_, subjects, parts)
        return True

    def _figures(
        self,
        record: MeetingRecord,
        scale: Scale,
        round_: Round,
        subjects: tuple[str, ...],
        parts: dict[str, Content | str],
    ) -> None:
        words = record.meeting.wording
        figure_rows: list[Content] = []
        word_rows: list[Content] = []
        group_rows: list[Content] = []
        attention: list[Content] = []
        first_rows: list[Content] = []
        move_rows: list[Content] = []
        earlier = scale.rounds[-2] if len(scale.rounds) > 1 else None
        for child in subjects:
            about = f"About {child}: " if child else ""
            marks, passes = marks_for(record, round_, child)
            result = spread(marks, passes)
            if result is None:
                figure_rows.append(Content(f"{about}nobody has given a number yet."))
                continue
            word_rows.append(Content(about) + plain(headline(result)))
            figure_rows.append(Content(about + figures(result)))
            group_rows.append(Content(about) + groups_content(result, record))
            for mark in for_attention(result.marks, scale.threshold):
                attention.append(
                    Content.assemble(who(record, mark), f" ({format_score(mark.value)})")
                )
            if result.count > 1:
                first_rows.append(Content(about) + hear_first_content(record, result))
            if earlier is not None and earlier.visible:
                was, _ = marks_for(record, earlier, child)
                before = spread(was)
                summary = range_change(before, result) if before else ""
                move_rows.append(
                    Content.assemble(
                        (f"{about}Since round {earlier.number}: ", "bold"),
                        plain(" ".join(w for w in (movement_in_words(was, marks), summary) if w)),
                    )
                )
        parts["figures"] = Content("\n").join(figure_rows)
        parts["words"] = Content("\n").join(word_rows)
        parts["groups"] = Content("\n").join(group_rows)
        if attention:
            scale_words = "overall scale" if scale.pair_id is None else f"{words.statement} scale"
            parts["attention"] = Content.assemble(
                (
                    f"For the {record.meeting.kind.lead}'s attention: at or below "
                    f"{format_score(scale.threshold)} "
                    f"on this {scale_words}: ",
                    "bold",
                ),
                Content(", ").join(attention),
            )
        parts["first"] = Content("\n").join(first_rows)
        parts["moves"] = Content("\n").join(move_rows)
        parts["last"] = self._last_time(record, scale, round_, subjects)
        if round_.agreed_to_differ_at is not None:
            when = round_.agreed_to_differ_at.astimezone().strftime("%H:%M")
            withdrawn = round_.differ_withdrawn_at
            parts["differ"] = f"The room agreed to differ ({when}); each view is recorded." + (
                f" The room withdrew that agreement ({withdrawn.astimezone():%H:%M})."
                if withdrawn is not None
                else ""
            )
        else:
            parts["differ"] = Content.styled(
                "If views stay apart after discussion: ctrl+d records that the room agreed "
                "to differ; ctrl+g in Scaling scores again.",
                "dim",
            )
        parts["reasons"] = self._reasons(record, round_, subjects)

    def _previous(self, record: MeetingRecord, scale: Scale) -> MeetingRecord | None:
        """Of the meeting this one reviews, its people and the scale `scale` carries on
        (read once per scale, and nothing else of it)."""
        previous_id, earlier_id = record.meeting.previous_id, scale.carried_from_id
        if previous_id is None or earlier_id is None:
            return None
        key = (previous_id, earlier_id)
        if key not in self._previous_records:
            try:
                self._previous_records[key] = parts.for_comparison(self.db, *key)
            except store.StorageError:
                return None
        return self._previous_records[key]

    def _last_time(
        self, record: MeetingRecord, scale: Scale, round_: Round, subjects: tuple[str, ...]
    ) -> Content:
        """Last meeting's scores beside these, only once everyone here has scored (so nobody
        anchors on last time's number)."""
        previous = self._previous(record, scale)
        earlier_scale = previous.scale(scale.carried_from_id) if previous else None
        if previous is None or earlier_scale is None:
            return Content("")
        earlier = next((r for r in reversed(earlier_scale.rounds) if r.visible), None)
        if earlier is None:
            return Content("")
        everyone = all(
            round_.score_for(p.id, child) is not None for p in record.present for child in subjects
        )
        if not (everyone or round_.closed):
            return Content.styled(
                "Last meeting's scores show here once everyone here has scored.", "dim"
            )
        now_id = {p.carried_from_id: p.id for p in record.participants if p.carried_from_id}
        rows = []
        for child in subjects:
            was = [
                replace(m, participant_id=now_id.get(m.participant_id, -m.participant_id))
                for m in latest_marks(previous, earlier_scale, child)
            ]
            now, _ = marks_for(record, round_, child)
            before = spread(was)
            if before is None:
                continue
            about = f" about {child}" if child else ""
            moves = "; ".join(str(m) for m in movement(was, now))
            groups_then, groups_now = by_group(was), by_group(now)
            group_words = "; ".join(
                f"{g.label.lower()} {format_score(groups_then[g].median)} → "
                f"{format_score(groups_now[g].median)}"
                for g in groups_now
                if g in groups_then
            )
            rows.append(
                Content.assemble(
                    (f"Last meeting ({previous.meeting.held_on:%d %b %Y}){about}: ", "bold"),
                    f"median {format_score(before.median)}, from {format_score(before.lowest)} "
                    f"to {format_score(before.highest)}. ",
                    plain(moves + ("." if moves else "")),
                    f" By group: {group_words}." if group_words else "",
                )
            )
        return Content("\n").join(rows)

    def _reasons(self, record: MeetingRecord, round_: Round, subjects: tuple[str, ...]) -> Content:
        rows: list[Content] = [Content.styled("Why people gave their number", "bold underline")]
        for child in subjects:
            if child:
                rows.append(Content.styled(f"About {child}", "bold"))
            ordered = sorted(
                round_.for_child(child),
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
                        plain(score.reason) if score.reason else Content.styled("(passed)", "dim"),
                    )
                )
                if score.one_higher:
                    rows.append(
                        Content.assemble(
                            ("       One point higher: ", "italic"), plain(score.one_higher)
                        )
                    )
        return Content("\n").join(rows) if len(rows) > 1 else Content("")
