"""How far apart the scores are: the figures and the layout of the number line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median, quantiles

from rich.cells import cell_len

from sos_meeting.domain import Group
from sos_meeting.text import format_score


@dataclass(frozen=True, slots=True)
class Mark:
    """One person's number on the line (passes are not marks)."""

    participant_id: int
    label: str
    value: float
    seat: int
    group: Group | None = None


@dataclass(frozen=True, slots=True)
class Spread:
    """The figures the room looks at after a round."""

    marks: tuple[Mark, ...]
    passes: int
    lowest: float
    highest: float
    median: float
    lowest_marks: tuple[Mark, ...]
    highest_marks: tuple[Mark, ...]
    lower_quartile: float
    upper_quartile: float

    @property
    def interquartile_range(self) -> float:
        """How spread out the middle half of the scores is."""
        return self.upper_quartile - self.lower_quartile

    @property
    def range(self) -> float:
        return self.highest - self.lowest

    @property
    def count(self) -> int:
        return len(self.marks)

    @property
    def furthest_apart(self) -> tuple[Mark, Mark] | None:
        """The lowest and highest scorers (first in seating order), if they differ."""
        if self.range == 0:
            return None
        return self.lowest_marks[0], self.highest_marks[0]


def spread(marks: Sequence[Mark], passes: int = 0) -> Spread | None:
    """The spread of `marks`, or None when nobody has given a number yet."""
    if not marks:
        return None
    ordered = tuple(sorted(marks, key=lambda m: (m.value, m.seat)))
    values = [m.value for m in ordered]
    low, high = values[0], values[-1]
    by_seat = sorted(ordered, key=lambda m: m.seat)
    lower, upper = quartiles(values)
    return Spread(
        marks=ordered,
        passes=passes,
        lowest=low,
        highest=high,
        median=float(median(values)),
        lowest_marks=tuple(m for m in by_seat if m.value == low),
        highest_marks=tuple(m for m in by_seat if m.value == high),
        lower_quartile=lower,
        upper_quartile=upper,
    )


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """The lower and upper quartiles (inclusive method; one value is both)."""
    if len(values) < 2:
        return float(values[0]), float(values[0])
    lower, _, upper = quantiles(values, n=4, method="inclusive")
    return float(lower), float(upper)


def describe_range(result: Spread) -> str:
    """The spread in plain words, for the room."""
    low, high = format_score(result.lowest), format_score(result.highest)
    if result.count == 1:
        return f"One score so far: {low}."
    if result.range == 0:
        return f"Everyone who scored gave {low}."
    width = (
        "a wide difference of views"
        if result.range >= 4
        else "some difference of views"
        if result.range >= 2
        else "views are close"
    )
    return f"Scores range from {low} to {high}: {width}."


def headline(result: Spread) -> str:
    """What the room hears first: people, not statistics. 'Scores run from 2 to 7: the
    widest views are Sam's and Kim's. Hear from them first.'"""
    low, high = format_score(result.lowest), format_score(result.highest)
    if result.count == 1:
        only = result.marks[0]
        return f"One score so far: {only.label} gave {low}."
    if result.range == 0:
        return f"Everyone who scored gave {low}. Ask: what would one point higher look like?"
    apart = result.furthest_apart
    assert apart is not None
    lowest, highest = apart
    return (
        f"Scores run from {low} to {high}: the widest views are {lowest.label}'s and "
        f"{highest.label}'s. Hear from them first."
    )


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """A label drawn on row `row` above the line, starting at column `x`."""

    mark: Mark
    x: int
    row: int
    text: str


def position(value: float, width: int) -> int:
    """The column of `value` (0 to 10) on a line `width` columns wide."""
    return round(value / 10 * (width - 1))


def fit_cells(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells (a CJK character takes two), with an
    ellipsis where it was cut."""
    if cell_len(text) <= cells:
        return text
    kept, used = [], 0
    for character in text:
        width = cell_len(character)
        if used + width > cells - 1:
            break
        kept.append(character)
        used += width
    return "".join(kept) + "…"


def place_labels(marks: Sequence[Mark], width: int, *, max_label: int = 14) -> list[PlacedLabel]:
    """Place each mark's label above the line so that no two labels touch.

    Labels go in seating order within each value, lowest value first; each takes
    the lowest row where its columns (and one space after) are free. A label
    starts at its mark and is shifted left only where it would run off the line.
    Widths are terminal cells, not characters: '王小明' takes six.
    """
    placed: list[PlacedLabel] = []
    rows: list[list[tuple[int, int]]] = []
    for mark in sorted(marks, key=lambda m: (m.value, m.seat)):
        text = fit_cells(mark.label, min(max_label, max(1, width)))
        cells = cell_len(text)
        x = max(0, min(position(mark.value, width), width - cells))
        span = (x, x + cells + 1)
        free = next(
            (
                i
                for i, taken in enumerate(rows)
                if all(span[1] <= a or span[0] >= b for a, b in taken)
            ),
            len(rows),
        )
        if free == len(rows):
            rows.append([])
        rows[free].append(span)
        placed.append(PlacedLabel(mark, x, free, text))
    return placed
