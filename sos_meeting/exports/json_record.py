"""The meeting record as plain data (JSON), for filing and for other tools."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sos_meeting.decision import as_json
from sos_meeting.differences import (
    by_group,
    family_professional_gap,
    for_attention,
    hear_first,
    marks_for,
    movement,
    no_number_now,
    presenter_gap,
    range_change,
)
from sos_meeting.domain import (
    Column,
    MeetingKind,
    MeetingRecord,
    Participant,
    Round,
    Scale,
    Score,
)
from sos_meeting.scaling import Spread, describe_range, spread

FORMAT = "sos-meeting/1"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def spread_figures(
    result: Spread | None, threshold: float = 2.0, presenter: Participant | None = None
) -> dict[str, Any] | None:
    """The spread of one round (about one child) as data; in group supervision, with the
    presenter's number set beside the group's."""
    if result is None:
        return None
    apart = result.furthest_apart
    groups = by_group(result.marks)
    return {
        "count": result.count,
        "passes": result.passes,
        "lowest": result.lowest,
        "highest": result.highest,
        "range": result.range,
        "median": result.median,
        "lower_quartile": result.lower_quartile,
        "upper_quartile": result.upper_quartile,
        "interquartile_range": result.interquartile_range,
        "lowest_participant_ids": [m.participant_id for m in result.lowest_marks],
        "highest_participant_ids": [m.participant_id for m in result.highest_marks],
        "hear_first_participant_ids": [apart[0].participant_id, apart[1].participant_id]
        if apart
        else [],
        "hear_first": [
            {"participant_id": h.mark.participant_id, "value": h.mark.value, "why": h.why}
            for h in hear_first(result)
        ],
        "groups": {
            group.value: {"count": len(figures.marks), "median": figures.median}
            for group, figures in groups.items()
        },
        "family_professional_gap": family_professional_gap(groups),
        "presenter_gap": presenter_gap(result, presenter.id, presenter.name) if presenter else None,
        "for_attention_participant_ids": [
            m.participant_id for m in for_attention(result.marks, threshold)
        ],
        "in_words": describe_range(result),
    }


def _entry(score: Score) -> dict[str, Any]:
    return {
        "passed": score.passed,
        "value": score.value,
        "reason": score.reason,
        "one_higher": score.one_higher,
        "recorded_at": score.recorded_at.isoformat(),
        "recorded_by": score.recorded_by,
        "recorded_role": score.recorded_role,
    }


def _score(record: MeetingRecord, score: Score, history: list[Score]) -> dict[str, Any]:
    person = record.participant(score.participant_id)
    return {
        "participant_id": score.participant_id,
        "participant": score.name or (person.name if person else None),
        "participant_now": person.name if person else None,
        "role": person.role if person else None,
        "group": person.group.value if person else None,
        "child": score.child or None,
        **_entry(score),
        "earlier_entries": [
            _entry(old)
            for old in history
            if old.participant_id == score.participant_id and old.child == score.child
        ],
    }


def _round(
    record: MeetingRecord, scale: Scale, round_: Round, superseded: dict[int, list[Score]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": round_.number,
        "mode": round_.mode.value,
        "opened_at": round_.opened_at.isoformat(),
        "revealed_at": _when(round_.revealed_at),
        "closed_at": _when(round_.closed_at),
        "agreed_to_differ_at": _when(round_.agreed_to_differ_at),
        "differ_withdrawn_at": _when(round_.differ_withdrawn_at),
        "scored_participant_ids": sorted({s.participant_id for s in round_.scores}),
    }
    if not round_.visible:
        # A private round before its reveal: who has scored, never what.
        data.update(hidden=True, scores=[], spread=None, by_child={})
        return data
    # In the order the round goes (in group supervision, the presenter's first).
    seats = {p.id: n for n, p in enumerate(record.in_round_order)}
    ordered = sorted(round_.scores, key=lambda s: (seats.get(s.participant_id, 0), s.child, s.id))
    data["hidden"] = False
    data["scores"] = [_score(record, s, superseded.get(round_.id, [])) for s in ordered]
    figures = {
        child: spread_figures(
            spread(*marks_for(record, round_, child)), scale.threshold, record.presenter
        )
        for child in scale.subjects
    }
    data["spread"] = figures[""] if not scale.children else None
    data["by_child"] = {child: figures[child] for child in scale.children}
    earlier = _earlier_visible(scale, round_)
    if earlier is not None:
        data["movement"] = _movement(record, scale, earlier, round_)
    if round_.agreed_to_differ_at is not None:
        data["views_when_agreeing_to_differ"] = [
            {
                "participant_id": s.participant_id,
                "participant": s.name
                or (p.name if (p := record.participant(s.participant_id)) else None),
                "child": s.child or None,
                "value": s.value,
                "reason": s.reason,
            }
            for s in ordered
        ]
    return data


def _linked(record: MeetingRecord, scale: Scale) -> dict[str, Any] | None:
    """The statement pair the scale is about, as it reads now (None: overall)."""
    linked = record.linked_pair(scale)
    if linked is None:
        return None
    number, pair = linked
    return {"number": number, "statement": pair.statement, "goal": pair.goal}


def _earlier_visible(scale: Scale, round_: Round) -> Round | None:
    index = scale.rounds.index(round_)
    earlier = scale.rounds[index - 1] if index > 0 else None
    return earlier if earlier is not None and earlier.visible else None


def _movement(record: MeetingRecord, scale: Scale, before: Round, after: Round) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for child in scale.subjects:
        was, _ = marks_for(record, before, child)
        now, _ = marks_for(record, after, child)
        was_spread, now_spread = spread(was), spread(now)
        found[child] = {
            "from_round": before.number,
            "moves": [
                {
                    "participant_id": m.participant_id,
                    "before": m.before,
                    "after": m.after,
                    "in_words": str(m),
                }
                for m in movement(was, now)
            ],
            "no_number_this_round": [
                {"participant_id": m.participant_id, "number_before": m.value}
                for m in no_number_now(was, now)
            ],
            "range_in_words": range_change(was_spread, now_spread)
            if was_spread and now_spread
            else None,
        }
    return found


def to_dict(
    record: MeetingRecord, superseded: dict[int, list[Score]] | None = None
) -> dict[str, Any]:
    """The whole meeting record as JSON-ready data (see the README for the fields)."""
    superseded = superseded or {}
    meeting = record.meeting
    words = meeting.wording
    missing = record.missing()
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
            "previous_meeting_id": meeting.previous_id,
            "question": meeting.question,
        },
        "family": {
            "id": record.family.id,
            "title": record.family.title,
            "case_ref": record.family.case_ref,
            "children": list(record.family.children),
        }
        if record.family
        else None,
        "participants": [
            {
                "id": p.id,
                "seat": p.seat,
                "name": p.name,
                "role": p.role,
                "agency": p.agency,
                "group": p.group.value,
                "attendance": p.attendance.value,
                "sent_report": p.sent_report,
                "session_role": p.session_role.value or None,
                "reflection": p.reflection,
            }
            for p in record.participants
        ],
        "views": [
            {
                "id": v.id,
                "whose": v.whose.value,
                "name": v.name,
                "form": v.form.value,
                "text": v.text,
                "gathered_by": v.gathered_by,
                "gathered_on": v.gathered_on.isoformat() if v.gathered_on else None,
            }
            for v in record.voices
        ],
        "mapping": {
            column.value: [
                {
                    "id": item.id,
                    "category": item.category.value if item.category else None,
                    "text": item.text,
                    **(
                        {
                            "owner": item.owner,
                            "due": item.due.isoformat() if item.due else None,
                            "status": item.status.value or "open",
                            "carried_from_item_id": item.carried_from_id,
                        }
                        if item.is_next_step
                        else {}
                    ),
                }
                for item in record.items_in(column)
            ]
            for column in Column
        },
        "pairs": [
            {
                "id": p.id,
                "position": p.position,
                "statement": p.statement,
                "goal": p.goal,
                "coach": {"asked": list(p.coach_asked), "reason": p.coach_reason},
            }
            for p in record.pairs
        ],
        "scales": [
            {
                "id": scale.id,
                "position": scale.position,
                "question": scale.question,
                "pair_id": scale.pair_id,
                "pair": _linked(record, scale),
                "ten_means": scale.ten_means,
                "zero_means": scale.zero_means,
                "mode": scale.mode.value,
                "attention_threshold": scale.threshold,
                "children": list(scale.children),
                "rounds": [_round(record, scale, r, superseded) for r in scale.rounds],
            }
            for scale in record.scales
        ],
        "decision": _decision(record),
        "missing": missing,
        "completeness": {
            "complete": not missing,
            "missing": missing,
            "closed_at": _when(meeting.closed_at),
            "close_note": meeting.close_note,
            "amendments": [
                {
                    "recorded_at": change.recorded_at.isoformat(),
                    "what": change.what,
                    "before": change.before,
                    "after": change.after,
                    "reason": change.reason,
                    "recorded_by": change.recorded_by,
                    "recorded_role": change.recorded_role,
                }
                for change in record.amendments
            ],
        },
    }


def _decision(record: MeetingRecord) -> dict[str, Any] | None:
    """A conference's decision; null for other meetings."""
    if record.meeting.kind is not MeetingKind.CONFERENCE:
        return None
    data = as_json(record.decision)
    names = record.speaks_for()
    for recommendation in data["recommendations"]:
        recommendation["participant"] = names.get(recommendation["participant_id"], "")
    data["undecided_children"] = [
        c for c in record.children if record.decision.for_child(c).plan is None
    ]
    return data


def to_json(record: MeetingRecord, superseded: dict[int, list[Score]] | None = None) -> str:
    return json.dumps(to_dict(record, superseded), indent=2, ensure_ascii=True)
