"""Progress over time: each scale's scores across a family's meetings, as figures and as
a text chart (one line a meeting: the range as a bar, the median as a dot)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sos_meeting.domain import Group
from sos_meeting.store.families import TrendPoint
from sos_meeting.text import format_score

SYMBOLS = {Group.FAMILY: "●", Group.NETWORK: "▲", Group.PROFESSIONAL: "■", Group.CHILD: "◆"}


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One meeting's scores on one scale."""

    meeting_id: int
    held_on: date
    median: float
    low: float
    high: float
    count: int
    groups: dict[Group, float] = field(default_factory=dict)
    partial: bool = False
    """Not everyone present scored in the round these figures come from."""


@dataclass(frozen=True, slots=True)
class Series:
    """The same scale asked at meeting after meeting."""

    question: str
    child: str
    rows: tuple[TrendRow, ...]

    def change_in_words(self) -> str:
        """'The median went from 3 to 6 over 4 meetings.'"""
        if len(self.rows) < 2:
            return "Asked once so far."
        first, last = self.rows[0], self.rows[-1]
        was, now = format_score(first.median), format_score(last.median)
        if first.median == last.median:
            return f"The median stayed at {now} over {len(self.rows)} meetings."
        direction = "up" if last.median > first.median else "down"
        return f"The median went {direction} from {was} to {now} over {len(self.rows)} meetings."


def series(points: Sequence[TrendPoint]) -> list[Series]:
    """Group the points into one series per scale (and child), oldest meeting first."""
    found: dict[tuple[int, str], list[TrendPoint]] = {}
    for point in points:
        found.setdefault((point.root_scale_id, point.child), []).append(point)
    result = []
    for (_, child), chain in found.items():
        chain.sort(key=lambda p: (p.held_on, p.meeting_id))
        rows = []
        for point in chain:
            values = [v for _, v in point.values]
            groups: dict[Group, list[float]] = {}
            for group, value in point.values:
                groups.setdefault(group, []).append(value)
            rows.append(
                TrendRow(
                    meeting_id=point.meeting_id,
                    held_on=point.held_on,
                    median=float(median(values)),
                    low=min(values),
                    high=max(values),
                    count=len(values),
                    groups={g: float(median(v)) for g, v in groups.items()},
                    partial=point.partial,
                )
            )
        result.append(Series(chain[-1].question, child, tuple(rows)))
    return result


def bar(row: TrendRow, width: int, *, by_group: bool = False) -> str:
    """The 0-10 line for one meeting: the range as '━', the median as '●' (or each group's
    median as its symbol)."""
    cells = ["·"] * width

    def at(value: float) -> int:
        return round(value / 10 * (width - 1))

    for x in range(at(row.low), at(row.high) + 1):
        cells[x] = "━"
    if by_group:
        taken: set[int] = set()
        for group, value in sorted(row.groups.items(), key=lambda item: item[0].value):
            x = _free_cell(at(value), taken, width)
            taken.add(x)
            cells[x] = SYMBOLS[group]
    else:
        cells[at(row.median)] = "●"
    return "".join(cells)


def _free_cell(x: int, taken: set[int], width: int) -> int:
    """`x`, or the nearest cell beside it that no other group's symbol has: two groups with
    the same median are drawn side by side, never one over the other."""
    for offset in range(width):
        for candidate in (x + offset, x - offset):
            if 0 <= candidate < width and candidate not in taken:
                return candidate
    return x


PARTIAL_NOTE = "* not everyone present scored in that round"


def chart(found: Series, width: int, *, by_group: bool = False) -> list[str]:
    """The series as lines of text that fit in `width` columns (at least 40)."""
    line_width = max(11, width - 28)
    axis = [" "] * line_width
    for tick in (0, 5, 10):
        label = str(tick)
        x = min(round(tick / 10 * (line_width - 1)), line_width - len(label))
        axis[x : x + len(label)] = list(label)
    lines = ["Meeting".ljust(10) + "".join(axis)]
    for row in found.rows:
        figures = f"{format_score(row.median)} ({format_score(row.low)}-{format_score(row.high)})"
        mark = " *" if row.partial else ""
        lines.append(
            f"{row.held_on:%d %b %y} {bar(row, line_width, by_group=by_group)} {figures}{mark}"
        )
    if any(row.partial for row in found.rows):
        lines.append(PARTIAL_NOTE)
    return lines
