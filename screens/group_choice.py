"""Choosing a participant's group with one key: f, n or p (or arrows and Enter)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from sos_meeting.domain import Group

ORDER = (Group.FAMILY, Group.NETWORK, Group.PROFESSIONAL)


class GroupChoice(Widget, can_focus=True):
    """Shows the three groups; a letter chooses one and submits, Enter submits the shown one."""

    DEFAULT_CSS = """
    GroupChoice {
        height: 3;
        width: auto;
        padding: 1 1 0 1;
    }
    GroupChoice:focus {
        background: $accent 30%;
    }
    """

    BINDINGS = [
        Binding("f", "choose('family')", "Family", id="group-family", tooltip="Family"),
        Binding(
            "n",
            "choose('network')",
            "Network",
            id="group-network",
            tooltip="Friends and relatives who support the family",
        ),
        Binding(
            "p",
            "choose('professional')",
            "Professional",
            id="group-professional",
            tooltip="Social worker, school, health, police ...",
        ),
        Binding("left", "step(-1)", "◀", show=False),
        Binding("right", "step(1)", "▶", show=False),
        Binding("enter", "submit", "Add", id="group-submit", tooltip="Add with this group"),
    ]

    value: reactive[Group | None] = reactive(None)
    """The chosen group, kept for the next person (who is often in the same one)."""

    @dataclass
    class Submitted(Message):
        """The facilitator chose or confirmed a group."""

        choice: GroupChoice

        @property
        def control(self) -> GroupChoice:
            return self.choice

    def render(self) -> Content:
        parts: list[Content] = [Content.styled("Group: ", "bold")]
        for group in ORDER:
            mark = "●" if group is self.value else "○"
            key = group.label[0]
            text = Content.assemble(f"{mark} ", (key, "bold underline"), group.label[1:], "  ")
            parts.append(text.stylize("reverse") if group is self.value else text)
        return Content("").join(parts)

    def action_choose(self, group: str) -> None:
        self.value = Group(group)
        self.post_message(self.Submitted(self))

    def action_step(self, direction: int) -> None:
        index = ORDER.index(self.value) if self.value else -1
        self.value = ORDER[(index + direction) % len(ORDER)]

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))
