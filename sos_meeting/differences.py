"""Why views differ: each group's middle score, who to hear from first, what to ask them,
scores for the chair's attention, and how scores moved between rounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from sos_meeting.domain import Group, MeetingRecord, Round
from sos_meeting.scaling import Mark, Spread
from sos_meeting.text import format_score


def marks_for(record: MeetingRecord, round_: Round, child: str = "") -> tuple[list[Mark], int]:
    """The numbers given in a round (about `child`) as marks, and how many passed."""
    marks: list[Mark] = []
    passes = 0
    for score in round_.for_child(child):
        person = record.participant(score.participant_id)
        if person is None:
            continue
        if score.value is None:
            passes += 1
        else:
            name = score.name or person.name  # as they were named when they scored
            marks.append(Mark(person.id, name, score.value, person.seat, person.group))
    return marks, passes


FAR_FROM_GROUP = 3.0
"""Points from their own group's median that make someone worth hearing early."""

GROUP_POSSESSIVE = {
    Group.FAMILY: "the family's",
    Group.NETWORK: "the network's",
    Group.PROFESSIONAL: "the professionals'",
}


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """One group's scores in a round."""

    group: Group
    marks: tuple[Mark, ...]
    median: float


def by_group(marks: Sequence[Mark]) -> dict[Group, GroupFigures]:
    """Each group that gave a number, with its median; groups with no numbers are left out."""
    found: dict[Group, GroupFigures] = {}
    for group in Group:
        mine = tuple(m for m in marks if m.group is group)
        if mine:
            found[group] = GroupFigures(group, mine, float(median(m.value for m in mine)))
    return found


def family_professional_gap(groups: dict[Group, GroupFigures]) -> str | None:
    """The gap between the family's and the professionals' medians, in words."""
    family, professionals = groups.get(Group.FAMILY), groups.get(Group.PROFESSIONAL)
    if family is None or professionals is None:
        return None
    gap = family.median - professionals.median
    both = (
        f"The family's median is {format_score(family.median)} and the professionals' is "
        f"{format_score(professionals.median)}"
    )
    if gap == 0:
        return f"{both}: the same."
    higher = "the family" if gap > 0 else "the professionals"
    return f"{both}: {higher} score {format_score(abs(gap))} points higher."


@dataclass(frozen=True, slots=True)
class HearFrom:
    """Someone to ask first, and why them."""

    mark: Mark
    why: str


def hear_first(result: Spread, far: float = FAR_FROM_GROUP) -> list[HearFrom]:
    """The lowest and highest scorers, then anyone far from their own group's median."""
    chosen: list[HearFrom] = []
    apart = result.furthest_apart
    if apart is not None:
        chosen.append(HearFrom(apart[0], "the lowest score"))
        chosen.append(HearFrom(apart[1], "the highest score"))
    taken = {h.mark.participant_id for h in chosen}
    for figures in by_group(result.marks).values():
        if len(figures.marks) < 2:
            continue
        for mark in figures.marks:
            distance = abs(mark.value - figures.median)
            if mark.participant_id not in taken and distance >= far:
                chosen.append(
                    HearFrom(
                        mark,
                        f"{format_score(distance)} points from {GROUP_POSSESSIVE[figures.group]} "
                        f"median of {format_score(figures.median)}",
                    )
                )
                taken.add(mark.participant_id)
    return chosen


def follow_ups(value: float) -> list[str]:
    """The model's questions, with the person's number filled in."""
    questions = []
    if value > 0:
        questions.append(f"What makes it a {format_score(value)} and not a 0?")
    if value + 1 < 10:
        questions.append(f"What would {format_score(value + 1)} look like?")
    if value < 10:
        questions.append("What would a 10 look like?")
    questions.append("What is a small next step?")
    return questions


def for_attention(marks: Sequence[Mark], threshold: float) -> list[Mark]:
    """Scores at or below the threshold, for the chair to consider escalating, lowest first."""
    return sorted((m for m in marks if m.value <= threshold), key=lambda m: (m.value, m.seat))


@dataclass(frozen=True, slots=True)
class Move:
    """How one person's number changed from one round to the next (None: no number)."""

    participant_id: int
    label: str
    before: float | None
    after: float | None

    def __str__(self) -> str:
        before, after = format_score(self.before), format_score(self.after)
        if self.before == self.after:
            return f"{self.label} stayed at {after}"
        return f"{self.label} moved from {before} to {after}"


def movement(before: Sequence[Mark], after: Sequence[Mark]) -> list[Move]:
    """Everyone who gave a number in either round, in seating order, with both numbers."""
    earlier = {m.participant_id: m for m in before}
    later = {m.participant_id: m for m in after}
    people = {**earlier, **later}
    return [
        Move(
            pid,
            people[pid].label,
            earlier[pid].value if pid in earlier else None,
            later[pid].value if pid in later else None,
        )
        for pid in sorted(people, key=lambda p: people[p].seat)
    ]


def range_change(before: Spread, after: Spread) -> str:
    """Whether the views came closer together or further apart, in words."""
    was, now = format_score(before.range), format_score(after.range)
    if after.range < before.range:
        return f"Views came closer: the range narrowed from {was} to {now} points."
    if after.range > before.range:
        return f"Views moved apart: the range widened from {was} to {now} points."
    return f"The range stayed at {now} points."
