"""What one saved write changed, folded into the record on screen without reading it all again.

Every change, whoever made it (the facilitator's keys, a phone, another laptop), reaches the
screen as one of these. Each says which steps show what it changed, so only those redraw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from sos_meeting.decision import Decision
from sos_meeting.domain import (
    Family,
    MapItem,
    Meeting,
    MeetingRecord,
    Participant,
    Round,
    Scale,
    Score,
    StatementPair,
    Step,
)
from sos_meeting.voices import Voice

EVERY_STEP = frozenset(Step)


@dataclass(frozen=True, slots=True)
class DecisionChanged:
    """A conference's decision was saved, or a dissent from it recorded."""

    decision: Decision
    steps: ClassVar[frozenset[Step]] = frozenset({Step.DECISION})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, decision=self.decision)


@dataclass(frozen=True, slots=True)
class VoicesChanged:
    """A parent's or the child's views were recorded, corrected, moved or removed: all of
    them, in order."""

    voices: tuple[Voice, ...]
    steps: ClassVar[frozenset[Step]] = frozenset({Step.VOICES})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, voices=self.voices)


class Change(Protocol):
    """A saved change: which steps show it, and the record with it folded in."""

    @property
    def steps(self) -> frozenset[Step]:
        """The steps whose screens show what changed."""

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        """`record` with this change in it."""


@dataclass(frozen=True, slots=True)
class MeetingChanged:
    """The meeting's details (and its family's) were saved."""

    meeting: Meeting
    family: Family | None
    steps: ClassVar[frozenset[Step]] = EVERY_STEP

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, meeting=self.meeting, family=self.family)


@dataclass(frozen=True, slots=True)
class PeopleChanged:
    """Someone was added, changed, moved, marked or removed: everyone, in seating order."""

    participants: tuple[Participant, ...]
    steps: ClassVar[frozenset[Step]] = frozenset(
        {Step.PEOPLE, Step.VOICES, Step.SCALING, Step.SPREAD, Step.DECISION, Step.REFLECTION}
    )

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, participants=self.participants)


@dataclass(frozen=True, slots=True)
class ItemsChanged:
    """The map changed: every item on it, in order, and those deleted (newest last)."""

    items: tuple[MapItem, ...]
    deleted: tuple[MapItem, ...]
    steps: ClassVar[frozenset[Step]] = frozenset({Step.MAPPING})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, items=self.items, deleted_items=self.deleted)


@dataclass(frozen=True, slots=True)
class PairsChanged:
    """A statement and goal pair was saved or deleted: every pair, in order."""

    pairs: tuple[StatementPair, ...]
    steps: ClassVar[frozenset[Step]] = frozenset({Step.STATEMENTS, Step.SCALING, Step.SPREAD})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return replace(record, pairs=self.pairs)


@dataclass(frozen=True, slots=True)
class ScaleChanged:
    """A scale or one of its rounds changed: the scale as it now is, with its rounds."""

    scale: Scale
    steps: ClassVar[frozenset[Step]] = frozenset({Step.SCALING, Step.SPREAD})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        others = [s for s in record.scales if s.id != self.scale.id]
        scales = sorted([*others, self.scale], key=lambda s: (s.position, s.id))
        return replace(record, scales=tuple(scales))


@dataclass(frozen=True, slots=True)
class ScoreRecorded:
    """One entry in a round: it becomes the person's current entry (about that child)."""

    scale_id: int
    round_id: int
    score: Score
    steps: ClassVar[frozenset[Step]] = frozenset({Step.SCALING, Step.SPREAD})

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        scale = record.scale(self.scale_id)
        if scale is None:
            return record
        rounds = tuple(
            _with_score(r, self.score) if r.id == self.round_id else r for r in scale.rounds
        )
        return ScaleChanged(replace(scale, rounds=rounds)).apply(record)


def _with_score(round_: Round, score: Score) -> Round:
    kept = tuple(
        s
        for s in round_.scores
        if not (s.participant_id == score.participant_id and s.child == score.child)
    )
    return replace(round_, scores=(*kept, score))


@dataclass(frozen=True, slots=True)
class RecordReplaced:
    """The meeting as read afresh, after changes made elsewhere (another app, a phone)."""

    record: MeetingRecord
    steps: ClassVar[frozenset[Step]] = EVERY_STEP

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return self.record


@dataclass(frozen=True, slots=True)
class NothingShown:
    """A write that changes nothing on screen (such as where the meeting was left)."""

    steps: ClassVar[frozenset[Step]] = frozenset()

    def apply(self, record: MeetingRecord) -> MeetingRecord:
        return record
