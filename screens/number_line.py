"""A 0-10 number line with every person's mark, labels stacked so none collide."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from sos_meeting.domain import Group
from sos_meeting.scaling import Mark, place_labels, position

GROUP_STYLE = {
    Group.FAMILY: "bold $text-warning",
    Group.NETWORK: "bold $text-success",
    Group.PROFESSIONAL: "bold $text-primary",
    Group.CHILD: "bold magenta",  # no theme colour is far enough from the other three
}
GROUP_SYMBOL = {Group.FAMILY: "●", Group.NETWORK: "▲", Group.PROFESSIONAL: "■", Group.CHILD: "◆"}
"""Each group has a symbol as well as a colour, so the line reads without colour too."""


def legend() -> Content:
    """'● family  ▲ network  ■ professional  ◆ child or young person', each in its colour."""
    return Content("  ").join(
        Content.styled(f"{GROUP_SYMBOL[g]} {g.label.lower()}", GROUP_STYLE[g]) for g in Group
    )


class NumberLine(Widget):
    """Draws marks above a 0-10 line; the line is as wide as the widget allows."""

    DEFAULT_CSS = """
    NumberLine {
        height: auto;
        padding: 0 2;
    }
    """

    marks: reactive[tuple[Mark, ...]] = reactive((), layout=True)
    """The numbers to draw (passes are not marks)."""

    def __init__(self, *, id: str | None = None, title: str | None = None) -> None:
        super().__init__(id=id)
        self.groups: dict[int, Group] = {}
        self.title = title
        """A heading above the line, e.g. which child it is about."""

    def show(self, marks: Sequence[Mark], groups: dict[int, Group]) -> None:
        """Draw `marks`, colouring each label by the person's group."""
        self.groups = groups
        self.marks = tuple(marks)

    def render(self) -> Content:
        width = max(11, self.size.width)
        placed = place_labels(self.marks, width)
        rows = max((p.row for p in placed), default=-1) + 1
        lines: list[Content] = [Content.styled(self.title, "bold")] if self.title else []
        for row in reversed(range(rows)):
            # Pieces in order, gaps measured in cells (a CJK name is twice its length).
            line, cursor = Content(""), 0
            for label in sorted((p for p in placed if p.row == row), key=lambda p: p.x):
                style = GROUP_STYLE.get(
                    self.groups.get(label.mark.participant_id, Group.FAMILY), ""
                )
                line += Content(" " * (label.x - cursor)) + Content.styled(label.text, style)
                cursor = label.x + cell_len(label.text)
            lines.append(line + Content(" " * max(0, width - cursor)))
        axis = ["─"] * width
        for tick in range(11):
            axis[position(tick, width)] = "┼"
        axis[0], axis[-1] = "├", "┤"
        for mark in sorted(self.marks, key=lambda m: -m.seat):
            group = self.groups.get(mark.participant_id, Group.FAMILY)
            axis[position(mark.value, width)] = GROUP_SYMBOL[group]
        lines.append(Content.styled("".join(axis), "bold"))
        numbers = [" "] * width
        for tick in range(11):
            text = str(tick)
            x = min(position(tick, width), width - len(text))
            numbers[x : x + len(text)] = list(text)
        lines.append(Content("".join(numbers)))
        lines.append(legend())
        return Content("\n").join(lines)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        placed = place_labels(self.marks, max(11, width))
        return max((p.row for p in placed), default=-1) + 1 + 3 + (1 if self.title else 0)
