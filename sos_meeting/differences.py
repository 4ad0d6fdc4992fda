"""Why views differ: each group's middle score, who to hear from first, what to ask them,
scores for the chair's attention, and how scores moved between rounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from sos_meeting.domain import Group, MeetingRecord, Participant, Round, Scale, Score
from sos_meeting.scaling import Mark, Spread
from sos_meeting.text import format_score
from sos_meeting.words import a_score, listed, points


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
            marks.append(_mark(person, score))
    return marks, passes


def latest_marks(record: MeetingRecord, scale: Scale, child: str = "") -> list[Mark]:
    """Each person's latest entry on `scale` in that meeting, whichever round it was in (of
    the rounds the room has seen), as marks: someone whose latest entry was a pass has none."""
    latest: dict[int, Score] = {}
    for round_ in reversed(scale.rounds):
        if round_.visible:
            for score in round_.for_child(child):
                latest.setdefault(score.participant_id, score)
    return [
        _mark(person, score)
        for pid, score in latest.items()
        if score.value is not None and (person := record.participant(pid)) is not None
    ]


def _mark(person: Participant, score: Score) -> Mark:
    name = score.name or person.name  # as they were named when they scored
    assert score.value is not None
    return Mark(person.id, name, score.value, person.seat, person.group)


FAR_FROM_GROUP = 3.0
"""Points from their own group's median that make someone worth hearing early."""

GROUP_POSSESSIVE = {
    Group.FAMILY: "the family's",
    Group.NETWORK: "the network's",
    Group.PROFESSIONAL: "the professionals'",
    Group.CHILD: "the children's",
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
    higher = "the family's" if gap > 0 else "the professionals'"
    return f"{both}: {higher} is {points(abs(gap))} higher."


def presenter_gap(result: Spread, presenter_id: int | None, name: str = "") -> str | None:
    """The presenter's own number beside the median of the group's, in words; None when
    either is missing."""
    own = next((m for m in result.marks if m.participant_id == presenter_id), None)
    group = [m.value for m in result.marks if m.participant_id != presenter_id]
    if own is None or not group:
        return None
    middle = float(median(group))
    who = f"{name}, who brings the case," if name else "The presenter"
    both = f"{who} gave {format_score(own.value)}; the group's median is {format_score(middle)}"
    gap = middle - own.value
    if gap == 0:
        return f"{both}: the same."
    higher = "the group's" if gap > 0 else "the presenter's"
    return f"{both}: {higher} is {points(abs(gap))} higher."


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
                        f"{points(distance)} from {GROUP_POSSESSIVE[figures.group]} "
                        f"median of {format_score(figures.median)}",
                    )
                )
                taken.add(mark.participant_id)
    return chosen


def follow_ups(value: float) -> list[str]:
    """The model's questions, with the person's number filled in."""
    questions = []
    if value > 0:
        questions.append(f"What makes it {a_score(value)} and not a 0?")
    if value + 1 < 10:
        questions.append(f"What would {a_score(value + 1)} look like?")
    if value < 10:
        questions.append("What would a 10 look like?")
    questions.append("What is a small next step?")
    return questions


def for_attention(marks: Sequence[Mark], threshold: float) -> list[Mark]:
    """Scores at or below the threshold, for the chair to consider escalating, lowest first."""
    return sorted((m for m in marks if m.value <= threshold), key=lambda m: (m.value, m.seat))


@dataclass(frozen=True, slots=True)
class Move:
    """How one person's number changed from one round to the next."""

    participant_id: int
    label: str
    before: float
    after: float

    def __str__(self) -> str:
        if self.before == self.after:
            return f"{self.label} stayed at {format_score(self.after)}"
        return f"{self.label} moved from {format_score(self.before)} to {format_score(self.after)}"


def movement(before: Sequence[Mark], after: Sequence[Mark]) -> list[Move]:
    """Everyone who gave a number in both rounds, in seating order, with both numbers.
    Someone with a number in only one round did not move: see `no_number_now`."""
    earlier = {m.participant_id: m for m in before}
    return [
        Move(m.participant_id, m.label, earlier[m.participant_id].value, m.value)
        for m in sorted(after, key=lambda m: m.seat)
        if m.participant_id in earlier
    ]


def no_number_now(before: Sequence[Mark], after: Sequence[Mark]) -> list[Mark]:
    """Who gave a number in the earlier round and none in this one (passed, or did not
    score), in seating order."""
    now = {m.participant_id for m in after}
    return sorted((m for m in before if m.participant_id not in now), key=lambda m: m.seat)


def movement_in_words(before: Sequence[Mark], after: Sequence[Mark]) -> str:
    """'Sam moved from 4 to 6; Dan stayed at 5. No number this round from Tom.'"""
    moves = "; ".join(str(m) for m in movement(before, after))
    missing = [m.label for m in no_number_now(before, after)]
    parts = [moves + "." if moves else ""]
    if missing:
        parts.append(f"No number this round from {listed(missing)}.")
    return " ".join(p for p in parts if p)


def range_change(before: Spread, after: Spread) -> str:
    """Whether the views came closer together or further apart, in words."""
    was, now = format_score(before.range), points(after.range)
    if after.range < before.range:
        return f"Views came closer: the range narrowed from {was} to {now}."
    if after.range > before.range:
        return f"Views moved apart: the range widened from {was} to {now}."
    return f"The range stayed at {now}."
