"""The family version of a record: people by role, no case reference, no staff names.

Free text (items, statements, reasons) is kept as written: the facilitator reads it
before handing it over.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sos_meeting.domain import Family, MeetingRecord, Score


def for_family(record: MeetingRecord) -> MeetingRecord:
    """The same record with each person named by their role ('Mum', 'Social worker 2')."""
    roles = Counter(p.role or "Participant" for p in record.participants)
    seen: Counter[str] = Counter()
    people = []
    for person in record.participants:
        role = person.role or "Participant"
        seen[role] += 1
        label = role if roles[role] == 1 else f"{role} {seen[role]}"
        people.append(replace(person, name=label, role="", agency=""))
    family = record.family
    labels = {p.id: p.name for p in people}
    decision = replace(
        record.decision,
        dissents=tuple(
            replace(d, name=labels.get(d.participant_id, "Someone"))
            for d in record.decision.dissents
        ),
    )
    voices = tuple(
        replace(v, gathered_by=_by_role(v.gathered_by, record, labels)) for v in record.voices
    )
    scales = tuple(
        replace(
            scale,
            rounds=tuple(
                replace(r, scores=tuple(_unnamed(s) for s in r.scores)) for r in scale.rounds
            ),
        )
        for scale in record.scales
    )
    return replace(
        record,
        meeting=replace(record.meeting, case_ref="", facilitator=""),
        participants=tuple(people),
        scales=scales,
        decision=decision,
        voices=voices,
        # How the facilitator answered the statement coach is a note for professionals.
        pairs=tuple(replace(p, coach_asked=(), coach_reason="") for p in record.pairs),
        family=Family(family.id, family.title, "", family.children) if family else None,
        # What changed and why stay; the words before and after can hold names.
        amendments=tuple(
            replace(change, before="", after="", recorded_by="", recorded_role="")
            for change in record.amendments
        ),
    )


def _by_role(gathered_by: str, record: MeetingRecord, labels: dict[int, str]) -> str:
    """Who gathered views, by their role when they are in the meeting ('Jo (Social worker)'
    becomes 'Social worker'); else as typed."""
    for person in record.participants:
        if gathered_by == person.name or gathered_by.startswith(person.name + " "):
            return labels[person.id]
    return gathered_by


def _unnamed(score: Score) -> Score:
    """A score without who typed it, or the name they had then."""
    return replace(score, recorded_by="", recorded_role="", name="")
