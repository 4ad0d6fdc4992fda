"""The meeting record as plain data (JSON), for filing and for other tools."""

from __future__ import annotations

import json
from typing import Any

from sos_meeting.domain import Column, MeetingRecord, Round, Score
from sos_meeting.scaling import Mark, Spread, describe_range, spread

FORMAT = "sos-meeting/1"


def marks_for(record: MeetingRecord, round_: Round) -> tuple[list[Mark], int]:
    """The numbers given in a round as marks (in seating order) and how many passed."""
    marks: list[Mark] = []
    passes = 0
    for score in round_.scores:
        person = record.participant(score.participant_id)
        if person is None:
            continue
        if score.value is None:
            passes += 1
        else:
            marks.append(Mark(person.id, person.name, score.value, person.seat))
    return marks, passes


def spread_figures(result: Spread | None) -> dict[str, Any] | None:
    if result is None:
        return None
    apart = result.furthest_apart
    return {
        "count": result.count,
        "passes": result.passes,
        "lowest": result.lowest,
        "highest": result.highest,
        "range": result.range,
        "median": result.median,
        "lowest_participant_ids": [m.participant_id for m in result.lowest_marks],
        "highest_participant_ids": [m.participant_id for m in result.highest_marks],
        "hear_first_participant_ids": [apart[0].participant_id, apart[1].participant_id]
        if apart
        else [],
        "in_words": describe_range(result),
    }


def _score(record: MeetingRecord, score: Score, history: list[Score]) -> dict[str, Any]:
    person = record.participant(score.participant_id)
    return {
        "participant_id": score.participant_id,
        "participant": person.name if person else None,
        "role": person.role if person else None,
        "group": person.group.value if person else None,
        "passed": score.passed,
        "value": score.value,
        "reason": score.reason,
        "one_higher": score.one_higher,
        "recorded_at": score.recorded_at.isoformat(),
        "recorded_by": score.recorded_by,
        "earlier_entries": [
            {
                "passed": old.passed,
                "value": old.value,
                "reason": old.reason,
                "one_higher": old.one_higher,
                "recorded_at": old.recorded_at.isoformat(),
                "recorded_by": old.recorded_by,
            }
            for old in history
            if old.participant_id == score.participant_id
        ],
    }


def to_dict(
    record: MeetingRecord, superseded: dict[int, list[Score]] | None = None
) -> dict[str, Any]:
    """The whole meeting record as JSON-ready data (see the README for the fields)."""
    superseded = superseded or {}
    meeting = record.meeting
    words = meeting.wording
    return {
        "format": FORMAT,
        "meeting": {
            "id": meeting.id,
            "kind": meeting.kind.value,
            "kind_label": meeting.kind.label,
            "title": meeting.title,
            "case_ref": meeting.case_ref,
            "held_on": meeting.held_on.isoformat(),
            "facilitator": meeting.facilitator,
            "wording": words.value,
            "statement_word": words.statement,
            "goal_word": words.goal,
            "step": meeting.step.value,
        },
        "participants": [
            {
                "id": p.id,
                "seat": p.seat,
                "name": p.name,
                "role": p.role,
                "agency": p.agency,
                "group": p.group.value,
                "attendance": p.attendance.value,
            }
            for p in record.participants
        ],
        "mapping": {
            column.value: [
                {
                    "id": item.id,
                    "category": item.category.value if item.category else None,
                    "text": item.text,
                }
                for item in record.items_in(column)
            ]
            for column in Column
        },
        "pairs": [
            {"id": p.id, "position": p.position, "statement": p.statement, "goal": p.goal}
            for p in record.pairs
        ],
        "scales": [
            {
                "id": scale.id,
                "position": scale.position,
                "question": scale.question,
                "pair_id": scale.pair_id,
                "ten_means": scale.ten_means,
                "zero_means": scale.zero_means,
                "rounds": [
                    {
                        "number": round_.number,
                        "opened_at": round_.opened_at.isoformat(),
                        "scores": [
                            _score(record, s, superseded.get(round_.id, []))
                            for s in _seating_order(record, round_.scores)
                        ],
                        "spread": spread_figures(spread(*marks_for(record, round_))),
                    }
                    for round_ in scale.rounds
                ],
            }
            for scale in record.scales
        ],
        "missing": record.missing(),
    }


def _seating_order(record: MeetingRecord, scores: tuple[Score, ...]) -> list[Score]:
    seats = {p.id: p.seat for p in record.participants}
    return sorted(scores, key=lambda s: (seats.get(s.participant_id, 0), s.id))


def to_json(record: MeetingRecord, superseded: dict[int, list[Score]] | None = None) -> str:
    return json.dumps(to_dict(record, superseded), indent=2, ensure_ascii=True)
